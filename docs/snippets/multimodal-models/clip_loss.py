import math

import torch
import torch.nn.functional as F
from torch import nn


class TwoTower(nn.Module):
    """Image and text encoders (here linear) into one joint space, plus CLIP's learned temperature."""

    def __init__(self, d_img=32, d_txt=24, d=16):
        super().__init__()
        self.img, self.txt = nn.Linear(d_img, d, bias=False), nn.Linear(d_txt, d, bias=False)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))  # s = log(1/tau)

    def forward(self, x_img, x_txt):
        i, t = F.normalize(self.img(x_img), dim=-1), F.normalize(self.txt(x_txt), dim=-1)
        return self.logit_scale.exp().clamp(max=100) * i @ t.T  # (B, B) logits


def clip_loss(logits):
    labels = torch.arange(len(logits))  # pair i matches pair i: the diagonal
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2


torch.manual_seed(0)
z = torch.randn(512, 8)  # shared "concept" behind each image-caption pair
x_img, x_txt = z @ torch.randn(8, 32), z @ torch.randn(8, 24) + 0.1 * torch.randn(512, 24)
model = TwoTower()
opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
for step in range(200):
    idx = torch.randint(0, 512, (64,))
    loss = clip_loss(model(x_img[idx], x_txt[idx]))
    opt.zero_grad(), loss.backward(), opt.step()

with torch.no_grad():  # zero-shot: "class prompts" are 10 text embeddings; classify 10 images
    logits = model(x_img[:10], x_txt[:10])
    pred = logits.softmax(dim=1).argmax(dim=1)
print(f"final loss {loss.item():.3f}, 1/tau = {model.logit_scale.exp().item():.1f}, pred {pred.tolist()}")
assert loss.item() < 0.5 * math.log(64) and (pred == torch.arange(10)).float().mean() >= 0.9
