import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
V, d, PAD = 10, 4, 0

emb = nn.Embedding(V, d, padding_idx=PAD)  # weights ~ N(0, 1); row PAD starts at 0
ids = torch.tensor([[3, 7, PAD], [1, 1, 2]])
x = emb(ids)  # (2, 3, d): a gather of rows, the same as one_hot(ids) @ W
assert torch.allclose(x, F.one_hot(ids, V).float() @ emb.weight)
assert torch.all(emb.weight[PAD] == 0)
x.sum().backward()
assert torch.all(emb.weight.grad[PAD] == 0)  # the padding row never receives a gradient

# EmbeddingBag: lookup + reduction in one kernel; bags given by flat ids and start offsets
bag = nn.EmbeddingBag(V, d, mode="mean")  # mode="mean" is the default
flat, offsets = torch.tensor([3, 7, 1, 1, 2]), torch.tensor([0, 2])  # bags [3, 7] and [1, 1, 2]
out = bag(flat, offsets)
assert torch.allclose(out[0], bag.weight[[3, 7]].mean(0)) and torch.allclose(out[1], bag.weight[[1, 1, 2]].mean(0))


# tied input/output embeddings (Press & Wolf 2017; Inan et al. 2017): the softmax layer reuses E
class TinyLM(nn.Module):
    def __init__(self, V, d, tie=True):
        super().__init__()
        self.embed = nn.Embedding(V, d)
        self.body = nn.Linear(d, d)
        self.lm_head = nn.Linear(d, V, bias=False)
        if tie:
            self.lm_head.weight = self.embed.weight  # same Parameter, (V, d) in both

    def forward(self, ids):
        return self.lm_head(torch.tanh(self.body(self.embed(ids))))


n_tied = sum(p.numel() for p in TinyLM(V, d).parameters())  # parameters() yields a shared tensor once
n_untied = sum(p.numel() for p in TinyLM(V, d, tie=False).parameters())
assert n_untied - n_tied == V * d
assert TinyLM(V, d)(ids).shape == (2, 3, V)
