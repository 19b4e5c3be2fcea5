import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
T, V, beta = 6, 11, 0.1  # response length, vocabulary, DPO's beta (0.1 is TRL's default)
policy_logits = torch.randn(2, T, V, requires_grad=True)  # chosen and rejected response
ref_logits = torch.randn(2, T, V)  # frozen reference (the SFT model)
y = torch.randint(0, V, (2, T))  # the two responses' tokens


def seq_logp(logits, tokens):  # log pi(y | x) = sum of token log-probs over the response
    return torch.log_softmax(logits, -1).gather(-1, tokens[..., None]).squeeze(-1).sum(-1)


logp, ref_logp = seq_logp(policy_logits, y), seq_logp(ref_logits, y)
reward = beta * (logp - ref_logp)  # implicit rewards r_hat of chosen [0] and rejected [1]
loss = -F.logsigmoid(reward[0] - reward[1])
loss.backward()

# gradient w.r.t. the sequence log-probs: -+ beta * sigma(r_hat_l - r_hat_w)
w = beta * torch.sigmoid(reward[1] - reward[0]).detach()
logp_leaf = logp.detach().requires_grad_()
(-F.logsigmoid(beta * ((logp_leaf[0] - ref_logp[0]) - (logp_leaf[1] - ref_logp[1])))).backward()
assert torch.allclose(logp_leaf.grad, torch.stack([-w, w]))
assert policy_logits.grad[0].abs().sum() > 0 and ref_logits.grad is None  # the reference gets no gradient
# at initialization (policy == reference) the loss is log 2
assert torch.isclose(-F.logsigmoid(torch.tensor(0.0)), torch.log(torch.tensor(2.0)))
