r"""Recurrent cells (Elman RNN, GRU, LSTM) and their unrolling, in PyTorch's convention, on NumPy arrays.

Row-major mini-batches as in ``torch.nn.RNNCell`` / ``GRUCell`` / ``LSTMCell``: an input batch
$\mathbf{X}_t \in \R^{B \times I}$, a hidden state $\mathbf{H}_{t-1} \in \R^{B \times H}$, weights
``W_ih`` $\in \R^{gH \times I}$, ``W_hh`` $\in \R^{gH \times H}$ and biases ``b_ih``, ``b_hh`` $\in \R^{gH}$,
with $g = 1$ (RNN), $3$ (GRU, blocks $r, z, n$) or $4$ (LSTM, blocks $i, f, g, o$) stacked in that
order, exactly as PyTorch stores ``weight_ih_l0`` etc. The docstrings (and the pages) write one sample
as a column vector: $\mathbf{W}_{ih}\mathbf{x}_t$ is the row form ``x @ W_ih.T``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .activations import sigmoid, tanh

Array = np.ndarray

GATES = {"rnn": 1, "gru": 3, "lstm": 4}


# --- cells ------------------------------------------------------------------------------------

def rnn_cell(x: Array, h: Array, W_ih: Array, W_hh: Array, b_ih: Array, b_hh: Array) -> Array:
    r"""Elman cell: $\mathbf{h}_t = \tanh(\mathbf{W}_{ih}\mathbf{x}_t + \mathbf{b}_{ih} + \mathbf{W}_{hh}\mathbf{h}_{t-1} + \mathbf{b}_{hh})$."""
    return tanh(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)


def gru_cell(x: Array, h: Array, W_ih: Array, W_hh: Array, b_ih: Array, b_hh: Array) -> Array:
    r"""PyTorch's GRU cell (reset gate applied after $\mathbf{W}_{hn}$):

    $\mathbf{r}_t = \sigma(\mathbf{W}_{ir}\mathbf{x}_t + \mathbf{b}_{ir} + \mathbf{W}_{hr}\mathbf{h}_{t-1} + \mathbf{b}_{hr})$,
    $\mathbf{z}_t = \sigma(\mathbf{W}_{iz}\mathbf{x}_t + \mathbf{b}_{iz} + \mathbf{W}_{hz}\mathbf{h}_{t-1} + \mathbf{b}_{hz})$,
    $\mathbf{n}_t = \tanh(\mathbf{W}_{in}\mathbf{x}_t + \mathbf{b}_{in} + \mathbf{r}_t \odot (\mathbf{W}_{hn}\mathbf{h}_{t-1} + \mathbf{b}_{hn}))$,
    $\mathbf{h}_t = (1 - \mathbf{z}_t) \odot \mathbf{n}_t + \mathbf{z}_t \odot \mathbf{h}_{t-1}$.
    """
    gi = x @ W_ih.T + b_ih
    gh = h @ W_hh.T + b_hh
    i_r, i_z, i_n = np.split(gi, 3, axis=-1)
    h_r, h_z, h_n = np.split(gh, 3, axis=-1)
    r = sigmoid(i_r + h_r)
    z = sigmoid(i_z + h_z)
    n = tanh(i_n + r * h_n)
    return (1.0 - z) * n + z * h


def lstm_cell(x: Array, h: Array, c: Array, W_ih: Array, W_hh: Array, b_ih: Array, b_hh: Array,
              W_hr: Array | None = None) -> tuple[Array, Array]:
    r"""PyTorch's LSTM cell (blocks $i, f, g, o$), returns $(\mathbf{h}_t, \mathbf{c}_t)$:

    $\mathbf{i}_t = \sigma(\mathbf{W}_{ii}\mathbf{x}_t + \mathbf{b}_{ii} + \mathbf{W}_{hi}\mathbf{h}_{t-1} + \mathbf{b}_{hi})$, likewise
    $\mathbf{f}_t, \mathbf{o}_t$ with $\sigma$ and $\mathbf{g}_t$ with $\tanh$;
    $\mathbf{c}_t = \mathbf{f}_t \odot \mathbf{c}_{t-1} + \mathbf{i}_t \odot \mathbf{g}_t$,
    $\mathbf{h}_t = \mathbf{o}_t \odot \tanh(\mathbf{c}_t)$, then $\mathbf{h}_t \leftarrow \mathbf{W}_{hr}\mathbf{h}_t$
    if a projection ``W_hr`` $\in \R^{P \times H}$ is given (``proj_size`` $= P$).
    """
    gates = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    a_i, a_f, a_g, a_o = np.split(gates, 4, axis=-1)
    i, f, g, o = sigmoid(a_i), sigmoid(a_f), tanh(a_g), sigmoid(a_o)
    c_new = f * c + i * g
    h_new = o * tanh(c_new)
    if W_hr is not None:
        h_new = h_new @ W_hr.T
    return h_new, c_new


# --- sequences --------------------------------------------------------------------------------

def _layer_params(params: Mapping[str, Array], layer: int, suffix: str) -> tuple:
    def p(name: str) -> Array | None:
        value = params.get(f"{name}_l{layer}{suffix}")
        return None if value is None else np.asarray(value, dtype=float)

    W_ih, W_hh = p("weight_ih"), p("weight_hh")
    b_ih = p("bias_ih")
    b_hh = p("bias_hh")
    if b_ih is None:  # bias=False
        b_ih = np.zeros(W_ih.shape[0])
        b_hh = np.zeros(W_hh.shape[0])
    return W_ih, W_hh, b_ih, b_hh, p("weight_hr")


def run_direction(kind: str, X: Array, h0: Array, c0: Array | None, W_ih: Array, W_hh: Array,
                  b_ih: Array, b_hh: Array, W_hr: Array | None = None, *,
                  reverse: bool = False) -> tuple[Array, Array, Array | None]:
    r"""Unroll one cell over a sequence ``X`` of shape (L, B, I): $\mathbf{h}_t = \text{cell}(\mathbf{x}_t, \mathbf{h}_{t-1})$
    for $t = 1, \dots, L$ (or $t = L, \dots, 1$ if ``reverse``). Returns the outputs (L, B, H) in time order
    and the final $\mathbf{h}$ (and $\mathbf{c}$ for the LSTM)."""
    L = X.shape[0]
    h, c = h0, c0
    out = [None] * L
    for t in (range(L - 1, -1, -1) if reverse else range(L)):
        if kind == "rnn":
            h = rnn_cell(X[t], h, W_ih, W_hh, b_ih, b_hh)
        elif kind == "gru":
            h = gru_cell(X[t], h, W_ih, W_hh, b_ih, b_hh)
        else:
            h, c = lstm_cell(X[t], h, c, W_ih, W_hh, b_ih, b_hh, W_hr)
        out[t] = h
    return np.stack(out), h, c


def run_rnn(kind: str, X: Array, params: Mapping[str, Array], *, num_layers: int = 1,
            bidirectional: bool = False, batch_first: bool = False,
            h0: Array | None = None, c0: Array | None = None) -> tuple[Array, Array, Array | None]:
    r"""What ``nn.RNN`` / ``nn.GRU`` / ``nn.LSTM`` compute (no dropout), from their ``state_dict`` names
    (``weight_ih_l0``, ``weight_hh_l0_reverse``, ``weight_hr_l0`` ...).

    Layer $l > 0$ reads the concatenation $[\overrightarrow{\mathbf{h}}_t; \overleftarrow{\mathbf{h}}_t]$ of the
    layer below. Returns ``output`` (L, B, D·H_out) — or (B, L, D·H_out) if ``batch_first`` — and
    ``h_n`` (and ``c_n``) of shape (D·num_layers, B, H), ordered layer-major, direction-minor like PyTorch.
    """
    X = np.asarray(X, dtype=float)
    if batch_first:
        X = X.transpose(1, 0, 2)
    D = 2 if bidirectional else 1
    B = X.shape[1]
    h_n, c_n = [], []
    layer_in = X
    for layer in range(num_layers):
        outs = []
        for d in range(D):
            W_ih, W_hh, b_ih, b_hh, W_hr = _layer_params(params, layer, "_reverse" if d else "")
            H_cell = W_hh.shape[1] if W_hr is None else W_hr.shape[1]
            H_out = W_hh.shape[1]
            k = layer * D + d
            h_init = np.zeros((B, H_out)) if h0 is None else np.asarray(h0, dtype=float)[k]
            c_init = None
            if kind == "lstm":
                c_init = np.zeros((B, H_cell)) if c0 is None else np.asarray(c0, dtype=float)[k]
            out, h_last, c_last = run_direction(kind, layer_in, h_init, c_init, W_ih, W_hh, b_ih, b_hh, W_hr,
                                                reverse=bool(d))
            outs.append(out)
            h_n.append(h_last)
            c_n.append(c_last)
        layer_in = np.concatenate(outs, axis=-1)
    output = layer_in.transpose(1, 0, 2) if batch_first else layer_in
    return output, np.stack(h_n), (np.stack(c_n) if kind == "lstm" else None)


# --- parameter counts -------------------------------------------------------------------------

def param_count(kind: str, input_size: int, hidden_size: int, *, num_layers: int = 1,
                bidirectional: bool = False, bias: bool = True, proj_size: int = 0) -> int:
    r"""Learnable parameters of ``nn.RNN`` / ``nn.GRU`` / ``nn.LSTM``.

    Per layer and direction: $g\,(H I_l + H H_r + 2H)$ with $g = 1, 3, 4$ gate blocks, $I_l$ the layer's input
    width ($I$ for layer 0, $D H_r$ above), $H_r = P$ if ``proj_size`` $P > 0$ (LSTM only) else $H$; plus
    $P H$ for the projection $\mathbf{W}_{hr}$. Without bias drop the $2gH$ term.
    """
    g = GATES[kind]
    D = 2 if bidirectional else 1
    H = hidden_size
    H_r = proj_size if proj_size > 0 else H
    total = 0
    for layer in range(num_layers):
        I_l = input_size if layer == 0 else D * H_r
        per = g * (H * I_l + H * H_r + (2 * H if bias else 0))
        if proj_size > 0:
            per += proj_size * H
        total += D * per
    return total


def step_flops(kind: str, input_size: int, hidden_size: int) -> int:
    r"""Multiply–adds of one cell step for one sample: $g\,H\,(I + H)$ (the matrix products only)."""
    return GATES[kind] * hidden_size * (input_size + hidden_size)


# --- backpropagation through time -------------------------------------------------------------

def rnn_forward_sequence(X: Array, h0: Array, W_ih: Array, W_hh: Array, b_ih: Array, b_hh: Array) -> Array:
    r"""States $\mathbf{h}_0, \dots, \mathbf{h}_T$ of an Elman RNN on ``X`` (T, B, I); returns (T+1, B, H)."""
    hs = [np.asarray(h0, dtype=float)]
    for x in X:
        hs.append(rnn_cell(x, hs[-1], W_ih, W_hh, b_ih, b_hh))
    return np.stack(hs)


def rnn_bptt(X: Array, h0: Array, W_ih: Array, W_hh: Array, b_ih: Array, b_hh: Array,
             dL_dh: Array) -> dict[str, Array]:
    r"""Backpropagation through time for the Elman RNN, given $\partial\mathcal{L}/\partial\mathbf{h}_t$ for
    $t = 1..T$ (``dL_dh``, shape (T, B, H), the loss's direct dependence on each state).

    Backward recursion, $\boldsymbol{\delta}_{T+1} = \mathbf{0}$:
    $\bar{\mathbf{h}}_t = \partial\mathcal{L}/\partial\mathbf{h}_t + \mathbf{W}_{hh}^\top \boldsymbol{\delta}_{t+1}$,
    $\boldsymbol{\delta}_t = \bar{\mathbf{h}}_t \odot (1 - \mathbf{h}_t^2)$;
    $\partial\mathcal{L}/\partial\mathbf{W}_{hh} = \sum_t \boldsymbol{\delta}_t \mathbf{h}_{t-1}^\top$,
    $\partial\mathcal{L}/\partial\mathbf{W}_{ih} = \sum_t \boldsymbol{\delta}_t \mathbf{x}_t^\top$,
    $\partial\mathcal{L}/\partial\mathbf{b}_{ih} = \partial\mathcal{L}/\partial\mathbf{b}_{hh} = \sum_t \boldsymbol{\delta}_t$,
    $\partial\mathcal{L}/\partial\mathbf{h}_0 = \mathbf{W}_{hh}^\top \boldsymbol{\delta}_1$.
    """
    hs = rnn_forward_sequence(X, h0, W_ih, W_hh, b_ih, b_hh)
    T = X.shape[0]
    grads = {"W_ih": np.zeros_like(W_ih, dtype=float), "W_hh": np.zeros_like(W_hh, dtype=float),
             "b_ih": np.zeros(W_ih.shape[0]), "b_hh": np.zeros(W_hh.shape[0])}
    carry = np.zeros_like(hs[0])
    for t in range(T, 0, -1):
        h_bar = dL_dh[t - 1] + carry
        delta = h_bar * (1.0 - hs[t] ** 2)
        grads["W_hh"] += delta.T @ hs[t - 1]
        grads["W_ih"] += delta.T @ X[t - 1]
        grads["b_ih"] += delta.sum(axis=0)
        carry = delta @ W_hh
    grads["b_hh"] = grads["b_ih"].copy()
    grads["h0"] = carry
    return grads


def rnn_step_jacobian(h_new: Array, W_hh: Array) -> Array:
    r"""$\partial\mathbf{h}_t / \partial\mathbf{h}_{t-1} = \diag(1 - \mathbf{h}_t^2)\,\mathbf{W}_{hh}$ (one sample, $H \times H$)."""
    return (1.0 - h_new ** 2)[:, None] * W_hh


def gru_step_jacobian(x: Array, h: Array, W_ih: Array, W_hh: Array, b_ih: Array, b_hh: Array) -> Array:
    r"""$\partial\mathbf{h}_t/\partial\mathbf{h}_{t-1}$ of PyTorch's GRU cell for one sample:
    $\diag(\mathbf{z}_t) + \diag(1 - \mathbf{z}_t)\,\partial\mathbf{n}_t/\partial\mathbf{h}_{t-1}
    + \diag(\mathbf{h}_{t-1} - \mathbf{n}_t)\,\partial\mathbf{z}_t/\partial\mathbf{h}_{t-1}$."""
    i_r, i_z, i_n = np.split(W_ih @ x + b_ih, 3)
    W_hr, W_hz, W_hn = np.split(W_hh, 3)
    h_r, h_z, h_n = np.split(W_hh @ h + b_hh, 3)
    r, z = sigmoid(i_r + h_r), sigmoid(i_z + h_z)
    n = tanh(i_n + r * h_n)
    dr = (r * (1 - r))[:, None] * W_hr
    dz = (z * (1 - z))[:, None] * W_hz
    dn = (1 - n ** 2)[:, None] * (h_n[:, None] * dr + r[:, None] * W_hn)
    return np.diag(z) + (1 - z)[:, None] * dn + (h - n)[:, None] * dz


def lstm_step_jacobian(x: Array, h: Array, c: Array, W_ih: Array, W_hh: Array, b_ih: Array,
                       b_hh: Array) -> Array:
    r"""Jacobian of the LSTM state $(\mathbf{h}_t, \mathbf{c}_t)$ with respect to $(\mathbf{h}_{t-1}, \mathbf{c}_{t-1})$,
    one sample, shape $2H \times 2H$; its $\mathbf{c}$–$\mathbf{c}$ block is $\diag(\mathbf{f}_t)$ (the cell's
    additive path)."""
    a_i, a_f, a_g, a_o = np.split(W_ih @ x + b_ih + W_hh @ h + b_hh, 4)
    U_i, U_f, U_g, U_o = np.split(W_hh, 4)
    i, f, g, o = sigmoid(a_i), sigmoid(a_f), tanh(a_g), sigmoid(a_o)
    c_new = f * c + i * g
    tc = tanh(c_new)
    dc_dh = ((c * f * (1 - f))[:, None] * U_f + (g * i * (1 - i))[:, None] * U_i
             + (i * (1 - g ** 2))[:, None] * U_g)
    dc_dc = np.diag(f)
    k = o * (1 - tc ** 2)
    dh_dh = (tc * o * (1 - o))[:, None] * U_o + k[:, None] * dc_dh
    dh_dc = k[:, None] * dc_dc
    return np.block([[dh_dh, dh_dc], [dc_dh, dc_dc]])


def gradient_norms_vs_lag(kind: str, params: Mapping[str, Array], X: Array, *,
                          h0: Array | None = None) -> Array:
    r"""$\lVert \partial\mathbf{s}_T / \partial\mathbf{s}_{T-k} \rVert_2$ (spectral norm) for $k = 1, \dots, T$, where
    $\mathbf{s}_t$ is the state ($\mathbf{h}_t$, or $[\mathbf{h}_t; \mathbf{c}_t]$ for the LSTM) of one layer run on
    one sequence ``X`` (T, I): the product of step Jacobians
    $\partial\mathbf{s}_T/\partial\mathbf{s}_{T-k} = \prod_{t=T-k+1}^{T} \partial\mathbf{s}_t/\partial\mathbf{s}_{t-1}$ (latest on the left)."""
    W_ih, W_hh, b_ih, b_hh, _ = _layer_params(params, 0, "")
    H = W_hh.shape[1]
    h = np.zeros(H) if h0 is None else np.asarray(h0, dtype=float)
    c = np.zeros(H)
    jacobians = []
    for x in np.asarray(X, dtype=float):
        if kind == "rnn":
            h = rnn_cell(x, h, W_ih, W_hh, b_ih, b_hh)
            jacobians.append(rnn_step_jacobian(h, W_hh))
        elif kind == "gru":
            jacobians.append(gru_step_jacobian(x, h, W_ih, W_hh, b_ih, b_hh))
            h = gru_cell(x, h, W_ih, W_hh, b_ih, b_hh)
        else:
            jacobians.append(lstm_step_jacobian(x, h, c, W_ih, W_hh, b_ih, b_hh))
            h, c = lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
    norms = []
    P = np.eye(jacobians[0].shape[0])
    for J in reversed(jacobians):
        P = P @ J
        norms.append(np.linalg.norm(P, 2))
    return np.array(norms)


def pytorch_default_params(kind: str, input_size: int, hidden_size: int, *, seed: int = 0,
                           keep_bias: float = 0.0) -> dict[str, Array]:
    r"""One layer initialized like PyTorch: every weight and bias $\sim \mathcal{U}(-1/\sqrt{H}, 1/\sqrt{H})$;
    ``keep_bias`` is added to the second gate block of ``bias_hh`` — the LSTM's forget gate $\mathbf{f}$
    (the "forget bias 1" trick) or the GRU's update gate $\mathbf{z}$ (PyTorch's $\mathbf{z}$ keeps $\mathbf{h}_{t-1}$)."""
    rng = np.random.default_rng(seed)
    g, H = GATES[kind], hidden_size
    k = 1.0 / np.sqrt(H)
    params = {
        "weight_ih_l0": rng.uniform(-k, k, (g * H, input_size)),
        "weight_hh_l0": rng.uniform(-k, k, (g * H, H)),
        "bias_ih_l0": rng.uniform(-k, k, g * H),
        "bias_hh_l0": rng.uniform(-k, k, g * H),
    }
    if kind in ("lstm", "gru"):
        params["bias_hh_l0"][H:2 * H] += keep_bias
    return params


def typical_gradient_norms(kind: str, input_size: int = 16, hidden_size: int = 64, steps: int = 100, *,
                           keep_bias: float = 0.0, seeds: int = 4) -> Array:
    r"""Geometric mean over ``seeds`` PyTorch-style initializations (and $\mathbf{x}_t \sim \mathcal{N}(\mathbf{0}, \mathbf{I})$
    inputs) of $\lVert \partial\mathbf{s}_T / \partial\mathbf{s}_{T-k} \rVert_2$, $k = 1, \dots,$ ``steps``."""
    rng = np.random.default_rng(1234)
    X = rng.standard_normal((steps, input_size))
    logs = [np.log(gradient_norms_vs_lag(kind, pytorch_default_params(kind, input_size, hidden_size, seed=s,
                                                                      keep_bias=keep_bias), X))
            for s in range(seeds)]
    return np.exp(np.mean(logs, axis=0))


def lstm_cell_survival(params: Mapping[str, Array], X: Array) -> Array:
    r"""How much of the cell state survives $k$ steps along the LSTM's additive path: the unit-averaged
    $\prod_{t=T-k+1}^{T} f_{t,j}$ $= \partial c_{T,j} / \partial c_{T-k,j}$ through $\mathbf{c}$ only, for $k = 1, \dots, T$,
    one layer on one sequence ``X`` (T, I) from zero state."""
    W_ih, W_hh, b_ih, b_hh, _ = _layer_params(params, 0, "")
    H = W_hh.shape[1]
    h, c = np.zeros(H), np.zeros(H)
    forget = []
    for x in np.asarray(X, dtype=float):
        forget.append(sigmoid(np.split(W_ih @ x + b_ih + W_hh @ h + b_hh, 4)[1]))
        h, c = lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
    return np.cumprod(np.array(forget[::-1]), axis=0).mean(axis=1)


def scaled_orthogonal(n: int, spectral_radius: float, *, seed: int = 0) -> Array:
    r"""$\rho\,\mathbf{Q}$ with $\mathbf{Q}$ a random orthogonal matrix: every eigenvalue and singular value has modulus $\rho$."""
    rng = np.random.default_rng(seed)
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    return spectral_radius * Q * np.sign(np.diag(R))


def clip_grad_norm(grads: list[Array], max_norm: float) -> tuple[list[Array], float]:
    r"""Global norm clipping (Pascanu et al. 2013, as ``torch.nn.utils.clip_grad_norm_``):
    $\mathbf{g} \leftarrow \mathbf{g} \cdot \min\bigl(1, \frac{\tau}{\lVert \mathbf{g} \rVert_2 + 10^{-6}}\bigr)$ over all
    parameters at once. Returns the clipped gradients and the norm before clipping."""
    total = float(np.sqrt(sum(float(np.sum(np.asarray(g, dtype=float) ** 2)) for g in grads)))
    scale = min(1.0, max_norm / (total + 1e-6))
    return [np.asarray(g, dtype=float) * scale for g in grads], total
