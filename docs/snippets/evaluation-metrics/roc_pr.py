import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

rng = np.random.default_rng(0)
y = (rng.random(500) < 0.1).astype(int)  # 10% positives
score = rng.normal(size=500) + 1.5 * y

auc = roc_auc_score(y, score)
ap = average_precision_score(y, score)  # step sum, no interpolation

# AUC = probability a random positive outranks a random negative (ties count 1/2)
diff = score[y == 1][:, None] - score[y == 0][None, :]
assert abs(auc - np.mean((diff > 0) + 0.5 * (diff == 0))) < 1e-12

# AP by hand: sort by score, precision at each positive, averaged over positives
order = np.argsort(-score)
hits = y[order]
precision_at_hit = np.cumsum(hits)[hits == 1] / (np.flatnonzero(hits) + 1)
assert abs(ap - precision_at_hit.mean()) < 1e-12

# the chance level differs: 0.5 for AUC, the prevalence for AP
shuffled = rng.permutation(score)
print(f"AUC {auc:.3f}  AP {ap:.3f}  random-score AP {average_precision_score(y, shuffled):.3f}")
assert abs(average_precision_score(y, shuffled) - y.mean()) < 0.1
