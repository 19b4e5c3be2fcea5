import torch

torch.manual_seed(0)
D, K_SHOT, ALPHA = 8, 4, 0.1  # 4 support points for 8 weights: the task cannot be solved from scratch
w_common = torch.randn(D)     # tasks share structure: w_task = w_common + small noise


def task():
    w = w_common + 0.1 * torch.randn(D)
    def sample(n):
        x = torch.randn(n, D)
        return x, x @ w
    return sample


def loss(w, x, y):
    return (x @ w - y).pow(2).mean()


def inner_step(theta, x, y, create_graph):  # theta' = theta - alpha * grad L_support(theta)
    (g,) = torch.autograd.grad(loss(theta, x, y), theta, create_graph=create_graph)
    return theta - ALPHA * g


def query_loss_after_adaptation(theta, n_tasks=200):
    total = 0.0
    for _ in range(n_tasks):
        sample = task()
        (xs, ys), (xq, yq) = sample(K_SHOT), sample(20)
        total += loss(inner_step(theta, xs, ys, create_graph=False), xq, yq).item()
    return total / n_tasks


theta = torch.zeros(D, requires_grad=True)
before = query_loss_after_adaptation(theta)
meta_opt = torch.optim.Adam([theta], lr=0.05)
for step in range(200):
    sample = task()
    (xs, ys), (xq, yq) = sample(K_SHOT), sample(20)
    outer = loss(inner_step(theta, xs, ys, create_graph=True), xq, yq)  # second-order MAML
    meta_opt.zero_grad(); outer.backward(); meta_opt.step()
after = query_loss_after_adaptation(theta)
print(f"query MSE after one inner step: from theta=0 {before:.2f}, from the meta-learned theta {after:.3f}")
assert after < 0.1 * before
