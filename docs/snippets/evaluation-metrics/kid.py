import torch

torch.set_num_threads(1)
torch.manual_seed(0)
d = 16  # Inception pool features have d = 2048; toy features here
real = torch.randn(100, d, dtype=torch.float64)
fake = torch.randn(80, d, dtype=torch.float64) + 0.5


def kid(x, y):
    """Unbiased MMD^2 with the cubic polynomial kernel (x.y / d + 1)^3."""
    k = lambda a, b: (a @ b.T / a.shape[1] + 1) ** 3  # noqa: E731
    m, n = len(x), len(y)
    kxx, kyy = k(x, x), k(y, y)
    return ((kxx.sum() - kxx.trace()) / (m * (m - 1)) + (kyy.sum() - kyy.trace()) / (n * (n - 1))
            - 2 * k(x, y).mean())


assert kid(real, fake) > 0.1
# same distribution: the estimate is centered on 0, so single draws can be negative
same = torch.stack([kid(torch.randn(50, d), torch.randn(50, d)) for _ in range(50)])
assert same.mean().abs() < 0.05 and (same < 0).any()
