"""Prompting and evaluation arithmetic in NumPy: the self-consistency vote (plurality over sampled
answers) and its accuracy when the samples are independent, the position-swap aggregation of a
pairwise LLM judge, and the unbiased pass@k estimator of Chen et al. (2021)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np

# --------------------------------------------------------------------------- self-consistency


def majority_vote(answers: Sequence[Hashable]) -> Hashable:
    r"""Self-consistency's vote: $\hat a = \argmax_a \sum_{i=1}^{n} \1[a_i = a]$ over the final answers
    $a_1, \dots, a_n$ of $n$ sampled reasoning paths. Tie-breaking rule: among the answers with the
    highest count, the one that was sampled *first* wins (deterministic, like ``Counter.most_common``)."""
    if len(answers) == 0:
        raise ValueError("need at least one answer")
    counts: dict[Hashable, int] = {}
    for a in answers:
        counts[a] = counts.get(a, 0) + 1
    best = max(counts.values())
    for a in answers:  # first occurrence among the tied answers
        if counts[a] == best:
            return a
    raise AssertionError("unreachable")


def majority_correct_prob(p: float, n: int) -> float:
    r"""Probability that the majority of $n$ independent samples, each correct with probability $p$ and
    wrong otherwise (two outcomes), is correct; a tie (even $n$) is broken by a fair coin:

    $P_n = \sum_{j > n/2} \binom{n}{j} p^j (1-p)^{n-j} + \tfrac12 \binom{n}{n/2} p^{n/2}(1-p)^{n/2}\,\1[n \text{ even}]$.
    """
    if n < 1:
        raise ValueError("n must be >= 1")
    total = 0.0
    for j in range(n + 1):
        w = math.comb(n, j) * p**j * (1 - p) ** (n - j)
        if 2 * j > n:
            total += w
        elif 2 * j == n:
            total += 0.5 * w
    return total


def plurality_correct_prob(p: float, n: int, m: int) -> float:
    r"""Probability that the plurality vote of $n$ independent samples is correct when each sample is
    correct with probability $p$ and otherwise one of $m$ distinct wrong answers, each with probability
    $(1-p)/m$; ties are broken uniformly at random among the tied answers. $m = 1$ is
    :func:`majority_correct_prob`. Exact: sum over the count $c$ of correct samples, with the wrong
    counts $w_1, \dots, w_m \le c$ enumerated through their exponential generating function."""
    if n < 1 or m < 1:
        raise ValueError("n and m must be >= 1")
    q = (1 - p) / m
    total = 0.0
    for c in range(n + 1):
        rest = n - c
        if c == 0:
            continue  # zero correct samples can never win
        # f[j, t] = sum over (w_1..w_k) with sum j, all w_i <= c, t of them equal to c, of prod 1/w_i!
        f = np.zeros((rest + 1, m + 1))
        f[0, 0] = 1.0
        inv_fact = np.array([1.0 / math.factorial(w) for w in range(c + 1)])
        for _ in range(m):
            g = np.zeros_like(f)
            for w in range(min(c, rest) + 1):
                if w < c:
                    g[w:, :] += inv_fact[w] * f[: rest + 1 - w, :]
                else:
                    g[w:, 1:] += inv_fact[w] * f[: rest + 1 - w, :-1]
            f = g
        share = f[rest, :] / (1.0 + np.arange(m + 1))  # correct wins outright (t = 0) or shares a t-way tie
        total += math.comb(n, c) * p**c * math.factorial(rest) * q**rest * float(share.sum())
    return total


# --------------------------------------------------------------------------- LLM-as-a-judge

VERDICT_SCORE = {"first": 1.0, "tie": 0.5, "second": 0.0}


def swap_aggregate(verdict_ab: str, verdict_ba: str) -> float:
    r"""Score of answer A from two judge calls, one with A shown first (``verdict_ab``) and one with the
    order swapped (``verdict_ba``), each ``"first"``, ``"second"`` or ``"tie"``; win = 1, tie = 1/2,
    loss = 0, averaged over the two orders: $s_A = \tfrac12\big(s(\text{A first}) + 1 - s(\text{B first})\big)$."""
    return 0.5 * (VERDICT_SCORE[verdict_ab] + 1.0 - VERDICT_SCORE[verdict_ba])


def conservative_verdict(verdict_ab: str, verdict_ba: str) -> str:
    """Zheng et al. (2023): A (or B) wins only if it is preferred in *both* orders; an inconsistent
    pair of verdicts counts as a tie. Returns ``"A"``, ``"B"`` or ``"tie"``."""
    a_wins = (verdict_ab == "first", verdict_ba == "second")
    b_wins = (verdict_ab == "second", verdict_ba == "first")
    if all(a_wins):
        return "A"
    if all(b_wins):
        return "B"
    return "tie"


def biased_judge(q_first: float, q_tie: float, bias: float) -> dict[str, float]:
    r"""A judge with an additive position bias: the first-shown answer wins with probability
    $q_\text{first} + b$, the second with $q_\text{second} - b$, and a tie has probability $q_\text{tie}$,
    where $q$ are the unbiased verdict probabilities of that order ($q_\text{first} + q_\text{second} + q_\text{tie} = 1$)."""
    out = {"first": q_first + bias, "tie": q_tie, "second": 1.0 - q_first - q_tie - bias}
    if min(out.values()) < 0:
        raise ValueError("bias too large for these probabilities")
    return out


def expected_swap_score(judge_ab: dict[str, float], judge_ba: dict[str, float]) -> float:
    r"""$\E[s_A]$ of :func:`swap_aggregate` when the two calls are independent with verdict distributions
    ``judge_ab`` (A first) and ``judge_ba`` (B first); an exact sum over the $3 \times 3$ outcomes."""
    return sum(pa * pb * swap_aggregate(va, vb) for va, pa in judge_ab.items() for vb, pb in judge_ba.items())


def logit_judge_first_wins(delta: float, bias: float) -> float:
    r"""A judge with the bias in logit space (no ties): $P(\text{first wins}) = \sigma(\Delta + b)$, with
    $\Delta$ the quality difference first minus second and $b$ the position bias."""
    return 1.0 / (1.0 + math.exp(-(delta + bias)))


# --------------------------------------------------------------------------- pass@k


def pass_at_k(n: int, c: int, k: int) -> float:
    r"""Unbiased pass@k from $n$ samples of which $c$ are correct (Chen et al. 2021):
    $1 - \binom{n-c}{k} / \binom{n}{k}$, computed as $1 - \prod_{i=n-c+1}^{n} (1 - k/i)$ to avoid huge
    binomials. Requires $k \le n$."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError("need 0 <= c <= n and 1 <= k <= n")
    if n - c < k:
        return 1.0
    return 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))
