import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.hardware import training_memory_bytes

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(512, 2048), nn.GELU(), nn.Linear(2048, 512))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
n_params = sum(p.numel() for p in model.parameters())

model(torch.randn(32, 512)).pow(2).mean().backward()
opt.step()  # creates exp_avg and exp_avg_sq, one FP32 copy each


def nbytes(tensors):
    return sum(t.numel() * t.element_size() for t in tensors)


weights = nbytes(model.parameters())
grads = nbytes(p.grad for p in model.parameters())
adam = nbytes(v for s in opt.state.values() for v in s.values() if v.dim() > 0)
total = weights + grads + adam
assert total == 16 * n_params == training_memory_bytes(n_params, "fp32_adam")
print(f"{n_params:,} params -> {total / 2**20:.1f} MiB of model state (4 + 4 + 8 bytes/param)")

# Mixed precision keeps FP32 master weights + Adam (12 B) and BF16 weights + grads (2 + 2 B)
assert training_memory_bytes(7e9, "mixed_adam") == 112e9  # 7B params: 112 GB before activations
assert training_memory_bytes(7e9, "mixed_adam", zero_stage=3, n_gpus=8) == 14e9
