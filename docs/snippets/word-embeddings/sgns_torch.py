import torch
import torch.nn.functional as F

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.embeddings import skipgram_pairs, toy_corpus

torch.set_num_threads(1)
torch.manual_seed(0)
corpus, vocab = toy_corpus(n_sentences=200)  # 3 topics x 5 words
V, d, K = len(vocab), 8, 5
pairs = torch.tensor(skipgram_pairs(corpus, window=2))  # (P, 2): center, context

counts = torch.bincount(torch.tensor([w for s in corpus for w in s]), minlength=V).double()
noise = counts**0.75 / (counts**0.75).sum()  # unigram^(3/4)

v_in = torch.nn.Embedding(V, d)  # center ("input") vectors v
u_out = torch.nn.Embedding(V, d)  # context ("output") vectors u
torch.nn.init.uniform_(v_in.weight, -0.5 / d, 0.5 / d)
torch.nn.init.zeros_(u_out.weight)  # word2vec's initialization
opt = torch.optim.SGD([*v_in.parameters(), *u_out.parameters()], lr=0.5)


def sgns_loss(center, context):
    v = v_in(center)  # (B, d)
    neg = torch.multinomial(noise, center.numel() * K, replacement=True).view(-1, K)  # (B, K)
    pos = (u_out(context) * v).sum(-1)  # u_o . v
    negs = torch.einsum("bkd,bd->bk", u_out(neg), v)  # u_k . v
    return -(F.logsigmoid(pos) + F.logsigmoid(-negs).sum(-1)).mean()


losses = []
for epoch in range(5):
    total = 0.0
    for batch in pairs[torch.randperm(len(pairs))].split(64):
        loss = sgns_loss(batch[:, 0], batch[:, 1])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(batch)
    losses.append(total / len(pairs))
assert losses[-1] < losses[0] < 6 * 0.6932  # starts at (1 + K) ln 2, then falls

E = F.normalize(v_in.weight.detach(), dim=1)
cos = E @ E.T
assert cos[vocab.index("cat"), vocab.index("dog")] > cos[vocab.index("cat"), vocab.index("blue")]
