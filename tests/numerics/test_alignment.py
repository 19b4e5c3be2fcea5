"""Scaling-law optimum and preference-tuning losses checked independently: the Chinchilla closed form
against scipy's numerical minimum under C = 6ND, the Bradley-Terry and DPO losses and gradients against
torch autograd through a tiny policy, GRPO advantages against torch and by hand, the k3 estimator's
expectation against scipy's KL, the DPO implicit-reward identity exactly, and best-of-N against an exact count."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats

from cheatsheet.numerics import alignment as al
from cheatsheet.numerics import scaling as sc
from tests.numerics.refdata import assert_close

torch = pytest.importorskip("torch")


# --------------------------------------------------------------------------- scaling


@pytest.mark.parametrize("C", [1e19, 5.76e23, 1e26])
def test_chinchilla_closed_form_is_the_constrained_minimum(C):
    def loss_of_log_n(log_n):
        N = math.exp(log_n)
        return float(sc.chinchilla_loss(N, C / (6 * N)))

    res = optimize.minimize_scalar(loss_of_log_n, bounds=(math.log(1e5), math.log(1e14)), method="bounded",
                                   options={"xatol": 1e-10})
    n_opt, d_opt = sc.chinchilla_optimal(C)
    assert math.exp(res.x) == pytest.approx(n_opt, rel=1e-4)
    assert float(sc.training_flops(n_opt, d_opt)) == pytest.approx(C, rel=1e-12)
    # exponents a = beta/(alpha+beta) = 0.45, b = 0.55 (the paper reports 0.46 / 0.54 from unrounded fits)
    n2, d2 = sc.chinchilla_optimal(10 * C)
    assert math.log10(n2 / n_opt) == pytest.approx(0.28 / 0.62)
    assert math.log10(d2 / d_opt) == pytest.approx(0.34 / 0.62)


def test_chinchilla_fit_values_at_gophers_budget():
    n, d = sc.chinchilla_optimal(5.76e23)
    assert n == pytest.approx(3.22e10, rel=0.01) and d == pytest.approx(2.98e12, rel=0.01)
    # the 70B / 1.4T Chinchilla model sits close to the fitted optimum loss
    assert float(sc.chinchilla_loss(70e9, 1.4e12)) == pytest.approx(1.94, abs=0.01)
    assert float(sc.chinchilla_loss(n, d)) < float(sc.chinchilla_loss(70e9, 5.76e23 / (6 * 70e9)))


# --------------------------------------------------------------------------- losses vs autograd


def _policy_logprobs(logits, tokens):
    """Sum of per-token log-probabilities of a response under (T, V) logits."""
    return torch.log_softmax(logits, -1).gather(-1, tokens[:, None]).sum()


@pytest.mark.torch
@pytest.mark.parametrize("beta", [0.05, 0.1, 0.5])
def test_dpo_loss_and_gradient_match_autograd(beta):
    g = torch.Generator().manual_seed(int(beta * 100))
    T, V = 5, 7
    logits_w = torch.randn(T, V, generator=g, dtype=torch.float64, requires_grad=True)
    logits_l = torch.randn(T, V, generator=g, dtype=torch.float64, requires_grad=True)
    y_w, y_l = torch.randint(0, V, (T,), generator=g), torch.randint(0, V, (T,), generator=g)
    ref_w, ref_l = torch.randn(T, V, generator=g, dtype=torch.float64), torch.randn(T, V, generator=g, dtype=torch.float64)
    lw, ll = _policy_logprobs(logits_w, y_w), _policy_logprobs(logits_l, y_l)
    rw, rl = _policy_logprobs(ref_w, y_w), _policy_logprobs(ref_l, y_l)
    lw.retain_grad(), ll.retain_grad()
    loss = -torch.nn.functional.logsigmoid(beta * ((lw - rw) - (ll - rl)))
    loss.backward()
    args = [float(t.detach()) for t in (lw, ll, rw, rl)]
    assert al.dpo_loss(*args, beta=beta) == pytest.approx(float(loss), rel=1e-12)
    gw, gl = al.dpo_grad(*args, beta=beta)
    assert gw == pytest.approx(float(lw.grad), rel=1e-12) and gl == pytest.approx(float(ll.grad), rel=1e-12)
    assert gw < 0 < gl  # raise the chosen, lower the rejected


@pytest.mark.torch
def test_bradley_terry_loss_and_gradient_match_autograd():
    g = torch.Generator().manual_seed(0)
    rw = torch.randn(6, dtype=torch.float64, generator=g, requires_grad=True)
    rl = torch.randn(6, dtype=torch.float64, generator=g, requires_grad=True)
    loss = -torch.nn.functional.logsigmoid(rw - rl)
    loss.sum().backward()
    assert_close(al.bradley_terry_loss(rw.detach().numpy(), rl.detach().numpy()), loss.detach().numpy())
    # d/d r_w = -sigma(r_l - r_w): the same weight DPO puts on a pair
    assert_close(-al.sigmoid(rl.detach().numpy() - rw.detach().numpy()), rw.grad.numpy())
    assert_close(al.dpo_loss_from_margin(np.array([0.0]), beta=1.0), [math.log(2)])
    assert al.bradley_terry_loss(800.0, 0.0) == 0.0 and al.bradley_terry_loss(0.0, 800.0) == pytest.approx(800.0)


def test_ipo_minimum_is_at_the_target_margin():
    tau = 0.25
    res = optimize.minimize_scalar(lambda h: float(al.ipo_loss_from_margin(h, tau)))
    assert res.x == pytest.approx(2.0, abs=1e-6)


# --------------------------------------------------------------------------- GRPO


@pytest.mark.torch
def test_grpo_advantages_by_hand_and_against_torch():
    r = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0])  # 3 of 8 correct
    adv = al.grpo_advantages(r)
    assert_close(adv[r == 1], np.full(3, math.sqrt(5 / 3)))  # sqrt((1-p)/p), p = 3/8
    assert_close(adv[r == 0], np.full(5, -math.sqrt(3 / 5)))
    assert abs(adv.sum()) < 1e-12
    rt = torch.tensor([[0.2, 0.9, 0.4, 0.4], [1.0, 1.0, 0.0, 0.5]], dtype=torch.float64)
    ref = (rt - rt.mean(1, keepdim=True)) / (rt.std(1, keepdim=True) + 1e-4)  # TRL's convention
    assert_close(al.grpo_advantages(rt.numpy(), eps=1e-4, ddof=1), ref.numpy())
    # all answers equally good: no learning signal (with eps), not a division by zero
    assert_close(al.grpo_advantages(np.ones(4), eps=1e-4), np.zeros(4))


def test_k3_estimator_is_unbiased_and_nonnegative():
    rng = np.random.default_rng(0)
    pi, ref = rng.dirichlet(np.ones(9)), rng.dirichlet(np.ones(9))
    k3 = al.kl_k3(np.log(pi), np.log(ref))
    assert np.all(k3 >= 0)
    assert float(pi @ k3) == pytest.approx(stats.entropy(pi, ref), rel=1e-12)  # E_{y ~ pi}[k3] = KL(pi || ref)


# --------------------------------------------------------------------------- DPO identity and best-of-N


def test_dpo_implicit_reward_identity_on_a_discrete_example():
    rng = np.random.default_rng(1)
    pi_ref, r, beta = rng.dirichlet(np.ones(6)), rng.normal(size=6), 0.3
    pi_star, log_Z = al.kl_regularized_optimum(pi_ref, r, beta)
    assert_close(al.implicit_reward(np.log(pi_star), np.log(pi_ref), beta), r - beta * log_Z)
    assert log_Z == pytest.approx(math.log(np.sum(pi_ref * np.exp(r / beta))))

    def objective(p):
        return float(p @ r - beta * stats.entropy(p, pi_ref))

    best = objective(pi_star)
    for _ in range(200):  # no other distribution does better
        assert objective(rng.dirichlet(np.ones(6))) <= best + 1e-12
    # with pi* as the policy the DPO loss equals the Bradley-Terry loss of the true reward (log Z cancels)
    i, j = 2, 4
    assert al.dpo_loss(np.log(pi_star[i]), np.log(pi_star[j]), np.log(pi_ref[i]), np.log(pi_ref[j]), beta) == \
        pytest.approx(al.bradley_terry_loss(r[i], r[j]), rel=1e-12)


@pytest.mark.parametrize("N", [2, 4, 16, 64])
def test_best_of_n_kl_against_an_exact_count(N):
    def exact(M):  # base uniform over M outcomes of distinct rewards; best-of-N picks the top rank
        i = np.arange(1, M + 1)
        p = (i / M) ** N - ((i - 1) / M) ** N
        p = p[p > 0]
        return float(np.sum(p * np.log(p * M)))

    assert exact(200000) == pytest.approx(float(al.best_of_n_kl(N)), abs=2e-3)
    assert exact(50) <= float(al.best_of_n_kl(N)) + 1e-12
    assert float(al.best_of_n_kl(1)) == 0.0
