import math

import torch
from torch.optim.lr_scheduler import ConstantLR, LinearLR, SequentialLR
from transformers import get_linear_schedule_with_warmup

torch.set_num_threads(1)


def rates(make, steps):
    opt = torch.optim.AdamW(torch.nn.Linear(4, 1).parameters(), lr=0.1)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])  # the rate this step uses
        opt.step()  # (no gradients here: only the schedule matters)
        sched.step()
    return out


# Linear warmup + linear decay, as Hugging Face builds it (a LambdaLR underneath)
W, T = 10, 100
hf = rates(lambda opt: get_linear_schedule_with_warmup(opt, num_warmup_steps=W, num_training_steps=T), T + 5)
assert hf[0] == 0.0 and math.isclose(hf[W], 0.1) and hf[T] == 0.0
assert math.isclose(hf[55], 0.1 * (T - 55) / (T - W))

# The same shape from torch alone; LinearLR needs start_factor > 0, so it starts at 0.01 * lr instead of 0
seq = rates(lambda opt: SequentialLR(opt, [LinearLR(opt, start_factor=0.01, total_iters=W),
                                           LinearLR(opt, start_factor=1.0, end_factor=0.0, total_iters=T - W)],
                                     milestones=[W]), T + 5)
assert all(math.isclose(a, b, abs_tol=1e-12) for a, b in zip(seq[W:], hf[W:]))

# Warmup-stable-decay: warm up for W, hold for S, decay linearly to 0 over D (the last 20 %)
W, S, D = 10, 70, 20
wsd = rates(lambda opt: SequentialLR(opt, [LinearLR(opt, start_factor=0.01, total_iters=W),
                                           ConstantLR(opt, factor=1.0, total_iters=0),
                                           LinearLR(opt, start_factor=1.0, end_factor=0.0, total_iters=D)],
                                     milestones=[W, W + S]), W + S + D + 1)
assert all(math.isclose(r, 0.1) for r in wsd[W:W + S + 1])  # stable phase, incl. the first decay step
assert math.isclose(wsd[W + S + D // 2], 0.05) and wsd[W + S + D] == 0.0
