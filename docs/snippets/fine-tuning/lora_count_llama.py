import torch
from torch import nn

torch.set_num_threads(1)

# Llama-2-7B shapes (config.json): d = 4096, MLP 11008, 32 layers, 32 heads (no GQA), vocab 32000.
d, f, n_layers, vocab = 4096, 11008, 32, 32000
block = {"q_proj": (d, d), "k_proj": (d, d), "v_proj": (d, d), "o_proj": (d, d),
         "gate_proj": (f, d), "up_proj": (f, d), "down_proj": (d, f)}  # (out, in)
total = n_layers * (sum(o * i for o, i in block.values()) + 2 * d) + 2 * vocab * d + d
assert total == 6_738_415_616


def lora_params(r: int, targets) -> int:
    return n_layers * sum(r * (block[t][0] + block[t][1]) for t in targets)


assert lora_params(8, ["q_proj", "v_proj"]) == 4_194_304  # 0.062 % of the model
assert lora_params(16, ["q_proj", "v_proj"]) == 8_388_608
assert lora_params(16, list(block)) == 39_976_960  # all linear layers: 0.59 %

# the same count from modules: adapters attached to one layer on the meta device (no memory used)
with torch.device("meta"):
    layer = nn.ModuleDict({n: nn.Linear(i, o, bias=False) for n, (o, i) in block.items()})
    for name in ("q_proj", "v_proj"):
        o, i = block[name]
        layer[name + "_lora_A"] = nn.Linear(i, 8, bias=False)
        layer[name + "_lora_B"] = nn.Linear(8, o, bias=False)
per_layer = sum(p.numel() for n, p in layer.named_parameters() if "lora" in n)
assert n_layers * per_layer == lora_params(8, ["q_proj", "v_proj"])

# memory (weights + optimizer state, activations excluded)
GB = 1e9
full = 16 * total / GB  # BF16 weight + grad, FP32 master + Adam m, v: 2 + 2 + 4 + 4 + 4 bytes
lora = (2 * total + 16 * lora_params(16, list(block))) / GB  # frozen BF16 base
nf4_bits = 4 + 8 / 64 + 32 / (64 * 256)  # NF4 + double-quantized constants
qlora = (n_layers * sum(o * i for o, i in block.values()) * nf4_bits / 8
         + 2 * (total - n_layers * sum(o * i for o, i in block.values()))
         + 16 * lora_params(16, list(block))) / GB
assert round(full) == 108 and round(lora, 1) == 14.1 and round(qlora, 1) == 4.5
