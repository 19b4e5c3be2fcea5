import itertools
import math

import numpy as np


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from n samples with c correct: 1 - C(n-c, k) / C(n, k), as a stable product."""
    if n - c < k:
        return 1.0
    return 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


# Check against the definition: the fraction of all k-subsets of the n samples containing a correct one.
n, c = 10, 3
for k in (1, 2, 5):
    subsets = list(itertools.combinations([1] * c + [0] * (n - c), k))
    assert abs(pass_at_k(n, c, k) - sum(map(any, subsets)) / len(subsets)) < 1e-12
    assert abs(pass_at_k(n, c, k) - (1 - math.comb(n - c, k) / math.comb(n, k))) < 1e-12

# The naive 1 - (1 - c/n)^k is biased low: with n = 10, c = 3, k = 5 it says 0.832, the estimator 0.917.
assert round(1 - (1 - c / n) ** 5, 3) == 0.832 and round(pass_at_k(10, 3, 5), 3) == 0.917
