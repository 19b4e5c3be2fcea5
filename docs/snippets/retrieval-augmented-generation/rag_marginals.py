import numpy as np
import torch

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.retrieval import rag_sequence_log_likelihood, rag_token_log_likelihood

torch.manual_seed(0)
K, N, V = 5, 7, 50                                         # retrieved docs, target length, vocabulary
doc_scores = torch.randn(K)                                # d(z)^T q(x) for the top-K documents
log_p_z = doc_scores.log_softmax(0)                        # p_eta(z | x), renormalized over the top K
log_p_tok = torch.randn(K, N, V).log_softmax(-1)           # generator: log p_theta(y_i | x, z, y_<i)
y = torch.randint(0, V, (N,))
ll = log_p_tok[:, torch.arange(N), y]                      # (K, N): log-prob of each target token

rag_sequence = torch.logsumexp(log_p_z + ll.sum(1), dim=0)           # sum_z p(z|x) prod_i p(y_i|...)
rag_token = torch.logsumexp(log_p_z[:, None] + ll, dim=0).sum()      # prod_i sum_z p(z|x) p(y_i|...)
loss = -rag_sequence                                       # NLL: backprop reaches retriever and generator

assert np.isclose(rag_sequence.item(), rag_sequence_log_likelihood(log_p_z.numpy(), ll.numpy()))
assert np.isclose(rag_token.item(), rag_token_log_likelihood(log_p_z.numpy(), ll.numpy()))
print(f"log p(y|x): RAG-Sequence {rag_sequence:.3f}, RAG-Token {rag_token:.3f}")
