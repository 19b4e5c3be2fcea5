import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
V_SRC, V_TGT, E, H, BOS, EOS = 20, 15, 16, 32, 1, 2


class Seq2Seq(nn.Module):
    """GRU encoder-decoder (Cho et al. 2014 / Sutskever et al. 2014, no attention)."""

    def __init__(self):
        super().__init__()
        self.embed_src, self.embed_tgt = nn.Embedding(V_SRC, E), nn.Embedding(V_TGT, E)
        self.encoder = nn.GRU(E, H, batch_first=True)
        self.decoder = nn.GRU(E, H, batch_first=True)
        self.out = nn.Linear(H, V_TGT)

    def forward(self, src, tgt_in):                    # teacher forcing: one parallel pass
        _, h = self.encoder(self.embed_src(src))       # h: (1, B, H), the whole source in one vector
        dec, _ = self.decoder(self.embed_tgt(tgt_in), h)
        return self.out(dec)                           # (B, T_y, V)

    @torch.no_grad()
    def greedy(self, src, max_len=10):                 # inference: feed back its own argmax
        _, h = self.encoder(self.embed_src(src))
        y = torch.full((len(src), 1), BOS)
        for _ in range(max_len):
            dec, h = self.decoder(self.embed_tgt(y[:, -1:]), h)
            y = torch.cat([y, self.out(dec).argmax(-1)], dim=1)
        return y[:, 1:]


model = Seq2Seq()
src = torch.randint(3, V_SRC, (4, 7))                  # T_x = 7
tgt = torch.cat([torch.randint(3, V_TGT, (4, 4)), torch.full((4, 1), EOS)], 1)  # T_y = 5, ends in EOS
tgt_in = torch.cat([torch.full((4, 1), BOS), tgt[:, :-1]], 1)  # shift right: BOS, y_1 .. y_{T-1}
logits = model(src, tgt_in)
assert logits.shape == (4, 5, V_TGT)

# log P(y|x) = sum_t log p(y_t | y_<t, x); the training loss is its negative mean per token
log_p = logits.log_softmax(-1).gather(-1, tgt[..., None]).squeeze(-1).sum(1)    # (B,)
loss = F.cross_entropy(logits.transpose(1, 2), tgt)     # (B, V, T) vs (B, T): class dim second
assert torch.allclose(loss, -log_p.sum() / tgt.numel())

opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for _ in range(60):                                    # overfit the 4 pairs
    opt.zero_grad()
    F.cross_entropy(model(src, tgt_in).transpose(1, 2), tgt).backward()
    opt.step()
assert torch.equal(model.greedy(src, max_len=5), tgt)  # free-running decoding now reproduces the targets
