import os
import random

import numpy as np
import torch


def seed_everything(seed: int) -> torch.Generator:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds CPU and all CUDA devices
    os.environ["CUBLAS_WORKSPACE_CONFIG"] = ":4096:8"  # needed by deterministic cuBLAS (CUDA >= 10.2)
    torch.use_deterministic_algorithms(True)  # error on an op with no deterministic version
    torch.backends.cudnn.benchmark = False  # no autotuner picking different kernels per run
    torch.backends.cudnn.deterministic = True
    g = torch.Generator()
    g.manual_seed(seed)
    return g  # pass as DataLoader(generator=g) to fix the shuffling order


def run(seed: int) -> torch.Tensor:
    g = seed_everything(seed)
    data = torch.utils.data.TensorDataset(torch.randn(64, 8), torch.randn(64, 1))
    loader = torch.utils.data.DataLoader(data, batch_size=16, shuffle=True, generator=g)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for xb, yb in loader:
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(xb), yb).backward()
        opt.step()
    return model.weight.detach().clone()


assert torch.equal(run(0), run(0))  # bit-identical
assert not torch.equal(run(0), run(1))
torch.use_deterministic_algorithms(False)
