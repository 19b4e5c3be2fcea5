import torch


def squash(s, dim=-1, eps=1e-8):
    n2 = (s * s).sum(dim, keepdim=True)
    return n2 / (1 + n2) * s / torch.sqrt(n2 + eps)


def route(u_hat, iterations=3):  # u_hat: (B, I children, J parents, D)
    b = torch.zeros(u_hat.shape[:3])
    for r in range(iterations):
        c = b.softmax(dim=2)  # each child splits its vote over the parents
        v = squash((c.unsqueeze(-1) * u_hat).sum(dim=1))  # (B, J, D)
        if r < iterations - 1:
            b = b + (u_hat * v.unsqueeze(1)).sum(-1)  # agreement u_hat . v
    return v


def margin_loss(lengths, y, m_pos=0.9, m_neg=0.1, lam=0.5):
    T = torch.nn.functional.one_hot(y, lengths.shape[1]).float()
    L = T * (m_pos - lengths).clamp(min=0) ** 2 + lam * (1 - T) * (lengths - m_neg).clamp(min=0) ** 2
    return L.sum(1).mean()


torch.manual_seed(0)
B, I, J, D_in, D_out = 4, 1152, 10, 8, 16  # MNIST CapsNet: 6x6x32 primary capsules -> 10 digit capsules
u = squash(torch.randn(B, I, D_in))  # primary capsules
W = torch.nn.Parameter(0.01 * torch.randn(I, J, D_out, D_in))  # one 16x8 matrix per (child, parent) pair
u_hat = torch.einsum("ijod,bid->bijo", W, u)  # prediction vectors W_ij u_i
v = route(u_hat)
lengths = v.norm(dim=-1)  # class probabilities as capsule lengths, in [0, 1)
assert v.shape == (B, J, D_out) and bool((lengths < 1).all())
loss = margin_loss(lengths, torch.tensor([3, 1, 4, 1]))
loss.backward()  # gradients reach W through all routing iterations
assert W.grad is not None and W.numel() == 1_474_560
