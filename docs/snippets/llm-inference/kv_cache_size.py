import torch

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.inference import MODELS, kv_bytes_per_token, kv_cache_gib, mla_bytes_per_token

# bytes per token = 2 (K and V) * layers * KV heads * head_dim * bytes per value
llama3_8b = kv_bytes_per_token(n_layers=32, n_kv_heads=8, head_dim=128, bytes_per_value=2)
assert llama3_8b == 131072  # 128 KiB per token in BF16
assert kv_cache_gib(MODELS["Llama-3-8B (GQA)"], 8192) == 1.0  # 1 GiB at 8k ...
assert kv_cache_gib(MODELS["Llama-3-8B (GQA)"], 131072) == 16.0  # ... 16 GiB at 128k, per sequence
assert kv_cache_gib(MODELS["Llama-3-70B (GQA)"], 131072) == 40.0
assert kv_cache_gib(MODELS["Llama-2-7B (MHA)"], 131072) == 64.0  # 32 KV heads: 4x Llama-3-8B

# FP8 KV cache halves it; MLA caches a 512-dim latent + a 64-dim RoPE key per layer
assert kv_bytes_per_token(32, 8, 128, bytes_per_value=1) == llama3_8b / 2
assert mla_bytes_per_token(n_layers=60, d_latent=512, d_rope=64) == 69120  # DeepSeek-V2, 67.5 KiB/token

# the same count from the tensors a cache actually holds: (batch, kv_heads, tokens, head_dim) per layer
layers, kv_heads, T, head_dim = 4, 2, 10, 16
cache = [(torch.zeros(1, kv_heads, T, head_dim, dtype=torch.bfloat16),) * 2 for _ in range(layers)]
nbytes = sum(t.numel() * t.element_size() for kv in cache for t in kv)
assert nbytes == kv_bytes_per_token(layers, kv_heads, head_dim, 2) * T
