"""2-D convolution as PyTorch computes it (cross-correlation, NCHW), built on im2col, with the
shape, receptive-field, parameter and FLOP bookkeeping of convolutional networks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Array = np.ndarray


def _pair(v) -> tuple[int, int]:
    return (int(v), int(v)) if np.isscalar(v) else (int(v[0]), int(v[1]))


def conv_output_size(n: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    r"""$H_\text{out} = \left\lfloor \frac{H + 2p - d(k - 1) - 1}{s} \right\rfloor + 1$
    (``nn.Conv2d``, ``nn.MaxPool2d`` with ``ceil_mode=False``, ``F.unfold``)."""
    return (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1


def conv_transpose_output_size(n: int, k: int, stride: int = 1, padding: int = 0,
                               output_padding: int = 0, dilation: int = 1) -> int:
    r"""$H_\text{out} = (H - 1)s - 2p + d(k - 1) + p_\text{out} + 1$ (``nn.ConvTranspose2d``)."""
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1


def effective_kernel(k: int, dilation: int = 1) -> int:
    r"""$k_\text{eff} = d(k - 1) + 1$: the span of a dilated kernel."""
    return dilation * (k - 1) + 1


def receptive_field(kernels: Sequence[int], strides: Sequence[int] | None = None,
                    dilations: Sequence[int] | None = None) -> Array:
    r"""$r_l = r_{l-1} + (k_l - 1)\, d_l \prod_{i<l} s_i$ with $r_0 = 1$: the receptive field of one unit
    of layer $l$, in input pixels. Returns $(r_0, r_1, \dots, r_L)$."""
    L = len(kernels)
    strides = [1] * L if strides is None else list(strides)
    dilations = [1] * L if dilations is None else list(dilations)
    r, jump, out = 1, 1, [1]
    for k, s, d in zip(kernels, strides, dilations, strict=True):
        r += (k - 1) * d * jump
        jump *= s
        out.append(r)
    return np.array(out)


def conv_params(c_in: int, c_out: int, k_h: int, k_w: int, groups: int = 1, bias: bool = True) -> int:
    r"""$C_\text{out}\left(\frac{C_\text{in}}{g} k_h k_w + 1\right)$ (drop the $+1$ without bias)."""
    if c_in % groups or c_out % groups:
        raise ValueError("channels must be divisible by groups")
    return c_out * (c_in // groups * k_h * k_w + int(bias))


def conv_macs(c_in: int, c_out: int, k_h: int, k_w: int, h_out: int, w_out: int, groups: int = 1) -> int:
    r"""Multiply-accumulates of one image: $H_\text{out} W_\text{out} C_\text{out} \frac{C_\text{in}}{g} k_h k_w$
    (FLOPs $\approx 2\times$ MACs)."""
    return h_out * w_out * c_out * (c_in // groups) * k_h * k_w


def separable_params(c_in: int, c_out: int, k: int, bias: bool = False) -> tuple[int, int]:
    r"""Depthwise-separable vs standard $k \times k$ conv: $C_\text{in}k^2 + C_\text{in}C_\text{out}$ vs
    $C_\text{in}C_\text{out}k^2$ weights; ratio $\frac{1}{C_\text{out}} + \frac{1}{k^2}$."""
    sep = conv_params(c_in, c_in, k, k, groups=c_in, bias=bias) + conv_params(c_in, c_out, 1, 1, bias=bias)
    return sep, conv_params(c_in, c_out, k, k, bias=bias)


def im2col(x: Array, kernel_size, stride=1, padding=0, dilation=1, pad_value: float = 0.0) -> Array:
    r"""Unfold ``x`` of shape $(N, C, H, W)$ into columns $(N, C k_h k_w, L)$, $L = H_\text{out} W_\text{out}$,
    row index $c\,k_h k_w + u\,k_w + v$, as ``F.unfold``."""
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    x = np.asarray(x, dtype=float)
    n, c, h, w = x.shape
    ho = conv_output_size(h, kh, sh, ph, dh)
    wo = conv_output_size(w, kw, sw, pw, dw)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=pad_value)
    cols = np.empty((n, c, kh, kw, ho, wo))
    for u in range(kh):
        for v in range(kw):
            r0, c0 = u * dh, v * dw
            cols[:, :, u, v] = xp[:, :, r0:r0 + sh * (ho - 1) + 1:sh, c0:c0 + sw * (wo - 1) + 1:sw]
    return cols.reshape(n, c * kh * kw, ho * wo)


def conv2d(x: Array, weight: Array, bias: Array | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Array:
    r"""$y_{n,o,i,j} = b_o + \sum_{c=0}^{C_\text{in}/g - 1} \sum_{u=0}^{k_h-1} \sum_{v=0}^{k_w-1}
    w_{o,c,u,v}\; x_{n,\; \gamma(o) + c,\; s i + d u - p,\; s j + d v - p}$
    (cross-correlation: the kernel is not flipped; $\gamma(o) = \lfloor o / (C_\text{out}/g) \rfloor \, C_\text{in}/g$
    is the first input channel of $o$'s group; zeros outside the image). ``x``: $(N, C_\text{in}, H, W)$, ``weight``: $(C_\text{out}, C_\text{in}/g, k_h, k_w)$."""
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    n, c_in, h, w = x.shape
    c_out, cg, kh, kw = weight.shape
    if cg * groups != c_in or c_out % groups:
        raise ValueError("weight shape does not match input channels and groups")
    ho = conv_output_size(h, kh, _pair(stride)[0], _pair(padding)[0], _pair(dilation)[0])
    wo = conv_output_size(w, kw, _pair(stride)[1], _pair(padding)[1], _pair(dilation)[1])
    og = c_out // groups
    out = np.empty((n, c_out, ho * wo))
    for g in range(groups):
        cols = im2col(x[:, g * cg:(g + 1) * cg], (kh, kw), stride, padding, dilation)  # (N, cg kh kw, L)
        wmat = weight[g * og:(g + 1) * og].reshape(og, -1)  # (og, cg kh kw)
        out[:, g * og:(g + 1) * og] = np.einsum("ok,nkl->nol", wmat, cols)
    if bias is not None:
        out += np.asarray(bias, dtype=float)[None, :, None]
    return out.reshape(n, c_out, ho, wo)


def col2im(cols: Array, output_size, kernel_size, stride=1, padding=0, dilation=1) -> Array:
    r"""The adjoint of :func:`im2col` (``F.fold``): columns $(N, C k_h k_w, L)$ are added back into
    $(N, C, H, W)$; overlapping entries sum."""
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    h, w = _pair(output_size)
    n = cols.shape[0]
    c = cols.shape[1] // (kh * kw)
    ho = conv_output_size(h, kh, sh, ph, dh)
    wo = conv_output_size(w, kw, sw, pw, dw)
    cols = np.asarray(cols, dtype=float).reshape(n, c, kh, kw, ho, wo)
    xp = np.zeros((n, c, h + 2 * ph, w + 2 * pw))
    for u in range(kh):
        for v in range(kw):
            r0, c0 = u * dh, v * dw
            xp[:, :, r0:r0 + sh * (ho - 1) + 1:sh, c0:c0 + sw * (wo - 1) + 1:sw] += cols[:, :, u, v]
    return xp[:, :, ph:ph + h, pw:pw + w]


def conv_transpose2d(x: Array, weight: Array, bias: Array | None = None, stride=1, padding=0,
                     output_padding=0, dilation=1) -> Array:
    r"""Transposed convolution (``groups=1``): the gradient of :func:`conv2d` with respect to its input.
    ``x``: $(N, C_\text{in}, H, W)$, ``weight``: $(C_\text{in}, C_\text{out}, k_h, k_w)$ as in
    ``nn.ConvTranspose2d``; each input pixel scatters $x_{n,c,i,j}\, \mathbf{W}_{c}$ at $(s i - p, s j - p)$."""
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    n, c_in, h, w = x.shape
    _, c_out, kh, kw = weight.shape
    (sh, sw), (ph, pw), (oph, opw), (dh, dw) = map(_pair, (stride, padding, output_padding, dilation))
    ho = conv_transpose_output_size(h, kh, sh, ph, oph, dh)
    wo = conv_transpose_output_size(w, kw, sw, pw, opw, dw)
    cols = np.einsum("ck,ncl->nkl", weight.reshape(c_in, -1), x.reshape(n, c_in, -1))
    out = col2im(cols, (ho, wo), (kh, kw), stride, padding, dilation)
    if bias is not None:
        out = out + np.asarray(bias, dtype=float)[None, :, None, None]
    return out


def max_pool2d(x: Array, kernel_size, stride=None, padding=0, dilation=1) -> Array:
    r"""$y_{n,c,i,j} = \max_{u,v} x_{n,c,\, s i + d u - p,\, s j + d v - p}$ (padding never wins: $-\infty$);
    ``stride`` defaults to ``kernel_size`` as in ``nn.MaxPool2d``."""
    stride = kernel_size if stride is None else stride
    x = np.asarray(x, dtype=float)
    n, c, h, w = x.shape
    kh, kw = _pair(kernel_size)
    cols = im2col(x, kernel_size, stride, padding, dilation, pad_value=-np.inf)
    ho = conv_output_size(h, kh, _pair(stride)[0], _pair(padding)[0], _pair(dilation)[0])
    wo = conv_output_size(w, kw, _pair(stride)[1], _pair(padding)[1], _pair(dilation)[1])
    return cols.reshape(n, c, kh * kw, ho, wo).max(axis=2)


def avg_pool2d(x: Array, kernel_size, stride=None, padding=0) -> Array:
    r"""$y_{n,c,i,j} = \frac{1}{k_h k_w}\sum_{u,v} x_{n,c,\, s i + u - p,\, s j + v - p}$ (zero padding counted,
    PyTorch's default ``count_include_pad=True``)."""
    stride = kernel_size if stride is None else stride
    x = np.asarray(x, dtype=float)
    n, c, h, w = x.shape
    kh, kw = _pair(kernel_size)
    cols = im2col(x, kernel_size, stride, padding)
    ho = conv_output_size(h, kh, _pair(stride)[0], _pair(padding)[0])
    wo = conv_output_size(w, kw, _pair(stride)[1], _pair(padding)[1])
    return cols.reshape(n, c, kh * kw, ho, wo).mean(axis=2)


def demo_image(size: int = 24) -> Array:
    """A deterministic grayscale test image: a bright square and a diagonal bar on a dark background."""
    img = np.zeros((size, size))
    a, b = size // 6, size // 2
    img[a:b, a:b] = 1.0
    ii, jj = np.mgrid[0:size, 0:size]
    img[np.abs(ii - (size - 1 - jj) - size // 3) <= 1] = 0.6
    return img


SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
