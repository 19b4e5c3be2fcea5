# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.tokenization import bpe_encode, pre_tokenize, train_bpe, wordpiece_encode_word

corpus = "low lower lowest newer newest wider widest " * 3 + "slow slower"
words = pre_tokenize(corpus)  # split on whitespace and punctuation first: merges never cross words

# learn merges: start from characters, repeatedly merge the most frequent adjacent pair
model = train_bpe(words, vocab_size=24, special_tokens=["[UNK]"], unk_token="[UNK]")
print(model.merges[:4])  # [('w', 'e'), ('l', 'o'), ('s', 't'), ('we', 'r')]
assert model.merges[0] == ("w", "e")  # 13 occurrences: lower, lowest, newer, newest (x3) and slower
assert model.merges[1] == ("l", "o")  # tied with ('o', 'w') at 11: the pair of smaller ids wins
assert len(model.vocab) == 24 and model.history == sorted(model.history, reverse=True)

# encode: apply the learned merges in the order they were learned (lowest rank first)
assert bpe_encode("lowest", model) == ["lowest"]  # seen word: one token
assert bpe_encode("slowest", model) == ["s", "lowest"]  # unseen word: known pieces, nothing lost
assert bpe_encode("newcomer", model) == ["ne", "w", "[UNK]", "o", "[UNK]", "e", "r"]  # c, m never seen

# WordPiece encoding: greedy longest match from the left, '##' marks a word-internal piece
vocab = {"[UNK]", "low", "new", "##er", "##est", "##s", "s"}
assert wordpiece_encode_word("lowest", vocab) == ["low", "##est"]
assert wordpiece_encode_word("lowly", vocab) == ["[UNK]"]  # one unmatched piece: the whole word is [UNK]
