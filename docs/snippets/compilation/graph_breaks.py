import torch

graphs = []


def count_graphs(graph_module, example_inputs):  # a backend that only records each graph
    graphs.append([n.target for n in graph_module.graph.nodes if n.op == "call_function"])
    return graph_module.forward


def f(x):
    y = torch.sin(x) * 2
    if y.sum() > 0:  # data-dependent Python branch: Dynamo cannot trace through it
        return torch.cos(y)
    return torch.tanh(y)


torch.manual_seed(0)
x = torch.randn(16)
out = torch.compile(f, backend=count_graphs)(x)
assert torch.allclose(out, f(x))
assert len(graphs) == 2  # graph break: [sin, mul, sum, gt] then [cos] (or [tanh])

torch._dynamo.reset()  # forget cached frames, then insist on one graph
try:
    torch.compile(f, backend=count_graphs, fullgraph=True)(x)
    broke = False
except torch._dynamo.exc.Unsupported:  # "Data-dependent branching"
    broke = True
assert broke

# branch-free rewrite: both paths computed, one selected with torch.where -> a single graph
def g(x):
    y = torch.sin(x) * 2
    return torch.where(y.sum() > 0, torch.cos(y), torch.tanh(y))


graphs.clear()
assert torch.allclose(torch.compile(g, backend=count_graphs, fullgraph=True)(x), f(x))
assert len(graphs) == 1
