"""Check that every library name a page shows exists in the pinned library, with the keywords used.

Code on a page comes from three places: inline code spans in the Markdown (`` `F.gelu(x, approximate="tanh")` ``),
fenced blocks (which include snippet files with ``--8<-- "<slug>/<name>.py"``), and the snippet files
themselves. For each, this module finds the dotted names rooted at a library alias (``torch``, ``nn``,
``F``, ``tm``, ``sklearn``, ...), resolves them by import and attribute access, and binds the keyword
arguments of every call to the real signature (``inspect.signature(...).bind_partial``; classes bind
against ``__init__``; PyTorch builtins, which have no signature, against the ``name(...)`` lines of their
docstring).

A name that cannot be resolved on purpose (another framework, a package the tests do not install, an
example that needs downloaded weights) is declared in the page source with a marker, never skipped::

    <!-- api: not-executed jax.jit, torchvision.ops (not installed in the test environment) -->

The names apply to the whole page (a listed name also covers its attributes); the reason in
parentheses is required, and a marker whose name the page never shows is an error. A page whose bare
function names come from one module says so once::

    <!-- api: names-from sklearn.metrics -->

Snippet files are Python: their own ``import`` statements give the aliases.
"""

from __future__ import annotations

import ast
import builtins
import fnmatch
import importlib
import inspect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

# alias -> module, for inline code on pages (snippets declare their own imports)
PAGE_ALIASES = {
    "torch": "torch",
    "nn": "torch.nn",
    "F": "torch.nn.functional",
    "tm": "torchmetrics",
    "torchmetrics": "torchmetrics",
    "sklearn": "sklearn",
    "scipy": "scipy",
    "np": "numpy",
    "numpy": "numpy",
    "shap": "shap",
    "lime": "lime",
    "transformers": "transformers",
    "tokenizers": "tokenizers",
    # not in the test environment: a page showing them must mark them not-executed
    "torchvision": "torchvision",
    "jax": "jax",
    "tf": "tensorflow",
    "tensorflow": "tensorflow",
    "sacrebleu": "sacrebleu",
    "rouge_score": "rouge_score",
    "pycocotools": "pycocotools",
}
# the top-level packages whose names a snippet's imports make checkable
CHECKED_PACKAGES = {v.split(".")[0] for v in PAGE_ALIASES.values()}

SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
GLOB_RE = re.compile(r"[\w.]\*(?:\w|$)")
FENCE_RE = re.compile(r"^\s*(```+|~~~+)")
INCLUDE_RE = re.compile(r'--8<--\s+"([^"]+\.py)"')
MARKER_RE = re.compile(r"<!--\s*api:\s*not-executed\s+(.*?)-->", re.S)
NAMES_FROM_RE = re.compile(r"<!--\s*api:\s*names-from\s+([\w.]+)\s*-->")
DOTTED_RE = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_*][\w*]*)*)(\.?)(\s*\()?")
KWARG_RE = re.compile(r"(?<![\w.=!<>])([A-Za-z_]\w*)\s*=(?!=)")


@dataclass
class Use:
    """One dotted name shown in code, with the keywords a call passes (None: not called)."""

    name: str  # as written, e.g. "F.gelu"
    target: str  # fully qualified, e.g. "torch.nn.functional.gelu"
    where: str  # "docs/page.md:12" or "docs/snippets/x/y.py:3"
    keywords: tuple[str, ...] | None = None
    n_positional: int | None = None  # None when unknown (starred arguments, unparsed text)


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    checked: list[Use] = field(default_factory=list)
    not_executed: list[tuple[str, str]] = field(default_factory=list)  # (where, name)
    # top-level package -> where it is used, for packages that are not installed
    missing: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


# --- resolving ------------------------------------------------------------------------------------

def resolve(target: str) -> Any:
    """Import the package of ``target``, then walk the rest by attribute access, as Python does.

    A part that is not an attribute of a module is imported as its submodule (``tm.segmentation``
    needs ``import torchmetrics.segmentation``; the page's name still exists in the library).

    ``*`` in the last part is a glob (``torch.nn.Conv*d``): at least one attribute must match.
    An attribute that a class only declares (``nn.Linear.weight``) counts when it is in the class
    annotations of the class or a base.
    """
    parts = target.split(".")
    try:
        obj = importlib.import_module(parts[0])
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(f"no module named {parts[0]!r}", name=parts[0]) from err
    i = 1
    for j in range(i, len(parts)):
        part = parts[j]
        if "*" in part:
            if j != len(parts) - 1:
                raise AttributeError(f"a glob is allowed only in the last part: {target}")
            if not any(fnmatch.fnmatchcase(a, part) for a in dir(obj)):
                raise AttributeError(f"nothing in {'.'.join(parts[:j])} matches {part!r}")
            return obj
        if hasattr(obj, part):
            obj = getattr(obj, part)
            continue
        if inspect.ismodule(obj):
            try:
                obj = importlib.import_module(f"{obj.__name__}.{part}")
                continue
            except ModuleNotFoundError:
                pass
        if inspect.isclass(obj) and any(part in getattr(c, "__annotations__", {}) for c in obj.__mro__):
            return None  # an instance attribute the class declares
        raise AttributeError(f"{'.'.join(parts[:j])} has no attribute {part!r}")
    return obj


def _doc_parameters(obj: Any, shown: str) -> set[str] | None:
    """Parameter names from the ``name(...)`` lines of a builtin's docstring (PyTorch's convention)."""
    doc = getattr(obj, "__doc__", None) or ""
    alternatives = {n for n in (getattr(obj, "__name__", None), shown) if n}
    pattern = "|".join(re.escape(n) for n in alternatives)
    names: set[str] = set()
    for m in re.finditer(rf"^\s*(?:[\w.]+\.)?(?:{pattern})\(", doc, re.M):
        for p in _split_top(_balanced_args(doc, m.end() - 1)):
            p = p.strip().lstrip("*").split("=")[0].split(":")[0].strip()
            if p.isidentifier():
                names.add(p)
    return names or None


def check_call(obj: Any, keywords: Iterable[str], n_positional: int | None, shown: str = "") -> str | None:
    """None if a call with these keywords (and this many positionals) binds, else the reason."""
    keywords = tuple(keywords)
    if obj is None:
        return None
    fn = obj
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        sig = None
    if sig is None:
        params = _doc_parameters(fn, shown.rsplit(".", 1)[-1])
        if params is None:
            if keywords:
                return f"no signature to bind keywords {list(keywords)}"
            return None
        unknown = [k for k in keywords if k not in params]
        return f"unexpected keyword(s) {unknown}; known: {sorted(params)}" if unknown else None
    try:
        args = [object()] * (n_positional or 0)
        sig.bind_partial(*args, **{k: object() for k in keywords})
    except TypeError as err:
        return f"{err} (signature {sig})"
    if inspect.isclass(fn) and any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values()):
        # nn.GRU(*args, **kwargs) and friends: a keyword must be a parameter of a base class's
        # __init__ or be documented in the class docstring
        known = set(sig.parameters) | _documented_keywords(fn)
        for base in fn.__mro__[1:]:
            if base is not object and "__init__" in vars(base):
                try:
                    known |= set(inspect.signature(vars(base)["__init__"]).parameters)
                except (TypeError, ValueError):
                    pass
        unknown = [k for k in keywords if k not in known]
        if unknown:
            return f"unexpected keyword(s) {unknown}: not a parameter of {fn.__name__} or its bases (signature {sig})"
    return None


def _documented_keywords(cls: type) -> set[str]:
    """Names documented as arguments (``name: ...`` or ``name (type): ...`` lines) in a class docstring."""
    doc = inspect.getdoc(cls) or ""
    return set(re.findall(r"^\s*\*{0,2}(\w+)\*{0,2}\s*(?:\([^)]*\))?\s*:", doc, re.M))


