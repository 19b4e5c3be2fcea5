import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
T, N, C = 12, 3, 5  # frames, batch, classes (index 0 is the blank)
logits = torch.randn(T, N, C, dtype=torch.float64, requires_grad=True)
log_probs = logits.log_softmax(-1)  # (T, N, C): time first
targets = torch.tensor([[1, 2, 2, 3], [4, 4, 0, 0], [2, 0, 0, 0]])  # padded; "2 2" and "4 4" repeat
input_lengths = torch.tensor([12, 9, 5])
target_lengths = torch.tensor([4, 2, 1])

per_seq = F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="none")
mean = F.ctc_loss(log_probs, targets, input_lengths, target_lengths)  # reduction="mean"
# "mean" divides every sequence's loss by its target length, then averages over the batch
assert torch.isclose(mean, (per_seq / target_lengths).mean())
assert not torch.isclose(mean, per_seq.mean())

# a repeated label needs a blank in between: "4 4" cannot fit in 2 frames, "4 3" can
short = F.ctc_loss(log_probs[:2, 1:2], torch.tensor([[4, 4]]), torch.tensor([2]), torch.tensor([2]), reduction="sum")
assert torch.isinf(short)
fits = F.ctc_loss(log_probs[:2, 1:2], torch.tensor([[4, 3]]), torch.tensor([2]), torch.tensor([2]), reduction="sum")
assert torch.isfinite(fits)
zeroed = F.ctc_loss(log_probs[:2, 1:2], torch.tensor([[4, 4]]), torch.tensor([2]), torch.tensor([2]),
                    reduction="sum", zero_infinity=True)
assert zeroed == 0

# through log_softmax, the gradient per frame is softmax minus occupation: each frame's row sums to 0
per_seq.sum().backward()
assert torch.allclose(logits.grad.sum(-1), torch.zeros(T, N, dtype=torch.float64), atol=1e-12)
