import math

import numpy as np
import torch
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.decoding import (acceptance_rate, bits_per_byte, expected_tokens_per_step, perplexity,
                                          speculative_token_distribution)

torch.set_num_threads(1)

# speculative sampling: draft x ~ q, accept with min(1, p(x)/q(x)), else resample from max(0, p - q)
p = np.array([0.50, 0.30, 0.15, 0.05])  # target model
q = np.array([0.25, 0.25, 0.25, 0.25])  # cheap draft model
assert np.allclose(speculative_token_distribution(p, q), p)  # exactly the target distribution
alpha = acceptance_rate(p, q)  # sum_x min(p, q) = 0.25 + 0.25 + 0.15 + 0.05 = 0.70
assert math.isclose(alpha, 0.70)
print(expected_tokens_per_step(alpha, gamma=4))  # 2.77 tokens per target forward pass (i.i.d. acceptance)

# perplexity = exp(mean token NLL) = exp(cross-entropy in nats)
torch.manual_seed(0)
logits, targets = torch.randn(12, 100, dtype=torch.float64), torch.randint(0, 100, (12,))
ce = F.cross_entropy(logits, targets)  # mean over tokens, natural log
assert math.isclose(perplexity(logits.numpy(), targets.numpy()), math.exp(ce.item()), rel_tol=1e-12)

# bits per byte: total NLL in bits / UTF-8 bytes of the text those 12 tokens spell (say 50 bytes)
total_nats = F.cross_entropy(logits, targets, reduction="sum").item()
assert math.isclose(bits_per_byte(total_nats, 50), total_nats / math.log(2) / 50)