# --- finding names ----------------------------------------------------------------------------------

def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def uses_in_python(source: str, aliases: dict[str, str], where: str, line0: int = 1,
                   names_from: str | None = None) -> list[Use]:
    """The library names used in parsed Python ``source``: calls with their keywords, and bare references."""
    tree = ast.parse(source)
    uses: list[Use] = []
    callees: set[int] = set()

    def target_of(dotted: str) -> str | None:
        root, _, rest = dotted.partition(".")
        if root in aliases:
            return aliases[root] + ("." + rest if rest else "")
        if names_from and not rest and not hasattr(builtins, root):
            return f"{names_from}.{root}"
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            dotted = _dotted(node.func)
            if dotted is None:
                continue
            target = target_of(dotted)
            callees.add(id(node.func))
            if target is None:
                continue
            starred = any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords)
            uses.append(Use(dotted, target, f"{where}:{line0 + node.lineno - 1}",
                            tuple(k.arg for k in node.keywords if k.arg is not None),
                            None if starred else len(node.args)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in callees:
            dotted = _dotted(node)
            if dotted is None or "." not in dotted:
                continue
            target = target_of(dotted)
            if target is not None:
                uses.append(Use(dotted, target, f"{where}:{line0 + node.lineno - 1}"))
    # an attribute chain a.b.c also yields a.b and a: keep the longest per position only
    seen, out = set(), []
    for u in sorted(uses, key=lambda u: (u.where, -len(u.name), u.keywords is None)):
        key = (u.where, u.name)
        if key in seen or any(s[0] == u.where and s[1].startswith(u.name + ".") for s in seen):
            continue
        seen.add(key)
        out.append(u)
    return out


def _balanced_args(text: str, start: int) -> str:
    depth, i = 0, start
    while i < len(text):
        if text[i] in "([{":
            depth += 1
        elif text[i] in ")]}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    return text[start + 1:]


def _split_top(args: str) -> list[str]:
    """Split an argument list at its top-level commas."""
    depth, parts, cur = 0, [], []
    for ch in args:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _depth0_keywords(args: str) -> tuple[str, ...]:
    depth, flat = 0, []
    for ch in args:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        flat.append(ch if depth == 0 else " ")
    return tuple(KWARG_RE.findall("".join(flat)))


def uses_in_text(code: str, aliases: dict[str, str], where: str, line: int,
                 names_from: str | None = None) -> list[Use]:
    """Library names in a code span: parsed as Python when it is, else read with a tolerant pattern.

    The pattern path covers shorthand that is not Python (``nn.Transformer*``, ``dropout=0.2..0.5``,
    ``nn.Linear(n_{l-1}, n_l)``): each dotted name is resolved, and a call's ``name=`` keywords bound.
    """
    code = code.replace("\\|", "|")
    if not GLOB_RE.search(code):  # nn.Conv*d parses as a product
        try:
            return uses_in_python(code, aliases, where, line, names_from=names_from)
        except SyntaxError:
            pass
    uses = []
    for m in DOTTED_RE.finditer(code):
        dotted, trailing_dot, paren = m.group(1), m.group(2), m.group(3)
        root = dotted.split(".")[0]
        if root not in aliases or ("." not in dotted and not trailing_dot and not paren):
            continue
        rest = dotted[len(root):]
        target = aliases[root] + rest
        if paren:
            args = _balanced_args(code, m.end() - 1)
            uses.append(Use(dotted, target, f"{where}:{line}", _depth0_keywords(args), None))
        else:
            uses.append(Use(dotted, target, f"{where}:{line}"))
    return uses


def code_spans(markdown: str) -> list[tuple[int, str]]:
    """(line, text) of every inline code span outside fenced blocks and HTML comments.

    A span may continue on the next line of its paragraph; its line is where it starts.
    """
    text = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown, flags=re.S)
    lines, fence = text.split("\n"), None
    for n, line in enumerate(lines):
        m = FENCE_RE.match(line)
        if m:
            fence = None if fence and m.group(1).startswith(fence) else (fence or m.group(1))
            lines[n] = ""
        elif fence:
            lines[n] = ""
    text = "\n".join(lines)
    out = []
    for s in SPAN_RE.finditer(text):
        if "\n\n" in s.group(2):
            continue
        out.append((text.count("\n", 0, s.start()) + 1, " ".join(s.group(2).split())))
    return out


def snippet_aliases(source: str) -> dict[str, str]:
    """alias -> fully qualified name for the snippet's imports of the checked packages."""
    aliases = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in CHECKED_PACKAGES:
                    if a.asname:
                        aliases[a.asname] = a.name
                    else:
                        aliases[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in CHECKED_PACKAGES:
                for a in node.names:
                    if a.name != "*":
                        aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    return aliases


def markers(markdown: str, where: str, report: Report) -> dict[str, int]:
    """The not-executed names a page declares, with the line of their marker."""
    names: dict[str, int] = {}
    for m in MARKER_RE.finditer(markdown):
        line = markdown.count("\n", 0, m.start()) + 1
        body = m.group(1).strip()
        reason = re.search(r"\(([^()]+)\)\s*$", body)
        if not reason or not reason.group(1).strip():
            report.errors.append(f"{where}:{line}: api marker needs a reason in parentheses: {body!r}")
            continue
        for name in body[: reason.start()].split(","):
            name = name.strip()
            if name:
                names[name] = line
    return names


def _excused(use: Use, declared: dict[str, int]) -> str | None:
    for name in declared:
        if use.name == name or use.name.startswith(name + ".") or use.target == name or use.target.startswith(name + "."):
            return name
    return None


def check_uses(uses: list[Use], declared: dict[str, int], report: Report) -> set[str]:
    """Resolve and bind every use; a declared (not-executed) name is still checked when it resolves."""
    used_markers = set()
    for use in uses:
        excused = _excused(use, declared)
        if excused:
            used_markers.add(excused)
            report.not_executed.append((use.where, use.name))
        try:
            obj = resolve(use.target)
        except (ImportError, AttributeError) as err:
            if excused:
                continue
            if isinstance(err, ModuleNotFoundError) and "." not in (err.name or "."):
                report.missing[use.target.split(".")[0]].append(use.where)
            report.errors.append(f"{use.where}: `{use.name}` does not resolve ({use.target}): {err}")
            continue
        if use.keywords is not None:
            problem = check_call(obj, use.keywords, use.n_positional, use.target)
            if problem:
                report.errors.append(f"{use.where}: `{use.name}(...)` does not bind: {problem}")
                continue
        report.checked.append(use)
    return used_markers


def check_snippet(path: Path, root: Path, report: Report, declared: dict[str, int] | None = None) -> set[str]:
    source = path.read_text(encoding="utf-8")
    where = path.relative_to(root).as_posix()
    uses = uses_in_python(source, snippet_aliases(source), where)
    return check_uses(uses, declared or {}, report)


def check_page(path: Path, root: Path, snippets: Path, report: Report) -> None:
    """Check the inline code and the included snippets of one page."""
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(root).as_posix()
    declared = markers(text, where, report)
    names_from = NAMES_FROM_RE.search(text)
    names_from = names_from.group(1) if names_from else None
    uses = []
    for line, code in code_spans(text):
        uses.extend(uses_in_text(code, PAGE_ALIASES, where, line, names_from))
    used = check_uses(uses, declared, report)
    for inc in INCLUDE_RE.findall(text):
        used |= check_snippet(snippets / inc, root, report, declared)
    for name in sorted(set(declared) - used):
        report.errors.append(f"{where}:{declared[name]}: api marker names `{name}`, which the page never shows")


def check_site(root: Path) -> Report:
    report = Report()
    docs = root / "docs"
    for page in sorted(docs.rglob("*.md")):
        if "snippets" in page.relative_to(docs).parts:
            continue
        check_page(page, root, docs / "snippets", report)
    return report
