#!/usr/bin/env python3
"""Write (or check) the PyTorch reference vectors the numeric tests compare against.

Each module in ``scripts/reference_vectors/`` has ``generate() -> dict`` built with
PyTorch (CPU, float64). This script writes ``tests/numerics/reference/<module>.json``; with
``--check`` it regenerates in memory and fails if a committed file is missing or differs, so
CI proves the committed vectors are current for the pinned ``torch`` version.

    python scripts/make_reference_vectors.py            # write all
    python scripts/make_reference_vectors.py --check    # compare, exit 1 on a difference
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATORS = ROOT / "scripts" / "reference_vectors"
OUT = ROOT / "tests" / "numerics" / "reference"


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"reference_vectors.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def encode(data: dict, torch_version: str) -> str:
    return json.dumps({"torch": torch_version, "data": data}, indent=1, sort_keys=True, allow_nan=True) + "\n"


def close(a, b, rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    """Structural comparison with a float tolerance (BLAS kernels may differ in the last bits)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], rtol, atol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y, rtol, atol) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if math.isnan(a) or math.isnan(b):
                return math.isnan(a) and math.isnan(b)
            return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)
        return False
    return a == b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    parser.add_argument("families", nargs="*", help="only these generator modules (default: all)")
    args = parser.parse_args(argv)
    import torch

    torch.set_default_dtype(torch.float64)
    paths = sorted(p for p in GENERATORS.glob("*.py") if not p.name.startswith("_"))
    if args.families:
        paths = [p for p in paths if p.stem in args.families]
    failures = []
    for path in paths:
        torch.manual_seed(0)
        data = json.loads(json.dumps(load(path).generate(), allow_nan=True))
        target = OUT / f"{path.stem}.json"
        if args.check:
            if not target.is_file():
                failures.append(f"{target.relative_to(ROOT)} is missing: run scripts/make_reference_vectors.py")
                continue
            committed = json.loads(target.read_text())["data"]
            if not close(committed, data):
                failures.append(f"{target.relative_to(ROOT)} is out of date: run scripts/make_reference_vectors.py {path.stem}")
            else:
                print(f"{target.relative_to(ROOT)}: current")
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            target.write_text(encode(data, torch.__version__))
            print(f"wrote {target.relative_to(ROOT)}")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
