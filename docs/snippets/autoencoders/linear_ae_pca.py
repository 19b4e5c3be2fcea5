import numpy as np
from sklearn.decomposition import PCA

# cheatsheet.numerics is this site's own reference code (scripts/cheatsheet/ in its repository), not a pip package
from cheatsheet.numerics.generative import (linear_autoencoder_error, low_rank_data,
                                            pca_reconstruction_error, train_linear_autoencoder)

X = low_rank_data(500, variances=2.0 * 0.7 ** np.arange(10), seed=0)  # 10-D, decaying spectrum
k = 3
W_enc, W_dec, history = train_linear_autoencoder(X, k, steps=2000)   # x_hat = W_dec W_enc x, MSE, GD

pca = PCA(n_components=k).fit(X)
pca_err = np.mean(np.sum((X - pca.inverse_transform(pca.transform(X))) ** 2, axis=1))
ae_err = linear_autoencoder_error(X, W_enc, W_dec)
print(f"linear AE {ae_err:.6f}  PCA {pca_err:.6f}  sum of discarded eigenvalues {pca_reconstruction_error(X, k):.6f}")
assert abs(ae_err - pca_err) < 1e-6 * pca_err          # same minimum (Baldi & Hornik 1989) ...

Q, _ = np.linalg.qr(W_dec)                             # ... and the same subspace,
assert np.allclose(Q @ Q.T, pca.components_.T @ pca.components_, atol=1e-5)
C = W_dec.T @ W_dec                                    # but not the same basis: the columns of
print("W_dec^T W_dec =\n", C.round(3))                 # W_dec need not be orthonormal
