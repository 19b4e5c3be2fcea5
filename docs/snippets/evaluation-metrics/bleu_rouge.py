import math

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.metrics import bleu, rouge_l, rouge_n

candidate = "the cat sat on the mat".split()
reference = "the cat sat on a mat".split()

# clipped unigram precision 5/6 ("the" x2 clipped to 1), bigram 3/5; equal lengths: BP = 1
assert math.isclose(bleu([candidate], [[reference]], max_n=2), math.sqrt(5 / 6 * 3 / 5))

# brevity penalty: a 2-token candidate against a 6-token reference, all n-grams right
assert math.isclose(bleu([["the", "cat"]], [[reference]], max_n=2), math.exp(1 - 6 / 2))

p, r, f = rouge_n(candidate, reference, n=1)  # (precision, recall, F1); ROUGE-N is the recall
assert math.isclose(r, 5 / 6) and math.isclose(p, 5 / 6)
p, r, f = rouge_l(candidate, reference)  # LCS "the cat sat on mat" = 5 tokens
assert math.isclose(r, 5 / 6) and math.isclose(p, 5 / 6)
