"""The tests' own registry of checked formulas, and the note a page shows under a formula.

A test declares what it checks with ``@checks("id", against=..., tol=...)`` (``tests/checks.py``).
This module reads those declarations from the test sources WITHOUT importing them (an AST
scan: no torch, no test dependencies), and expands ``<!-- checked: id -->`` on a page into a
small note naming the reference and the tolerance, linked to the test. A page that claims an
id no test declares fails the build with file and line, so a note can never outlive its test.
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass
from pathlib import Path

from . import buildcache
from .shortcodes import _fenced_lines, malformed_lines  # one fence rule, one typo scan

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = {"against", "tol", "link"}
REQUIRED = {"against", "tol"}
SHORTCODE_RE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*checked:\s*(?P<ids>[^>]*?)\s*-->[ \t]*$", re.M)
ANY_CHECKED_COMMENT_RE = re.compile(r"<!--\s*checked\b")
DECORATOR_HINT_RE = re.compile(r"@[ \t]*(?:[\w.]+\.)?checks\b")
CODE_RE = re.compile(r"`([^`]+)`")


class CheckError(Exception):
    """A malformed or duplicated declaration, or a page claiming an undeclared check."""


@dataclass(frozen=True)
class Check:
    id: str
    against: str  # the independent reference; `backticks` mark code
    tol: str  # the tolerance as the test applies it
    path: str  # the declaring test file, relative to the repository root (POSIX)
    line: int  # line of the decorated ``def``
    test: str  # the decorated test's name
    link: str | None = None  # a repository file to link instead of the test

    @property
    def target(self) -> str:
        """The repository file the note points to."""
        return self.link or self.path


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_checks_call(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "checks") or (
        isinstance(func, ast.Attribute) and func.attr == "checks")


def declarations(source: str, rel_path: str) -> tuple[list[Check], list[str]]:
    """The ``@checks(...)`` declarations in one test file's source, and the errors found."""
    found: list[Check] = []
    errors: list[str] = []
    try:
        tree = ast.parse(source, filename=rel_path)
    except SyntaxError as exc:
        return [], [f"{rel_path}:{exc.lineno}: cannot parse: {exc.msg}"]
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for deco in node.decorator_list:
            if not _is_checks_call(deco):
                continue
            where = f"{rel_path}:{deco.lineno}"
            if len(deco.args) != 1 or _literal(deco.args[0]) is None:
                errors.append(f"{where}: @checks takes one literal string id")
                continue
            cid = _literal(deco.args[0])
            if not ID_RE.match(cid):
                errors.append(f"{where}: check id {cid!r} must be lower-case words joined by hyphens")
                continue
            kw: dict[str, str] = {}
            bad = False
            for k in deco.keywords:
                if k.arg not in FIELDS:
                    errors.append(f"{where}: @checks({cid!r}) has an unknown argument {k.arg!r}")
                    bad = True
                elif _literal(k.value) is None or not _literal(k.value).strip():
                    errors.append(f"{where}: @checks({cid!r}) argument {k.arg!r} must be a non-empty literal string")
                    bad = True
                else:
                    kw[k.arg] = _literal(k.value).strip()
            missing = REQUIRED - kw.keys() if not bad else set()
            if missing:
                errors.append(f"{where}: @checks({cid!r}) needs {', '.join(sorted(missing))}")
            if bad or missing:
                continue
            if not node.name.startswith("test"):
                errors.append(f"{where}: @checks({cid!r}) is on {node.name!r}, which pytest does not collect as a test")
                continue
            found.append(Check(cid, kw["against"], kw["tol"], rel_path, node.lineno, node.name, kw.get("link")))
    found.sort(key=lambda c: c.line)
    return found, errors


def test_files(root: Path, tests_dir: str = "tests") -> list[Path]:
    return sorted((root / tests_dir).rglob("*.py"))


def scan(root: Path, tests_dir: str = "tests") -> dict[str, Check]:
    """Every declaration under ``root/tests_dir``, by id. Raises :class:`CheckError` listing every
    malformed declaration, every id declared twice and every ``link`` to a missing file."""
    registry: dict[str, Check] = {}
    errors: list[str] = []
    for path in test_files(root, tests_dir):
        rel = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        if not DECORATOR_HINT_RE.search(source):  # cheap: most files declare nothing
            continue
        found, errs = declarations(source, rel)
        errors += errs
        for check in found:
            first = registry.get(check.id)
            if first is not None:
                errors.append(f"{check.path}:{check.line}: check {check.id!r} is already declared "
                              f"at {first.path}:{first.line}")
                continue
            registry[check.id] = check
    errors += _missing_links(root, registry)
    if errors:
        raise CheckError("\n".join(sorted(errors)))
    return registry


