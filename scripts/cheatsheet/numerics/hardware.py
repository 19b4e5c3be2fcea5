"""Hardware arithmetic: the roofline model (Williams, Waterman & Patterson 2009), arithmetic
intensity of matmul / elementwise / convolution kernels, bytes moved by fused versus unfused
elementwise chains, training-memory estimates (Rajbhandari et al. 2020, ZeRO) and the
properties of floating-point number formats, all on plain Python / NumPy numbers."""

from __future__ import annotations

import numpy as np

Array = np.ndarray

#: NVIDIA A100 SXM (80 GB) datasheet: dense BF16/FP16 tensor-core peak and HBM2e bandwidth.
A100_PEAK_BF16_FLOPS = 312e12
A100_HBM_BYTES_PER_S = 2.039e12


def roofline(intensity, peak_flops: float, bandwidth: float):
    r"""Attainable performance $P = \min(\pi, \beta I)$ in FLOP/s, with $\pi$ the peak compute
    (FLOP/s), $\beta$ the memory bandwidth (byte/s) and $I$ the arithmetic intensity (FLOP/byte)."""
    return np.minimum(peak_flops, bandwidth * np.asarray(intensity, dtype=float))


def ridge_point(peak_flops: float, bandwidth: float) -> float:
    r"""Ridge point $I^\star = \pi / \beta$: the intensity above which a kernel is compute-bound."""
    return peak_flops / bandwidth


def matmul_flops(m: int, k: int, n: int) -> int:
    r"""FLOPs of $\mathbf{C} = \mathbf{A}\mathbf{B}$ with $\mathbf{A} \in \R^{m \times k}$,
    $\mathbf{B} \in \R^{k \times n}$: $2mkn$ (one multiply and one add per term)."""
    return 2 * m * k * n


def matmul_bytes(m: int, k: int, n: int, bytes_per_element: int = 2) -> int:
    r"""Minimum bytes moved: read $\mathbf{A}$ and $\mathbf{B}$ once, write $\mathbf{C}$ once,
    $b\,(mk + kn + mn)$ with $b$ bytes per element."""
    return bytes_per_element * (m * k + k * n + m * n)


def matmul_intensity(m: int, k: int, n: int, bytes_per_element: int = 2) -> float:
    r"""$I = \dfrac{2mkn}{b\,(mk + kn + mn)}$; for $m = k = n$ this is $\dfrac{2n}{3b}$."""
    return matmul_flops(m, k, n) / matmul_bytes(m, k, n, bytes_per_element)


def elementwise_intensity(flops_per_element: int = 1, n_inputs: int = 2, n_outputs: int = 1,
                          bytes_per_element: int = 2) -> float:
    r"""Intensity of an elementwise kernel on $N$ elements: $I = \dfrac{fN}{b\,(r + w)N} = \dfrac{f}{b\,(r+w)}$
    with $f$ FLOPs per element, $r$ input and $w$ output tensors."""
    return flops_per_element / (bytes_per_element * (n_inputs + n_outputs))


def conv2d_flops(batch: int, c_in: int, c_out: int, h_out: int, w_out: int, kh: int, kw: int) -> int:
    r"""FLOPs of a dense 2-D convolution (no bias): $2\,N C_\text{out} H_\text{out} W_\text{out} C_\text{in} k_h k_w$."""
    return 2 * batch * c_out * h_out * w_out * c_in * kh * kw


def conv2d_bytes(batch: int, c_in: int, c_out: int, h_in: int, w_in: int, h_out: int, w_out: int,
                 kh: int, kw: int, bytes_per_element: int = 2) -> int:
    r"""Minimum bytes: input $N C_\text{in} H W$, weights $C_\text{out} C_\text{in} k_h k_w$ and
    output $N C_\text{out} H_\text{out} W_\text{out}$, each touched once, times $b$."""
    return bytes_per_element * (batch * c_in * h_in * w_in + c_out * c_in * kh * kw
                                + batch * c_out * h_out * w_out)


def conv2d_intensity(batch: int, c_in: int, c_out: int, h: int, w: int, k: int,
                     bytes_per_element: int = 2) -> float:
    """Intensity of a stride-1 'same' $k \\times k$ convolution on an $H \\times W$ map."""
    return (conv2d_flops(batch, c_in, c_out, h, w, k, k)
            / conv2d_bytes(batch, c_in, c_out, h, w, h, w, k, k, bytes_per_element))


