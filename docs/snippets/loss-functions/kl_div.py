import torch
import torch.nn.functional as F

torch.manual_seed(0)
p = F.softmax(torch.randn(4, 6, dtype=torch.float64), dim=1)  # target distribution (the data)
q_logits = torch.randn(4, 6, dtype=torch.float64)  # the model
log_q = F.log_softmax(q_logits, dim=1)

# kl_div(input, target) = KL(target || exp(input)): the model's LOG-probabilities come first
kl_pq = (p * (p.log() - log_q)).sum() / 4  # KL(p || q), averaged over the batch
assert torch.allclose(F.kl_div(log_q, p, reduction="batchmean"), kl_pq)
# reduction="mean" also divides by the number of classes: not the KL divergence
assert torch.allclose(F.kl_div(log_q, p, reduction="mean"), kl_pq / 6)
# log_target=True takes the target as log-probabilities too
assert torch.allclose(F.kl_div(log_q, p.log(), reduction="batchmean", log_target=True), kl_pq)

# the divergence is not symmetric
q = log_q.exp()
kl_qp = (q * (q.log() - p.log())).sum() / 4
assert not torch.allclose(kl_pq, kl_qp)

# matches torch.distributions
ref = torch.distributions.kl_divergence(torch.distributions.Categorical(probs=p),
                                        torch.distributions.Categorical(logits=q_logits)).mean()
assert torch.allclose(kl_pq, ref)

# with respect to the model's logits the gradient is (q - p) / N: cross-entropy's gradient
z = q_logits.clone().requires_grad_(True)
F.kl_div(F.log_softmax(z, dim=1), p, reduction="batchmean").backward()
assert torch.allclose(z.grad, (q - p) / 4)
