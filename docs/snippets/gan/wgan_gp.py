import numpy as np
import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.generative import critic_loss_wasserstein, gradient_penalty as gp_numpy

torch.manual_seed(0)
critic = nn.Sequential(nn.Linear(2, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1))  # no sigmoid, no batch norm


def gradient_penalty(critic, real, fake, lam=10.0):
    """lam * E[(||grad_xhat f(xhat)||_2 - 1)^2] at random points between real and fake samples."""
    eps = torch.rand(real.shape[0], 1)                      # one epsilon per sample
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)  # keep graph: penalty is trained
    return lam * ((grad.norm(2, dim=1) - 1) ** 2).mean(), grad


real = torch.randn(256, 2) + torch.tensor([2.0, 0.0])
fake = torch.randn(256, 2)                                  # stands in for G(z).detach()
gp, grad = gradient_penalty(critic, real, fake)
loss_critic = critic(fake).mean() - critic(real).mean() + gp  # minimized by the critic
loss_critic.backward()                                      # gradients flow through the penalty too

assert np.isclose(gp.item(), gp_numpy(grad.detach().numpy(), lam=10.0), rtol=1e-5)
assert np.isclose((loss_critic - gp).item(), critic_loss_wasserstein(critic(real).detach().numpy(),
                                                                       critic(fake).detach().numpy()), rtol=1e-5)
assert all(p.grad is not None for p in critic.parameters())
print(f"critic loss {loss_critic.item():.3f}, of which gradient penalty {gp.item():.3f}")
