import numpy as np
import torch
from transformers import (LogitsProcessorList, MinPLogitsWarper, RepetitionPenaltyLogitsProcessor,
                          TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper)

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.decoding import min_p, repetition_penalty, temperature, top_k, top_p

torch.set_num_threads(1)
torch.manual_seed(0)
scores = torch.randn(1, 32, dtype=torch.float64) * 2  # one row of next-token logits
input_ids = torch.tensor([[3, 7, 7, 11]])  # the context so far

# what generate(do_sample=True, repetition_penalty=1.2, temperature=0.8, top_k=20, top_p=0.9, min_p=0.05)
# builds, in this order (penalties first, then temperature, then the truncations)
pipeline = LogitsProcessorList([
    RepetitionPenaltyLogitsProcessor(penalty=1.2),
    TemperatureLogitsWarper(temperature=0.8),
    TopKLogitsWarper(top_k=20),
    TopPLogitsWarper(top_p=0.9),
    MinPLogitsWarper(min_p=0.05),
])
out = pipeline(input_ids, scores.clone())

z = scores[0].numpy()
mine = min_p(top_p(top_k(temperature(repetition_penalty(z, [3, 7, 7, 11], 1.2), 0.8), 20), 0.9), 0.05)
assert np.array_equal(np.isneginf(mine), torch.isinf(out[0]).numpy())
assert np.allclose(mine[~np.isneginf(mine)], out[0][~torch.isinf(out[0])].numpy())

probs = out.softmax(-1)
next_token = torch.multinomial(probs, num_samples=1)
assert probs[0, next_token].item() > 0
