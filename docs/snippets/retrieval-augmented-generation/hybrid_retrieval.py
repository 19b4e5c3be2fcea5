import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.retrieval import bm25_scores, cosine_scores, fuse_order, reciprocal_rank_fusion, top_k

docs = ["the cat sat on the mat", "dogs chase cats in the park", "a kitten is a young cat",
        "stock markets fell sharply today", "the mat was red"]
tokens = [d.split() for d in docs]
query = "young cat".split()

sparse = bm25_scores(query, tokens, k1=1.2, b=0.75)         # lexical: exact term matches only
rng = np.random.default_rng(0)
vocab = sorted({w for t in tokens for w in t} | set(query))
word_vec = {w: rng.normal(size=16) for w in vocab}
word_vec["kitten"] = word_vec["cat"] + 0.1 * rng.normal(size=16)  # a toy "semantic" embedding
embed = lambda ws: np.mean([word_vec[w] for w in ws], axis=0)
dense = cosine_scores(embed(query), np.stack([embed(t) for t in tokens]))

bm25_rank, dense_rank = top_k(sparse, 5).tolist(), top_k(dense, 5).tolist()
fused = fuse_order(reciprocal_rank_fusion([bm25_rank, dense_rank], k=60))  # sum of 1 / (60 + rank)
print("BM25:", bm25_rank, "dense:", dense_rank, "RRF:", fused)
assert sparse[3] == 0.0                                     # no shared term, no BM25 score
assert fused[0] == 2                                        # "a kitten is a young cat" wins both ways
