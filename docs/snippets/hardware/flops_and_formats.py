import torch
from torch.utils.flop_counter import FlopCounterMode

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.hardware import matmul_bytes, matmul_flops, matmul_intensity

m, k, n = 256, 512, 128
A = torch.randn(m, k, dtype=torch.bfloat16)
B = torch.randn(k, n, dtype=torch.bfloat16)

with FlopCounterMode(display=False) as counter:  # PyTorch's own FLOP count: 2mkn for mm
    C = A @ B
assert counter.get_total_flops() == matmul_flops(m, k, n) == 2 * m * k * n

bytes_moved = sum(t.numel() * t.element_size() for t in (A, B, C))  # read A, B; write C
assert bytes_moved == matmul_bytes(m, k, n, bytes_per_element=2)
print(f"I = {matmul_intensity(m, k, n, 2):.1f} FLOP/byte")  # 73.1 < 153: memory-bound on an A100

# Number formats: same exponent bits = same range; fewer mantissa bits = coarser steps
assert torch.finfo(torch.bfloat16).max > 3e38 and torch.finfo(torch.float16).max == 65504
assert torch.finfo(torch.bfloat16).eps == 2**-7 and torch.finfo(torch.float16).eps == 2**-10
one_plus = torch.tensor(1 + 2**-9, dtype=torch.float32)
assert one_plus.to(torch.bfloat16).item() == 1.0  # below BF16's half-eps: rounds to 1
assert one_plus.to(torch.float16).item() == 1 + 2**-9  # FP16 keeps it
assert torch.tensor(70000.0).to(torch.float16).isinf()  # FP16 overflows, BF16 does not
assert torch.tensor(70000.0).to(torch.bfloat16).isfinite()
