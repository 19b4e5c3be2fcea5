r"""Sequence-to-sequence patterns with recurrent networks on NumPy: many-to-one, many-to-many (aligned),
one-to-many and encoder-decoder (unaligned) models built from PyTorch-convention GRU/LSTM layers
(:mod:`cheatsheet.numerics.recurrent`), trained with teacher forcing; the sequence log-likelihood
$\log P(\mathbf{y} \mid \mathbf{x}) = \sum_t \log p(y_t \mid \mathbf{y}_{<t}, \mathbf{x})$; the scheduled-sampling
decay schedules of Bengio et al. (2015); and the beam-search error-analysis rule.

Parameters are a flat dict named like a PyTorch ``state_dict`` so a torch model's weights copy over
one to one: ``embed_src.weight`` $(V_x, E)$, ``encoder.weight_ih_l0`` ..., ``embed_tgt.weight`` $(V_y, E)$,
``decoder.weight_ih_l0`` ..., ``init.weight`` $(H, I)$ / ``init.bias`` (one-to-many), ``out.weight`` $(V_y, H)$ /
``out.bias``. Token inputs are integer arrays $(B, T)$; every RNN is one layer, ``batch_first``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .decoding import log_softmax, sequence_score
from .recurrent import run_rnn

Array = np.ndarray
Params = Mapping[str, Array]


# --------------------------------------------------------------------------- the five patterns

@dataclass(frozen=True)
class Pattern:
    """One input/output pattern: how many inputs and outputs it has (for the figure), an example task and the
    PyTorch shapes of its input and output (batch $B$, lengths $T_x$, $T_y$, features $I$, classes $C$, vocabulary $V$)."""

    name: str
    n_in: int
    n_out: int
    delay: int  # outputs start after this many inputs have been read (encoder-decoder: all of them)
    example: str
    input_shape: str
    output_shape: str


PATTERNS = (
    Pattern("one-to-one", 1, 1, 0, "image classification (no recurrence)", "(B, I)", "(B, C)"),
    Pattern("one-to-many", 1, 4, 0, "image captioning, music generation from a seed", "(B, I)", "(B, T_y, V)"),
    Pattern("many-to-one", 4, 1, 3, "sentiment classification, video activity", "(B, T_x)", "(B, C)"),
    Pattern("many-to-many, aligned", 4, 4, 0, "POS tagging, NER, frame labeling (T_x = T_y)", "(B, T)", "(B, T, C)"),
    Pattern("many-to-many, unaligned", 3, 4, 3, "translation, summarization (T_x ≠ T_y)", "(B, T_x)",
            "(B, T_y, V)"),
)


# --------------------------------------------------------------------------- building blocks

def _sub(params: Params, prefix: str) -> dict[str, Array]:
    return {k[len(prefix) + 1:]: np.asarray(v, dtype=float) for k, v in params.items() if k.startswith(prefix + ".")}


def _linear(x: Array, params: Params, name: str) -> Array:
    return x @ np.asarray(params[f"{name}.weight"], dtype=float).T + np.asarray(params[f"{name}.bias"], dtype=float)


def _embed(ids: Array, params: Params, name: str) -> Array:
    return np.asarray(params[f"{name}.weight"], dtype=float)[np.asarray(ids, dtype=int)]


def _rnn(kind: str, X: Array, params: Params, name: str, state=None):
    """Run one batch-first layer; ``state`` is $\\mathbf{h}_0$ (GRU) or $(\\mathbf{h}_0, \\mathbf{c}_0)$ (LSTM), each (1, B, H)."""
    h0, c0 = (state if kind == "lstm" else (state, None)) if state is not None else (None, None)
    out, h_n, c_n = run_rnn(kind, X, _sub(params, name), batch_first=True, h0=h0, c0=c0)
    return out, (h_n, c_n) if kind == "lstm" else h_n


def teacher_forcing_inputs(y: Array, bos: int) -> Array:
    r"""Decoder inputs under teacher forcing: the targets shifted right, $(\text{BOS}, y_1, \dots, y_{T_y - 1})$."""
    y = np.asarray(y, dtype=int)
    return np.concatenate([np.full((y.shape[0], 1), bos), y[:, :-1]], axis=1)


def sequence_log_likelihood(logits: Array, targets: Array) -> Array:
    r"""$\log P(\mathbf{y} \mid \mathbf{x}) = \sum_{t=1}^{T_y} \log \softmax(\mathbf{z}_t)_{y_t}$ per sequence:
    logits $(B, T_y, V)$ (or $(B, C)$ with targets $(B,)$), returns $(B,)$. Minus it is the summed cross-entropy."""
    logp = log_softmax(np.asarray(logits, dtype=float))
    targets = np.asarray(targets, dtype=int)
    picked = np.take_along_axis(logp, targets[..., None], axis=-1)[..., 0]
    return picked if picked.ndim == 1 else picked.sum(axis=-1)


# --------------------------------------------------------------------------- the patterns as models

def many_to_one(kind: str, x_ids: Array, params: Params) -> Array:
    r"""Read the whole sequence, classify from the last state: $\mathbf{z} = \mathbf{W}_{o}\mathbf{h}_{T_x} + \mathbf{b}_o$,
    $(B, T_x) \to (B, C)$."""
    _, state = _rnn(kind, _embed(x_ids, params, "embed_src"), params, "encoder")
    h_n = state[0] if kind == "lstm" else state
    return _linear(h_n[-1], params, "out")


def many_to_many_aligned(kind: str, x_ids: Array, params: Params) -> Array:
    r"""One output per input step (tagging): $\mathbf{z}_t = \mathbf{W}_{o}\mathbf{h}_t + \mathbf{b}_o$, $(B, T) \to (B, T, C)$."""
    out, _ = _rnn(kind, _embed(x_ids, params, "embed_src"), params, "encoder")
    return _linear(out, params, "out")


def one_to_many(kind: str, x: Array, y_in: Array, params: Params) -> Array:
    r"""Generate from one input vector (captioning): $\mathbf{h}_0 = \tanh(\mathbf{W}_{\text{init}}\mathbf{x} + \mathbf{b})$
    ($\mathbf{c}_0 = \mathbf{0}$ for an LSTM), then a decoder over the embedded teacher-forced inputs ``y_in``:
    $(B, I), (B, T_y) \to (B, T_y, V)$."""
    h0 = np.tanh(_linear(np.asarray(x, dtype=float), params, "init"))[None]
    state = (h0, np.zeros_like(h0)) if kind == "lstm" else h0
    out, _ = _rnn(kind, _embed(y_in, params, "embed_tgt"), params, "decoder", state)
    return _linear(out, params, "out")


def encoder_decoder(kind: str, x_ids: Array, y_in: Array, params: Params) -> Array:
    r"""Sutskever/Cho encoder-decoder without attention: the encoder's final state (both $\mathbf{h}, \mathbf{c}$ for an
    LSTM) initializes the decoder, which reads the teacher-forced inputs: $(B, T_x), (B, T_y) \to (B, T_y, V)$;
    $T_x$ and $T_y$ are independent."""
    _, state = _rnn(kind, _embed(x_ids, params, "embed_src"), params, "encoder")
    out, _ = _rnn(kind, _embed(y_in, params, "embed_tgt"), params, "decoder", state)
    return _linear(out, params, "out")


# --------------------------------------------------------------------------- scheduled sampling

def eps_linear(i: Array | int, k: float = 1.0, c: float = 1e-4, eps_min: float = 0.0) -> Array:
    r"""Linear decay (Bengio et al. 2015): $\epsilon_i = \max(\epsilon, k - c\,i)$, $0 \le \epsilon < 1$; $\epsilon_i$ is the
    probability of feeding the true previous token at mini-batch $i$."""
    return np.maximum(eps_min, k - c * np.asarray(i, dtype=float))


def eps_exponential(i: Array | int, k: float = 0.9999) -> Array:
    r"""Exponential decay: $\epsilon_i = k^i$, $k < 1$."""
    return np.power(k, np.asarray(i, dtype=float))


def eps_inverse_sigmoid(i: Array | int, k: float = 1000.0) -> Array:
    r"""Inverse sigmoid decay: $\epsilon_i = k / (k + \exp(i / k))$, $k \ge 1$ (starts at $k/(k+1)$, half at $i = k \ln k$)."""
    return k / (k + np.exp(np.asarray(i, dtype=float) / k))


def scheduled_sampling_inputs(y_true_prev: Array, y_model_prev: Array, eps: float,
                              rng: np.random.Generator) -> Array:
    r"""Per position, feed the true previous token with probability $\epsilon_i$ and the model's own (sampled or
    argmax) previous token otherwise. $\epsilon_i = 1$ is teacher forcing, $\epsilon_i = 0$ free running."""
    coin = rng.random(np.shape(y_true_prev)) < eps
    return np.where(coin, y_true_prev, y_model_prev)


# --------------------------------------------------------------------------- beam-search error analysis

def blame(logp_reference: float, logp_output: float, *, len_reference: int | None = None,
          len_output: int | None = None, alpha: float = 0.0, kind: str = "hf") -> str:
    r"""The error-analysis rule for one example where the human reference $\mathbf{y}^*$ is better than the output
    $\hat{\mathbf{y}}$: if $P(\mathbf{y}^* \mid \mathbf{x}) > P(\hat{\mathbf{y}} \mid \mathbf{x})$ (compared with the same
    length-normalized score the beam used, :func:`cheatsheet.numerics.decoding.sequence_score`) the *search* failed;
    otherwise the *model* prefers the worse output. Returns ``"search"`` or ``"model"``."""
    if alpha:
        if len_reference is None or len_output is None:
            raise ValueError("length-normalized comparison needs both lengths")
        s_ref = sequence_score(logp_reference, len_reference, alpha, kind)
        s_out = sequence_score(logp_output, len_output, alpha, kind)
    else:
        s_ref, s_out = logp_reference, logp_output
    return "search" if s_ref > s_out else "model"


def blame_fractions(verdicts: list[str]) -> dict[str, float]:
    """Share of the dev-set errors attributed to the search and to the model: work on the larger one."""
    n = max(len(verdicts), 1)
    return {"search": verdicts.count("search") / n, "model": verdicts.count("model") / n}


def sequence_logprob(step, y: tuple[int, ...]) -> float:
    r"""$\log P(\mathbf{y}) = \sum_t \log p(y_t \mid \mathbf{y}_{<t})$ under a step function of
    :mod:`cheatsheet.numerics.decoding` (prefix → next-token log-probabilities)."""
    return math.fsum(float(step(tuple(y[:t]))[y[t]]) for t in range(len(y)))
