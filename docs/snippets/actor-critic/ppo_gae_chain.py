import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.reinforcement import gae as gae_reference

torch.manual_seed(0); rng = np.random.default_rng(0)  # noqa: E702
N, gamma, lam, clip = 6, 0.9, 0.95, 0.2  # chain: action 1 = right; entering state 5 pays +1, ends
actor, critic = nn.Linear(N, 2), nn.Linear(N, 1)  # on one-hot states: tabular logits and values
opt = torch.optim.Adam([*actor.parameters(), *critic.parameters()], lr=0.05)
for it in range(30):
    S, A, Rw, D, s = [], [], [], [], int(rng.integers(N - 1))  # 1. roll out 128 steps with pi_old
    for _ in range(128):
        a = int(torch.distributions.Categorical(logits=actor(F.one_hot(torch.tensor(s), N).float())).sample())
        s2 = min(s + 1, N - 1) if a == 1 else max(s - 1, 0)
        S.append(s); A.append(a); Rw.append(float(s2 == N - 1)); D.append(float(s2 == N - 1))  # noqa: E702
        s = int(rng.integers(N - 1)) if s2 == N - 1 else s2
    X, A, Rw, D = F.one_hot(torch.tensor(S), N).float(), torch.tensor(A), torch.tensor(Rw), torch.tensor(D)
    with torch.no_grad():  # 2. GAE: delta_t = r + gamma (1 - d) V(s') - V(s); A_t = delta_t + gamma lam (1 - d) A_{t+1}
        V, last = critic(X).squeeze(1), critic(F.one_hot(torch.tensor(s), N).float()).item()
        delta = Rw + gamma * (1 - D) * torch.cat([V[1:], torch.tensor([last])]) - V
        adv, run = torch.zeros(128), 0.0
        for t in reversed(range(128)):
            adv[t] = run = delta[t] + gamma * lam * (1 - D[t]) * run
        ret, logp_old = adv + V, torch.log_softmax(actor(X), 1).gather(1, A[:, None]).squeeze(1)
    for _ in range(4):  # 3. a few epochs on the same batch with the clipped surrogate
        logits = actor(X)
        ratio = (torch.log_softmax(logits, 1).gather(1, A[:, None]).squeeze(1) - logp_old).exp()
        a_n = (adv - adv.mean()) / (adv.std() + 1e-8)
        l_clip = torch.min(ratio * a_n, ratio.clamp(1 - clip, 1 + clip) * a_n).mean()
        entropy = torch.distributions.Categorical(logits=logits).entropy().mean()
        loss = -l_clip + 0.5 * (critic(X).squeeze(1) - ret).pow(2).mean() - 0.01 * entropy
        opt.zero_grad(); loss.backward(); opt.step()  # noqa: E702

ref, _ = gae_reference(Rw.numpy(), V.numpy(), last, D.numpy(), gamma, lam)
assert np.allclose(adv.numpy(), ref, atol=1e-5)  # the loop above is GAE as in the cheat sheet
p_right = torch.softmax(actor(torch.eye(N)[: N - 1]), 1)[:, 1]
print("pi(right | s):", p_right.detach().numpy().round(3))
assert (p_right > 0.9).all()
