import itertools

# Pairwise LLM judge with a position bias: the answer shown first gets +b on its win probability.
SCORE = {"first": 1.0, "tie": 0.5, "second": 0.0}


def judge(q_first: float, q_tie: float, b: float) -> dict:
    """Verdict probabilities when the first-shown answer truly wins with q_first."""
    return {"first": q_first + b, "tie": q_tie, "second": 1 - q_first - q_tie - b}


q_a, q_tie, b = 0.30, 0.20, 0.15  # A truly wins 30 %, B 50 %, tie 20 %; judge favors slot 1 by 0.15
a_first, b_first = judge(q_a, q_tie, b), judge(1 - q_a - q_tie, q_tie, b)
truth = q_a + q_tie / 2  # A's expected score without bias: 0.40

one_order = sum(p * SCORE[v] for v, p in a_first.items())
assert abs(one_order - (truth + b)) < 1e-12  # one call is off by the whole bias: 0.55, "A is better"

# Swap and average: call again with B first, score A as 1 - score of the first slot; average.
swapped = sum(pa * pb * (SCORE[va] + 1 - SCORE[vb]) / 2
              for (va, pa), (vb, pb) in itertools.product(a_first.items(), b_first.items()))
assert abs(swapped - truth) < 1e-12  # exact: the bias cancels


# Conservative rule (Zheng et al. 2023): a win must hold in both orders, otherwise call it a tie.
def conservative(v_ab: str, v_ba: str) -> str:
    if (v_ab, v_ba) == ("first", "second"):
        return "A"
    if (v_ab, v_ba) == ("second", "first"):
        return "B"
    return "tie"


assert conservative("first", "first") == "tie"  # the judge just picked slot 1 twice
