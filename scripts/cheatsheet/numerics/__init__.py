"""Numeric definitions, one module per family, in NumPy.

These functions are the single source of truth: the figures plot them, the tests check
them against PyTorch (through committed reference vectors) or scikit-learn, and the
notebooks import them. Each function's docstring states its formula in the site's notation.
"""
