"""Vision Transformer: the patch embedding (strided conv == reshape + linear) against torch's Conv2d and
F.unfold + nn.Linear; ViT parameter counts against a torch model assembled from nn.TransformerEncoder; the
forward FLOPs against torch's FlopCounterMode; position-embedding resizing against F.interpolate."""

from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.numerics import vit
from tests.numerics.refdata import assert_close

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

pytestmark = pytest.mark.torch


@pytest.mark.parametrize("c, size, patch, d", [(3, 32, 8, 12), (1, 28, 7, 5), (3, 48, 16, 20)])
def test_patch_embedding_conv_equals_unfold_plus_linear_in_torch_and_numpy(c, size, patch, d):
    torch.manual_seed(0)
    x = torch.randn(2, c, size, size, dtype=torch.float64)
    conv = nn.Conv2d(c, d, patch, stride=patch).double()
    lin = nn.Linear(c * patch * patch, d).double()
    with torch.no_grad():
        lin.weight.copy_(conv.weight.reshape(d, -1))
        lin.bias.copy_(conv.bias)
        ref_conv = conv(x).flatten(2).transpose(1, 2)  # (B, N, D)
        ref_lin = lin(F.unfold(x, patch, stride=patch).transpose(1, 2))
    n = (size // patch) ** 2
    assert ref_conv.shape == (2, n, d)
    assert_close(ref_conv.numpy(), ref_lin.numpy(), rtol=1e-12, atol=1e-12)
    w, b = conv.weight.detach().numpy(), conv.bias.detach().numpy()
    assert_close(vit.patch_embed_conv(x.numpy(), w, b, patch), ref_conv.numpy(), rtol=1e-10, atol=1e-10)
    assert_close(vit.patch_embed_linear(x.numpy(), w, b, patch), ref_conv.numpy(), rtol=1e-10, atol=1e-10)


def test_patchify_matches_unfold_order_and_round_trips():
    x = np.arange(2 * 3 * 8 * 12, dtype=float).reshape(2, 3, 8, 12)
    ref = F.unfold(torch.from_numpy(x), 4, stride=4).transpose(1, 2).numpy()
    got = vit.patchify(x, 4)
    assert got.shape == (2, 6, 48)
    assert np.array_equal(got, ref)
    sq = x[:, :, :8, :8]
    assert np.array_equal(vit.unpatchify(vit.patchify(sq, 4), 4, 3, 2), sq)
    with pytest.raises(ValueError):
        vit.patchify(np.zeros((1, 3, 30, 30)), 16)


def test_sequence_lengths():
    assert vit.sequence_length(224, 16) == 197
    assert vit.sequence_length(384, 16) == 577
    assert vit.sequence_length(224, 14) == 257
    assert vit.sequence_length(224, 16, extra_tokens=2) == 198  # DeiT: class + distillation token
    assert vit.sequence_length(224, 32) == 50


def _torch_vit(image_size, patch, width, depth, mlp, heads, n_classes, channels=3):
    """ViT from stock torch modules: conv patch embedding, class token, learned positions, pre-LN encoder
    (norm_first=True, GELU, batch_first) with a final LayerNorm, linear head on the class token."""

    class ViT(nn.Module):
        def __init__(self):
            super().__init__()
            n = (image_size // patch) ** 2
            self.patch_embed = nn.Conv2d(channels, width, patch, stride=patch)
            self.cls_token = nn.Parameter(torch.zeros(1, 1, width))
            self.pos_embed = nn.Parameter(torch.zeros(1, n + 1, width))
            layer = nn.TransformerEncoderLayer(width, heads, mlp, dropout=0.0, activation="gelu",
                                               batch_first=True, norm_first=True)
            self.encoder = nn.TransformerEncoder(layer, depth, norm=nn.LayerNorm(width), enable_nested_tensor=False)
            self.head = nn.Linear(width, n_classes)

        def forward(self, x):
            t = self.patch_embed(x).flatten(2).transpose(1, 2)
            t = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), t], dim=1) + self.pos_embed
            return self.head(self.encoder(t)[:, 0])

    return ViT()


