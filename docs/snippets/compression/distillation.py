import torch
import torch.nn.functional as F
from torch import nn


def kd_loss(student_logits, teacher_logits, labels, T=4.0, alpha=0.9):
    """alpha * T^2 * KL(p_teacher^T || q_student^T) + (1 - alpha) * CE(y, q_student)."""
    soft = F.kl_div(F.log_softmax(student_logits / T, dim=-1), F.softmax(teacher_logits / T, dim=-1),
                    reduction="batchmean") * T * T
    return alpha * soft + (1 - alpha) * F.cross_entropy(student_logits, labels)


torch.manual_seed(0)
torch.set_num_threads(1)  # tiny model: threads only add overhead
X = torch.randn(512, 10)
y = (X[:, :3].sum(1) > 0).long() + (X[:, 3] > 1).long()  # 3 classes
teacher = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 3))
opt_t = torch.optim.Adam(teacher.parameters(), lr=1e-2)
for _ in range(100):
    opt_t.zero_grad(); F.cross_entropy(teacher(X), y).backward(); opt_t.step()

student = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 3))  # 115 vs 899 parameters
opt = torch.optim.Adam(student.parameters(), lr=1e-2)
with torch.no_grad():
    t_logits = teacher(X)  # teacher is frozen: compute its logits once
losses = []
for _ in range(150):
    loss = kd_loss(student(X), t_logits, y)
    opt.zero_grad(); loss.backward(); opt.step()
    losses.append(loss.item())
assert losses[-1] < 0.5 * losses[0]
acc = (student(X).argmax(1) == y).float().mean().item()
assert acc > 0.8
print(f"KD loss {losses[0]:.3f} -> {losses[-1]:.3f}, student accuracy {acc:.2f}")
