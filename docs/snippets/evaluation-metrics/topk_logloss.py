import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import log_loss, top_k_accuracy_score

torch.manual_seed(0)
logits = torch.randn(8, 5, dtype=torch.float64)
y = torch.tensor([0, 1, 2, 3, 4, 0, 1, 2])

# log loss = mean cross-entropy of the softmax probabilities
ce = F.cross_entropy(logits, y)
probs = logits.softmax(dim=1).numpy()
assert np.isclose(ce.item(), log_loss(y.numpy(), probs, labels=range(5)))

# top-k accuracy: is the true class among the k highest scores?
top3 = (logits.topk(3, dim=1).indices == y[:, None]).any(dim=1).double().mean()
assert np.isclose(top3.item(), top_k_accuracy_score(y.numpy(), probs, k=3, labels=range(5)))
