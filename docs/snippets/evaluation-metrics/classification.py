from sklearn.metrics import (confusion_matrix, f1_score, matthews_corrcoef,
                             precision_score, recall_score)

y_true = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2]
y_pred = [0, 0, 0, 0, 0, 1, 1, 2, 2, 0]

cm = confusion_matrix(y_true, y_pred)  # rows: true class, columns: predicted class
assert cm.tolist() == [[5, 1, 0], [0, 1, 1], [1, 0, 1]]

# per class: precision = TP / column sum, recall = TP / row sum
assert precision_score(y_true, y_pred, average=None).round(3).tolist() == [0.833, 0.5, 0.5]
assert recall_score(y_true, y_pred, average=None).round(3).tolist() == [0.833, 0.5, 0.5]

micro = f1_score(y_true, y_pred, average="micro")  # pools counts: equals accuracy 7/10
macro = f1_score(y_true, y_pred, average="macro")  # mean over classes: the rare ones count as much
weighted = f1_score(y_true, y_pred, average="weighted")  # mean weighted by support 6, 2, 2
assert abs(micro - 0.7) < 1e-12
assert abs(macro - (5 / 6 + 0.5 + 0.5) / 3) < 1e-12
assert abs(weighted - (6 * 5 / 6 + 2 * 0.5 + 2 * 0.5) / 10) < 1e-12

# a class never predicted: precision is 0/0 -> zero_division decides (default warns, returns 0)
assert precision_score([0, 1, 1], [0, 0, 0], zero_division=0.0) == 0.0
assert matthews_corrcoef([0, 1, 1, 0], [0, 0, 0, 0]) == 0.0  # constant prediction -> 0
