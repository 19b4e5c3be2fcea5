"""Math rendered at build time: one KaTeX process (``server.mjs``) serves the whole build."""

from .client import KatexError, KatexRenderer, default_macros  # noqa: F401
