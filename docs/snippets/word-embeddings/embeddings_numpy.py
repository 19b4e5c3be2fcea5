import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.embeddings import (
    analogy_3cosadd,
    char_ngrams,
    glove_weight,
    noise_distribution,
    subsample_discard_paper,
    subsample_keep_word2vec_c,
)

# GloVe weight: (x / 100)^(3/4) below x_max = 100, then 1
assert np.allclose(glove_weight([0, 10, 100, 500]), [0, 0.1**0.75, 1, 1])

# negative-sampling noise flattens the unigram counts
p = noise_distribution([900, 90, 9, 1])
assert p[0] < 0.9 and p[3] > 0.001

# subsampling a word that is 1% of the corpus: paper (t = 1e-5) vs word2vec.c (-sample 1e-3)
keep_paper, keep_c = 1 - subsample_discard_paper(0.01, 1e-5), subsample_keep_word2vec_c(0.01, 1e-3)
assert np.isclose(keep_paper, 0.0316, atol=1e-4) and np.isclose(keep_c, 0.4162, atol=1e-4)  # keep 3.2% vs 41.6%

# fastText subwords of "where" for n = 3
assert char_ngrams("where", 3, 3) == ["<wh", "whe", "her", "ere", "re>", "<where>"]

# analogies: king - man + woman on a constructed space, query words excluded
rng = np.random.default_rng(0)
royal, male, female = rng.standard_normal((3, 16))
words = ["man", "woman", "king", "queen", "apple"]
E = np.stack([male, female, royal + male, royal + female, rng.standard_normal(16)])
assert words[analogy_3cosadd(E, a=0, b=2, c=1)] == "queen"  # man : king :: woman : ?
