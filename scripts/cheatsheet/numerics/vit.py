r"""Vision Transformer (Dosovitskiy et al. 2021) arithmetic on NumPy: cutting an image into patches, the
patch embedding as a strided convolution or as reshape + linear map, the sequence length, the exact
parameter count and the forward multiply-accumulates of a ViT, and the 2-D interpolation of learned
position embeddings for a new resolution.

Shapes follow PyTorch: images $(B, C, H, W)$; the patch embedding is ``nn.Conv2d(C, D, P, stride=P)``
with weight $(D, C, P, P)$; a flattened patch lists its values in $(c, u, v)$ order (channel, row,
column inside the patch), which is the order of ``weight.reshape(D, -1)`` and of ``F.unfold``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .convolution import conv2d

Array = np.ndarray


# --------------------------------------------------------------------------- patches

def grid_size(image_size: int, patch: int) -> int:
    r"""Patches along one side, $H / P$; the side must be a multiple of $P$ (ViT does not pad)."""
    if image_size % patch:
        raise ValueError(f"image side {image_size} is not a multiple of the patch size {patch}")
    return image_size // patch


def num_patches(image_size: int, patch: int) -> int:
    r"""$N = HW / P^2$ for a square image; the encoder sees $n = N + 1$ tokens with the class token."""
    return grid_size(image_size, patch) ** 2


def sequence_length(image_size: int, patch: int, extra_tokens: int = 1) -> int:
    r"""$n = N + 1$ (class token); DeiT's distillation token makes it $N + 2$. ViT-B/16 at $224^2$: $196 + 1 = 197$."""
    return num_patches(image_size, patch) + extra_tokens


def patchify(x: Array, patch: int) -> Array:
    r"""Cut $(B, C, H, W)$ into $N$ non-overlapping $P \times P$ patches, row-major over the grid, each flattened
    in $(c, u, v)$ order: returns $\mathbf{X}_p \in \R^{B \times N \times P^2 C}$."""
    x = np.asarray(x, dtype=float)
    b, c, h, w = x.shape
    gh, gw = grid_size(h, patch), grid_size(w, patch)
    x = x.reshape(b, c, gh, patch, gw, patch)  # (b, c, i, u, j, v)
    return x.transpose(0, 2, 4, 1, 3, 5).reshape(b, gh * gw, c * patch * patch)


def unpatchify(patches: Array, patch: int, channels: int, grid: int) -> Array:
    r"""Inverse of :func:`patchify` for a square grid: $(B, N, P^2 C) \to (B, C, H, W)$."""
    b = patches.shape[0]
    x = np.asarray(patches).reshape(b, grid, grid, channels, patch, patch)
    return x.transpose(0, 3, 1, 4, 2, 5).reshape(b, channels, grid * patch, grid * patch)


def patch_embed_linear(x: Array, weight: Array, bias: Array | None, patch: int) -> Array:
    r"""Reshape + linear map: $\mathbf{X}_p \mathbf{E} + \mathbf{b}$ with $\mathbf{E} = $ ``weight.reshape(D, -1).T``
    $\in \R^{P^2 C \times D}$; returns $(B, N, D)$."""
    weight = np.asarray(weight, dtype=float)
    out = patchify(x, patch) @ weight.reshape(weight.shape[0], -1).T
    return out if bias is None else out + np.asarray(bias, dtype=float)


def patch_embed_conv(x: Array, weight: Array, bias: Array | None, patch: int) -> Array:
    r"""Strided convolution, kernel = stride = $P$: $(B, C, H, W) \to (B, D, H/P, W/P)$, then flatten the grid and
    move channels last, $(B, N, D)$. Equal to :func:`patch_embed_linear` because the windows do not overlap."""
    y = conv2d(x, weight, bias, stride=patch)
    b, d = y.shape[:2]
    return y.reshape(b, d, -1).transpose(0, 2, 1)


# --------------------------------------------------------------------------- sizes

@dataclass(frozen=True)
class ViTConfig:
    """A ViT variant: ``depth`` blocks of width ``width`` with ``heads`` heads and an MLP of ``mlp`` hidden units."""

    name: str
    depth: int
    width: int
    mlp: int
    heads: int
    params_paper: str  # as printed in the paper that introduced it


#: Dosovitskiy et al. (2021), Table 1 (Base, Large, Huge); Small from Touvron et al. (2021) (DeiT-S).
VIT_CONFIGS = {
    "S": ViTConfig("ViT-S", 12, 384, 1536, 6, "22M"),
    "B": ViTConfig("ViT-B", 12, 768, 3072, 12, "86M"),
    "L": ViTConfig("ViT-L", 24, 1024, 4096, 16, "307M"),
    "H": ViTConfig("ViT-H", 32, 1280, 5120, 16, "632M"),
}


@dataclass(frozen=True)
class ViTParams:
    """Parameter count of a ViT by part; ``total`` is their sum."""

    patch_embed: int
    cls_token: int
    pos_embed: int
    blocks: int
    final_norm: int
    head: int

    @property
    def total(self) -> int:
        return self.patch_embed + self.cls_token + self.pos_embed + self.blocks + self.final_norm + self.head


