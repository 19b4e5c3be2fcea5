"""LLM inference numerics checked independently: blocked online-softmax attention against PyTorch's
SDPA (causal, GQA, block sizes that do not divide the length), KV-cache bytes against Hugging Face
config objects built with the published numbers and against the cache tensors a tiny model allocates,
and the speculative-decoding formulas against a simulation of the actual rejection-sampling algorithm."""

from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.numerics import hardware as hw
from cheatsheet.numerics import inference as inf
from tests.numerics.refdata import assert_close

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _t(x):
    return torch.from_numpy(np.asarray(x))


# --------------------------------------------------------------------------- online softmax


@pytest.mark.torch
@pytest.mark.parametrize("block", [1, 3, 4, 7, 16, 64])
@pytest.mark.parametrize("causal", [False, True])
def test_online_softmax_equals_sdpa(block, causal):
    rng = np.random.default_rng(block)
    q, k, v = rng.standard_normal((2, 4, 13, 8)), rng.standard_normal((2, 4, 13, 8)), rng.standard_normal((2, 4, 13, 5))
    ref = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), is_causal=causal).numpy()
    assert_close(inf.online_softmax_attention(q, k, v, block, causal=causal), ref)


@pytest.mark.torch
@pytest.mark.parametrize("block", [2, 5, 11])
@pytest.mark.parametrize("causal", [False, True])
def test_online_softmax_with_gqa_equals_sdpa_enable_gqa(block, causal):
    rng = np.random.default_rng(10 + block)
    q = rng.standard_normal((2, 8, 9, 16))
    k, v = rng.standard_normal((2, 2, 11, 16)), rng.standard_normal((2, 2, 11, 16))
    ref = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), is_causal=causal, enable_gqa=True).numpy()
    assert_close(inf.online_softmax_attention(q, k, v, block, causal=causal), ref)


def test_online_softmax_is_stable_for_huge_scores_and_rejects_bad_head_counts():
    rng = np.random.default_rng(3)
    q, k, v = 300 * rng.standard_normal((1, 6, 4)), 300 * rng.standard_normal((1, 10, 4)), rng.standard_normal((1, 10, 4))
    out = inf.online_softmax_attention(q, k, v, 3)
    s = q @ k.transpose(0, 2, 1) / 2.0
    w = np.exp(s - s.max(-1, keepdims=True))
    assert np.all(np.isfinite(out))
    assert_close(out, (w / w.sum(-1, keepdims=True)) @ v)
    with pytest.raises(ValueError):
        inf.online_softmax_attention(np.zeros((1, 3, 2, 4)), np.zeros((1, 2, 2, 4)), np.zeros((1, 2, 2, 4)), 2)


# --------------------------------------------------------------------------- KV cache


def test_kv_cache_of_named_models_by_hand():
    gib = inf.kv_cache_gib
    # Llama-3-8B: 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 bytes = 128 KiB per token
    assert inf.MODELS["Llama-3-8B (GQA)"].bytes_per_token() == 128 * 1024
    assert gib(inf.MODELS["Llama-3-8B (GQA)"], 8192) == 1.0
    assert gib(inf.MODELS["Llama-3-8B (GQA)"], 131072) == 16.0
    assert inf.MODELS["Llama-3-70B (GQA)"].bytes_per_token() == 320 * 1024
    assert gib(inf.MODELS["Llama-3-70B (GQA)"], 131072) == 40.0
    assert gib(inf.MODELS["Llama-2-7B (MHA)"], 8192) == 4.0
    # Mistral's rolling buffer keeps W = 4096 tokens whatever the context
    assert gib(inf.MODELS["Mistral-7B (GQA)"], 131072, window=4096) == 0.5
    # DeepSeek-V2: (512 + 64) values per layer instead of 2 x 128 x 128
    ds = inf.MODELS["DeepSeek-V2 (MLA)"]
    assert ds.bytes_per_token(1) == 60 * 576
    assert inf.kv_bytes_per_token(60, 128, 128, 1) / ds.bytes_per_token(1) == pytest.approx(56.9, abs=0.05)


