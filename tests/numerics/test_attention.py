"""Attention, position encodings, Transformer counts and attention rollout, checked against PyTorch
(float64) and against closed forms evaluated independently or by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet.numerics import attention as at
from tests.numerics.refdata import assert_close
from tests.checks import checks

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _qkv(rng, shape_q=(2, 3, 5, 8), shape_kv=(2, 3, 7, 8)):
    return rng.standard_normal(shape_q), rng.standard_normal(shape_kv), rng.standard_normal(shape_kv[:-1] + (6,))


def _t(x):
    return torch.from_numpy(np.asarray(x))


@checks("sdpa", against="`F.scaled_dot_product_attention` (float64)", tol="rtol 1e-6")
@pytest.mark.torch
def test_sdpa_matches_torch_plain_and_custom_scale():
    rng = np.random.default_rng(0)
    q, k, v = _qkv(rng)
    out, w = at.scaled_dot_product_attention(q, k, v)
    assert_close(out, F.scaled_dot_product_attention(_t(q), _t(k), _t(v)).numpy())
    assert_close(w.sum(-1), np.ones(w.shape[:-1]))
    out2, _ = at.scaled_dot_product_attention(q, k, v, scale=0.3)
    assert_close(out2, F.scaled_dot_product_attention(_t(q), _t(k), _t(v), scale=0.3).numpy())


@pytest.mark.torch
@pytest.mark.parametrize("L,S", [(5, 5), (4, 7)])
def test_sdpa_causal_matches_torch_including_non_square(L, S):
    rng = np.random.default_rng(1)
    q, k, v = _qkv(rng, (2, L, 8), (2, S, 8))
    out, w = at.scaled_dot_product_attention(q, k, v, is_causal=True)
    ref = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), is_causal=True).numpy()
    assert_close(out, ref)
    # first query sees only the first key: its output is exactly v_0
    assert_close(out[:, 0], v[:, 0])
    assert np.all(w[:, np.triu_indices(L, 1, S)[0], np.triu_indices(L, 1, S)[1]] == 0.0)


@checks("sdpa-mask", against="`F.scaled_dot_product_attention` with boolean and float `attn_mask`", tol="rtol 1e-6")
@pytest.mark.torch
def test_sdpa_boolean_mask_true_means_allowed_and_float_mask_is_added():
    rng = np.random.default_rng(2)
    q, k, v = _qkv(rng, (3, 4, 8), (3, 6, 8))
    allowed = rng.random((3, 4, 6)) < 0.6
    allowed[..., 0] = True  # no fully masked row
    out, w = at.scaled_dot_product_attention(q, k, v, allowed)
    assert_close(out, F.scaled_dot_product_attention(_t(q), _t(k), _t(v), attn_mask=_t(allowed)).numpy())
    assert np.all(w[~allowed] == 0.0)
    bias = rng.standard_normal((4, 6))
    out_f, _ = at.scaled_dot_product_attention(q, k, v, bias)
    assert_close(out_f, F.scaled_dot_product_attention(_t(q), _t(k), _t(v), attn_mask=_t(bias)).numpy())


@checks("multi-head-attention", against="`nn.MultiheadAttention` (outputs and weights, masks, float64)",
        tol="rtol 1e-6")
@pytest.mark.torch
@pytest.mark.parametrize("bias", [True, False])
def test_multi_head_attention_matches_nn_multiheadattention(bias):
    torch.manual_seed(0)
    E, h, N, L, S = 12, 3, 2, 4, 5
    mha = torch.nn.MultiheadAttention(E, h, bias=bias, batch_first=True, dtype=torch.float64).eval()
    rng = np.random.default_rng(3)
    x, mem = rng.standard_normal((N, L, E)), rng.standard_normal((N, S, E))
    params = dict(in_proj_weight=mha.in_proj_weight.detach().numpy(),
                  in_proj_bias=mha.in_proj_bias.detach().numpy() if bias else None,
                  out_proj_weight=mha.out_proj.weight.detach().numpy(),
                  out_proj_bias=mha.out_proj.bias.detach().numpy() if bias else None)
    blocked = np.triu(np.ones((L, S), dtype=bool), 1)  # nn.MultiheadAttention: True = NOT allowed
    pad = np.zeros((N, S), dtype=bool)
    pad[1, -2:] = True
    with torch.no_grad():
        for average in (True, False):
            ref_out, ref_w = mha(_t(x), _t(mem), _t(mem), attn_mask=_t(blocked), key_padding_mask=_t(pad),
                                 need_weights=True, average_attn_weights=average)
            out, w = at.multi_head_attention(x, mem, mem, h, **params, attn_mask=blocked,
                                             key_padding_mask=pad, average_attn_weights=average)
            assert_close(out, ref_out.numpy(), what=f"output, average={average}")
            assert_close(w, ref_w.numpy(), what=f"weights, average={average}")
        assert w.shape == (N, h, L, S)
        assert np.all(w[1, :, :, -2:] == 0.0)
        # self-attention, no mask
        ref_out, _ = mha(_t(x), _t(x), _t(x))
        assert_close(at.multi_head_attention(x, x, x, h, **params)[0], ref_out.numpy())


@pytest.mark.torch
def test_grouped_query_repeat_matches_torch_enable_gqa():
    rng = np.random.default_rng(4)
    q = rng.standard_normal((2, 8, 5, 4))
    k, v = rng.standard_normal((2, 2, 5, 4)), rng.standard_normal((2, 2, 5, 4))
    out, _ = at.scaled_dot_product_attention(q, at.repeat_kv(k, 8), at.repeat_kv(v, 8))
    ref = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), enable_gqa=True).numpy()
    assert_close(out, ref)


def test_additive_and_multiplicative_scores_by_hand():
    s = np.array([[1.0, 0.0]])
    h = np.array([[0.0, 1.0], [1.0, 1.0]])
    W, U, w_v = np.eye(2), 2 * np.eye(2), np.array([1.0, -1.0])
    # e_0 = tanh(1) - tanh(2), e_1 = tanh(3) - tanh(2)
    assert_close(at.additive_score(s, h, W, U, w_v),
                 [[math.tanh(1) - math.tanh(2), math.tanh(3) - math.tanh(2)]])
    assert_close(at.multiplicative_score(s, h), [[0.0, 1.0]])
    assert_close(at.multiplicative_score(s, h, np.array([[0.0, 2.0], [0.0, 0.0]])), [[2.0, 2.0]])


def test_sinusoidal_encoding_against_formula_elementwise():
    d, n = 16, 50
    pe = at.sinusoidal_positional_encoding(n, d)
    for p in (0, 1, 7, 49):
        for j in range(d):
            i = j // 2
            angle = p / 10000 ** (2 * i / d)
            assert pe[p, j] == pytest.approx(math.sin(angle) if j % 2 == 0 else math.cos(angle), abs=1e-12)
    # linear-in-offset property: PE(p + k) is a fixed rotation of PE(p) in every (sin, cos) pair
    k = 5
    w = 1 / 10000 ** (2 * 3 / d)
    R = np.array([[math.cos(k * w), -math.sin(k * w)], [math.sin(k * w), math.cos(k * w)]])
    assert_close(pe[10 + k, 6:8], pe[10, 6:8] @ R)


def test_rope_score_depends_only_on_offset_and_preserves_norm():
    rng = np.random.default_rng(5)
    q, k = rng.standard_normal(16), rng.standard_normal(16)
    for offset in (-3, 0, 4, 17):
        scores = [at.rope_score(q, k, m, m + offset) for m in (0, 1, 9, 100)]
        assert_close(scores, [scores[0]] * 4, what=f"offset {offset}")
    assert at.rope_score(q, k, 0, 0) == pytest.approx(float(q @ k))
    x = rng.standard_normal((6, 16))
    assert_close(np.linalg.norm(at.apply_rope(x, np.arange(6)), axis=-1), np.linalg.norm(x, axis=-1))
    # first pair at position 1 rotates by exactly 1 radian (theta_0 = 1)
    e = np.zeros(16)
    e[0] = 1.0
    assert_close(at.apply_rope(e[None], [1])[0, :2], [math.cos(1.0), math.sin(1.0)])


def test_alibi_slopes_geometric_sequence():
    assert_close(at.alibi_slopes(8), [1 / 2**i for i in range(1, 9)])
    assert_close(at.alibi_slopes(16)[:2], [2**-0.5, 2**-1])


@checks("transformer-param-count",
        against="parameter counts of `nn.TransformerEncoderLayer`, `nn.TransformerDecoderLayer`, `nn.Transformer`",
        tol="exact")
@pytest.mark.torch
@pytest.mark.parametrize("d,d_ff", [(512, 2048), (64, 96)])
def test_parameter_counts_match_torch_modules(d, d_ff):
    count = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    enc = torch.nn.TransformerEncoderLayer(d, 8, d_ff, batch_first=True)
    dec = torch.nn.TransformerDecoderLayer(d, 8, d_ff)
    assert at.encoder_layer_params(d, d_ff) == count(enc)
    assert at.decoder_layer_params(d, d_ff) == count(dec)
    assert at.mha_params(d) == count(torch.nn.MultiheadAttention(d, 8))
    if d == 512:
        assert at.transformer_params() == count(torch.nn.Transformer(batch_first=True))
        assert at.encoder_layer_params(d, 4 * d) == 12 * d * d + 13 * d


def test_flops_and_kv_cache_by_hand():
    # 7B-like: 32 layers, 32 KV heads of 128, 4096 tokens, fp16: 2*32*32*128*4096*2 B = 2 GiB
    assert at.kv_cache_bytes(32, 32, 128, 4096) == 2 * 1024**3
    assert at.kv_cache_bytes(32, 8, 128, 4096) == 512 * 1024**2  # GQA with 8 KV heads: 4x less
    assert at.forward_flops_per_token(1_000_000, 2, 100, 64) == 2_000_000 + 2 * 2 * 100 * 64


def test_attention_rollout_rows_sum_to_one_and_two_layer_case_by_hand():
    A1 = np.array([[1.0, 0.0], [0.5, 0.5]])
    A2 = np.array([[0.0, 1.0], [1.0, 0.0]])
    # 0.5 A + 0.5 I: hat1 = [[1, 0], [.25, .75]], hat2 = [[.5, .5], [.5, .5]]; rollout = hat2 @ hat1
    expected = np.array([[0.625, 0.375], [0.625, 0.375]])
    assert_close(at.attention_rollout([A1, A2]), expected)
    rng = np.random.default_rng(6)
    layers = [at.softmax(rng.standard_normal((7, 7))) for _ in range(4)]
    R = at.attention_rollout(layers)
    assert_close(R.sum(-1), np.ones(7))
    assert np.all(R >= 0)
    # one layer: the rollout is just the residual-mixed matrix
    assert_close(at.attention_rollout(layers[:1]), 0.5 * layers[0] + 0.5 * np.eye(7))


def test_dot_product_variance_is_d_k():
    for d_k in (4, 64):
        assert at.dot_product_std(d_k) == pytest.approx(math.sqrt(d_k), rel=0.03)
    assert at.mean_max_weight(256, scaled=False) > 0.8 > 0.2 > at.mean_max_weight(256, scaled=True)


@pytest.mark.torch
def test_gpt2_small_parameter_count():
    # GPT-2 small: 12 pre-LN blocks (d = 768, d_ff = 3072, biases everywhere), token embedding tied with the
    # output layer, 1024 learned positions, final LayerNorm; Hugging Face's GPT2LMHeadModel reports 124,439,808
    d, V, n_ctx = 768, 50257, 1024
    block = torch.nn.TransformerEncoderLayer(d, 12, 4 * d, norm_first=True, device="meta")
    per_block = sum(p.numel() for p in block.parameters())
    total = 12 * per_block + V * d + n_ctx * d + 2 * d
    assert total == 124_439_808
    assert at.decoder_only_params(d, 12, V) + n_ctx * d == total
    assert at.decoder_only_params(d, 12, V, tied=False) == at.decoder_only_params(d, 12, V) + V * d
