"""Position encodings checked against Hugging Face ``transformers`` (T5 buckets, BLOOM / MPT ALiBi slopes,
Llama rotary embedding and its context-extension frequencies), against the papers' closed forms
evaluated independently, and against brute-force loops."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet.numerics import positional as pos
from tests.numerics.refdata import assert_close
from tests.checks import checks


# --------------------------------------------------------------------------- sinusoidal

@checks("sinusoidal-encoding",
        against="an element-by-element loop with the frequencies computed as `exp(-2i ln(10000)/d)`",
        tol="rtol 1e-6")
def test_sinusoidal_against_independent_formula():
    d, n = 12, 40
    pe = pos.sinusoidal_positional_encoding(n, d)
    ref = np.zeros((n, d))
    for p in range(n):
        for i in range(d // 2):
            w = math.exp(-math.log(10000.0) * (2 * i) / d)  # 1 / 10000^(2i/d), computed another way
            ref[p, 2 * i] = math.sin(p * w)
            ref[p, 2 * i + 1] = math.cos(p * w)
    assert_close(pe, ref)
    assert_close(pos.sinusoidal_positional_encoding([2.5], d)[0, :2], [math.sin(2.5), math.cos(2.5)])


# --------------------------------------------------------------------------- RoPE

def test_rope_score_depends_only_on_offset_property():
    rng = np.random.default_rng(11)
    for _ in range(25):
        d = int(rng.choice([8, 16, 64]))
        q, k = rng.standard_normal(d), rng.standard_normal(d)
        m, n = rng.integers(0, 5000, size=2)
        shift = int(rng.integers(-3000, 3000))
        s1 = pos.rope_score(q, k, m, n)
        s2 = pos.rope_score(q, k, m + shift, n + shift)
        assert s1 == pytest.approx(s2, rel=1e-9, abs=1e-9)
        # and equals q^T R_{n-m} k with the key rotated alone by the offset
        s3 = float(q @ pos.apply_rope(k[None], [n - m])[0])
        assert s1 == pytest.approx(s3, rel=1e-9, abs=1e-9)
    # a different offset gives a different score (the test can fail)
    q, k = rng.standard_normal(16), rng.standard_normal(16)
    assert abs(pos.rope_score(q, k, 0, 3) - pos.rope_score(q, k, 0, 4)) > 1e-3


def test_rope_rotation_form_equals_complex_form_and_block_matrix():
    rng = np.random.default_rng(12)
    x = rng.standard_normal((3, 7, 16))
    p = np.arange(7) * 13.0
    assert_close(pos.apply_rope(x, p), pos.apply_rope_complex(x, p))
    # explicit block-diagonal rotation matrix R_m for one vector
    m, theta = 5.0, pos.rope_frequencies(16)
    R = np.zeros((16, 16))
    for i, t in enumerate(theta):
        c, s = math.cos(m * t), math.sin(m * t)
        R[2 * i: 2 * i + 2, 2 * i: 2 * i + 2] = [[c, -s], [s, c]]
    assert_close(pos.apply_rope(x[0, :1], [m])[0], R @ x[0, 0])
    assert_close(np.linalg.norm(pos.apply_rope(x, p), axis=-1), np.linalg.norm(x, axis=-1))


def test_interleaved_and_half_split_differ_but_agree_after_permutation():
    rng = np.random.default_rng(13)
    x = rng.standard_normal((5, 8))
    p = np.arange(5)
    perm = pos.interleaved_to_half(8)
    assert not np.allclose(pos.apply_rope(x, p), pos.apply_rope_half(x, p))
    assert_close(pos.apply_rope_half(x[:, perm], p), pos.apply_rope(x, p)[:, perm])


def _llama_config(**kw):
    from transformers import LlamaConfig
    return LlamaConfig(hidden_size=64, num_attention_heads=4, num_key_value_heads=4, **kw)


@checks("rope", against="`transformers` `LlamaRotaryEmbedding` and `apply_rotary_pos_emb`",
        tol="rtol 1e-4, atol 2e-4 (float32 angles)")
@pytest.mark.torch
def test_half_split_rope_matches_transformers_llama():
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from transformers.models.llama.modeling_llama import LlamaRotaryEmbedding, apply_rotary_pos_emb

    cfg = _llama_config(max_position_embeddings=256)
    rot = LlamaRotaryEmbedding(cfg)
    rng = np.random.default_rng(14)
    q, k = rng.standard_normal((1, 4, 9, 16)), rng.standard_normal((1, 4, 9, 16))
    positions = np.array([0, 1, 2, 3, 10, 50, 100, 200, 255])
    pid = torch.tensor(positions)[None]
    cos, sin = rot(torch.zeros(1, dtype=torch.float64), pid)
    q_hf, k_hf = apply_rotary_pos_emb(torch.tensor(q), torch.tensor(k), cos.double(), sin.double())
    assert_close(rot.inv_freq.double().numpy(), pos.rope_frequencies(16), rtol=1e-6)
    # transformers computes the angles in float32: compare at float32 accuracy
    assert_close(q_hf.numpy(), pos.apply_rope_half(q, positions), rtol=1e-4, atol=2e-4)
    assert_close(k_hf.numpy(), pos.apply_rope_half(k, positions), rtol=1e-4, atol=2e-4)
    assert not np.allclose(q_hf.numpy(), pos.apply_rope(q, positions), atol=1e-2)  # not the interleaved layout


@checks("rope-extension", against="`transformers` `ROPE_INIT_FUNCTIONS` (linear, dynamic, YaRN)", tol="rtol 1e-5")
@pytest.mark.torch
def test_context_extension_frequencies_match_transformers_rope_init_functions():
    pytest.importorskip("transformers")
    from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS

    d, L, s = 16, 128, 4.0
    lin = _llama_config(max_position_embeddings=L * 4,
                        rope_parameters={"rope_type": "linear", "rope_theta": 10000.0, "factor": s})
    inv, _ = ROPE_INIT_FUNCTIONS["linear"](lin)
    assert_close(inv.double().numpy(), pos.position_interpolation_inv_freq(d, s), rtol=1e-6)
    # dynamic NTK with factor 1 at sequence length s * L is the static NTK-aware base b * s^(d/(d-2))
    dyn = _llama_config(max_position_embeddings=L,
                        rope_parameters={"rope_type": "dynamic", "rope_theta": 10000.0, "factor": 1.0})
    inv, _ = ROPE_INIT_FUNCTIONS["dynamic"](dyn, seq_len=int(s * L))
    assert_close(inv.double().numpy(), pos.rope_frequencies(d, pos.ntk_aware_base(10000.0, s, d)), rtol=1e-5)
    for base, L0 in ((10000.0, 128), (500000.0, 4096)):
        yarn = _llama_config(max_position_embeddings=int(L0 * s), rope_parameters={
            "rope_type": "yarn", "rope_theta": base, "factor": s, "original_max_position_embeddings": L0})
        inv, factor = ROPE_INIT_FUNCTIONS["yarn"](yarn)
        assert_close(inv.double().numpy(), pos.yarn_inv_freq(d, s, L0, base), rtol=1e-5)
        assert factor == pytest.approx(pos.yarn_attention_factor(s))


def test_context_extension_closed_forms():
    d, s = 64, 8.0
    theta = pos.rope_frequencies(d)
    ntk = pos.rope_frequencies(d, pos.ntk_aware_base(10000.0, s, d))
    assert ntk[0] == pytest.approx(theta[0])  # fastest pair untouched
    assert ntk[-1] == pytest.approx(theta[-1] / s)  # slowest pair interpolated by exactly s
    assert pos.yarn_attention_factor(math.e) == pytest.approx(1.1)
    assert pos.yarn_attention_factor(0.5) == 1.0
    # paper ramp: pairs turning more than beta times over L keep theta, fewer than alpha turns get theta / s
    L = 2048
    y = pos.yarn_inv_freq(d, s, L, ramp="paper")
    r = L * theta / (2 * math.pi)
    assert_close(y[r > 32], theta[r > 32])
    assert_close(y[r < 1], theta[r < 1] / s)
    mid = (r >= 1) & (r <= 32)
    assert mid.any() and np.all(y[mid] <= theta[mid] + 1e-15) and np.all(y[mid] >= theta[mid] / s - 1e-15)
    assert_close(pos.yarn_ramp([0.5, 1.0, 16.5, 32.0, 40.0]), [0.0, 0.0, 0.5, 1.0, 1.0])


# --------------------------------------------------------------------------- ALiBi

@pytest.mark.parametrize("h", [8, 12])
def test_alibi_slopes_paper_geometric_sequence(h):
    slopes = pos.alibi_slopes(h)
    if h == 8:
        assert_close(slopes, [1 / 2**k for k in range(1, 9)])  # 1/2, 1/4, ..., 1/256
    else:  # 8 slopes of 8 heads, then every other slope of 16 heads: 2^-0.5, 2^-1.5, 2^-2.5, 2^-3.5
        assert_close(slopes, [2.0**-k for k in range(1, 9)] + [2.0 ** -(k + 0.5) for k in range(4)])
    assert len(slopes) == h


@checks("alibi-slopes", against="`transformers` BLOOM and MPT ALiBi slopes", tol="rtol 1e-6")
@pytest.mark.torch
@pytest.mark.parametrize("h", [1, 4, 8, 12, 16, 24, 32, 40, 112])
def test_alibi_slopes_match_transformers_bloom_and_mpt(h):
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from transformers.models.bloom.modeling_bloom import _get_alibi_slopes
    from transformers.models.mpt.modeling_mpt import build_mpt_alibi_tensor

    assert_close(_get_alibi_slopes(h, torch.device("cpu")).double().numpy(), pos.alibi_slopes(h), rtol=1e-6)
    mpt = build_mpt_alibi_tensor(h, 2).double().numpy()  # (h, 1, 2): slope * [-1, 0]
    assert_close(-mpt[:, 0, 0], pos.alibi_slopes(h), rtol=1e-6)


@pytest.mark.torch
def test_alibi_bias_gives_bloom_attention_weights():
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from transformers.models.bloom.modeling_bloom import build_alibi_tensor

    n, h = 6, 12
    rng = np.random.default_rng(15)
    scores = rng.standard_normal((h, n, n))
    ours = scores + pos.alibi_bias(n, h)
    # BLOOM adds slope * j (key position) to every row: equal to -slope * (i - j) up to a per-row constant
    bloom = build_alibi_tensor(torch.ones(1, n), h, torch.float64).numpy().reshape(h, 1, n)
    theirs = np.where(np.tril(np.ones((n, n), dtype=bool)), scores + bloom, -np.inf)

    def softmax(a):
        e = np.exp(a - a.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)

    assert_close(softmax(ours), softmax(theirs))
    assert pos.alibi_bias(n, h)[0, 4, 1] == pytest.approx(-0.5 * 3)


# --------------------------------------------------------------------------- relative

@checks("t5-buckets", against="`transformers` `T5Attention._relative_position_bucket`", tol="exact")
@pytest.mark.torch
@pytest.mark.parametrize("bidirectional", [True, False])
@pytest.mark.parametrize("num_buckets,max_distance", [(32, 128), (16, 64), (64, 256)])
def test_t5_buckets_match_transformers(bidirectional, num_buckets, max_distance):
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from transformers.models.t5.modeling_t5 import T5Attention

    rel = np.arange(-600, 601)
    ref = T5Attention._relative_position_bucket(torch.tensor(rel), bidirectional=bidirectional,
                                                num_buckets=num_buckets, max_distance=max_distance).numpy()
    ours = pos.t5_relative_position_bucket(rel, bidirectional, num_buckets, max_distance)
    np.testing.assert_array_equal(ours, ref)
    assert ours.max() == num_buckets - 1 and ours.min() == 0


def test_t5_buckets_by_hand():
    b = pos.t5_relative_position_bucket
    # bidirectional, 32 buckets: |r| < 8 exact; keys to the right (r > 0) use buckets 16..31
    assert list(b(np.array([0, -1, -7, 1, 7]))) == [0, 1, 7, 17, 23]
    assert b(np.array([-8]))[0] == 8 and b(np.array([-127]))[0] == 15 and b(np.array([-1000]))[0] == 15
    # causal: future keys collapse to bucket 0; 16 exact buckets then log buckets up to 31
    assert list(b(np.array([5, 0, -15, -16, -10**6]), bidirectional=False)) == [0, 0, 15, 16, 31]


@checks("shaw-attention", against="explicit loops over query and key positions", tol="rtol 1e-6")
def test_shaw_attention_against_loops_and_plain_attention():
    rng = np.random.default_rng(16)
    n, d, dz, k = 7, 6, 4, 2
    x = rng.standard_normal((n, d))
    Wq, Wk, Wv = (rng.standard_normal((d, dz)) for _ in range(3))
    wK, wV = rng.standard_normal((2 * k + 1, dz)), rng.standard_normal((2 * k + 1, dz))
    z, alpha = pos.shaw_attention(x, Wq, Wk, Wv, wK, wV, k)
    ref = np.zeros((n, dz))
    for i in range(n):
        e = np.array([(x[i] @ Wq) @ (x[j] @ Wk + wK[max(-k, min(k, j - i)) + k]) / math.sqrt(dz) for j in range(n)])
        a = np.exp(e - e.max())
        a /= a.sum()
        ref[i] = sum(a[j] * (x[j] @ Wv + wV[max(-k, min(k, j - i)) + k]) for j in range(n))
    assert_close(z, ref)
    idx = pos.shaw_relative_index(n, n, k)
    assert idx[0, 6] == 2 * k and idx[6, 0] == 0 and np.all(np.diag(idx) == k)
    # zero relative tables give plain scaled dot-product attention
    z0, _ = pos.shaw_attention(x, Wq, Wk, Wv, 0 * wK, 0 * wV, k)
    s = (x @ Wq) @ (x @ Wk).T / math.sqrt(dz)
    w = np.exp(s - s.max(1, keepdims=True))
    assert_close(z0, (w / w.sum(1, keepdims=True)) @ (x @ Wv))