def block_params(width: int, mlp: int) -> int:
    r"""One pre-LN encoder block: attention $4D^2 + 4D$ (Q, K, V, output, with biases), MLP
    $2 D D_\text{mlp} + D_\text{mlp} + D$, two LayerNorms $4D$. With $D_\text{mlp} = 4D$: $12D^2 + 13D$."""
    return (4 * width * width + 4 * width) + (2 * width * mlp + mlp + width) + 4 * width


def vit_params(image_size: int = 224, patch: int = 16, width: int = 768, depth: int = 12, mlp: int = 3072,
               n_classes: int = 1000, channels: int = 3) -> ViTParams:
    r"""Exact count: patch embedding $P^2 C D + D$; class token $D$; position embeddings $(N + 1) D$;
    $L$ blocks of :func:`block_params`; final LayerNorm $2D$; linear head $D K + K$ (the fine-tuning head; the
    paper pre-trains with a one-hidden-layer MLP head). ViT-B/16, $224^2$, 1000 classes: 86,567,656."""
    n = num_patches(image_size, patch)
    return ViTParams(
        patch_embed=patch * patch * channels * width + width,
        cls_token=width,
        pos_embed=(n + 1) * width,
        blocks=depth * block_params(width, mlp),
        final_norm=2 * width,
        head=width * n_classes + n_classes,
    )


@dataclass(frozen=True)
class ViTMacs:
    """Forward multiply-accumulates of one image by part (1 MAC = 2 FLOPs)."""

    patch_embed: int
    qkv_proj: int
    attention: int  # Q K^T and A V
    out_proj: int
    mlp: int
    head: int

    @property
    def total(self) -> int:
        return self.patch_embed + self.qkv_proj + self.attention + self.out_proj + self.mlp + self.head

    @property
    def flops(self) -> int:
        return 2 * self.total


def vit_macs(image_size: int = 224, patch: int = 16, width: int = 768, depth: int = 12, mlp: int = 3072,
             n_classes: int = 1000, channels: int = 3) -> ViTMacs:
    r"""Matrix-multiply MACs of a forward pass, $n = N + 1$ tokens: patch embedding $N P^2 C D$; per block
    $3nD^2$ (Q, K, V) $+\ 2n^2 D$ ($\mathbf{Q}\mathbf{K}^\top$ and $\mathbf{A}\mathbf{V}$) $+\ nD^2$ (output)
    $+\ 2nD D_\text{mlp}$ (MLP); head $DK$ on the class token. LayerNorm, softmax, GELU, biases and residual adds
    are left out (under 1 %). ViT-B/16 at $224^2$: $17.56 \cdot 10^9$ MACs $= 35.1$ GFLOPs."""
    n_p = num_patches(image_size, patch)
    n = n_p + 1
    return ViTMacs(
        patch_embed=n_p * patch * patch * channels * width,
        qkv_proj=depth * 3 * n * width * width,
        attention=depth * 2 * n * n * width,
        out_proj=depth * n * width * width,
        mlp=depth * 2 * n * width * mlp,
        head=width * n_classes,
    )


# --------------------------------------------------------------------------- position embeddings

def _bilinear_weights(n_in: int, n_out: int) -> Array:
    r"""$(n_\text{out}, n_\text{in})$ matrix of 1-D linear interpolation with half-pixel centers:
    source coordinate $s = (i + \tfrac12)\, n_\text{in}/n_\text{out} - \tfrac12$, clamped at 0."""
    m = np.zeros((n_out, n_in))
    for i in range(n_out):
        s = max((i + 0.5) * n_in / n_out - 0.5, 0.0)
        i0 = min(int(np.floor(s)), n_in - 1)
        i1 = min(i0 + 1, n_in - 1)
        lam = s - i0
        m[i, i0] += 1.0 - lam
        m[i, i1] += lam
    return m


def resize_pos_embed(pos: Array, new_grid: int, n_prefix: int = 1) -> Array:
    r"""Fine-tuning at a new resolution: keep the ``n_prefix`` class (and distillation) rows, reshape the other
    $N$ rows $(N, D)$ to their $\sqrt{N} \times \sqrt{N}$ grid, resample bilinearly to ``new_grid`` per side
    (``F.interpolate(mode="bilinear", align_corners=False)``; timm uses bicubic), flatten back.
    ViT-B/16 from $224^2$ to $384^2$: $14 \times 14 \to 24 \times 24$, 197 → 577 rows."""
    pos = np.asarray(pos, dtype=float)
    prefix, grid = pos[:n_prefix], pos[n_prefix:]
    g = int(round(np.sqrt(grid.shape[0])))
    if g * g != grid.shape[0]:
        raise ValueError("the position embeddings do not form a square grid")
    m = _bilinear_weights(g, new_grid)
    grid = grid.reshape(g, g, -1)
    out = np.einsum("ia,jb,abd->ijd", m, m, grid).reshape(new_grid * new_grid, -1)
    return np.concatenate([prefix, out], axis=0)
