"""The shap and lime calls the explainability pages show run, and do what the pages say.

The code spans are read from the pages and evaluated as written: interventional TreeSHAP and
KernelSHAP (with every coalition enumerated) equal this site's exact Shapley values on the same
background; the Explanation is additive; LIME ranks the two features the model uses on top.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cheatsheet import apicheck
from cheatsheet.numerics.explain import exact_shapley, interventional_value

ROOT = Path(__file__).resolve().parents[2]


def _spans(page: str) -> set[str]:
    return {code for _, code in apicheck.code_spans((ROOT / "docs" / page).read_text(encoding="utf-8"))}


SHAP_SPANS = _spans("explainability/shap.md")
LIME_SPANS = _spans("explainability/lime.md")
TREE = 'shap.TreeExplainer(model, data=background, feature_perturbation="interventional")'
KERNEL = "shap.KernelExplainer(model.predict, background)"
LIME = 'lime.lime_tabular.LimeTabularExplainer(X_train, mode="classification")'
EXPLAIN = "explainer.explain_instance(x, model.predict_proba, num_features=5).as_list()"


def test_the_pages_show_these_calls():
    assert {TREE, KERNEL, "explainer(X)", "shap.plots.waterfall(...)"} <= SHAP_SPANS
    assert {LIME, EXPLAIN} <= LIME_SPANS


@pytest.fixture(scope="module")
def regression():
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4))
    y = 2 * X[:, 0] + X[:, 1] * X[:, 2]  # feature 3 is unused
    model = ensemble.GradientBoostingRegressor(n_estimators=30, max_depth=3, random_state=0).fit(X, y)
    return dict(model=model, background=X[:25], X=X[25:28])


def _exact(model, background, X):
    return np.array([exact_shapley(interventional_value(model.predict, x, background), X.shape[1]) for x in X])


@pytest.mark.parametrize("span", [TREE, KERNEL])
def test_shap_explainers_equal_exact_interventional_shapley(span, regression):
    shap = pytest.importorskip("shap")
    ns = dict(shap=shap, **regression)
    explainer = eval(span, ns)  # noqa: S307 - the page's own code span
    explanation = eval("explainer(X)", {**ns, "explainer": explainer})  # noqa: S307
    phi = np.asarray(explanation.values)
    assert phi.shape == regression["X"].shape
    np.testing.assert_allclose(phi, _exact(regression["model"], regression["background"], regression["X"]), atol=1e-5)
    # local accuracy: base value + sum of the attributions = the model's output
    f = regression["model"].predict(regression["X"])
    np.testing.assert_allclose(np.asarray(explanation.base_values).reshape(-1) + phi.sum(1), f, atol=1e-5)


def test_shap_waterfall_plots_one_explanation(regression):
    shap = pytest.importorskip("shap")
    plt = pytest.importorskip("matplotlib.pyplot")
    # shap's waterfall asks the canvas for a renderer, which Agg has and the SVG backend the
    # figure code selects (in the same test process) does not
    previous = plt.get_backend()
    plt.switch_backend("Agg")
    explainer = shap.TreeExplainer(regression["model"], data=regression["background"],
                                   feature_perturbation="interventional")
    ax = shap.plots.waterfall(explainer(regression["X"])[0], show=False)
    try:
        assert ax is not None
    finally:
        plt.close("all")
        plt.switch_backend(previous)


def test_lime_ranks_the_features_the_model_uses_on_top():
    lime_tabular = pytest.importorskip("lime.lime_tabular")
    lime = pytest.importorskip("lime")
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    X_train = rng.normal(size=(1000, 6))
    y = (X_train[:, 0] + 0.5 * X_train[:, 1] ** 2 > 0.5).astype(int)  # only features 0 and 1 matter
    model = ensemble.RandomForestClassifier(n_estimators=100, random_state=0).fit(X_train, y)
    x = np.array([0.4, 0.8, 0.0, 0.0, 0.0, 0.0])
    np.random.seed(0)  # LimeTabularExplainer samples from NumPy's global generator by default
    explainer = eval(LIME, {"lime": lime, "X_train": X_train})  # noqa: S307 - the page's own code span
    assert lime_tabular.LimeTabularExplainer is type(explainer)
    ranked = eval(EXPLAIN, {"explainer": explainer, "x": x, "model": model})  # noqa: S307
    assert len(ranked) == 5 and all(isinstance(d, str) and isinstance(w, float) for d, w in ranked)
    weights = sorted(explainer.explain_instance(x, model.predict_proba, num_features=5).as_map()[1],
                     key=lambda item: -abs(item[1]))
    assert {i for i, _ in weights[:2]} == {0, 1}
