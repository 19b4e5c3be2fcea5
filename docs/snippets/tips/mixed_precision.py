import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
# fp16 on GPUs needs loss scaling; bf16 has fp32's exponent range and does not
dtype = torch.float16 if device == "cuda" else torch.bfloat16
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3)).to(device)  # weights stay fp32
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
scaler = torch.amp.GradScaler(device, enabled=(dtype == torch.float16))
x, y = torch.randn(128, 20, device=device), torch.randint(0, 3, (128,), device=device)

for step in range(50):
    opt.zero_grad(set_to_none=True)
    with torch.autocast(device_type=device, dtype=dtype):
        logits = model(x)  # matmuls run in low precision
        loss = nn.functional.cross_entropy(logits, y)  # autocast runs this op in fp32
    scaler.scale(loss).backward()  # loss * S (S = 2**16 at start) so small grads don't flush to 0
    scaler.unscale_(opt)  # divide grads by S before clipping
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(opt)  # skips the step if a grad is inf/NaN
    scaler.update()  # halve S after an overflow, double it after 2000 clean steps
    if step == 0:
        first = loss.item()

assert logits.dtype == dtype and model[0].weight.dtype == torch.float32
assert loss.item() < first
# the ranges behind the choice: fp16 overflows above 65504, bf16 reaches ~3.4e38
assert torch.finfo(torch.float16).max == 65504.0
assert torch.tensor(70000.0).half().isinf() and not torch.tensor(70000.0).bfloat16().isinf()
