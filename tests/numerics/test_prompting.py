"""Prompting numerics checked independently: the vote against collections.Counter, the majority and
plurality accuracies against scipy.stats.binom and against brute-force enumeration of every sequence
of sampled answers, the judge's position-swap aggregation by enumeration of a constructed biased
judge, and pass@k against enumeration of all k-subsets of the samples."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from scipy import special, stats

from cheatsheet.numerics import prompting as pr

# --------------------------------------------------------------------------- vote


@pytest.mark.parametrize("seed", range(20))
def test_majority_vote_matches_counter_including_ties(seed):
    rng = np.random.default_rng(seed)
    answers = [str(a) for a in rng.integers(0, 4, size=int(rng.integers(1, 12)))]
    # Counter.most_common orders equal counts by first insertion: the same tie rule
    assert pr.majority_vote(answers) == Counter(answers).most_common(1)[0][0]


def test_majority_vote_tie_goes_to_the_first_sampled_answer():
    assert pr.majority_vote(["12", "15", "15", "12"]) == "12"
    assert pr.majority_vote(["15", "12", "12", "15", "7"]) == "15"
    with pytest.raises(ValueError):
        pr.majority_vote([])


# --------------------------------------------------------------------------- accuracy of the vote


@pytest.mark.parametrize("p", [0.2, 0.45, 0.5, 0.6, 0.9])
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 10, 11, 40])
def test_majority_correct_prob_matches_scipy_binom(p, n):
    expected = stats.binom.sf(n // 2, n, p)  # P(J > n/2) for odd n, P(J > n/2) for even n too
    if n % 2 == 0:
        expected += 0.5 * stats.binom.pmf(n // 2, n, p)
    assert pr.majority_correct_prob(p, n) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_majority_vote_helps_only_above_one_half():
    for p in (0.6, 0.7, 0.9):
        assert pr.majority_correct_prob(p, 41) > pr.majority_correct_prob(p, 5) > p
    for p in (0.3, 0.45):
        assert pr.majority_correct_prob(p, 41) < pr.majority_correct_prob(p, 5) < p
    assert pr.majority_correct_prob(0.5, 7) == pytest.approx(0.5)
    # a tie (even n) adds nothing over the odd n below it: P_{2k} = P_{2k-1}
    assert pr.majority_correct_prob(0.7, 4) == pytest.approx(pr.majority_correct_prob(0.7, 3))


def _brute_plurality(p, n, m):
    """Sum over every sequence of n answers (0 = correct, 1..m wrong) with exact fractions."""
    p, q = Fraction(p), (1 - Fraction(p)) / m
    total = Fraction(0)
    for seq in itertools.product(range(m + 1), repeat=n):
        counts = Counter(seq)
        best = max(counts.values())
        tied = [a for a, c in counts.items() if c == best]
        if 0 in tied:
            prob = Fraction(1)
            for a in seq:
                prob *= p if a == 0 else q
            total += prob / len(tied)
    return float(total)


@pytest.mark.parametrize("n,m", [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 2), (6, 4)])
@pytest.mark.parametrize("p", ["0.3", "0.5", "0.7"])
def test_plurality_correct_prob_matches_enumeration(n, m, p):
    assert pr.plurality_correct_prob(float(p), n, m) == pytest.approx(_brute_plurality(p, n, m), rel=1e-12)


@pytest.mark.parametrize("n", [1, 6, 15, 30])
def test_plurality_with_one_wrong_answer_is_the_binary_majority(n):
    assert pr.plurality_correct_prob(0.62, n, 1) == pytest.approx(pr.majority_correct_prob(0.62, n), rel=1e-12)


def test_spread_out_errors_let_the_vote_beat_a_coin_flip():
    # p = 0.4 < 1/2: a binary majority gets worse with n, a plurality over 5 scattered wrong answers better
    assert pr.majority_correct_prob(0.4, 21) < 0.4
    assert pr.plurality_correct_prob(0.4, 21, 5) > 0.9


# --------------------------------------------------------------------------- judge position bias


@pytest.mark.parametrize("q_first,q_tie", [(0.6, 0.1), (0.3, 0.2), (0.5, 0.0), (0.15, 0.5)])
@pytest.mark.parametrize("bias", [0.0, 0.05, 0.1])
def test_swap_and_average_removes_additive_position_bias_exactly(q_first, q_tie, bias):
    q_second = 1 - q_first - q_tie  # unbiased: A beats B with q_first, B beats A with q_second
    judge_ab = pr.biased_judge(q_first, q_tie, bias)  # A shown first
    judge_ba = pr.biased_judge(q_second, q_tie, bias)  # B shown first: B's own chance + the bias
    unbiased = q_first + 0.5 * q_tie
    # one order alone is off by exactly the bias; the swap average is exact for every bias
    single = judge_ab["first"] + 0.5 * judge_ab["tie"]
    assert single == pytest.approx(unbiased + bias, abs=1e-12)
    assert pr.expected_swap_score(judge_ab, judge_ba) == pytest.approx(unbiased, abs=1e-12)
    # and the two answers' aggregated scores add up to one (no position left to favor)
    assert pr.expected_swap_score(judge_ab, judge_ba) + pr.expected_swap_score(judge_ba, judge_ab) == pytest.approx(1.0)


def test_swap_aggregate_and_conservative_rule_by_enumeration():
    verdicts = ("first", "tie", "second")
    for va, vb in itertools.product(verdicts, verdicts):
        s_a, s_b = pr.swap_aggregate(va, vb), pr.swap_aggregate(vb, va)
        assert s_a + s_b == pytest.approx(1.0)  # antisymmetric in A and B
        rule = pr.conservative_verdict(va, vb)
        assert rule == {1.0: "A", 0.0: "B"}.get(s_a, "tie")  # a win needs both orders
    assert pr.conservative_verdict("first", "first") == "tie"  # always picks the first slot: inconsistent
    assert pr.conservative_verdict("first", "second") == "A"


@pytest.mark.parametrize("delta", [-2.0, -0.5, 0.0, 0.7, 3.0])
@pytest.mark.parametrize("bias", [0.5, 1.5])
def test_logit_bias_swap_is_order_free_but_shrinks_toward_a_tie(delta, bias):
    a_first = pr.logit_judge_first_wins(delta, bias)
    b_first = pr.logit_judge_first_wins(-delta, bias)
    avg = 0.5 * (a_first + 1 - b_first)
    assert avg == pytest.approx(0.5 * (special.expit(delta + bias) + special.expit(delta - bias)))
    unbiased = special.expit(delta)
    assert abs(avg - 0.5) <= abs(unbiased - 0.5) + 1e-12  # the sign is kept, the strength is not
    if delta != 0:
        assert np.sign(avg - 0.5) == np.sign(unbiased - 0.5)


# --------------------------------------------------------------------------- pass@k


@pytest.mark.parametrize("n,c,k", [(5, 0, 1), (5, 2, 1), (5, 2, 3), (6, 3, 4), (8, 1, 8), (10, 4, 5), (10, 9, 2)])
def test_pass_at_k_matches_enumeration_of_subsets(n, c, k):
    samples = [1] * c + [0] * (n - c)
    subsets = list(itertools.combinations(range(n), k))
    frac = sum(any(samples[i] for i in s) for s in subsets) / len(subsets)
    assert pr.pass_at_k(n, c, k) == pytest.approx(frac, abs=1e-12)
    assert pr.pass_at_k(n, c, k) == pytest.approx(1 - special.comb(n - c, k, exact=True) / special.comb(n, k, exact=True))


def test_pass_at_k_large_n_is_stable_and_unbiased_in_expectation():
    # n = 200 samples as in Chen et al.; the naive binomial ratio is fine in exact integers
    n, c, k = 200, 13, 100
    exact = 1 - Fraction(math.comb(n - c, k), math.comb(n, k))
    assert pr.pass_at_k(n, c, k) == pytest.approx(float(exact), rel=1e-12)
    # unbiased: averaged over Binomial(n, p) draws of c, it equals 1 - (1-p)^k
    p = 0.07
    mean = sum(stats.binom.pmf(cc, n, p) * pr.pass_at_k(n, cc, 10) for cc in range(n + 1))
    assert mean == pytest.approx(1 - (1 - p) ** 10, rel=1e-9)
    assert pr.pass_at_k(10, 1, 1) == pytest.approx(0.1)
