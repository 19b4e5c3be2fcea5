import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.decoding import beam_search, exhaustive_search
from cheatsheet.numerics.seq2seq import (blame, eps_exponential, eps_inverse_sigmoid, eps_linear,
                                         sequence_logprob)

# Scheduled sampling: probability of feeding the TRUE previous token at mini-batch i
i = np.array([0, 1000, 5000, 10000, 20000])
print("linear     ", eps_linear(i, k=1.0, c=1e-4, eps_min=0.1).round(3))
print("exponential", eps_exponential(i, k=0.9998).round(3))
print("inv sigmoid", eps_inverse_sigmoid(i, k=1000).round(3))
assert eps_inverse_sigmoid(0, k=1000) > 0.999 and eps_inverse_sigmoid(20000, k=1000) < 0.01

# Beam-search error analysis on a toy model: vocabulary {0: EOS, 1: "a", 2: "b"}
table = {(): [0.0, 0.55, 0.45], (1,): [0.4, 0.3, 0.3], (2,): [0.9, 0.05, 0.05]}


def step(prefix):  # next-token log-probabilities given the prefix
    return np.log(np.asarray(table.get(prefix, [1.0, 0.0, 0.0])) + 1e-300)


y_hat, logp_hat = beam_search(step, beam_width=1, max_len=3, eos=0)  # greedy output: "a" EOS, P = 0.22
y_star = (2, 0)                                                      # the better human reference, P = 0.405
verdict = blame(sequence_logprob(step, y_star), logp_hat)
assert y_hat == (1, 0) and verdict == "search"                       # the model prefers y*: widen the beam
assert beam_search(step, beam_width=2, max_len=3, eos=0)[0] == y_star == exhaustive_search(step, 3, 3, 0)[0]
