import torch
from torch.optim.swa_utils import SWALR, AveragedModel, get_ema_multi_avg_fn, update_bn

torch.set_num_threads(1)
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
data = [(torch.randn(16, 4), torch.randn(16, 1)) for _ in range(5)]
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.99))  # EMA of the weights
swa = AveragedModel(model)  # equal-weight average of snapshots (SWA)
swa_scheduler = SWALR(optimizer, swa_lr=0.05, anneal_epochs=2, anneal_strategy="cos")

for epoch in range(6):
    for x, y in data:
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        total = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)  # norm BEFORE clipping
        clipped = torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in model.parameters()]))
        assert clipped <= 1.0 + 1e-5 and (total <= 1.0 or torch.isclose(clipped, torch.tensor(1.0), atol=1e-5))
        optimizer.step()
        ema.update_parameters(model)  # every step
    if epoch >= 3:  # SWA phase: one snapshot per epoch at the SWA learning rate
        swa.update_parameters(model)
        swa_scheduler.step()

assert optimizer.param_groups[0]["lr"] == 0.05  # annealed to swa_lr after anneal_epochs
update_bn([x for x, _ in data], swa)  # BatchNorm statistics of the averaged weights, recomputed
swa.eval()
assert swa.n_averaged.item() == 3 and ema.n_averaged.item() == 30
assert torch.isfinite(swa(data[0][0])).all()
