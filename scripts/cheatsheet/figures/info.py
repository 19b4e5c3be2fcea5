"""What a page shows of a figure, without its drawing code (and without matplotlib)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FigureInfo:
    """Name, caption, alt text and size in inches: enough to write a figure's HTML."""

    name: str
    caption: str
    alt: str
    size: tuple[float, float]

    def filename(self, pal) -> str:
        """``<name>-<palette>.svg``; ``pal`` is a palette or its name."""
        suffix = pal if isinstance(pal, str) else pal.name
        return f"{self.name}-{suffix}.svg"

    @property
    def pixel_size(self) -> tuple[int, int]:
        """CSS pixel size (96 px per inch), used for width/height attributes against layout shift."""
        return round(self.size[0] * 96), round(self.size[1] * 96)
