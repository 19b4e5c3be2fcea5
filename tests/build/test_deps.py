"""Import closures used by the figure and notebook cache keys."""

from cheatsheet import deps, notebooks
from cheatsheet.paths import DOCS_DIR, PACKAGE_DIR


def test_imported_modules_resolves_relative_imports():
    src = "from ...numerics import activations\nfrom . import style\nimport numpy as np\nfrom .catalogue import Figure\n"
    names = deps.imported_modules(src, "cheatsheet.figures.defs")
    assert "cheatsheet.numerics.activations" in names
    assert "cheatsheet.figures.defs.style" in names
    assert "cheatsheet.figures.defs.catalogue" in names
    assert "numpy" in names


def test_local_dependencies_are_transitive_and_ignore_third_party():
    files = deps.local_dependencies([("from cheatsheet.numerics.perceptron import TwoLayerNet\nimport numpy", "")])
    rel = {p.relative_to(PACKAGE_DIR).as_posix() for p in files}
    assert "numerics/perceptron.py" in rel
    assert "numerics/activations.py" in rel  # imported by perceptron.py
    assert all(p.is_relative_to(PACKAGE_DIR) for p in files)


def test_notebook_dependencies_follow_its_imports():
    nb = DOCS_DIR / "notebooks" / "numpy-network-from-scratch.ipynb"
    rel = {p.relative_to(PACKAGE_DIR).as_posix() for p in notebooks.dependencies(nb)}
    assert {"numerics/activations.py", "numerics/perceptron.py"} <= rel