def _missing_links(root: Path, registry: dict[str, Check]) -> list[str]:
    return [f"{c.path}:{c.line}: check {c.id!r} links to a missing file {c.link!r}"
            for c in registry.values() if c.link is not None and not (root / c.link).is_file()]


STORE = buildcache.Store("checks", code=buildcache.file_digest([Path(__file__)]))


def load(root: Path, tests_dir: str = "tests", store: buildcache.Store = STORE) -> dict[str, Check]:
    """:func:`scan`, cached on the bytes of every test file (a no-op build parses nothing)."""
    files = test_files(root, tests_dir)
    key = store.key(str(root), buildcache.file_digest(files))
    cached = store.get(key)
    if cached is None:
        cached = scan(root, tests_dir)
        store.put(key, cached)
    else:
        errors = _missing_links(root, cached)  # the linked files are not in the key
        if errors:
            raise CheckError("\n".join(errors))
    return cached


# -- the note on a page -----------------------------------------------------------------------

def _inline(text: str) -> str:
    """Escape ``text``; `backticked` parts become code."""
    parts = CODE_RE.split(text)
    return "".join(f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def _url(repo_url: str | None, target: str, line: int | None) -> str | None:
    if not repo_url:
        return None
    anchor = f"#L{line}" if line else ""
    return f"{repo_url.rstrip('/')}/blob/main/{target}{anchor}"


def _clause(check: Check, repo_url: str | None) -> str:
    text = f"{_inline(check.against)}, {html.escape(check.tol)}"
    label = "test" if check.link is None else Path(check.target).name
    url = _url(repo_url, check.target, check.line if check.link is None else None)
    if url is None:
        where = f"<code>{html.escape(check.target)}</code>"
    else:
        where = f'<a href="{html.escape(url)}" title="{html.escape(check.path)}::{html.escape(check.test)}">{html.escape(label)}</a>'
    return f"{text} · {where}"


def note_html(checks: list[Check], repo_url: str | None = None, indent: str = "") -> str:
    """The note under a formula: one clause per check, naming the reference and tolerance."""
    body = "; ".join(_clause(c, repo_url) for c in checks)
    return f'{indent}<p class="dl-checked" data-search-exclude>Checked against {body}</p>'


def lines_before(markdown: str, source: str | None) -> int:
    """How many lines of the source file precede ``markdown`` (its front matter), if found."""
    if not source or source == markdown:
        return 0
    at = source.find(markdown) if markdown else -1
    return source.count("\n", 0, at) if at > 0 else 0


def expand_checks(markdown: str, registry: dict[str, Check], path_label: str,
                  repo_url: str | None = None, source: str | None = None) -> tuple[str, list[str]]:
    """Expand every ``<!-- checked: id[, id] -->``; return the Markdown and the ids used.

    Raises :class:`CheckError` naming ``path_label`` and the line of each unknown id or
    malformed shortcode; ``source`` (the file with its front matter) makes it the file's line."""
    if not ANY_CHECKED_COMMENT_RE.search(markdown):
        return markdown, []
    fenced = _fenced_lines(markdown)
    used: list[str] = []
    errors: list[str] = []
    offset = lines_before(markdown, source)

    def line_of(pos: int) -> int:
        return markdown.count("\n", 0, pos) + 1

    def replace(match: re.Match[str]) -> str:
        number = line_of(match.start())
        if number in fenced:
            return match.group(0)
        before = markdown[:match.start()]
        previous = before[:-1].rsplit("\n", 1)[-1] if before.endswith("\n") else ""
        if previous.strip() in ("$$", "\\]"):
            # raw HTML right after a display formula can keep the formula from being
            # recognized: it would then reach the reader as raw TeX
            errors.append(f"{path_label}:{number + offset}: leave a blank line between the formula's "
                          "closing $$ and the checked note")
            return match.group(0)
        ids = [i.strip() for i in match.group("ids").split(",")]
        found: list[Check] = []
        for cid in ids:
            check = registry.get(cid)
            if check is None:
                close = [n for n in sorted(registry) if cid and (cid in n or n in cid)][:3]
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                errors.append(f"{path_label}:{number + offset}: unknown check {cid!r}: no test declares it{hint}")
            else:
                found.append(check)
        if len(found) != len(ids):
            return match.group(0)
        used.extend(ids)
        # one line for one line: the line numbers later steps report stay those of the source
        return note_html(found, repo_url, match.group("indent"))

    for number, line_text in malformed_lines(markdown, ANY_CHECKED_COMMENT_RE, SHORTCODE_RE, fenced):
        errors.append(f"{path_label}:{number + offset}: malformed check shortcode {line_text.strip()[:80]!r}")
    out = SHORTCODE_RE.sub(replace, markdown)
    if errors:
        raise CheckError("\n".join(errors))
    return out, used
