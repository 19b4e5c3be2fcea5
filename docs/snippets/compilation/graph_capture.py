import torch
from torch import fx, nn


class Block(nn.Module):
    def __init__(self, d: int = 64):
        super().__init__()
        self.fc = nn.Linear(d, d)

    def forward(self, x):
        h = self.fc(x)
        return torch.relu(h) * 2.0 + 1.0  # three elementwise ops after the matmul


torch.manual_seed(0)
model = Block().eval()
x = torch.randn(8, 64)

# 1) Graph capture by symbolic tracing: a Python-free list of ops
gm = fx.symbolic_trace(model)
ops = [n.op for n in gm.graph.nodes]
assert ops == ["placeholder", "call_module", "call_function", "call_function", "call_function", "output"]
assert torch.equal(gm(x), model(x))

# 2) TorchDynamo capture without code generation: backend="eager" replays the FX graph
seen = []


def inspect_backend(graph_module, example_inputs):
    seen.append(len(list(graph_module.graph.nodes)))
    return graph_module.forward  # run the captured graph as is


compiled = torch.compile(model, backend=inspect_backend, fullgraph=True)
assert torch.allclose(compiled(x), model(x))
assert len(seen) == 1  # one graph, no graph break
print(gm.code.strip().splitlines()[-2], "| Dynamo graph nodes:", seen[0])
