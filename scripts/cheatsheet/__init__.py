"""Build-time code of the Deep Learning cheat sheet.

The package is importable from the project's virtual environment (it is installed in
editable mode), so the MkDocs hooks, the tests, the figure command and the notebooks all
use the same numeric definitions.
"""
