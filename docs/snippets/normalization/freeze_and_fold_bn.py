import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval

torch.manual_seed(0)
torch.set_num_threads(1)
model = nn.Sequential(nn.Conv2d(3, 8, 3, bias=False), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 2, 1))
model.train()(torch.randn(16, 3, 10, 10))             # some running statistics

def freeze_bn(m: nn.Module) -> None:                  # call AFTER every model.train()
    for mod in m.modules():
        if isinstance(mod, nn.modules.batchnorm._BatchNorm):
            mod.eval()                                # use and keep the running statistics
            mod.weight.requires_grad_(False)          # optional: freeze gamma, beta too
            mod.bias.requires_grad_(False)

model.train()
freeze_bn(model)
before = model[1].running_mean.clone()
model(torch.randn(2, 3, 10, 10))                     # a tiny fine-tuning batch
assert torch.equal(model[1].running_mean, before)    # statistics untouched

# in eval mode BN is affine, so it folds into the conv before it:
# W' = W * gamma / sqrt(var + eps),  b' = (b - mean) * gamma / sqrt(var + eps) + beta
model.eval()
fused = fuse_conv_bn_eval(model[0], model[1])
s = model[1].weight / torch.sqrt(model[1].running_var + model[1].eps)
assert torch.allclose(fused.weight, model[0].weight * s[:, None, None, None])
x = torch.randn(4, 3, 10, 10)
assert torch.allclose(fused(x), model[1](model[0](x)), atol=1e-5)
