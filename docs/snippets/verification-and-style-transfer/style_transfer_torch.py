import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)
# stand-in for VGG-19 (pretrained weights are not loaded here): any frozen conv net shows the mechanics
net = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 32, 3, padding=1, stride=2), nn.ReLU())
net.requires_grad_(False)  # the weights stay fixed: only the image is optimized
STYLE_LAYERS, CONTENT_LAYER = (1, 3), 3  # Gatys: conv1_1 ... conv5_1 for style, conv4_2 for content


def features(img):
    out, x = {}, img
    for i, layer in enumerate(net):
        x = layer(x)
        out[i] = x[0]
    return out


def gram(f):  # (N channels, H, W) -> (N, N)
    F = f.flatten(1)
    return F @ F.T


def style_layer_cost(g, a):
    N, M = g.shape[0], g[0].numel()
    return ((gram(g) - gram(a)) ** 2).sum() / (4 * N**2 * M**2)


content, style = torch.rand(1, 3, 64, 64), torch.rand(1, 3, 64, 64)
P, S = features(content), features(style)
alpha, beta = 1.0, 1e4
img = torch.rand_like(content).requires_grad_(True)  # start from white noise (or from the content image)
opt = torch.optim.LBFGS([img], max_iter=20)


def closure():
    opt.zero_grad()
    Fx = features(img)
    J_content = 0.5 * ((Fx[CONTENT_LAYER] - P[CONTENT_LAYER]) ** 2).sum()
    J_style = sum(style_layer_cost(Fx[l], S[l]) for l in STYLE_LAYERS) / len(STYLE_LAYERS)
    J = alpha * J_content + beta * J_style
    J.backward()
    return J


J0 = closure().item()
opt.step(closure)
J1 = closure().item()
print(f"J: {J0:.3g} -> {J1:.3g}")
assert J1 < 0.5 * J0 and img.grad is not None and all(p.grad is None for p in net.parameters())
