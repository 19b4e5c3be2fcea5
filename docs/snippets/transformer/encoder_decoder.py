import torch
from torch import nn

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.attention import encoder_layer_params, sinusoidal_positional_encoding, transformer_params

torch.manual_seed(0)
d, h, n_layers, vocab, T = 128, 4, 2, 1000, 10


class TinyLM(nn.Module):
    """Decoder-only (GPT-style) model: pre-LN layers with a causal mask, sinusoidal positions."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.register_buffer("pe", torch.from_numpy(sinusoidal_positional_encoding(512, d)).float())
        layer = nn.TransformerEncoderLayer(d, h, dim_feedforward=4 * d, dropout=0.1, activation="gelu",
                                           batch_first=True, norm_first=True)  # norm_first=True: pre-LN
        self.blocks = nn.TransformerEncoder(layer, n_layers, norm=nn.LayerNorm(d), enable_nested_tensor=False)
        self.head = nn.Linear(d, vocab, bias=False)
        self.head.weight = self.embed.weight  # tied input/output embedding

    def forward(self, tokens):
        x = self.embed(tokens) * d**0.5 + self.pe[: tokens.shape[1]]
        mask = nn.Transformer.generate_square_subsequent_mask(tokens.shape[1])  # float: 0 / -inf
        return self.head(self.blocks(x, mask=mask, is_causal=True))


model = TinyLM().eval()
tokens = torch.randint(vocab, (2, T))
logits = model(tokens)
assert logits.shape == (2, T, vocab)
# causality: changing the last token does not change the earlier positions' outputs
tokens2 = tokens.clone()
tokens2[:, -1] = (tokens2[:, -1] + 1) % vocab
assert torch.allclose(model(tokens2)[:, :-1], logits[:, :-1], atol=1e-5)

# parameter counts: 12 d^2 + 13 d per layer when d_ff = 4d; the base Transformer has 44.1M without embeddings
assert sum(p.numel() for p in model.blocks.layers[0].parameters()) == encoder_layer_params(d, 4 * d) == 12 * d * d + 13 * d
base = nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                      batch_first=True, device="meta")  # meta device: shapes only, no memory
assert sum(p.numel() for p in base.parameters()) == transformer_params() == 44_140_544
