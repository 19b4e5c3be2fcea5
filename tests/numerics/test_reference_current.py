"""The committed reference vectors are what PyTorch computes today (CI installs torch)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_reference_vectors_match_pinned_torch():
    pytest_torch = __import__("importlib").util.find_spec("torch")
    assert pytest_torch is not None, "torch==2.13.0 must be installed for the test suite (make test installs it)"
    proc = subprocess.run([sys.executable, "scripts/make_reference_vectors.py", "--check"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
