"""Figures rendered at build time from the numeric definitions.

``catalogue`` declares the figure type and gathers every declaration from ``defs/``;
``style`` holds the two palettes and plotting helpers; ``render`` turns one declaration
into deterministic SVG bytes; ``store`` caches by content hash and writes into the docs tree.
"""
