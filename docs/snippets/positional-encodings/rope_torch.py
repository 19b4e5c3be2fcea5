import torch

torch.set_num_threads(1)
torch.manual_seed(0)
d, base = 16, 10000.0
theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)  # theta_i = base^(-2i/d), (d/2,)


def rope_half(x, pos):  # Hugging Face Llama / GPT-NeoX layout: pairs (x_i, x_{i + d/2})
    ang = pos[:, None] * theta  # (n, d/2)
    cos, sin = torch.cat([ang, ang], -1).cos(), torch.cat([ang, ang], -1).sin()
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    return x * cos + torch.cat([-x2, x1], -1) * sin  # x cos + rotate_half(x) sin


def rope_complex(x, pos):  # paper layout: pairs (x_{2i}, x_{2i+1}) as complex numbers
    z = torch.view_as_complex(x.reshape(*x.shape[:-1], d // 2, 2).contiguous())
    z = z * torch.polar(torch.ones_like(theta), pos[:, None] * theta)  # times e^{i m theta_i}
    return torch.view_as_real(z).flatten(-2)


q, k = torch.randn(1, d, dtype=torch.float64), torch.randn(1, d, dtype=torch.float64)
for rope in (rope_half, rope_complex):
    s = [(rope(q, torch.tensor([m + 0.0])) * rope(k, torch.tensor([m + 3.0]))).sum() for m in (0, 10, 999)]
    assert torch.allclose(torch.stack(s), s[0].expand(3))  # depends on n - m = 3 only

# the two layouts are the same rotation after permuting the features (not interchangeable for checkpoints)
perm = torch.cat([torch.arange(0, d, 2), torch.arange(1, d, 2)])
pos = torch.arange(5.0, dtype=torch.float64)
x = torch.randn(5, d, dtype=torch.float64)
assert torch.allclose(rope_half(x[:, perm], pos), rope_complex(x, pos)[:, perm])
assert not torch.allclose(rope_half(x, pos), rope_complex(x, pos))
