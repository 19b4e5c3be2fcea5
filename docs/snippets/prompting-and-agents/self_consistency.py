import math
import re
from collections import Counter

# Self-consistency: sample several chains of thought (temperature > 0), keep only the final answers, vote.
samples = [
    "3 boxes of 4 is 12, plus 5 loose is 17. The answer is 17.",
    "4 + 4 + 4 = 12; 12 + 5 = 17. The answer is 17.",
    "3 * 4 = 12, 12 - 5 = 7. The answer is 7.",
    "Each box has 4, so 12, and 5 more make 17. The answer is 17.",
    "3 + 4 + 5 = 12. The answer is 12.",
]
answers = [re.search(r"The answer is (-?\d+)", s).group(1) for s in samples]
vote, count = Counter(answers).most_common(1)[0]  # ties: the answer sampled first wins
assert (vote, count) == ("17", 3)

# If samples were independent, each right with probability p (two outcomes), the majority of n is right
# with P_n = sum_{j > n/2} C(n, j) p^j (1 - p)^(n - j): better than p only when p > 1/2.
def majority_correct(p: float, n: int) -> float:  # odd n
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n // 2 + 1, n + 1))


assert round(majority_correct(0.6, 1), 3) == 0.6
assert round(majority_correct(0.6, 11), 3) == 0.753
assert round(majority_correct(0.6, 41), 3) == 0.903
assert majority_correct(0.4, 41) < 0.4  # below 1/2 a two-way vote makes things worse