def elementwise_chain_bytes(n_elements: int, n_ops: int, bytes_per_element: int = 4,
                            fused: bool = False) -> int:
    r"""HBM traffic of a chain of $K$ unary elementwise ops on $N$ elements.
    Unfused: each op reads and writes the whole tensor, $2KNb$. Fused: one read and one write, $2Nb$."""
    passes = 1 if fused else n_ops
    return 2 * passes * n_elements * bytes_per_element


#: bytes per parameter of mixed-precision Adam (ZeRO paper, K = 12):
#: FP16 weights 2 + FP16 grads 2 + FP32 master weights 4 + FP32 momentum 4 + FP32 variance 4.
MIXED_ADAM_BYTES = {"weights": 2, "grads": 2, "master_weights": 4, "adam_m": 4, "adam_v": 4}
FP32_ADAM_BYTES = {"weights": 4, "grads": 4, "adam_m": 4, "adam_v": 4}


def training_memory_bytes(n_params: float, recipe: str = "mixed_adam", zero_stage: int = 0,
                          n_gpus: int = 1) -> float:
    r"""Model-state memory per GPU (activations excluded). Mixed-precision Adam:
    $(2 + 2 + K)\Psi$ bytes with $K = 12$, i.e. $16\Psi$ for $\Psi$ parameters.
    ZeRO with $N_d$ data-parallel GPUs: stage 1 $(4 + K/N_d)\Psi$, stage 2 $(2 + (2+K)/N_d)\Psi$,
    stage 3 $(4+K)\Psi/N_d$."""
    table = {"mixed_adam": MIXED_ADAM_BYTES, "fp32_adam": FP32_ADAM_BYTES,
             "bf16_inference": {"weights": 2}, "int8_inference": {"weights": 1}}[recipe]
    w = table.get("weights", 0)
    g = table.get("grads", 0)
    k = sum(v for key, v in table.items() if key not in ("weights", "grads"))
    if zero_stage == 0:
        per = w + g + k
    elif zero_stage == 1:
        per = w + g + k / n_gpus
    elif zero_stage == 2:
        per = w + (g + k) / n_gpus
    elif zero_stage == 3:
        per = (w + g + k) / n_gpus
    else:
        raise ValueError("zero_stage must be 0, 1, 2 or 3")
    return per * n_params


def float_format(exp_bits: int, man_bits: int, *, finite_only: bool = False) -> dict[str, float]:
    r"""Properties of a binary float with $e$ exponent and $m$ mantissa bits, bias $2^{e-1} - 1$:
    machine epsilon $2^{-m}$, smallest normal $2^{1 - \text{bias}}$, smallest subnormal
    $2^{1-\text{bias}-m}$ and largest finite value $(2 - 2^{-m})\,2^{E_{\max}}$ with
    $E_{\max} = 2^e - 2 - \text{bias}$ (IEEE: the all-ones exponent is inf/NaN).
    ``finite_only`` is the OCP FP8 E4M3 ("fn") variant: no infinities, only the all-ones
    pattern is NaN, so $E_{\max} = 2^e - 1 - \text{bias}$ and the top mantissa is $2 - 2^{1-m}$."""
    bias = 2 ** (exp_bits - 1) - 1
    if finite_only:
        e_max = 2 ** exp_bits - 1 - bias
        top = 2.0 - 2.0 ** (1 - man_bits)
    else:
        e_max = 2 ** exp_bits - 2 - bias
        top = 2.0 - 2.0 ** (-man_bits)
    return {
        "bits": 1 + exp_bits + man_bits,
        "exp_bits": exp_bits,
        "man_bits": man_bits,
        "bias": bias,
        "eps": 2.0 ** (-man_bits),
        "smallest_normal": 2.0 ** (1 - bias),
        "smallest_subnormal": 2.0 ** (1 - bias - man_bits),
        "max": top * 2.0 ** e_max,
    }


#: name -> (exponent bits, mantissa bits, finite_only)
FLOAT_FORMATS = {
    "FP32": (8, 23, False),
    "TF32": (8, 10, False),
    "BF16": (8, 7, False),
    "FP16": (5, 10, False),
    "FP8 E5M2": (5, 2, False),
    "FP8 E4M3": (4, 3, True),
}


def int_range(bits: int, signed: bool = True) -> tuple[int, int]:
    r"""Integer range: signed $[-2^{b-1}, 2^{b-1} - 1]$, unsigned $[0, 2^b - 1]$."""
    if signed:
        return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    return 0, 2 ** bits - 1
