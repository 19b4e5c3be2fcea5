"""Parameter-efficient fine-tuning in NumPy: the LoRA and rsLoRA scalings, LoRA and DoRA forward
passes, QLoRA's 4-bit NormalFloat (NF4) levels from normal quantiles with block-wise absmax
quantization and double quantization, and LoRA / QLoRA parameter and memory counts for a decoder
configuration (Llama-2-7B by default)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

Array = np.ndarray

# --------------------------------------------------------------------------- LoRA, rsLoRA, DoRA


def lora_scaling(alpha: float, r: int, rslora: bool = False) -> float:
    r"""The factor $\gamma_r$ in front of $\mathbf{B}\mathbf{A}$: $\alpha / r$ (LoRA) or $\alpha / \sqrt{r}$ (rsLoRA)."""
    return alpha / math.sqrt(r) if rslora else alpha / r


def lora_forward(x: Array, W0: Array, b: Array | None, A: Array, B: Array, alpha: float,
                 rslora: bool = False) -> Array:
    r"""$\mathbf{h} = \mathbf{W}_0\mathbf{x} + \mathbf{b} + \gamma_r\,\mathbf{B}\mathbf{A}\mathbf{x}$ for row inputs
    $\mathbf{x}$ of shape $(N, k)$; $\mathbf{W}_0 \in \R^{d \times k}$, $\mathbf{A} \in \R^{r \times k}$, $\mathbf{B} \in \R^{d \times r}$."""
    r = A.shape[0]
    h = x @ W0.T + x @ A.T @ B.T * lora_scaling(alpha, r, rslora)
    return h if b is None else h + b


def dora_weight(W0: Array, A: Array, B: Array, m: Array, alpha: float, rslora: bool = False) -> Array:
    r"""DoRA's merged weight $\mathbf{W}' = \mathbf{m} \odot \dfrac{\mathbf{W}_0 + \gamma_r\mathbf{B}\mathbf{A}}{\lVert \mathbf{W}_0 + \gamma_r\mathbf{B}\mathbf{A} \rVert}$,
    the norm taken per output unit (row $i$ of the $d \times k$ matrix), $\mathbf{m} \in \R^{d}$ scaling row $i$ by $m_i$."""
    V = W0 + lora_scaling(alpha, A.shape[0], rslora) * (B @ A)
    return m[:, None] * V / np.linalg.norm(V, axis=1, keepdims=True)


def dora_forward(x: Array, W0: Array, b: Array | None, A: Array, B: Array, m: Array, alpha: float,
                 rslora: bool = False) -> Array:
    r"""$\mathbf{h} = \mathbf{W}'\mathbf{x} + \mathbf{b}$ with $\mathbf{W}'$ from :func:`dora_weight`; at initialization
    ($\mathbf{B} = \mathbf{0}$, $m_i = \lVert \mathbf{W}_{0,i} \rVert$) it equals the frozen layer."""
    h = x @ dora_weight(W0, A, B, m, alpha, rslora).T
    return h if b is None else h + b


def dora_init_magnitude(W0: Array) -> Array:
    r"""$m_i = \lVert \mathbf{W}_{0,i} \rVert_2$, the norm of each output row of the frozen weight."""
    return np.linalg.norm(W0, axis=1)


# --------------------------------------------------------------------------- NF4 and double quantization

NF4_OFFSET = 0.5 * ((1 - 1 / (2 * 15)) + (1 - 1 / (2 * 16)))  # 0.9677083...: QLoRA's delta


def nf4_levels(offset: float = NF4_OFFSET) -> Array:
    r"""The 16 NF4 values: $q_i = \Phi^{-1}(p_i) / \Phi^{-1}(\delta)$ with 8 probabilities $p_i$ evenly spaced from
    $\delta$ down to (not including) $\tfrac12$ for the positive half, 7 from $\delta$ to $\tfrac12$ for the negative half
    (mirrored), and an exact $0$; $\delta = \tfrac12\big(\tfrac{29}{30} + \tfrac{31}{32}\big)$. Sorted, from $-1$ to $1$."""
    inv = NormalDist().inv_cdf
    pos = [inv(p) for p in np.linspace(offset, 0.5, 9)[:-1]]
    neg = [-inv(p) for p in np.linspace(offset, 0.5, 8)[:-1]]
    levels = np.sort(np.array(pos + neg + [0.0]))
    return levels / levels.max()


def blockwise_quantize(w: Array, levels: Array, blocksize: int = 64) -> tuple[Array, Array]:
    r"""Block-wise absmax quantization to a code book: for each block of ``blocksize`` consecutive values,
    $c = \max|w|$ (the quantization constant) and each $w / c$ is mapped to the index of the nearest level.
    Returns (indices, constants); ``w.size`` must be a multiple of ``blocksize``."""
    blocks = np.asarray(w, dtype=float).reshape(-1, blocksize)
    absmax = np.abs(blocks).max(axis=1)
    scaled = blocks / np.where(absmax == 0, 1.0, absmax)[:, None]
    idx = np.abs(scaled[..., None] - levels).argmin(axis=-1)
    return idx.reshape(np.shape(w)), absmax


def blockwise_dequantize(idx: Array, absmax: Array, levels: Array, blocksize: int = 64) -> Array:
    r"""$\hat w = c \cdot q_{\text{idx}}$ block by block."""
    vals = levels[np.asarray(idx).reshape(-1, blocksize)] * np.asarray(absmax)[:, None]
    return vals.reshape(np.shape(idx))


def constant_bits_per_param(blocksize: int = 64, double_quant: bool = True, blocksize2: int = 256,
                            bits_c1: int = 32, bits_c2: int = 8) -> float:
    r"""Storage of the quantization constants per weight: $32/B_1$ bits with FP32 constants, or with double
    quantization (constants stored in 8 bits, one FP32 constant per $B_2$ of them) $8/B_1 + 32/(B_1 B_2)$.
    QLoRA: $B_1 = 64$, $B_2 = 256$: 0.5 vs 0.127 bits."""
    if not double_quant:
        return bits_c1 / blocksize
    return bits_c2 / blocksize + bits_c1 / (blocksize * blocksize2)


# --------------------------------------------------------------------------- parameter and memory counts


@dataclass(frozen=True)
class DecoderConfig:
    """Shape of a Llama-style decoder (gated MLP, untied embeddings, RMSNorm without bias)."""
    name: str
    hidden: int
    intermediate: int
    n_layers: int
    n_heads: int
    n_kv_heads: int
    vocab: int
    tied_embeddings: bool = False

    @property
    def head_dim(self) -> int:
        return self.hidden // self.n_heads

    def linear_shapes(self) -> dict[str, tuple[int, int]]:
        """(out, in) of each linear layer of one block, by its Hugging Face name."""
        d, f, kv = self.hidden, self.intermediate, self.n_kv_heads * self.head_dim
        return {"q_proj": (d, d), "k_proj": (kv, d), "v_proj": (kv, d), "o_proj": (d, d),
                "gate_proj": (f, d), "up_proj": (f, d), "down_proj": (d, f)}

    def block_linear_params(self) -> int:
        return self.n_layers * sum(o * i for o, i in self.linear_shapes().values())

    def other_params(self) -> int:
        """Embeddings, output head and the RMSNorm gains (2 per block + 1 final)."""
        emb = self.vocab * self.hidden * (1 if self.tied_embeddings else 2)
        return emb + self.hidden * (2 * self.n_layers + 1)

    def total_params(self) -> int:
        return self.block_linear_params() + self.other_params()


LLAMA2_7B = DecoderConfig("Llama-2-7B", hidden=4096, intermediate=11008, n_layers=32, n_heads=32,
                          n_kv_heads=32, vocab=32000)
LLAMA_65B = DecoderConfig("LLaMA-65B", hidden=8192, intermediate=22016, n_layers=80, n_heads=64,
                          n_kv_heads=64, vocab=32000)


def lora_params(cfg: DecoderConfig, r: int, targets: tuple[str, ...] = ("q_proj", "v_proj")) -> int:
    r"""Trainable LoRA parameters: $n_\text{layer} \sum_\text{targets} r(d_\text{out} + d_\text{in})$."""
    shapes = cfg.linear_shapes()
    return cfg.n_layers * sum(r * (shapes[t][0] + shapes[t][1]) for t in targets)


ALL_LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def finetune_memory_bytes(cfg: DecoderConfig, method: str, r: int = 16,
                          targets: tuple[str, ...] = ALL_LINEAR) -> dict[str, float]:
    r"""Bytes for weights and training state, activations excluded.

    - ``full``: mixed-precision AdamW, 16 bytes per parameter (BF16 weight and gradient, FP32 master
      weight and two Adam moments: $2 + 2 + 4 + 4 + 4$).
    - ``lora``: frozen BF16 base (2 bytes/param) + LoRA parameters at 16 bytes each.
    - ``qlora``: block linear weights in NF4 (4 bits) + double-quantized constants (0.127 bits),
      embeddings, head and norms in BF16, + LoRA parameters at 16 bytes each.
    """
    n_lora = lora_params(cfg, r, targets)
    if method == "full":
        return {"weights": 2.0 * cfg.total_params(), "trainable state": 14.0 * cfg.total_params()}
    if method == "lora":
        return {"weights": 2.0 * cfg.total_params(), "trainable state": 16.0 * n_lora}
    if method == "qlora":
        bits = 4 + constant_bits_per_param()
        weights = cfg.block_linear_params() * bits / 8 + 2.0 * cfg.other_params()
        return {"weights": weights, "trainable state": 16.0 * n_lora}
    raise ValueError(f"unknown method {method!r}")
