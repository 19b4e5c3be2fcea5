import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
vocab, steps = 1000, 64
logits = torch.randn(steps, vocab)  # a language model's next-token logits
targets = torch.randint(0, vocab, (steps,))  # the tokens that actually came next

nll = F.cross_entropy(logits, targets)  # mean -log p(w_t | w_<t), natural log
ppl = torch.exp(nll)
bits = nll / math.log(2)  # cross-entropy in bits per token
assert torch.isclose(ppl, 2**bits)

# a model that knows nothing (uniform over the vocabulary) has perplexity = vocabulary size
uniform = F.cross_entropy(torch.zeros(steps, vocab), targets)
assert math.isclose(torch.exp(uniform).item(), vocab, rel_tol=1e-5)
