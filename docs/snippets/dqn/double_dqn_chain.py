import copy
import random

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0); random.seed(0)  # noqa: E702
N, gamma = 6, 0.9  # chain 0..5; action 1 moves right, 0 left; entering state 5 pays +1 and ends


def step(s, a):
    s2 = min(s + 1, N - 1) if a == 1 else max(s - 1, 0)
    return s2, float(s2 == N - 1), s2 == N - 1


onehot = lambda s: F.one_hot(torch.as_tensor(s), N).float()  # noqa: E731
q = nn.Sequential(nn.Linear(N, 32), nn.ReLU(), nn.Linear(32, 2))
q_target = copy.deepcopy(q)  # frozen copy theta^-
opt = torch.optim.Adam(q.parameters(), lr=1e-2)
replay, s = [], 0
for it in range(1000):
    eps = max(0.1, 1.0 - it / 400)  # linear epsilon-greedy schedule
    a = random.randrange(2) if random.random() < eps else q(onehot(s)).argmax().item()
    s2, r, done = step(s, a)
    replay.append((s, a, r, s2, done))
    s = random.randrange(N - 1) if done else s2
    batch = random.sample(replay, min(len(replay), 64))  # experience replay: uniform minibatch
    S, A, Rw, S2, D = (torch.tensor(x) for x in zip(*batch))
    with torch.no_grad():  # Double DQN: online net selects a', target net evaluates it
        a_star = q(onehot(S2)).argmax(1, keepdim=True)
        y = Rw + gamma * (1 - D.float()) * q_target(onehot(S2)).gather(1, a_star).squeeze(1)
    loss = F.smooth_l1_loss(q(onehot(S)).gather(1, A.unsqueeze(1)).squeeze(1), y)  # Huber
    opt.zero_grad(); loss.backward(); opt.step()  # noqa: E702
    if it % 50 == 0:
        q_target.load_state_dict(q.state_dict())  # hard target update

Q = q(onehot(torch.arange(N - 1))).detach()
print(Q.round(decimals=3))
assert (Q.argmax(1) == 1).all()  # greedy policy: always move right
assert torch.allclose(Q[:, 1], gamma ** torch.arange(N - 2, -1, -1.0), atol=0.05)  # Q*(s, right) = gamma^(4-s)
