"""The calibrator at scale: train on 100,000 simulated labelled wharf-years, score 100,000, each beside a baseline.

    python bench/calibrator.py [--rows 100000] [--rounds 3] [--threads N]

Data: wharf_credit.calibration.simulate (a latent risk the rule score only partly sees, plus a hidden factor), the
training rows dated 2019–2024 (seed 0), the held-out rows 2025 (seed 1). Printed:
- train: the full ladder (rules-only Platt reference + monotone HistGradientBoosting + sigmoid calibration on the
  later quarter of the window) beside a plain LogisticRegression fit on the score alone; median of --rounds.
- score: ScoreCalibrator.shifts (p_model, p_ref and the bounded shift) for every held-out row, beside the numpy
  dot product of the rules-only logistic (the least work a probability per wharf can be); median of 7. Then the
  share of shifts at the ±3 bound with the old fixed PDO 20 and with the default PDO_ref (adjust.py).
- held-out Brier, AUC, log loss of the calibrated model vs rules-only, the skill gain with its bootstrap band and
  the activation gate. Targets (issue 6): train <= 20 s, score <= 1 s on 2 cores.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from wharf_credit.calibration import ScoreCalibrator, evaluate, passes_gate, simulate, train  # noqa: E402
from wharf_credit.calibration.ladder import sigmoid  # noqa: E402


def timed(fn, rounds: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(rounds):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None, help="OpenMP threads for fitting (default: all)")
    args = ap.parse_args()

    print(f"Python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
          f"{os.cpu_count()} CPUs, fit threads {args.threads or 'all'}")
    data = simulate(args.rows, seed=0)
    held = simulate(args.rows, seed=1, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    print(f"train: {len(data)} rows, {data.positives} positives; held out: {len(held)} rows, {held.positives} "
          f"positives")

    def fit_ladder():
        return train(data, threads=args.threads)

    def fit_baseline():
        with threadpool_limits(limits=args.threads):
            return LogisticRegression().fit(data.score.reshape(-1, 1), data.label)

    t_base, base = timed(fit_baseline, args.rounds)
    t_train, model = timed(fit_ladder, args.rounds)
    print(f"ladder: {model.kind}: {model.reason}")
    print(f"train   calibrator {t_train:8.3f} s   baseline LogisticRegression(score) {t_base:8.3f} s   "
          f"ratio {t_train / t_base:6.1f}x   target <= 20 s: {'ok' if t_train <= 20 else 'MISSED'}")

    cal = ScoreCalibrator(model, "bench")
    X = held.matrix(model.features)
    coef, intercept = float(base.coef_[0, 0]), float(base.intercept_[0])
    t_score, (p_model, p_ref, delta) = timed(lambda: cal.shifts(X), 7)
    t_dot, p_dot = timed(lambda: sigmoid(held.score * coef + intercept), 7)
    print(f"score   calibrator {t_score:8.3f} s   baseline numpy dot (rules-only logistic) {t_dot:8.4f} s   "
          f"ratio {t_score / t_dot:6.1f}x   target <= 1 s: {'ok' if t_score <= 1 else 'MISSED'}")
    print(f"        {len(held) / t_score:,.0f} wharves/s; shift: mean {delta.mean():+.2f}, "
          f"|shift| = bound on {np.mean(np.abs(delta) >= cal.bound):.1%}, zero on {np.mean(delta == 0):.1%}")
    for name, pdo in (("PDO 20 (fixed)", 20.0), (f"PDO_ref {cal.pdo:.2f} (ln2/|slope of p_ref|)", cal.pdo)):
        d = ScoreCalibrator(model, "bench", pdo=pdo).shifts(X)[2]
        print(f"        {name:<36} |shift| at the ±{cal.bound:g} bound on {np.mean(np.abs(d) >= cal.bound):.1%}, "
              f"median |shift| {np.median(np.abs(d)):.2f}")
    one = [(float(held.score[i]), {"green": float(held.green[i]), "safety": float(held.safety[i]),
                                   "basic": float(held.basic[i])}) for i in range(200)]
    t_one, _ = timed(lambda: [cal.adjust(s, c, None) for s, c in one], 5)
    print(f"one     adjust() per rating {t_one / len(one) * 1e6:8.1f} µs (single-row {model.kind} predict)")

    m = evaluate(held.label, p_model, p_ref, held.grade, n_boot=200, seed=0, boot_auc=False)
    sk = m["ci"]["skill_vs_rules_only"]
    print(f"held-out Brier calibrated {m['brier']:.4f} vs rules-only {m['brier_rules_only']:.4f} "
          f"(base rate {m['brier_base_rate']:.4f}); AUC {m['auc']:.4f} vs {m['auc_rules_only']:.4f}; "
          f"log loss {m['log_loss']:.4f} vs {m['log_loss_rules_only']:.4f}")
    print(f"skill gain over rules-only {m['skill_vs_rules_only']:+.4f} (bootstrap p5 {sk['p5']:+.4f}, "
          f"p10 {sk['p10']:+.4f}, p95 {sk['p95']:+.4f}); gate {'passes' if passes_gate(m) else 'fails'}")
    assert np.allclose(p_dot, p_ref, atol=0.02), "the rules-only reference and the plain logistic disagree"


if __name__ == "__main__":
    main()
