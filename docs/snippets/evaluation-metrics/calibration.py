import numpy as np
import torch

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.metrics import expected_calibration_error

torch.manual_seed(0)
logits = 3.0 * torch.randn(2000, 10)  # an over-confident 10-class model
labels = torch.distributions.Categorical(logits=logits / 3.0).sample()  # the truth is softer

probs = logits.softmax(dim=1)
confidence, pred = probs.max(dim=1)
correct = (pred == labels).double()

# ECE: 15 equal-width bins (lo, hi], |accuracy - mean confidence| weighted by bin size
edges = torch.linspace(0, 1, 16)
ece = torch.zeros(())
for lo, hi in zip(edges[:-1], edges[1:]):
    in_bin = (confidence > lo) & (confidence <= hi)
    if in_bin.any():
        ece += in_bin.double().mean() * (correct[in_bin].mean() - confidence[in_bin].double().mean()).abs()

assert abs(ece.item() - expected_calibration_error(correct.numpy(), confidence.numpy(), 15)) < 1e-6
assert ece.item() > 0.1  # over-confident: confidence well above accuracy
print(f"accuracy {correct.mean():.3f}, mean confidence {confidence.mean():.3f}, ECE {ece.item():.3f}")
