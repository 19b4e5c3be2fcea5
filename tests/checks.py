"""``@checks(...)``: a test declares which formula on the site it checks, and against what.

    from tests.checks import checks

    @checks("lstm-cell", against="`torch.nn.LSTMCell`", tol="rtol 1e-6")
    def test_cell_matches_torch_cell(): ...

A page shows the note under the formula with ``<!-- checked: lstm-cell -->``. The build reads
these declarations WITHOUT importing the tests (an AST scan, ``cheatsheet/checks.py``), so every
argument must be a literal string:

``id``       the check's name, lower-case words joined by hyphens; declared once in all the tests
``against``  the independent reference the test compares with (backticks mark code)
``tol``      the tolerance the assertion uses, as the test states it ("rtol 1e-6", "exact")
``link``     optional: a repository file the note links to instead of the test (a reference-vector file)

At run time the decorator does nothing but remember the declaration on the function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def checks(id: str, *, against: str, tol: str, link: str | None = None) -> Callable[[F], F]:  # noqa: A002
    def mark(fn: F) -> F:
        fn.__dict__.setdefault("checks", []).append({"id": id, "against": against, "tol": tol, "link": link})
        return fn

    return mark
