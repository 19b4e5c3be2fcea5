"""PEFT numerics checked independently: NF4 levels built from normal quantiles against the table that
bitsandbytes ships (``get_4bit_type("nf4")``, the values in the QLoRA paper), block-wise quantization
against torch.bucketize, double-quantization bits against the paper, LoRA and DoRA forward passes
against torch layers with merged weights and against PEFT's unmerged DoRA formula, rsLoRA's rank
stability by Monte Carlo, and parameter / memory counts against Llama models built on the meta device."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from cheatsheet.numerics import peft as pf

torch = pytest.importorskip("torch")
nn = torch.nn

# bitsandbytes/functional.py, get_4bit_type("nf4") (= Appendix E of Dettmers et al. 2023)
NF4_BITSANDBYTES = [
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
    -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
    0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
    0.7229568362236023, 1.0,
]


# --------------------------------------------------------------------------- NF4


def test_nf4_construction_reproduces_the_published_table():
    levels = pf.nf4_levels()
    assert levels.shape == (16,)
    # the table was computed in float32 from a rounded offset: agreement to 2e-7
    np.testing.assert_allclose(levels, NF4_BITSANDBYTES, rtol=0, atol=3e-7)
    assert pf.NF4_OFFSET == pytest.approx(0.9677083, abs=1e-7)
    assert (levels < 0).sum() == 7 and (levels > 0).sum() == 8 and 0.0 in levels


def test_nf4_levels_are_normal_quantiles():
    levels = pf.nf4_levels()
    scale = stats.norm.ppf(pf.NF4_OFFSET)
    pos = levels[levels > 0] * scale
    # positive half: quantiles at 8 probabilities evenly spaced from 1/2 (exclusive) to delta
    probs = stats.norm.cdf(pos)
    np.testing.assert_allclose(np.diff(probs), (pf.NF4_OFFSET - 0.5) / 8, rtol=1e-9)
    neg = -levels[levels < 0] * scale
    np.testing.assert_allclose(np.diff(np.sort(stats.norm.cdf(neg))), (pf.NF4_OFFSET - 0.5) / 7, rtol=1e-9)


@pytest.mark.torch
@pytest.mark.parametrize("blocksize", [64, 128])
def test_blockwise_nf4_quantization_matches_bucketize(blocksize):
    rng = np.random.default_rng(blocksize)
    w = rng.normal(0, 0.02, size=(8, 4 * blocksize))
    levels = pf.nf4_levels()
    idx, absmax = pf.blockwise_quantize(w, levels, blocksize)
    blocks = torch.from_numpy(w.reshape(-1, blocksize))
    c = blocks.abs().amax(dim=1, keepdim=True)
    mids = torch.from_numpy((levels[1:] + levels[:-1]) / 2)
    ref = torch.bucketize(blocks / c, mids).reshape(w.shape)  # nearest level = count of midpoints below
    np.testing.assert_array_equal(idx, ref.numpy())
    np.testing.assert_allclose(absmax, c.squeeze(1).numpy(), rtol=0, atol=0)
    w_hat = pf.blockwise_dequantize(idx, absmax, levels, blocksize)
    # the absmax element of each block is exact; every error is at most half the widest gap times c
    assert np.all(np.abs(w_hat - w) <= np.repeat(absmax, blocksize).reshape(w.shape) * np.diff(levels).max() / 2 + 1e-15)
    np.testing.assert_allclose(np.abs(w_hat).reshape(-1, blocksize).max(axis=1), absmax, rtol=1e-15)


def test_double_quantization_bits_as_in_the_paper():
    assert pf.constant_bits_per_param(double_quant=False) == 0.5  # 32 / 64
    assert pf.constant_bits_per_param() == pytest.approx(0.127, abs=5e-4)  # 8/64 + 32/(64*256)
    saved_gb = (0.5 - pf.constant_bits_per_param()) * 65e9 / 8 / 1e9
    assert saved_gb == pytest.approx(3.0, abs=0.1)  # "about 3 GB for a 65B model"


# --------------------------------------------------------------------------- LoRA, rsLoRA, DoRA


def _layer(d=24, k=16, r=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    base = nn.Linear(k, d).double()
    with torch.no_grad():
        base.weight.copy_(torch.randn(d, k, generator=g, dtype=torch.float64))
        base.bias.copy_(torch.randn(d, generator=g, dtype=torch.float64))
    A = torch.randn(r, k, generator=g, dtype=torch.float64)
    B = torch.randn(d, r, generator=g, dtype=torch.float64)
    x = torch.randn(5, k, generator=g, dtype=torch.float64)
    return base, A, B, x


@pytest.mark.torch
@pytest.mark.parametrize("rslora", [False, True])
@pytest.mark.parametrize("r", [1, 4, 8])
def test_lora_forward_matches_merged_linear_and_two_linears(rslora, r):
    base, A, B, x = _layer(r=r, seed=r)
    alpha = 16.0
    s = alpha / math.sqrt(r) if rslora else alpha / r
    merged = nn.Linear(base.in_features, base.out_features).double()
    with torch.no_grad():
        merged.weight.copy_(base.weight + s * B @ A)
        merged.bias.copy_(base.bias)
    lora_A, lora_B = nn.Linear(A.shape[1], r, bias=False).double(), nn.Linear(r, B.shape[0], bias=False).double()
    with torch.no_grad():
        lora_A.weight.copy_(A)
        lora_B.weight.copy_(B)
    got = pf.lora_forward(x.numpy(), base.weight.detach().numpy(), base.bias.detach().numpy(), A.numpy(), B.numpy(),
                          alpha, rslora)
    with torch.no_grad():
        np.testing.assert_allclose(got, merged(x).numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(got, (base(x) + s * lora_B(lora_A(x))).numpy(), rtol=1e-12, atol=1e-12)


def test_lora_and_rslora_scalings():
    assert pf.lora_scaling(16, 8) == 2.0 and pf.lora_scaling(16, 64) == 0.25
    assert pf.lora_scaling(16, 64, rslora=True) == 2.0 and pf.lora_scaling(16, 4, rslora=True) == 8.0
    for r in (1, 2, 8, 256):  # rsLoRA's factor is sqrt(r) times LoRA's; equal at r = 1
        assert pf.lora_scaling(8, r, rslora=True) == pytest.approx(math.sqrt(r) * pf.lora_scaling(8, r))


@pytest.mark.torch
def test_rslora_keeps_the_update_size_constant_across_ranks():
    """Adapters with entries of fixed scale: E||gamma_r B A x||^2 = gamma_r^2 r d ||x||^2 / k, so alpha/r
    shrinks the update like 1/r while alpha/sqrt(r) keeps it constant (Kalajdzievski 2023)."""
    g = torch.Generator().manual_seed(0)
    d, k, alpha, trials = 64, 64, 16.0, 400
    x = torch.randn(k, generator=g, dtype=torch.float64)
    sizes = {False: [], True: []}
    for r in (4, 16, 64, 256):
        A = torch.randn(trials, r, k, generator=g, dtype=torch.float64) / math.sqrt(k)
        B = torch.randn(trials, d, r, generator=g, dtype=torch.float64)
        bax2 = (B @ (A @ x)[..., None]).squeeze(-1).pow(2).sum(-1).mean().item()
        expected = r * d * x.pow(2).sum().item() / k
        assert bax2 == pytest.approx(expected, rel=0.1)
        for rs in (False, True):
            sizes[rs].append(pf.lora_scaling(alpha, r, rs) ** 2 * bax2)
    lora, rs = np.array(sizes[False]), np.array(sizes[True])
    np.testing.assert_allclose(rs / rs[0], 1.0, rtol=0.15)
    np.testing.assert_allclose(lora / lora[0], [1, 1 / 4, 1 / 16, 1 / 64], rtol=0.15)


def _dora_torch(base, A, B, m, s):
    V = base.weight + s * B @ A
    layer = nn.Linear(base.in_features, base.out_features).double()
    with torch.no_grad():
        layer.weight.copy_(m[:, None] * V / torch.linalg.vector_norm(V, dim=1, keepdim=True))
        layer.bias.copy_(base.bias)
    return layer


@pytest.mark.torch
@pytest.mark.parametrize("rslora", [False, True])
def test_dora_forward_matches_torch_merged_and_unmerged_forms(rslora):
    base, A, B, x = _layer(seed=3)
    alpha, r = 8.0, A.shape[0]
    s = alpha / math.sqrt(r) if rslora else alpha / r
    g = torch.Generator().manual_seed(9)
    m = torch.rand(base.out_features, generator=g, dtype=torch.float64) + 0.5
    got = pf.dora_forward(x.numpy(), base.weight.detach().numpy(), base.bias.detach().numpy(), A.numpy(), B.numpy(),
                          m.numpy(), alpha, rslora)
    with torch.no_grad():
        np.testing.assert_allclose(got, _dora_torch(base, A, B, m, s)(x).numpy(), rtol=1e-12, atol=1e-12)
        # PEFT's unmerged form: base output + (m/||V|| - 1) W0 x + (m/||V||) s B A x
        V = base.weight + s * B @ A
        scale = m / torch.linalg.vector_norm(V, dim=1)
        unmerged = base(x) + (scale - 1) * (x @ base.weight.T) + scale * s * (x @ A.T @ B.T)
        np.testing.assert_allclose(got, unmerged.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.torch
def test_dora_starts_at_the_base_layer_and_reduces_to_lora_when_m_tracks_the_norm():
    base, A, B, x = _layer(seed=5)
    W0, b = base.weight.detach().numpy(), base.bias.detach().numpy()
    m0 = pf.dora_init_magnitude(W0)
    np.testing.assert_allclose(m0, torch.linalg.vector_norm(base.weight, dim=1).detach().numpy(), rtol=1e-14)
    zeros = np.zeros_like(B.numpy())
    with torch.no_grad():
        np.testing.assert_allclose(pf.dora_forward(x.numpy(), W0, b, A.numpy(), zeros, m0, 8.0), base(x).numpy(),
                                   rtol=1e-12, atol=1e-12)
    # with m equal to the norm of the updated rows, DoRA's weight is exactly LoRA's
    s = pf.lora_scaling(8.0, A.shape[0])
    m = np.linalg.norm(W0 + s * B.numpy() @ A.numpy(), axis=1)
    np.testing.assert_allclose(pf.dora_forward(x.numpy(), W0, b, A.numpy(), B.numpy(), m, 8.0),
                               pf.lora_forward(x.numpy(), W0, b, A.numpy(), B.numpy(), 8.0), rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------- counts on real configurations


def _meta_llama(cfg: pf.DecoderConfig):
    transformers = pytest.importorskip("transformers")
    hf = transformers.LlamaConfig(hidden_size=cfg.hidden, intermediate_size=cfg.intermediate,
                                  num_hidden_layers=cfg.n_layers, num_attention_heads=cfg.n_heads,
                                  num_key_value_heads=cfg.n_kv_heads, vocab_size=cfg.vocab,
                                  tie_word_embeddings=cfg.tied_embeddings)
    with torch.device("meta"):
        return transformers.LlamaForCausalLM(hf)


class _LoRA(nn.Module):
    def __init__(self, base: nn.Linear, r: int):
        super().__init__()
        self.base = base.requires_grad_(False)
        self.A = nn.Linear(base.in_features, r, bias=False, device="meta")
        self.B = nn.Linear(r, base.out_features, bias=False, device="meta")


@pytest.mark.torch
@pytest.mark.parametrize("cfg", [pf.LLAMA2_7B, pf.LLAMA_65B], ids=lambda c: c.name)
def test_parameter_counts_match_a_meta_device_llama(cfg):
    model = _meta_llama(cfg)
    assert sum(p.numel() for p in model.parameters()) == cfg.total_params()
    block_linear = sum(mod.weight.numel() for name, mod in model.named_modules()
                       if isinstance(mod, nn.Linear) and ".layers." in name)
    assert block_linear == cfg.block_linear_params()
    if cfg is pf.LLAMA2_7B:
        assert cfg.total_params() == 6_738_415_616


@pytest.mark.torch
@pytest.mark.parametrize("r,targets,expected", [
    (8, ("q_proj", "v_proj"), 4_194_304),
    (16, ("q_proj", "v_proj"), 8_388_608),
    (16, pf.ALL_LINEAR, 39_976_960),
])
def test_lora_parameter_count_matches_adapters_attached_to_llama2_7b(r, targets, expected):
    model = _meta_llama(pf.LLAMA2_7B)
    model.requires_grad_(False)
    for layer in model.model.layers:
        for parent in (layer.self_attn, layer.mlp):
            for name in targets:
                if hasattr(parent, name):
                    setattr(parent, name, _LoRA(getattr(parent, name), r))
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert trainable == pf.lora_params(pf.LLAMA2_7B, r, targets) == expected
    total = sum(p.numel() for p in model.parameters())
    assert trainable / total == pytest.approx(expected / (6_738_415_616 + expected))


@pytest.mark.torch
def test_qlora_memory_of_65b_fits_one_48gb_gpu_and_matches_module_count():
    cfg = pf.LLAMA_65B
    model = _meta_llama(cfg)
    nf4 = sum(mod.weight.numel() for name, mod in model.named_modules()
              if isinstance(mod, nn.Linear) and ".layers." in name)
    bf16 = sum(p.numel() for p in model.parameters()) - nf4
    mem = pf.finetune_memory_bytes(cfg, "qlora", r=16)
    assert mem["weights"] == pytest.approx(nf4 * (4 + 8 / 64 + 32 / (64 * 256)) / 8 + 2 * bf16, rel=1e-12)
    assert mem["weights"] / 1e9 == pytest.approx(34.5, abs=0.1)
    assert sum(mem.values()) < 48e9
    full = pf.finetune_memory_bytes(cfg, "full")
    assert sum(full.values()) == 16 * cfg.total_params() and sum(full.values()) > 780e9
