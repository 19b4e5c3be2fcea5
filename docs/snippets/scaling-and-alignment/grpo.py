import torch

torch.set_num_threads(1)
# G = 6 sampled answers to one math prompt, reward 1 if the final answer is right (verifiable)
rewards = torch.tensor([1.0, 0.0, 0.0, 1.0, 0.0, 0.0])
adv = (rewards - rewards.mean()) / (rewards.std() + 1e-4)  # group-relative, no critic (std: unbiased, as TRL)
assert torch.allclose(adv[rewards == 1], torch.full((2,), 1.2909), atol=1e-3)
assert torch.allclose(adv.sum(), torch.tensor(0.0), atol=1e-6)

# per-token KL to the reference with the k3 estimator: ratio - log(ratio) - 1, ratio = pi_ref / pi_theta
logp = torch.log(torch.tensor([0.5, 0.2, 0.9]))
ref_logp = torch.log(torch.tensor([0.4, 0.3, 0.9]))
k3 = torch.exp(ref_logp - logp) - (ref_logp - logp) - 1
assert torch.all(k3 >= 0) and k3[2] == 0  # zero where the two policies agree

# clipped surrogate for one token of answer 0 (clip eps = 0.2), KL added to the loss (beta = 0.04 in DeepSeekMath)
ratio = torch.tensor(1.3)  # pi_theta / pi_old
surrogate = torch.minimum(ratio * adv[0], ratio.clamp(0.8, 1.2) * adv[0])
loss = -(surrogate - 0.04 * k3[0])
assert torch.isclose(surrogate, 1.2 * adv[0])  # a positive advantage is clipped at 1 + eps
