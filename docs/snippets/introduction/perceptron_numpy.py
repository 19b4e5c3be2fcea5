import numpy as np

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.perceptron import perceptron_predict, separable_blobs, train_perceptron

X, y = separable_blobs(100, seed=1)        # two linearly separable blobs, labels 0/1
w, b, epochs = train_perceptron(X, y)      # Rosenblatt's rule until an epoch has no mistake
print(f"w = {w}, b = {b:.1f}, converged after {epochs} epochs")
assert np.all(perceptron_predict(w, b, X) == y)   # separable data: zero training errors

X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y_xor = np.array([0, 1, 1, 0], dtype=float)
w, b, epochs = train_perceptron(X_xor, y_xor, epochs=50)
assert epochs == 50                              # XOR: never converges
assert np.any(perceptron_predict(w, b, X_xor) != y_xor)
