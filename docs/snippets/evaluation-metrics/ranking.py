import numpy as np
from sklearn.metrics import ndcg_score

relevance = np.array([3, 2, 3, 0, 1, 2])  # graded relevance of 6 documents
scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])  # the model's ranking: documents in this order

# DCG with linear gain and log2(i + 1) discount (scikit-learn's convention)
discount = 1 / np.log2(np.arange(2, 8))
dcg = np.sum(relevance * discount)
idcg = np.sum(np.sort(relevance)[::-1] * discount)
assert np.isclose(ndcg_score([relevance], [scores]), dcg / idcg)
assert np.isclose(ndcg_score([relevance], [scores], k=3),
                  np.sum(relevance[:3] * discount[:3]) / np.sum(np.sort(relevance)[::-1][:3] * discount[:3]))

# MRR: mean over queries of 1 / rank of the first relevant result
first_relevant_rank = np.array([3, 1, 2])
assert np.isclose(np.mean(1 / first_relevant_rank), (1 / 3 + 1 + 1 / 2) / 3)

# precision@3 and recall@3 with binary relevance (4 relevant items in all)
hits = np.array([1, 0, 1, 1, 0, 0, 1])
assert hits[:3].sum() / 3 == 2 / 3 and hits[:3].sum() / hits.sum() == 0.5
