"""Load the committed PyTorch reference vectors (no torch needed)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


@cache
def reference(family: str) -> dict:
    """The ``data`` of ``tests/numerics/reference/<family>.json``."""
    return json.loads((REFERENCE_DIR / f"{family}.json").read_text())["data"]


def assert_close(actual, expected, *, rtol: float = 1e-6, atol: float = 1e-9, what: str = "") -> None:
    """The cheat sheet's tolerance: 1e-6 relative (with a tiny absolute floor near zero)."""
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float),
                               rtol=rtol, atol=atol, err_msg=what)
