"""Figures of the LLM inference page: KV-cache size against context and the speculative-decoding speed-up."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics.inference import MODELS, kv_cache_gib, speculative_speedup
from ..catalogue import Figure
from ..style import Palette, asymptote, mark_point


def draw_kv_and_speculative(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    ctx = np.geomspace(1024, 131072, 50)
    styles = ("-", (0, (4, 2)), "-", (0, (1, 1.5)), "-")
    for (name, cfg), color, style in zip(MODELS.items(), pal.series, styles):
        window = 4096 if name.startswith("Mistral") else None
        sizes = [kv_cache_gib(cfg, int(t), window=window) for t in ctx]
        label = name + (", window 4096" if window else "")
        left.plot(ctx, sizes, color=color, linestyle=style, linewidth=1.4, label=label, zorder=3)
    left.set_xscale("log", base=2)
    left.set_yscale("log", base=2)
    left.set_xticks([1024, 8192, 32768, 131072], ["1k", "8k", "32k", "128k"])
    left.set_xlabel("context length T (tokens)")
    left.set_ylabel("KV cache per sequence (GiB, BF16)")
    left.set_title("KV cache of one sequence")
    mark_point(left, pal, 131072, 16.0, "Llama-3-8B: 16 GiB", color=pal.series[1], offset=(-92, -12))
    left.legend(loc="upper left", fontsize=6.5)

    gammas = np.arange(1, 11)
    for alpha, color in ((0.6, pal.c0), (0.8, pal.c1), (0.9, pal.c2)):
        right.plot(gammas, [speculative_speedup(alpha, int(g), 0.05) for g in gammas], "o-", color=color,
                   markersize=3, label=f"acceptance {alpha}", zorder=3)
    asymptote(right, pal, 1.0, "plain decoding")
    right.set_xlabel(r"draft tokens per step $\gamma$")
    right.set_ylabel("expected wall-time speed-up")
    right.set_title("speculative decoding, draft cost c = 0.05")
    right.legend(loc="upper left", fontsize=7)


FIGURES = [
    Figure(
        name="llm-kv-cache",
        draw=draw_kv_and_speculative,
        caption=(
            "Left: KV-cache size of one sequence against context length for published configurations in BF16; "
            "grouped-query attention divides it by the group size, MLA by about 57, and a sliding window caps it. "
            "Right: expected wall-time speed-up of speculative decoding for three acceptance rates."
        ),
        alt=(
            "Left: log-log lines of KV cache in GiB against context from 1k to 128k tokens. Llama-2-7B with full "
            "multi-head attention is highest (64 GiB at 128k), Llama-3-70B reaches 40 GiB, Llama-3-8B 16 GiB; "
            "Mistral-7B follows the Llama-3-8B line up to 4096 tokens, then stays flat at 0.5 GiB (its window); "
            "DeepSeek-V2 with latent attention ends near 8 GiB. Right: speed-up against the number of draft tokens 1 to 10; "
            "each curve rises and then flattens or falls, peaking near 2 for acceptance 0.6 and above 4 for 0.9."
        ),
        size=(6.8, 3.0),
    ),
]