@pytest.mark.parametrize("key, patch", [("S", 16), ("B", 16), ("B", 32), ("L", 16), ("H", 14)])
def test_parameter_counts_match_a_torch_vit(key, patch):
    cfg = vit.VIT_CONFIGS[key]
    with torch.device("meta"):  # no memory for the weights: counts only
        model = _torch_vit(224, patch, cfg.width, cfg.depth, cfg.mlp, cfg.heads, 1000)
    counted = vit.vit_params(224, patch, cfg.width, cfg.depth, cfg.mlp, 1000)
    assert counted.total == sum(p.numel() for p in model.parameters())
    assert counted.blocks == sum(p.numel() for p in model.encoder.layers.parameters())
    assert counted.patch_embed == sum(p.numel() for p in model.patch_embed.parameters())


def test_size_table_on_the_page():
    expected = {("S", 16): 22_050_664, ("B", 16): 86_567_656, ("L", 16): 304_326_632, ("H", 14): 632_045_800}
    for (key, patch), total in expected.items():
        c = vit.VIT_CONFIGS[key]
        assert vit.vit_params(224, patch, c.width, c.depth, c.mlp).total == total
        assert c.mlp == 4 * c.width and c.width % c.heads == 0
    assert abs(vit.vit_macs(384).total / 1e9 - 55.48) < 0.01


def test_vit_b16_parameter_breakdown():
    p = vit.vit_params()
    assert (p.patch_embed, p.cls_token, p.pos_embed) == (590_592, 768, 151_296)
    assert p.blocks == 12 * 7_087_872 == 85_054_464
    assert (p.final_norm, p.head) == (1_536, 769_000)
    assert p.total == 86_567_656
    assert vit.block_params(768, 3072) == 12 * 768**2 + 13 * 768


@pytest.mark.parametrize("image_size, patch, width, depth, mlp, heads, k",
                         [(224, 16, 768, 12, 3072, 12, 1000), (384, 16, 768, 12, 3072, 12, 1000),
                          (32, 8, 64, 2, 128, 4, 10)])
def test_forward_flops_match_torch_flop_counter(image_size, patch, width, depth, mlp, heads, k):
    from torch.utils.flop_counter import FlopCounterMode

    with torch.device("meta"):
        model = _torch_vit(image_size, patch, width, depth, mlp, heads, k)
        x = torch.randn(1, 3, image_size, image_size)
        with FlopCounterMode(display=False) as counter:
            model(x)
    assert vit.vit_macs(image_size, patch, width, depth, mlp, k).flops == counter.get_total_flops()


def test_vit_b16_flops_arithmetic():
    m = vit.vit_macs()
    n, d = 197, 768
    assert m.patch_embed == 196 * 768 * 768
    assert m.attention == 12 * 2 * n * n * d
    assert m.qkv_proj + m.out_proj + m.mlp == 12 * 12 * n * d * d
    assert m.total == 17_563_828_224
    assert abs(m.flops / 1e9 - 35.13) < 0.01
    # the 2 N rule of thumb (N = block parameters, per token): 4.6 % low here, it ignores the n^2 attention
    assert abs(2 * 197 * vit.vit_params().blocks / m.flops - 1) < 0.05


@pytest.mark.parametrize("old, new", [(14, 24), (14, 7), (4, 6), (3, 3)])
def test_resize_pos_embed_matches_torch_bilinear_interpolate(old, new):
    rng = np.random.default_rng(old * 100 + new)
    d = 6
    pos = rng.standard_normal((1 + old * old, d))
    got = vit.resize_pos_embed(pos, new)
    grid = torch.from_numpy(pos[1:]).reshape(1, old, old, d).permute(0, 3, 1, 2)
    ref = F.interpolate(grid, size=(new, new), mode="bilinear", align_corners=False)
    ref = ref.permute(0, 2, 3, 1).reshape(new * new, d).numpy()
    assert got.shape == (1 + new * new, d)
    assert np.array_equal(got[0], pos[0]), "the class-token row is kept as is"
    assert_close(got[1:], ref, rtol=1e-10, atol=1e-12)