def test_kv_bytes_match_transformers_configs_with_published_numbers():
    tf = pytest.importorskip("transformers")
    cfgs = {
        "Llama-3-8B (GQA)": tf.LlamaConfig(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
                                           num_key_value_heads=8, intermediate_size=14336),
        "Llama-3-70B (GQA)": tf.LlamaConfig(hidden_size=8192, num_hidden_layers=80, num_attention_heads=64,
                                            num_key_value_heads=8, intermediate_size=28672),
        "Llama-2-7B (MHA)": tf.LlamaConfig(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
                                           num_key_value_heads=32, intermediate_size=11008),
        "Mistral-7B (GQA)": tf.MistralConfig(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
                                             num_key_value_heads=8, intermediate_size=14336, sliding_window=4096),
    }
    for name, c in cfgs.items():
        head_dim = getattr(c, "head_dim", None) or c.hidden_size // c.num_attention_heads
        expected = 2 * c.num_hidden_layers * c.num_key_value_heads * head_dim * 2
        assert inf.MODELS[name].bytes_per_token(2) == expected, name
    ds = tf.DeepseekV2Config(num_hidden_layers=60, num_attention_heads=128, kv_lora_rank=512, qk_rope_head_dim=64)
    assert inf.MODELS["DeepSeek-V2 (MLA)"].bytes_per_token(2) == ds.num_hidden_layers * (ds.kv_lora_rank + ds.qk_rope_head_dim) * 2


@pytest.mark.torch
def test_kv_bytes_equal_the_cache_a_tiny_llama_allocates():
    tf = pytest.importorskip("transformers")
    torch.manual_seed(0)
    cfg = tf.LlamaConfig(vocab_size=40, hidden_size=64, intermediate_size=96, num_hidden_layers=3,
                         num_attention_heads=8, num_key_value_heads=2)
    # float32 whatever the process default (other test modules set float64 globally)
    model = tf.LlamaForCausalLM(cfg).to(torch.float32).eval()
    B, T = 2, 9
    with torch.no_grad():
        out = model(torch.randint(0, 40, (B, T)), use_cache=True)
    cache = getattr(out, "cache", None) or out.past_key_values
    allocated = sum(t.numel() * t.element_size() for layer in cache.layers for t in (layer.keys, layer.values))
    per_token = inf.kv_bytes_per_token(3, 2, 64 // 8, bytes_per_value=4)  # float32 model
    assert allocated == per_token * B * T


def test_decode_intensity_is_the_batch_in_bf16_and_agrees_with_the_matmul_count():
    for B in (1, 8, 64):
        assert inf.decode_intensity(B) == B
        # matvec-like: B tokens times a 8192 x 8192 weight; activations are negligible
        assert hw.matmul_intensity(B, 8192, 8192, 2) == pytest.approx(B, rel=0.02)
    # 8.03e9 BF16 weights over 2.04 TB/s: at least 7.9 ms per token at batch 1
    assert inf.min_decode_latency(8.03e9, 2.04e12) == pytest.approx(7.87e-3, rel=1e-3)


# --------------------------------------------------------------------------- speculative decoding


def _speculative_sampling(p, q, gamma, n_steps, rng):
    """The algorithm of Leviathan et al. (2023) with fixed target p and draft q at every position."""
    residual = np.maximum(p - q, 0)
    residual /= residual.sum()
    counts, tokens = [], []
    for _ in range(n_steps):
        emitted = []
        for _ in range(gamma):
            x = rng.choice(len(q), p=q)
            if rng.random() < min(1.0, p[x] / q[x]):
                emitted.append(x)
            else:
                emitted.append(rng.choice(len(p), p=residual))
                break
        else:
            emitted.append(rng.choice(len(p), p=p))  # all accepted: one bonus token from the target
        counts.append(len(emitted))
        tokens.extend(emitted)
    return np.mean(counts), np.bincount(tokens, minlength=len(p)) / len(tokens)


@pytest.mark.parametrize("gamma", [1, 3, 5])
def test_speculative_tokens_per_step_match_the_rejection_sampler(gamma):
    rng = np.random.default_rng(gamma)
    p = np.array([0.5, 0.2, 0.15, 0.1, 0.05])
    q = np.array([0.3, 0.3, 0.1, 0.2, 0.1])
    alpha = np.minimum(p, q).sum()  # acceptance rate = 1 - TV(p, q) = 0.75
    mean, freq = _speculative_sampling(p, q, gamma, 20000, rng)
    assert mean == pytest.approx(inf.speculative_expected_tokens(alpha, gamma), rel=0.015)
    assert np.max(np.abs(freq - p)) < 0.01  # the output follows the target exactly
    assert inf.simulate_speculative(alpha, gamma, 200000) == pytest.approx(
        inf.speculative_expected_tokens(alpha, gamma), rel=0.01)


def test_speculative_speedup_closed_form_values():
    assert inf.speculative_expected_tokens(0.0, 4) == 1.0
    assert inf.speculative_expected_tokens(1.0, 4) == 5.0
    # geometric series 1 + a + ... + a^gamma
    assert inf.speculative_expected_tokens(0.8, 4) == pytest.approx(sum(0.8**i for i in range(5)))
    assert inf.speculative_speedup(0.8, 4, 0.05) == pytest.approx(3.3616 / 1.2, rel=1e-4)
    # a draft that is too slow makes it slower than plain decoding
    assert inf.speculative_speedup(0.5, 4, 0.5) < 1
