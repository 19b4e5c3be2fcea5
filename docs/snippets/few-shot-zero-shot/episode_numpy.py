import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.fewshot import proto_logits, prototypes, sample_episode, softmax

rng = np.random.default_rng(0)
labels = np.repeat(np.arange(20), 30)                      # 20 classes x 30 examples
emb = rng.normal(size=(20, 4))[labels] * 3 + rng.normal(size=(600, 4))  # stand-in for f_phi(x)

s_idx, s_y, q_idx, q_y = sample_episode(labels, n_way=3, k_shot=5, n_query=4, rng=rng)
C = prototypes(emb[s_idx], s_y, n_way=3)                   # (3, 4): class means of the support set
logits = proto_logits(emb[q_idx], C)                       # (12, 3): -||z - c_k||^2
p = softmax(logits)
assert C.shape == (3, 4) and p.shape == (12, 3) and np.allclose(p.sum(1), 1)
# same prediction as the linear classifier w_k = 2 c_k, b_k = -||c_k||^2
assert (logits.argmax(1) == (emb[q_idx] @ (2 * C).T - (C**2).sum(1)).argmax(1)).all()
print("query accuracy:", (p.argmax(1) == q_y).mean())
