"""Figures of the hardware, compilation and compression pages: the roofline of one GPU with
example kernels, the range of number formats, bytes moved by fused and unfused elementwise
chains, quantization staircases, distillation soft targets and compressed model sizes."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure as MplFigure

from ...numerics import compression as cp
from ...numerics import hardware as hw
from ..catalogue import Figure
from ..style import Palette, mark_point

PI, BETA = hw.A100_PEAK_BF16_FLOPS, hw.A100_HBM_BYTES_PER_S


def roofline_kernels() -> list[tuple[str, float]]:
    """Example BF16 kernels and their arithmetic intensity (FLOP/byte)."""
    return [
        ("add a + b", hw.elementwise_intensity(1, 2, 1, 2)),
        ("GEMV 4096 x 4096\n(batch-1 decoding)", hw.matmul_intensity(1, 4096, 4096, 2)),
        ("GEMM n = 128", hw.matmul_intensity(128, 128, 128, 2)),
        ("conv 3x3, 256 ch,\n56x56, batch 32", hw.conv2d_intensity(32, 256, 256, 56, 56, 3, 2)),
        ("GEMM n = 4096", hw.matmul_intensity(4096, 4096, 4096, 2)),
    ]


def draw_roofline(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    intensity = np.geomspace(0.05, 1e4, 400)
    ax.plot(intensity, hw.roofline(intensity, PI, BETA) / 1e12, color=pal.c0, zorder=3,
            label=r"$P = \min(\pi, \beta I)$")
    ridge = hw.ridge_point(PI, BETA)
    ax.axvline(ridge, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    mark_point(ax, pal, ridge, PI / 1e12, f"ridge $I^\\star$ = {ridge:.0f} FLOP/B", color=pal.c0,
               offset=(-118, 8))
    offsets = [(8, -16), (8, -20), (8, -16), (-40, -40), (4, 8)]
    for (label, i), off in zip(roofline_kernels(), offsets):
        p = float(hw.roofline(i, PI, BETA)) / 1e12
        color = pal.c1 if i < ridge else pal.c2
        ax.plot([i], [p], "o", markersize=4.5, color=color, zorder=5)
        ax.annotate(f"{label}\nI = {i:.3g}" if i < 100 else f"{label}\nI = {i:.0f}", (i, p), xytext=off, textcoords="offset points",
                    fontsize=6.8, color=pal.fg)
    ax.text(0.07, 12.0, "memory-bound\n(slope = bandwidth)", color=pal.c1, fontsize=7.5, rotation=0)
    ax.text(400, 1500, "compute-bound", color=pal.c2, fontsize=7.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(0.05, 1e4)
    ax.set_ylim(0.05, 4000)
    ax.set_xlabel("arithmetic intensity $I$ (FLOP / byte)")
    ax.set_ylabel("attainable TFLOP/s")
    ax.set_title("NVIDIA A100 SXM: 312 TFLOP/s dense BF16, 2.0 TB/s HBM2e")
    ax.legend(loc="upper left")


def draw_format_range(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    names = list(hw.FLOAT_FORMATS)[::-1]
    for y, name in enumerate(names):
        e, m, fn = hw.FLOAT_FORMATS[name]
        f = hw.float_format(e, m, finite_only=fn)
        lo, lo_n, hi = np.log10(f["smallest_subnormal"]), np.log10(f["smallest_normal"]), np.log10(f["max"])
        ax.barh(y, hi - lo_n, left=lo_n, height=0.55, color=pal.c0, zorder=3)
        ax.barh(y, lo_n - lo, left=lo, height=0.55, color=pal.c0, alpha=0.35, zorder=3)
        ax.annotate(f"{f['bits']} bit = 1 + {e} + {m}, eps = $2^{{-{m}}}$", (hi, y), xytext=(4, -3),
                    textcoords="offset points", fontsize=7, color=pal.fg)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlim(-47, 62)
    ax.set_xlabel(r"$\log_{10}$ of representable magnitude (faded: subnormals)")
    ax.set_title("dynamic range: exponent bits set the range, mantissa bits the precision")


def draw_fusion_bytes(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    n, b = 2 ** 26, 4  # 64 Mi FP32 elements = 256 MiB per tensor
    ks = np.arange(1, 9)
    unfused = np.array([hw.elementwise_chain_bytes(n, int(k), b) for k in ks]) / 2 ** 30
    fused = np.array([hw.elementwise_chain_bytes(n, int(k), b, fused=True) for k in ks]) / 2 ** 30
    ax.plot(ks, unfused, "o-", color=pal.c1, label="unfused: $2KNb$", zorder=3)
    ax.plot(ks, fused, "o-", color=pal.c2, label="fused: $2Nb$", zorder=3)
    mark_point(ax, pal, 8, unfused[-1], f"{unfused[-1]:.0f} GiB = {unfused[-1] * 2 ** 30 / BETA * 1e3:.1f} ms",
               color=pal.c1, offset=(-92, -4))
    mark_point(ax, pal, 8, fused[-1], f"{fused[-1]:.1f} GiB = {fused[-1] * 2 ** 30 / BETA * 1e3:.2f} ms",
               color=pal.c2, offset=(-92, 6))
    ax.set_xlabel("number of chained elementwise ops $K$")
    ax.set_ylabel("HBM traffic (GiB)")
    ax.set_ylim(0, 4.6)
    ax.set_title(r"$N = 2^{26}$ FP32 elements; time at 2.04 TB/s")
    ax.legend(loc="upper left")


def draw_quant_staircase(fig: MplFigure, pal: Palette) -> None:
    left, right = fig.subplots(1, 2)
    x = np.linspace(-0.45, 1.2, 781)
    lo, hi = -0.25, 1.0
    s_sym, z_sym = cp.symmetric_qparams(max(abs(lo), abs(hi)), 4)
    s_aff, z_aff = cp.affine_qparams(lo, hi, 0, 15)
    sym = cp.fake_quantize(x, s_sym, z_sym, -8, 7)
    aff = cp.fake_quantize(x, s_aff, z_aff, 0, 15)
    left.plot(x, x, color=pal.muted, linewidth=0.9, zorder=2)
    left.plot(x, sym, color=pal.c0, linewidth=1.4, label=f"symmetric INT4, s = {float(s_sym):.3f}", zorder=3)
    left.plot(x, aff, color=pal.c1, linewidth=1.4, label=f"affine UINT4, s = {float(s_aff):.3f}, z = {int(z_aff)}",
              zorder=3)
    left.axvspan(-0.45, lo, color=pal.grid, zorder=1)
    left.axvspan(hi, 1.2, color=pal.grid, zorder=1)
    left.set_xlabel("$x$ (data range [-0.25, 1])")
    left.set_ylabel(r"$\hat{x} = s(q - z)$")
    left.legend(loc="upper left", fontsize=6.8)
    left.set_title("4-bit staircases")
    right.plot(x, x - sym, color=pal.c0, linewidth=1.1, zorder=3)
    right.plot(x, x - aff, color=pal.c1, linewidth=1.1, zorder=3)
    right.axhline(float(s_sym) / 2, color=pal.c0, linestyle=(0, (4, 3)), linewidth=0.8)
    right.axhline(-float(s_sym) / 2, color=pal.c0, linestyle=(0, (4, 3)), linewidth=0.8)
    right.axhline(float(s_aff) / 2, color=pal.c1, linestyle=(0, (4, 3)), linewidth=0.8)
    right.axhline(-float(s_aff) / 2, color=pal.c1, linestyle=(0, (4, 3)), linewidth=0.8)
    right.axvspan(-0.45, lo, color=pal.grid, zorder=1)
    right.axvspan(hi, 1.2, color=pal.grid, zorder=1)
    right.annotate("affine\nclips", (-0.44, 0.14), fontsize=7, color=pal.fg)
    right.annotate("clipped", (1.01, 0.17), fontsize=7, color=pal.fg)
    right.set_xlabel("$x$")
    right.set_ylabel(r"error $x - \hat{x}$")
    right.set_title(r"rounding error within $\pm s/2$")
    inside = (x >= lo) & (x <= hi)
    mse_sym = cp.quantization_mse(x[inside], sym[inside])
    mse_aff = cp.quantization_mse(x[inside], aff[inside])
    right.text(-0.1, -0.19, f"MSE in range: sym {mse_sym:.1e}, affine {mse_aff:.1e}", fontsize=6.8, color=pal.fg)
    right.set_ylim(-0.21, 0.21)
    for a in (left, right):
        a.set_xlim(-0.45, 1.2)


DISTILL_LOGITS = np.array([5.0, 2.5, 1.5, 0.5, -0.5, -1.5])


def draw_distill_temperature(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    classes = np.arange(len(DISTILL_LOGITS))
    temps = (1.0, 2.0, 4.0, 10.0)
    width = 0.2
    for j, (T, color) in enumerate(zip(temps, pal.series)):
        p = cp.softmax_t(DISTILL_LOGITS, T)
        ax.bar(classes + (j - 1.5) * width, p, width=width, color=color, label=f"T = {T:g}", zorder=3)
    ax.axhline(1 / len(classes), color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9)
    ax.annotate(r"uniform $1/C$ as $T \to \infty$", (5.5, 1 / len(classes)), xytext=(-2, 3),
                textcoords="offset points", ha="right", fontsize=7.5, color=pal.muted)
    ax.set_xticks(classes, [f"class {c}\nz = {z:g}" for c, z in zip(classes, DISTILL_LOGITS)], fontsize=7)
    ax.set_ylabel(r"teacher soft target $\mathrm{softmax}(\mathbf{z}/T)_i$")
    ax.set_ylim(0, 1)
    ax.set_title("higher temperature reveals the teacher's ranking of wrong classes")
    ax.legend(loc="upper right")


def compression_rows(n_params: float = 7e9) -> list[tuple[str, float]]:
    """(label, GB) for a 7B-parameter model in several formats."""
    return [
        ("FP32", cp.model_bytes(n_params, 32) / 1e9),
        ("BF16 / FP16", cp.model_bytes(n_params, 16) / 1e9),
        ("INT8 (per-channel)", cp.model_bytes(n_params, 8) / 1e9),
        ("INT4, FP16 scale per 128", cp.model_bytes(n_params, 4, group_size=128) / 1e9),
        ("50 % pruned FP16 + 1-bit mask", cp.model_bytes(n_params, 16, sparsity=0.5) / 1e9 + n_params / 8 / 1e9),
        ("90 % pruned INT8 + 4-bit index", cp.model_bytes(n_params, 8, sparsity=0.9, index_bits=4) / 1e9),
    ]


def draw_compression_bars(fig: MplFigure, pal: Palette) -> None:
    ax = fig.subplots()
    rows = compression_rows()[::-1]
    base = cp.model_bytes(7e9, 32) / 1e9
    for y, (label, gb) in enumerate(rows):
        ax.barh(y, gb, height=0.6, color=pal.c0 if "pruned" not in label else pal.c2, zorder=3)
        ax.annotate(f"{gb:.1f} GB  ({base / gb:.1f}x)", (gb, y), xytext=(4, -3), textcoords="offset points",
                    fontsize=7.5, color=pal.fg)
    ax.axvline(24, color=pal.muted, linestyle=(0, (4, 3)), linewidth=0.9)
    ax.annotate("a 24 GB GPU", (24, len(rows) - 0.9), xytext=(3, 0), textcoords="offset points",
                fontsize=7.5, color=pal.muted)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=7.5)
    ax.set_xlim(0, 40)
    ax.set_xlabel("weight storage of a 7B-parameter model (GB, 1 GB = $10^9$ B)")
    ax.set_title("compression ratio vs FP32 (weights only: no activations, no KV cache)")


FIGURES = [
    Figure(
        name="hw-roofline",
        draw=draw_roofline,
        caption=("Roofline of an NVIDIA A100 SXM (datasheet peaks: 312 TFLOP/s dense BF16, 2.0 TB/s HBM2e) "
                 "with BF16 kernels placed by their arithmetic intensity, counting each operand read once. "
                 "Left of the ridge point a kernel is limited by memory bandwidth, right of it by compute."),
        alt=("Log-log plot of attainable TFLOP/s against FLOP per byte: a line of slope one rises until the "
             "ridge at about 153 FLOP/byte, then stays flat at 312 TFLOP/s. An elementwise add (0.17 FLOP/byte), "
             "a batch-1 matrix-vector product (about 1) and a 128-size matrix multiply (43) sit on the "
             "sloped memory-bound part; a 3x3 convolution (about 1100) and a 4096-size matrix multiply (1365) "
             "sit on the flat compute-bound roof."),
        size=(6.4, 3.4),
    ),
    Figure(
        name="hw-format-range",
        draw=draw_format_range,
        caption=("Range of each floating-point format from its smallest subnormal (faded) and smallest normal "
                 "to its largest finite value, computed from the exponent and mantissa bits; the same "
                 "numbers as torch.finfo."),
        alt=("Horizontal bars on a log10 axis. FP32, TF32 and BF16 share 8 exponent bits and span about "
             "1e-38 to 3e38 (FP32 subnormals down to 1e-45); FP16 and FP8 E5M2 span about 6e-5 to 65504 and "
             "57344; FP8 E4M3 spans only 0.0156 to 448. Labels give bits and machine epsilon, from 2^-23 "
             "for FP32 to 2^-3 for E4M3."),
        size=(6.4, 2.8),
    ),
    Figure(
        name="compile-fusion-bytes",
        draw=draw_fusion_bytes,
        caption=("Memory traffic of a chain of K unary elementwise ops on a 256 MiB FP32 tensor: unfused, each "
                 "kernel reads and writes the whole tensor; fused into one kernel, the tensor is read once and "
                 "written once. Times assume the A100's 2.04 TB/s."),
        alt=("Two lines against K from 1 to 8. The unfused traffic grows linearly from 0.5 to 4 GiB (about "
             "2.1 ms at 2.04 TB/s), the fused traffic stays flat at 0.5 GiB (about 0.26 ms); they are equal at "
             "K = 1."),
        size=(6.0, 2.8),
    ),
    Figure(
        name="compress-quant-staircase",
        draw=draw_quant_staircase,
        caption=("Fake-quantizing data in [-0.25, 1] to 4 bits. Symmetric quantization (zero point 0, scale set "
                 "by the largest magnitude) wastes most negative codes on values the data never takes; affine "
                 "quantization fits the grid to the range, shrinking the step from 0.143 to 0.083. Values outside "
                 "the range clip."),
        alt=("Left: the identity line and two staircases of dequantized value against x; the symmetric "
             "INT4 staircase has wider steps than the affine UINT4 one. Right: the rounding error is a sawtooth "
             "bounded by plus or minus half the step, about 0.071 for symmetric and 0.042 for affine, and "
             "grows linearly outside [-0.25, 1] where values are clipped (shaded)."),
        size=(6.8, 2.9),
    ),
    Figure(
        name="compress-distill-temperature",
        draw=draw_distill_temperature,
        caption=("Soft targets of a teacher with logits (5, 2.5, 1.5, 0.5, -0.5, -1.5) at temperatures 1, 2, 4 "
                 "and 10. At T = 1 the target is almost one-hot; raising T exposes the relative probabilities "
                 "of the wrong classes, the 'dark knowledge' the student learns from."),
        alt=("Grouped bars over six classes. At T = 1 class 0 has probability about 0.89 and class 1 about 0.07 and the others are "
             "near zero; at T = 2, 4 and 10 the bars flatten toward the uniform 1/6 line while keeping the "
             "same order of classes."),
        size=(6.4, 2.9),
    ),
    Figure(
        name="compress-ratio-bars",
        draw=draw_compression_bars,
        caption=("Weight storage of a 7-billion-parameter model: 28 GB in FP32, 14 GB in BF16, 7 GB in INT8, "
                 "about 3.6 GB in group-wise INT4 including its FP16 scales; unstructured sparsity only pays "
                 "once the index overhead is counted and the sparsity is high."),
        alt=("Horizontal bars of model size in GB with a dashed line at 24 GB: FP32 28 GB (1x, above the line), "
             "BF16 14 GB (2x), INT8 7 GB (4x), INT4 with group-128 scales 3.6 GB (7.8x), 50 percent pruned "
             "FP16 with a bitmask 7.9 GB (3.6x), 90 percent pruned INT8 with 4-bit indices 1.05 GB (26.7x)."),
        size=(6.4, 2.8),
    ),
]
