import torch
import torch.nn.utils.prune as prune
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.compression import magnitude_prune_mask

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 4))
W0 = model[0].weight.detach().clone()

# Unstructured: zero the 80 % smallest |w| of layer 0 (a mask, re-applied every forward)
prune.l1_unstructured(model[0], name="weight", amount=0.8)
mask = model[0].weight_mask
assert torch.equal(mask, torch.tensor(magnitude_prune_mask(W0.numpy(), 0.8), dtype=mask.dtype))
assert mask.sum().item() == W0.numel() - round(0.8 * W0.numel())

# Structured: remove the 25 % output rows (neurons) of layer 2 with the smallest L2 norm
prune.ln_structured(model[2], name="weight", amount=0.25, n=2, dim=0)
rows_kept = model[2].weight_mask.amax(dim=1)
assert rows_kept.sum().item() == 3  # 4 rows -> 3: the layer can really shrink

# Global: one threshold across layers -> different sparsity per layer
prune.global_unstructured([(model[0], "weight"), (model[2], "weight")],
                          pruning_method=prune.L1Unstructured, amount=0.5)
for m in (model[0], model[2]):
    prune.remove(m, "weight")  # bake the mask in: weight is a plain Parameter again
zeros = sum((m.weight == 0).sum().item() for m in (model[0], model[2]))
total = model[0].weight.numel() + model[2].weight.numel()
assert zeros >= 0.8 * model[0].weight.numel()
print(f"overall weight sparsity {zeros / total:.2f}")
