from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.tokenization import byte_level_pre_tokenize, bytes_to_unicode, train_bpe

corpus = ["The lower town sits by the river.", "The newer town climbs the hill.",
          "Newer houses are taller; older houses are lower."] * 5

# GPT-2 style byte-level BPE, trained in memory (nothing downloaded)
tok = Tokenizer(models.BPE())
tok.normalizer = normalizers.NFC()
tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)  # space -> 'Ġ', glued to the next word
tok.decoder = decoders.ByteLevel()
trainer = trainers.BpeTrainer(vocab_size=300, special_tokens=["<|endoftext|>"],
                              initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
tok.train_from_iterator(corpus, trainer)

enc = tok.encode("The lower riverbank")
print(enc.tokens)  # ['The', 'Ġlower', 'Ġriv', 'er', 'b', 'a', 'n', 'k']
assert enc.tokens[:2] == ["The", "Ġlower"] and "".join(enc.tokens) == "TheĠlowerĠriverbank"
assert tok.token_to_id("<|endoftext|>") == 0  # special tokens get the first ids
assert tok.decode(tok.encode("naïve café ☕").ids) == "naïve café ☕"  # bytes: never out of vocabulary

# the from-scratch trainer learns the same vocabulary, ids included
mine = train_bpe([w for line in corpus for w in byte_level_pre_tokenize(line)], 300,
                 special_tokens=["<|endoftext|>"], initial_alphabet=bytes_to_unicode().values())
assert mine.vocab == tok.get_vocab()
