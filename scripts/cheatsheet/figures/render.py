"""Turn one figure declaration into SVG bytes for one palette, deterministically."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt  # noqa: E402

from .catalogue import Figure  # noqa: E402
from .style import Palette, rc_params  # noqa: E402


def render_svg(fig_decl: Figure, pal: Palette) -> bytes:
    """Draw ``fig_decl`` with ``pal`` and return the SVG file's bytes.

    The same declaration, palette and library versions always give the same bytes: the
    SVG id salt is fixed, the date metadata dropped, and rc settings reset per figure.
    """
    with matplotlib.rc_context(rc_params(pal)):
        fig = plt.figure(figsize=fig_decl.size, layout="constrained")
        try:
            fig_decl.draw(fig, pal)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    return buffer.getvalue()
