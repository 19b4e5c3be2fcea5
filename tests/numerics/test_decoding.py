"""Decoding: the logit processors against Hugging Face ``transformers`` (5.25) on random logits with
ties and edge cases; beam search against exhaustive search; speculative sampling's output
distribution against the target, exactly; perplexity and bits per byte against torch cross-entropy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet.numerics import decoding as dc
from tests.numerics.refdata import assert_close
from tests.checks import checks

torch = pytest.importorskip("torch")
lp = pytest.importorskip("transformers.generation.logits_process")

V = 50


def _logits(seed: int, batch: int = 6, ties: bool = False) -> np.ndarray:
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((batch, V)) * 2.0
    if ties:  # round to a coarse grid: many exactly equal logits, including at the cut-offs
        z = np.round(z * 2) / 2
    z[0, :] = z[0, 0]  # one row completely flat (choose p, mass off multiples of 1/V: no exact boundary)
    z[1, 3] = 12.0      # one very confident row
    return z


def _hf(proc, z, input_ids=None):
    ids = torch.zeros((z.shape[0], 1), dtype=torch.long) if input_ids is None else input_ids
    return proc(ids, torch.from_numpy(z.copy())).numpy()


def _same_filter(mine: np.ndarray, ref: np.ndarray) -> None:
    assert np.array_equal(np.isneginf(mine), np.isneginf(ref))
    assert_close(np.where(np.isneginf(mine), 0, mine), np.where(np.isneginf(ref), 0, ref))


def _same_filter_up_to_ties(mine, ref, z) -> None:
    """Where tied logits straddle a cut-off, which of them survives is arbitrary: compare the
    number kept and the sorted kept values per row instead of the positions."""
    for m, r, row in zip(mine, ref, z):
        assert np.sum(~np.isneginf(m)) == np.sum(~np.isneginf(r))
        assert np.array_equal(np.sort(row[~np.isneginf(m)]), np.sort(row[~np.isneginf(r)]))


@checks("temperature", against="`transformers` `TemperatureLogitsWarper`", tol="rtol 1e-6")
@pytest.mark.torch
@pytest.mark.parametrize("T", [0.3, 1.0, 2.5])
def test_temperature_matches_transformers(T):
    z = _logits(0)
    assert_close(dc.temperature(z, T), _hf(lp.TemperatureLogitsWarper(T), z))
    assert_close(dc.softmax(dc.temperature(z, 1e-3))[1], np.eye(V)[3], atol=1e-12)  # T -> 0: greedy
    with pytest.raises(ValueError):
        dc.temperature(z, 0.0)


@checks("top-k", against="`transformers` `TopKLogitsWarper` (with ties)", tol="same tokens kept; rtol 1e-6")
@pytest.mark.torch
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("k,keep", [(1, 1), (5, 1), (5, 8), (V, 1), (V + 10, 1)])
def test_top_k_matches_transformers(k, keep, ties):
    z = _logits(1, ties=ties)
    mine = dc.top_k(z, k, min_tokens_to_keep=keep)
    _same_filter(mine, _hf(lp.TopKLogitsWarper(k, min_tokens_to_keep=keep), z))
    kept = (~np.isneginf(mine)).sum(-1)
    assert np.all(kept >= min(max(k, keep), V))  # ties with the k-th logit are all kept
    if k >= V:
        assert np.all(kept == V)


@checks("top-p", against="`transformers` `TopPLogitsWarper` (with ties)", tol="same tokens kept, up to ties")
@pytest.mark.torch
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("p,keep", [(0.05, 1), (0.45, 1), (0.91, 1), (0.91, 5), (0.999, 1), (1.0, 1)])
def test_top_p_matches_transformers(p, keep, ties):
    z = _logits(2, ties=ties)
    mine = dc.top_p(z, p, min_tokens_to_keep=keep)
    ref = _hf(lp.TopPLogitsWarper(p, min_tokens_to_keep=keep), z)
    _same_filter_up_to_ties(mine, ref, z)
    if not ties:  # row 0 is flat (all tied), the other rows have distinct logits: same positions
        _same_filter(mine[1:], ref[1:])
    kept_mass = np.where(np.isneginf(mine), 0, dc.softmax(z)).sum(-1)
    assert np.all(kept_mass >= p - 1e-12)  # the nucleus holds at least p of the mass
    if p == 1.0:
        assert not np.isneginf(mine).any()


@checks("min-p", against="`transformers` `MinPLogitsWarper` (with ties)", tol="same tokens kept; rtol 1e-6")
@pytest.mark.torch
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("m,keep", [(0.0, 1), (0.05, 1), (0.2, 1), (0.2, 4), (1.0, 1), (1.0, 3)])
def test_min_p_matches_transformers(m, keep, ties):
    z = _logits(3, ties=ties)
    mine = dc.min_p(z, m, min_tokens_to_keep=keep)
    ref = _hf(lp.MinPLogitsWarper(m, min_tokens_to_keep=keep), z)
    if ties and keep > 1:
        _same_filter_up_to_ties(mine, ref, z)
    else:
        _same_filter(mine, ref)
    assert not np.isneginf(mine[0]).any()  # flat row: every token has p = p_max
    assert (~np.isneginf(dc.min_p(z, 0.2)[1])).sum() == 1  # confident row: only the 12.0 logit survives


@checks("typical-p", against="`transformers` `TypicalLogitsWarper` (with ties)", tol="same tokens kept, up to ties")
@pytest.mark.torch
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("mass,keep", [(0.2, 1), (0.5, 1), (0.9, 1), (0.9, 4), (0.99, 1)])
def test_typical_matches_transformers(mass, keep, ties):
    z = _logits(4, ties=ties)
    mine = dc.typical(z, mass, min_tokens_to_keep=keep)
    ref = _hf(lp.TypicalLogitsWarper(mass, min_tokens_to_keep=keep), z)
    _same_filter_up_to_ties(mine, ref, z)
    if not ties:  # row 0 is flat (all tied), the other rows have distinct logits: same positions
        _same_filter(mine[1:], ref[1:])


def test_typical_can_drop_the_most_likely_token():
    z = np.log(np.array([0.4] + [0.6 / 30] * 30))  # one head token, a long flat tail
    kept = ~np.isneginf(dc.typical(z, 0.5))
    assert not kept[0] and kept[1:].sum() >= 15


@checks("repetition-penalty", against="`transformers` `RepetitionPenaltyLogitsProcessor`", tol="rtol 1e-6")
@pytest.mark.torch
@pytest.mark.parametrize("theta", [0.5, 1.0, 1.3, 2.0])
def test_repetition_penalty_matches_transformers(theta):
    z = _logits(5)
    z[:, 7] = 0.0  # a zero logit stays zero
    rng = np.random.default_rng(6)
    prev = rng.integers(0, V, size=(z.shape[0], 12))
    prev[:, :3] = 7
    prev[:, 3:6] = 9  # repeated ids are penalized once, not per occurrence
    ref = _hf(lp.RepetitionPenaltyLogitsProcessor(theta), z, torch.from_numpy(prev))
    mine = np.stack([dc.repetition_penalty(row, ids, theta) for row, ids in zip(z, prev)])
    assert_close(mine, ref)
    if theta > 1:  # every seen token loses probability mass... relative to the unseen ones
        seen = np.zeros(V, bool)
        seen[np.unique(prev[2])] = True
        assert np.all(mine[2][seen] <= z[2][seen])


def test_frequency_and_presence_penalties_are_additive():
    z = np.array([2.0, 1.0, 0.5, -1.0])
    prev = [0, 0, 0, 2]
    out = dc.frequency_presence_penalty(z, prev, frequency=0.5, presence=0.25)
    assert_close(out, [2.0 - 1.5 - 0.25, 1.0, 0.5 - 0.5 - 0.25, -1.0])


def test_processors_compose_like_a_sampler_pipeline():
    """Temperature then top-k then top-p: the result is a proper distribution on a subset."""
    z = _logits(7)[2]
    probs = dc.softmax(dc.top_p(dc.top_k(dc.temperature(z, 0.7), 10), 0.8))
    assert math.isclose(probs.sum(), 1.0) and 1 <= (probs > 0).sum() <= 10


# --------------------------------------------------------------------------- search

def _toy_lm(vocab: int, seed: int, eos: int = 0):
    rng = np.random.default_rng(seed)
    table: dict[tuple[int, ...], np.ndarray] = {}

    def step(prefix):
        if prefix not in table:
            table[prefix] = dc.log_softmax(rng.standard_normal(vocab) * 1.5)
        return table[prefix]
    return step


@checks("beam-search", against="exhaustive search over every sequence (beam as wide as the search space)",
        tol="exact")
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("alpha", [0.0, 0.6, 1.0])
def test_wide_beam_equals_exhaustive_search(seed, alpha):
    V_, T, eos = 4, 4, 0
    step = _toy_lm(V_, seed)
    exact = dc.exhaustive_search(step, V_, T, eos, alpha=alpha)
    assert dc.beam_search(step, V_ ** T, T, eos, alpha=alpha) == exact
    for B in (1, 2, 3):  # a narrow beam never beats the exact optimum
        seq, logp = dc.beam_search(step, B, T, eos, alpha=alpha)
        assert dc.sequence_score(logp, len(seq), alpha) <= dc.sequence_score(exact[1], len(exact[0]), alpha) + 1e-12


@pytest.mark.parametrize("seed", range(6))
def test_beam_width_one_is_greedy(seed):
    step = _toy_lm(5, seed)
    assert dc.beam_search(step, 1, 6, 0) == dc.greedy(step, 6, 0)


def test_beam_search_fixes_a_greedy_search_error():
    """Greedy takes the locally best first token (0.6) into a flat continuation; the sequence
    through 0.4 then 0.9 is more probable (0.36 > 0.6 * 0.5)."""
    eos = 0
    table = {(): [1e-12, 0.6, 0.4], (1,): [0.5, 0.25, 0.25], (2,): [0.9, 0.05, 0.05]}

    def step(prefix):
        return np.log(np.array(table.get(prefix, [1.0, 1e-9, 1e-9])))
    g = dc.greedy(step, 2, eos)
    b = dc.beam_search(step, 2, 2, eos)
    assert g[0] == (1, 0) and b[0] == (2, 0)
    assert math.isclose(math.exp(g[1]), 0.30) and math.isclose(math.exp(b[1]), 0.36)


def test_length_penalties():
    assert dc.length_penalty_gnmt(1, 0.6) == 1.0
    assert math.isclose(dc.length_penalty_gnmt(10, 1.0), 15 / 6)
    assert dc.length_penalty_hf(7, 0.0) == 1.0 and dc.length_penalty_hf(7, 1.0) == 7.0
    # alpha > 0 favors the longer hypothesis of two with the same mean log-probability per token... :
    assert dc.sequence_score(-6.0, 6, 1.0) == dc.sequence_score(-2.0, 2, 1.0)
    assert dc.sequence_score(-6.0, 6, 0.0) < dc.sequence_score(-2.0, 2, 0.0)  # raw log P prefers short


# --------------------------------------------------------------------------- speculative decoding

def _random_dist(rng, n, zeros=0):
    p = rng.dirichlet(np.ones(n) * 0.7)
    if zeros:
        p[rng.choice(n, zeros, replace=False)] = 0.0
        p /= p.sum()
    return p


@pytest.mark.parametrize("seed", range(10))
def test_speculative_single_token_distribution_is_the_target(seed):
    rng = np.random.default_rng(seed)
    p, q = _random_dist(rng, 6, zeros=seed % 3), _random_dist(rng, 6, zeros=(seed + 1) % 3)
    assert_close(dc.speculative_token_distribution(p, q), p, atol=1e-14)
    assert_close(dc.speculative_token_distribution(p, p), p, atol=1e-14)  # q = p: always accepted
    assert math.isclose(dc.acceptance_rate(p, q), 1 - 0.5 * np.abs(p - q).sum())


def _ctx_models(seed, n=3):
    rng = np.random.default_rng(seed)
    P, Q = {}, {}

    def mk(store):
        def f(ctx):
            if ctx not in store:
                store[ctx] = _random_dist(rng, n, zeros=int(rng.integers(0, 2)))
            return store[ctx]
        return f
    return mk(P), mk(Q)


def _first_n(p_fn, q_fn, n, gamma, prefix=()):
    """Exact distribution of the first n tokens of speculative decoding, step after step."""
    out = {}
    for block, pr in dc.speculative_block_distribution(p_fn, q_fn, prefix, gamma).items():
        if len(block) >= n:
            out[block[:n]] = out.get(block[:n], 0.0) + pr
        else:
            for rest, pr2 in _first_n(p_fn, q_fn, n - len(block), gamma, prefix + block).items():
                out[block + rest] = out.get(block + rest, 0.0) + pr * pr2
    return out


@checks("speculative-sampling", against="the target model's exact sequence distribution (enumerated)",
        tol="atol 1e-13")
@pytest.mark.parametrize("seed,gamma", [(0, 1), (1, 2), (2, 3), (3, 2)])
def test_speculative_decoding_samples_exactly_from_the_target(seed, gamma):
    p_fn, q_fn = _ctx_models(seed)
    n = 3
    dist = _first_n(p_fn, q_fn, n, gamma)
    target = {}
    for seq in np.ndindex(*(3,) * n):
        pr = 1.0
        for t in range(n):
            pr *= p_fn(tuple(seq[:t]))[seq[t]]
        if pr > 0:
            target[tuple(int(s) for s in seq)] = pr
    keys = sorted(set(dist) | set(target))
    assert_close([dist.get(k, 0.0) for k in keys], [target.get(k, 0.0) for k in keys], atol=1e-13)


def test_expected_block_length_formula():
    rng = np.random.default_rng(11)
    p, q = _random_dist(rng, 4), _random_dist(rng, 4)
    alpha = dc.acceptance_rate(p, q)
    for gamma in (1, 2, 4):
        blocks = dc.speculative_block_distribution(lambda c: p, lambda c: q, (), gamma)
        assert math.isclose(sum(blocks.values()), 1.0)
        mean_len = sum(len(b) * pr for b, pr in blocks.items())
        assert math.isclose(mean_len, dc.expected_tokens_per_step(alpha, gamma), rel_tol=1e-12)


def test_speculative_sampler_frequencies_match_the_target():
    p_fn, q_fn = _ctx_models(5)
    rng = np.random.default_rng(0)
    n, counts = 20000, np.zeros(3)
    for _ in range(n):
        counts[dc.speculative_step(p_fn, q_fn, (), 2, rng)[0]] += 1
    assert np.abs(counts / n - p_fn(())).max() < 0.015  # 4 standard errors at most


# --------------------------------------------------------------------------- evaluation

@checks("decoding-perplexity", against="`exp(F.cross_entropy)`", tol="rtol 1e-12")
@pytest.mark.torch
def test_perplexity_is_exp_of_torch_cross_entropy():
    rng = np.random.default_rng(8)
    logits, y = rng.standard_normal((40, 30)) * 3, rng.integers(0, 30, 40)
    ce = torch.nn.functional.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y))
    assert math.isclose(dc.perplexity(logits, y), math.exp(ce.item()), rel_tol=1e-12)
    assert math.isclose(dc.perplexity(np.zeros((5, 30)), np.arange(5)), 30.0)  # uniform: PPL = |V|


@pytest.mark.torch
def test_bits_per_byte_is_invariant_to_tokenization_where_perplexity_is_not():
    """The same text with the same probability under two segmentations: a char-level model and a
    model that emits the 4-character 'word' in one token. Total NLL equal, so BPB is equal; PPL differs."""
    text = "abab"
    p_char = np.array([0.5, 0.4, 0.5, 0.4])  # p('a'), p('b'|'a'), ...
    total = -np.log(p_char).sum()
    char_logits = torch.log(torch.tensor([[0.5, 0.5], [0.6, 0.4], [0.5, 0.5], [0.6, 0.4]], dtype=torch.float64))
    nll = torch.nn.functional.cross_entropy(char_logits, torch.tensor([0, 1, 0, 1]), reduction="sum").item()
    assert math.isclose(nll, total)
    word_prob = float(np.prod(p_char))
    bpb_char = dc.bits_per_byte(nll, len(text.encode()))
    bpb_word = dc.bits_per_byte(-math.log(word_prob), len(text.encode()))
    assert math.isclose(bpb_char, bpb_word)
    ppl_char, ppl_word = math.exp(nll / 4), math.exp(-math.log(word_prob) / 1)
    assert ppl_word == pytest.approx(ppl_char ** 4) and ppl_word > 2 * ppl_char
