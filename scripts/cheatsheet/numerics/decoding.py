"""Decoding for language models in NumPy: logit processors (temperature, top-k, top-p, min-p,
typical, repetition / frequency / presence penalties) with the Hugging Face ``transformers``
conventions, greedy and beam search with length normalization, speculative sampling (the
accept-or-resample rule and its exact output distribution), perplexity and bits per byte."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np

Array = np.ndarray
NEG_INF = -np.inf


# --------------------------------------------------------------------------- probabilities

def log_softmax(z: Array, axis: int = -1) -> Array:
    r"""$\log p_i = z_i - \log \sum_j e^{z_j}$ (stable; $-\infty$ logits give probability 0)."""
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))


def softmax(z: Array, axis: int = -1) -> Array:
    r"""$p_i = e^{z_i} / \sum_j e^{z_j}$."""
    return np.exp(log_softmax(z, axis))


# --------------------------------------------------------------------------- logit processors

def temperature(z: Array, T: float) -> Array:
    r"""$\mathbf{z} / \tau$ (``T`` $= \tau$, the page's temperature): $\tau < 1$ sharpens $\softmax(\mathbf{z}/\tau)$,
    $\tau > 1$ flattens it, $\tau \to 0$ is greedy."""
    if T <= 0:
        raise ValueError("temperature must be > 0 (use greedy decoding for T = 0)")
    return np.asarray(z, dtype=float) / T


def _keep(z: Array, keep: Array) -> Array:
    return np.where(keep, z, NEG_INF)


def _protect_top(z: Array, keep: Array, min_tokens_to_keep: int) -> Array:
    """Force the ``min_tokens_to_keep`` largest logits of each row into ``keep``."""
    n = min(min_tokens_to_keep, z.shape[-1])
    top = np.argsort(-z, axis=-1, kind="stable")[..., :n]
    keep = keep.copy()
    np.put_along_axis(keep, top, True, axis=-1)
    return keep


def top_k(z: Array, k: int, *, min_tokens_to_keep: int = 1) -> Array:
    r"""Keep the $k$ largest logits, set the rest to $-\infty$: keep $z_i \ge z_{(k)}$, the $k$-th largest
    (so tokens tied with it are all kept). $k \ge |V|$ keeps everything; $k$ is raised to ``min_tokens_to_keep``."""
    z = np.asarray(z, dtype=float)
    k = min(max(k, min_tokens_to_keep), z.shape[-1])
    kth = -np.sort(-z, axis=-1)[..., k - 1:k]
    return _keep(z, z >= kth)


def top_p(z: Array, p: float, *, min_tokens_to_keep: int = 1) -> Array:
    r"""Nucleus: keep the smallest set of most probable tokens whose total probability is $\ge p$.
    Token $i$ is kept iff the probability of the tokens ranked strictly above it is $< p$
    (``transformers``: drop where the ascending cumulative probability is $\le 1 - p$). $p = 1$ keeps all."""
    z = np.asarray(z, dtype=float)
    probs = softmax(z)
    order = np.argsort(-z, axis=-1, kind="stable")
    sorted_p = np.take_along_axis(probs, order, axis=-1)
    above = np.cumsum(sorted_p, axis=-1) - sorted_p
    keep_sorted = above < p
    keep = np.zeros_like(keep_sorted)
    np.put_along_axis(keep, order, keep_sorted, axis=-1)
    return _keep(z, _protect_top(z, keep, min_tokens_to_keep))


def min_p(z: Array, p_base: float, *, min_tokens_to_keep: int = 1) -> Array:
    r"""Min-p (Nguyen et al. 2024): keep token $i$ iff $p_i \ge p_{\text{base}} \cdot \max_j p_j$,
    a threshold that rises when the model is confident and falls when it is not."""
    z = np.asarray(z, dtype=float)
    probs = softmax(z)
    keep = probs >= p_base * probs.max(axis=-1, keepdims=True)
    return _keep(z, _protect_top(z, keep, min_tokens_to_keep))


def typical(z: Array, mass: float = 0.9, *, min_tokens_to_keep: int = 1) -> Array:
    r"""Locally typical sampling (Meister et al. 2023): rank tokens by $|{-\log p_i} - H(p)|$, the
    distance of their surprisal from the entropy $H(p) = -\sum_j p_j \log p_j$, and keep the
    shortest prefix of that ranking whose probability reaches ``mass`` (plus tokens tied with its last)."""
    z = np.asarray(z, dtype=float)
    logp = log_softmax(z)
    probs = np.exp(logp)
    H = -np.sum(np.where(probs > 0, probs * logp, 0.0), axis=-1, keepdims=True)
    dist = np.abs(-logp - H)
    order = np.argsort(dist, axis=-1, kind="stable")
    sorted_d = np.take_along_axis(dist, order, axis=-1)
    cum = np.cumsum(np.take_along_axis(probs, order, axis=-1), axis=-1)
    last = np.minimum(np.sum(cum < mass, axis=-1, keepdims=True), z.shape[-1] - 1)
    keep_sorted = sorted_d <= np.take_along_axis(sorted_d, last, axis=-1)
    keep_sorted[..., :min_tokens_to_keep] = True
    keep = np.zeros_like(keep_sorted)
    np.put_along_axis(keep, order, keep_sorted, axis=-1)
    return _keep(z, keep)


def repetition_penalty(z: Array, previous: Sequence[int], theta: float) -> Array:
    r"""CTRL-style penalty as in ``transformers``' ``RepetitionPenaltyLogitsProcessor``: for every token
    already in the context (once, however often it occurred), $z_i \leftarrow z_i / \theta$ if $z_i > 0$
    and $z_i \cdot \theta$ if $z_i < 0$; $\theta > 1$ penalizes, $\theta = 1$ is off."""
    out = np.array(z, dtype=float)
    ids = np.unique(np.asarray(previous, dtype=int))
    out[ids] = np.where(out[ids] < 0, out[ids] * theta, out[ids] / theta)
    return out


def frequency_presence_penalty(z: Array, previous: Sequence[int], frequency: float = 0.0,
                               presence: float = 0.0) -> Array:
    r"""OpenAI-API style additive penalties: $z_i \leftarrow z_i - \alpha_{\text{freq}}\, c_i - \alpha_{\text{pres}}\,\1[c_i > 0]$,
    $c_i$ = how often token $i$ occurs so far."""
    c = np.bincount(np.asarray(previous, dtype=int), minlength=len(z)).astype(float)
    return np.asarray(z, dtype=float) - frequency * c - presence * (c > 0)


# --------------------------------------------------------------------------- search

#: a toy language model: prefix (tuple of token ids) -> next-token log-probabilities
StepFn = Callable[[tuple[int, ...]], Array]


def length_penalty_hf(length: int, alpha: float = 1.0) -> float:
    r"""``transformers`` beam score divisor: $\text{score} = \log P(\mathbf{y}) / |\mathbf{y}|^{\alpha}$
    (``length_penalty`` $= \alpha$, default 1.0; $|\mathbf{y}|$ counts generated tokens incl. EOS)."""
    return float(length) ** alpha


def length_penalty_gnmt(length: int, alpha: float) -> float:
    r"""GNMT (Wu et al. 2016): $\mathrm{lp}(\mathbf{y}) = (5 + |\mathbf{y}|)^{\alpha} / (5 + 1)^{\alpha}$."""
    return ((5.0 + length) / 6.0) ** alpha


def sequence_score(logp: float, length: int, alpha: float = 0.0, kind: str = "hf") -> float:
    """Length-normalized score $\\log P / \\mathrm{lp}$ (``alpha = 0``: raw log-probability)."""
    lp = length_penalty_hf(length, alpha) if kind == "hf" else length_penalty_gnmt(length, alpha)
    return logp / lp


def greedy(step: StepFn, max_len: int, eos: int) -> tuple[tuple[int, ...], float]:
    """Take $\\argmax_y p(y \\mid \\mathbf{y}_{<t})$ at every step until EOS or ``max_len`` tokens."""
    seq, total = (), 0.0
    while len(seq) < max_len:
        logp = step(seq)
        y = int(np.argmax(logp))
        seq, total = seq + (y,), total + float(logp[y])
        if y == eos:
            break
    return seq, total


def beam_search(step: StepFn, beam_width: int, max_len: int, eos: int, *, alpha: float = 0.0,
                kind: str = "hf") -> tuple[tuple[int, ...], float]:
    r"""Beam search: keep the ``beam_width`` best partial hypotheses by summed log-probability;
    at each step extend each by every token and keep the best $B$ of the $B|V|$ candidates. A
    candidate ending in EOS is finished and leaves the beam; at ``max_len`` the open beams finish too.
    Returns the finished hypothesis with the best length-normalized score
    ($\log P(\mathbf{y}) / \mathrm{lp}(|\mathbf{y}|)$, see :func:`sequence_score`) and its log-probability.
    $B = 1$ is greedy search; $B \ge |V|^{T}$ is exhaustive."""
    beams: list[tuple[tuple[int, ...], float]] = [((), 0.0)]
    finished: list[tuple[tuple[int, ...], float]] = []
    for _ in range(max_len):
        cands = []
        for seq, lp in beams:
            logp = step(seq)
            cands += [(seq + (y,), lp + float(logp[y])) for y in range(len(logp)) if logp[y] > NEG_INF]
        cands.sort(key=lambda c: -c[1])
        beams = []
        for seq, lp in cands[:beam_width]:
            (finished if seq[-1] == eos else beams).append((seq, lp))
        if not beams:
            break
    finished += beams
    return max(finished, key=lambda c: sequence_score(c[1], len(c[0]), alpha, kind))


def exhaustive_search(step: StepFn, vocab_size: int, max_len: int, eos: int, *, alpha: float = 0.0,
                      kind: str = "hf") -> tuple[tuple[int, ...], float]:
    """The exact argmax of the same score over every sequence that ends in EOS or has ``max_len`` tokens."""
    best, best_score = None, -math.inf
    for n in range(1, max_len + 1):
        for seq in itertools.product(range(vocab_size), repeat=n):
            if eos in seq[:-1] or (n < max_len and seq[-1] != eos):
                continue
            lp = sum(float(step(seq[:t])[seq[t]]) for t in range(n))
            s = sequence_score(lp, n, alpha, kind)
            if s > best_score:
                best, best_score = (seq, lp), s
    return best


# --------------------------------------------------------------------------- speculative decoding

def speculative_residual(p: Array, q: Array) -> Array:
    r"""Resampling distribution after a rejection: $p'(x) = \max(0, p(x) - q(x)) / \sum_y \max(0, p(y) - q(y))$."""
    r = np.maximum(np.asarray(p, float) - np.asarray(q, float), 0.0)
    s = r.sum()
    return r / s if s > 0 else np.asarray(p, float)


def speculative_token_distribution(p: Array, q: Array) -> Array:
    r"""Exact distribution of the token emitted at one draft position: draft $x \sim q$, accept with
    probability $\min(1, p(x)/q(x))$, else draw from the residual. Equals
    $q(x)\min(1, \tfrac{p(x)}{q(x)}) + (1 - \sum_y \min(p(y), q(y)))\, p'(x) = p(x)$."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    accepted = np.minimum(p, q)  # q(x) * min(1, p(x)/q(x)), 0 where q(x) = 0
    return accepted + (1.0 - accepted.sum()) * speculative_residual(p, q)


def acceptance_rate(p: Array, q: Array) -> float:
    r"""$\alpha = \sum_x \min(p(x), q(x)) = 1 - \mathrm{TV}(p, q)$: probability a draft token is accepted."""
    return float(np.minimum(p, q).sum())


def expected_tokens_per_step(alpha: float, gamma: int) -> float:
    r"""Leviathan et al. 2023: with i.i.d. acceptance $\alpha$ and $\gamma$ drafts, one target call
    yields $\dfrac{1 - \alpha^{\gamma + 1}}{1 - \alpha}$ tokens on average."""
    return gamma + 1.0 if alpha == 1.0 else (1 - alpha ** (gamma + 1)) / (1 - alpha)


def speculative_block_distribution(p_fn: StepFn, q_fn: StepFn, prefix: tuple[int, ...],
                                   gamma: int) -> dict[tuple[int, ...], float]:
    """Exact distribution of the block of tokens one speculative step appends to ``prefix``
    (enumerating every draft): the draft model proposes $\\gamma$ tokens; the $i$-th is accepted with
    probability $\\min(1, p/q)$; the first rejection is replaced by a residual sample and ends the
    block; if all are accepted, a bonus token is drawn from $p$. Blocks have 1 to $\\gamma + 1$ tokens."""
    out: dict[tuple[int, ...], float] = {}

    def walk(block: tuple[int, ...], prob: float) -> None:
        ctx = prefix + block
        p, q = p_fn(ctx), q_fn(ctx)
        if len(block) == gamma:  # all drafts accepted: bonus token from the target
            for y, py in enumerate(p):
                if py > 0:
                    out[block + (y,)] = out.get(block + (y,), 0.0) + prob * py
            return
        resid = speculative_residual(p, q)
        reject_mass = 0.0
        for x, qx in enumerate(q):
            if qx <= 0:
                continue
            acc = min(1.0, p[x] / qx)
            reject_mass += qx * (1 - acc)
            if acc > 0:
                walk(block + (x,), prob * qx * acc)
        for y, ry in enumerate(resid):
            if ry > 0 and reject_mass > 0:
                out[block + (y,)] = out.get(block + (y,), 0.0) + prob * reject_mass * ry

    walk((), 1.0)
    return out


def speculative_step(p_fn: StepFn, q_fn: StepFn, prefix: tuple[int, ...], gamma: int,
                     rng: np.random.Generator) -> tuple[int, ...]:
    """One sampled speculative-decoding step (the algorithm of Leviathan et al. 2023 / Chen et al. 2023)."""
    drafts, ctx = [], prefix
    for _ in range(gamma):  # the cheap model drafts gamma tokens autoregressively
        x = int(rng.choice(len(q := q_fn(ctx)), p=q))
        drafts.append(x)
        ctx = ctx + (x,)
    block: tuple[int, ...] = ()
    for x in drafts:  # the target scores all drafts (in one batched call in practice)
        p, q = p_fn(prefix + block), q_fn(prefix + block)
        if rng.random() < min(1.0, p[x] / q[x]):
            block += (x,)
        else:
            return block + (int(rng.choice(len(p), p=speculative_residual(p, q))),)
    p = p_fn(prefix + block)
    return block + (int(rng.choice(len(p), p=p)),)


# --------------------------------------------------------------------------- evaluation

def perplexity(logits: Array, targets: Array) -> float:
    r"""$\mathrm{PPL} = \exp\!\big(-\tfrac{1}{N}\sum_{t=1}^{N} \log p(y_t \mid \mathbf{y}_{<t})\big)$, the exponential
    of the mean token negative log-likelihood (cross-entropy in nats). ``logits``: $(N, |V|)$, ``targets``: $(N,)$."""
    logp = log_softmax(logits)
    nll = -logp[np.arange(len(targets)), np.asarray(targets)]
    return float(np.exp(nll.mean()))


def bits_per_byte(total_nll_nats: float, n_bytes: int) -> float:
    r"""$\mathrm{BPB} = \dfrac{\sum_t -\log p(y_t \mid \mathbf{y}_{<t})}{\ln 2 \cdot N_{\text{bytes}}}$: total code
    length of the text in bits divided by its UTF-8 length; the same text gives the same BPB under
    any tokenizer that assigns it the same probability."""
    return total_nll_nats / (math.log(2) * n_bytes)
