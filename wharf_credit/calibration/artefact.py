"""Calibrator artefacts: saved safely, loaded only when every check passes.

Layout, one folder per calibrator id:

    <root>/<id>/calibrator.json   the parameters and provenance (hashed: its sha256 is the artefact's identity)
    <root>/<id>/model.skops       tree models only; its sha256 is recorded inside calibrator.json
    <root>/<id>/card.json, card.md   the model card

Logistic models are plain JSON (coefficients, intercept, feature names, the rules-only Platt reference). Tree models
are skops files loaded with an exact trusted-type list, checked first against skops.io.get_untrusted_types: never
trusted=True, never pickle or joblib. load_artefact raises ArtefactError (with a short `reason` code) on a missing
file, a hash mismatch, untrusted types, a different rule-set id or major version, a different scikit-learn version or
a corrupt file; callers then rate rules-only.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import clock
from ..domain.vocabulary import I18n
from .adjust import DEFAULT_BOUND, ScoreCalibrator, reference_pdo
from .dataset import Dataset
from .ladder import FittedModel, Reference

FORMAT = "wharf-calibrator/1"
MANIFEST = "calibrator.json"
MODEL_FILE = "model.skops"
# Exactly the types a sigmoid-calibrated HistGradientBoostingClassifier needs beyond skops' defaults.
TRUSTED_TYPES: tuple[str, ...] = (
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
)
REVIEW_MONTHS = 12
# Cards of artefacts saved before the label moved into the rule set (no "label" in their manifest) say this.
LABEL_DEFINITION = ("a serious adverse outcome within 12 months after the rating's as_of: a fatal or major accident, "
                    "a major hidden danger, or a penalty above the rule set's threshold; only ratings at least 12 "
                    "months old are labelled")
SIMULATED_LABEL_NOTE = ("simulated data: outcomes were drawn by the simulator from a latent risk, not labelled by "
                        "this definition")
INTENDED_USE = ("a bounded shift of the rule score (at most the rule set's calibrator_max_points and one grade step) "
                "when the learned 12-month risk differs from the rules-only expectation for that score; applied "
                "before downgrades and caps, so it never lifts a vetoed or capped grade. Not a rating on its own.")
LIMITS = ("trained on past ratings of this rule set only; a new rule-set major version or a score distribution shift "
          "(PSI >= 0.25) invalidates it; the label undercounts unreported events; the rules-only reference is itself "
          "fitted on the same window; small grades (few rows) have wide intervals")
# The card's sentences in Chinese, beside the English ones above (the admin page shows the UI language's).
LABEL_DEFINITION_ZH = "评价日期后 12 个月内发生严重不良事件：亡人或重大事故、重大隐患或超过规则集阈值的行政处罚；仅对评价日期已满 12 个月的评价结果标注"
SIMULATED_LABEL_NOTE_ZH = "模拟数据：结果由模拟器按潜在风险抽取，并非按此定义标注"
INTENDED_USE_ZH = ("当学习到的 12 个月风险与该分数的仅规则预期不同时，对规则得分做有界调整（不超过规则集规定的"
                   "校准上限分值，且不超过一个等级）；在降级和封顶之前应用，因此绝不会提升被否决或封顶的"
                   "等级。它本身不是评价结果。")
LIMITS_ZH = ("仅基于本规则集的历史评价结果训练；规则集主版本更新或得分分布漂移（PSI ≥ 0.25）会使其失效；标签会少计未报告的"
             "事件；仅规则参考曲线本身也在同一窗口上拟合；样本少的等级区间较宽")
DATA_SOURCE_ZH = {"stored ratings": "已存储的评价结果"}
PDO_TEXT = {
    "reference": ("PDO = ln 2 / |slope| of the rules-only Platt curve (at most 20): the shift is the change of the rule "
                  "score that would make the rules' own curve predict the model's risk, in the rule score's units"),
    "given": "PDO given when the artefact was saved: the shift doubles the odds every PDO points",
}
ISOTONIC_ROLE = ("It is a diagnostic of the shape the reference assumes, never a candidate model here (it could be "
                "one from about 10,000 rows; the ladder does not offer it).")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class ArtefactError(Exception):
    """The artefact cannot be used; `reason` is one of missing, hash, untrusted, ruleset, sklearn, corrupt, expired."""

    def __init__(self, reason: str, message: str):
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class SavedArtefact:
    id: str
    folder: Path
    manifest: Path
    sha256: str


@dataclass(frozen=True)
class LoadedArtefact:
    calibrator: ScoreCalibrator
    meta: dict[str, Any]
    sha256: str


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__


def _ruleset_identity(ruleset: Any) -> dict[str, str]:
    return {"id": ruleset.id, "version": ruleset.version, "major": ruleset.major, "sha256": ruleset.sha256}


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def save_artefact(model: FittedModel, root: str | Path, id: str, ruleset: Any, metrics: dict[str, Any] | None = None,
                  owner: str = "", created: dt.datetime | None = None, review_date: dt.date | None = None,
                  pdo: float | None = None, bound: float = DEFAULT_BOUND, train_data: Dataset | None = None,
                  test_window: tuple[dt.date, dt.date] | None = None, data_source: str | I18n = "") -> SavedArtefact:
    """Write the artefact and its model card; returns where and the manifest's sha256 (to record at activation).
    `data_source` says where the training rows came from (in both languages when given as I18n)."""
    from . import drift

    if not ID_PATTERN.match(id):
        raise ValueError(f"calibrator id {id!r}: letters, digits, '.', '_' and '-' only, at most 64 characters")
    folder = Path(root) / id
    if folder.exists():
        raise FileExistsError(f"an artefact {id!r} already exists at {folder}")
    folder.mkdir(parents=True)
    created = created or clock.now().replace(microsecond=0)
    review_date = review_date or _add_months(created.date(), REVIEW_MONTHS)
    window = model.window
    pdo_source = "given" if pdo is not None else "reference"  # None: PDO_ref = ln 2 / |slope of p_ref|
    pdo = reference_pdo(model.reference) if pdo is None else float(pdo)
    meta: dict[str, Any] = {
        "format": FORMAT, "id": id, "kind": model.kind, "features": list(model.features),
        "reference": {"intercept": model.reference.intercept, "slope": model.reference.slope},
        "pdo": pdo, "pdo_source": pdo_source, "bound": bound, "ruleset": _ruleset_identity(ruleset), "sklearn": _sklearn_version(),
        "created": created.isoformat(), "review_date": review_date.isoformat(),
        "training": {"rows": model.rows, "positives": model.positives, "reason": model.reason,
                     "source": data_source.en if isinstance(data_source, I18n) else data_source,
                     "since": window[0].isoformat() if window else None,
                     "until": window[1].isoformat() if window else None},
    }
    if model.kind == "logistic":
        meta.update(coef=list(model.coef), intercept=model.intercept)
    else:
        import skops
        import skops.io as sio

        sio.dump(model.estimator, folder / MODEL_FILE)
        meta.update(model_file=MODEL_FILE, model_sha256=sha256_file(folder / MODEL_FILE), skops=skops.__version__)
    if isinstance(data_source, I18n):
        meta["training"]["source_zh"] = data_source.zh_CN
    meta["label"] = ruleset.policy.calibrator_label.as_dict()  # what p_model predicts: the rule set's definition
    if train_data is not None:
        meta["drift_reference"] = drift.reference(train_data)
    manifest = folder / MANIFEST
    manifest.write_text(json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sha = sha256_file(manifest)
    card = model_card(meta, sha, metrics, owner, test_window)
    (folder / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (folder / "card.md").write_text(card_markdown(card), encoding="utf-8")
    return SavedArtefact(id, folder, manifest, sha)


def label_text(meta: dict[str, Any]) -> str:
    """The card's label sentence: the definition recorded in the manifest (the rule set's), else the old text."""
    return label_texts(meta).en


def label_texts(meta: dict[str, Any]) -> I18n:
    """label_text in each language."""
    from ..domain.rules.model import OutcomeLabel

    spec = meta.get("label")
    if not spec:
        return I18n(LABEL_DEFINITION_ZH, LABEL_DEFINITION)
    acc, hd, pen = spec.get("accident", {}), spec.get("hidden_danger", {}), spec.get("penalty", {})
    text = OutcomeLabel(int(spec["horizon_days"]), tuple(acc.get("severities", ())), acc.get("min_deaths"),
                        tuple(hd.get("severities", ())), pen.get("min_amount_cny"),
                        tuple(pen.get("measures", ()))).description()
    source = meta.get("training", {}).get("source") or ""
    if source.startswith("simulated"):
        return I18n(f"{text.zh_CN}（{SIMULATED_LABEL_NOTE_ZH}）", f"{text.en} ({SIMULATED_LABEL_NOTE})")
    return text


def ladder_texts(meta: dict[str, Any]) -> I18n:
    """Why the ladder chose this model, in each language (the manifest keeps the English sentence)."""
    from .ladder import choose_rung, rung_reason

    training = meta["training"]
    rows, positives = int(training["rows"]), int(training["positives"])
    allowed = choose_rung(rows, positives)[0]
    forced = meta["kind"] if allowed != meta["kind"] else None
    texts = rung_reason(allowed, rows, positives, forced_to=forced)
    return texts if texts.en == training["reason"] else I18n(training["reason"], training["reason"])


def model_card(meta: dict[str, Any], sha256: str, metrics: dict[str, Any] | None, owner: str,
               test_window: tuple[dt.date, dt.date] | None = None) -> dict[str, Any]:
    return {
        "id": meta["id"], "artefact_sha256": sha256, "kind": meta["kind"], "features": meta["features"],
        "intended_use": INTENDED_USE, "label": label_text(meta), "label_definition": meta.get("label"),
        "training_window": {"since": meta["training"]["since"], "until": meta["training"]["until"]},
        "test_window": ({"since": test_window[0].isoformat(), "until": test_window[1].isoformat()}
                        if test_window else None),
        "rows": meta["training"]["rows"], "positives": meta["training"]["positives"],
        "data_source": meta["training"].get("source") or "stored ratings", "ladder": meta["training"]["reason"],
        "exclusions": (f"ratings younger than the label horizon ({(meta.get('label') or {}).get('horizon_days', 365)}"
                       f" days: no label yet); wharves without a stored rating on the date"),
        "sign_assumptions": "a higher score or component never means higher risk (logistic: every coefficient <= 0, "
                            "checked; trees: monotonic_cst = -1 on every feature)",
        "bounds": {"pdo": meta["pdo"], "pdo_source": meta.get("pdo_source", "given"), "max_points": meta["bound"],
                   "max_grade_steps": 1, "applied": "before downgrades and caps",
                   "scale": PDO_TEXT[meta.get("pdo_source", "given")]},
        "metrics": metrics, "limits": LIMITS, "owner": owner, "ruleset": meta["ruleset"],
        "sklearn": meta["sklearn"], "created": meta["created"], "review_date": meta["review_date"],
        "zh_CN": {"intended_use": INTENDED_USE_ZH, "label": label_texts(meta).zh_CN, "limits": LIMITS_ZH,
                  "ladder": ladder_texts(meta).zh_CN,
                  "data_source": meta["training"].get("source_zh") or DATA_SOURCE_ZH.get(
                      meta["training"].get("source") or "stored ratings", meta["training"].get("source") or "")},
    }


def _fmt(x: Any) -> str:
    return f"{x:.4f}" if isinstance(x, float) else str(x)


def _band(v: dict[str, Any], key: str) -> str:
    lo, hi = v.get(f"{key}_p5"), v.get(f"{key}_p95")
    if not isinstance(lo, float) or not isinstance(hi, float) or lo != lo or hi != hi:
        return ""
    return f"{lo:.2%} – {hi:.2%}"


def card_markdown(card: dict[str, Any]) -> str:
    lines = [f"# Calibrator model card: {card['id']}", "",
             f"- **Artefact sha256:** `{card['artefact_sha256']}`",
             f"- **Model:** {card['kind']} on {', '.join(card['features'])}",
             f"- **Ladder:** {card['ladder']}",
             f"- **Intended use:** {card['intended_use']}",
             f"- **Label:** {card['label']}",
             f"- **Training window:** {card['training_window']['since']} – {card['training_window']['until']}; "
             f"{card['rows']} rows, {card['positives']} positives ({card['data_source']})",
             f"- **Exclusions:** {card['exclusions']}",
             f"- **Sign assumptions:** {card['sign_assumptions']}",
             f"- **Bounds:** ±{card['bounds']['max_points']} points, one grade step, PDO {card['bounds']['pdo']:.2f}, "
             f"{card['bounds']['applied']}",
             f"- **Scale:** {card['bounds'].get('scale') or PDO_TEXT['given']}",
             f"- **Rule set:** {card['ruleset']['id']} {card['ruleset']['version']} "
             f"(sha256 `{card['ruleset']['sha256'][:12]}…`)",
             f"- **scikit-learn:** {card['sklearn']}",
             f"- **Owner:** {card['owner'] or '(unset)'}; created {card['created']}; review by {card['review_date']}",
             f"- **Known limits:** {card['limits']}", ""]
    m = card.get("metrics")
    if m:
        tw = card.get("test_window")
        lines += ["## Held-out metrics" + (f" ({tw['since']} – {tw['until']})" if tw else ""), "",
                  f"{m['n']} rows, {m['positives']} positives (base rate {m['base_rate']:.2%}); bootstrap "
                  f"{m['bootstrap']['resamples']} resamples, seed {m['bootstrap']['seed']}.", "",
                  "| metric | calibrator | rules-only | 5th–95th pct |", "|---|---:|---:|---:|"]
        ci = m.get("ci", {})

        def row(name: str, key: str, ref: str | None) -> str:
            c = ci.get(key)
            band = f"{c['p5']:.4f} – {c['p95']:.4f}" if c else ""
            return f"| {name} | {_fmt(m[key])} | {_fmt(m[ref]) if ref else ''} | {band} |"

        lines += [row("Brier", "brier", "brier_rules_only"), row("skill vs base rate", "skill_vs_base_rate", None),
                  row("skill vs rules-only", "skill_vs_rules_only", None), row("log loss", "log_loss",
                                                                                "log_loss_rules_only"),
                  row("AUC", "auc", "auc_rules_only"), ""]
        if "skill_vs_rules_only" in ci:
            lines += [f"Gate (10th percentile of the skill gain over rules-only >= 0): "
                      f"{ci['skill_vs_rules_only']['p10']:.4f} → "
                      f"{'passes' if ci['skill_vs_rules_only']['p10'] >= 0 else 'fails'}", ""]
        if m.get("per_grade"):
            lines += ["Observed vs expected outcome rate per grade (5th–95th bootstrap percentiles):", "",
                      "| grade | rows | observed | 5th–95th pct | expected | 5th–95th pct |",
                      "|---|---:|---:|---:|---:|---:|"]
            lines += [f"| {g} | {v['n']} | {v['observed']:.2%} | {_band(v, 'observed')} | {v['expected']:.2%} | "
                      f"{_band(v, 'expected')} |" for g, v in m["per_grade"].items()]
            lines.append("")
        iso = m.get("isotonic")
        if iso:
            lines += ["## Score → risk shape (isotonic diagnostic)", "",
                      f"`IsotonicRegression(increasing=False)` of the held-out outcomes on the rule score, beside the "
                      f"rules-only Platt curve p_ref. {ISOTONIC_ROLE}", "",
                      "| score | isotonic | rules-only p_ref |", "|---:|---:|---:|"]
            lines += [f"| {c['score']:g} | {c['isotonic']:.2%} | {c['p_ref']:.2%} |" for c in iso["curve"]]
            mono = ("yes" if iso["monotone_non_increasing"] else "no: " + "; ".join(
                f"{v['rate_from']:.1%} near score {v['from']:.1f} → {v['rate_to']:.1%} near {v['to']:.1f}"
                for v in iso["violations"]))
            lines += ["", f"Largest gap |isotonic − p_ref|: {iso['max_abs_gap']:.2%} at score "
                          f"{iso['max_abs_gap_score']:g} ({iso['max_abs_gap_at_points']:.2%} at the points above). "
                          f"Observed risk monotone non-increasing in score (no rise between adjacent score deciles "
                          f"beyond 2 standard errors): {mono}.", ""]
    return "\n".join(lines)


def _manifest_path(path: str | Path) -> Path:
    p = Path(path)
    return p / MANIFEST if p.is_dir() else p


def read_meta(path: str | Path) -> dict[str, Any]:
    """The manifest as JSON, unchecked (for listings); ArtefactError if missing or unreadable."""
    manifest = _manifest_path(path)
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtefactError("missing", f"calibrator artefact {manifest} is missing") from None
    except (OSError, ValueError) as exc:
        raise ArtefactError("corrupt", f"calibrator artefact {manifest} is not readable JSON: {exc}") from None


def load_artefact(path: str | Path, expected_sha256: str, ruleset: Any,
                  today: dt.date | None = None) -> LoadedArtefact:
    """The calibrator in `path` (a folder or its calibrator.json), if and only if every check passes."""
    manifest = _manifest_path(path)
    if not manifest.is_file():
        raise ArtefactError("missing", f"calibrator artefact {manifest} is missing")
    actual = sha256_file(manifest)
    if actual != expected_sha256:
        raise ArtefactError("hash", f"calibrator artefact {manifest} has sha256 {actual[:12]}…, the activation "
                                    f"recorded {expected_sha256[:12]}…: it was changed after activation")
    meta = read_meta(manifest)
    try:
        if meta.get("format") != FORMAT:
            raise ArtefactError("corrupt", f"unknown artefact format {meta.get('format')!r}")
        rs = meta["ruleset"]
        if rs["id"] != ruleset.id or rs["major"] != ruleset.major:
            raise ArtefactError("ruleset", f"trained on rule set {rs['id']} {rs['version']} (major {rs['major']}); "
                                           f"the rule set in force is {ruleset.id} {ruleset.version} "
                                           f"(major {ruleset.major})")
        if meta["sklearn"] != _sklearn_version():
            raise ArtefactError("sklearn", f"trained with scikit-learn {meta['sklearn']}, running "
                                           f"{_sklearn_version()}: retrain")
        if today is not None and dt.date.fromisoformat(meta["review_date"]) < today:
            raise ArtefactError("expired", f"past its review date {meta['review_date']}")
        features = tuple(meta["features"])
        reference = Reference(float(meta["reference"]["intercept"]), float(meta["reference"]["slope"]))
        pdo, bound = float(meta["pdo"]), float(meta["bound"])
        numbers = [reference.intercept, reference.slope, pdo, bound]
        if meta["kind"] == "logistic":
            coef = tuple(float(c) for c in meta["coef"])
            intercept = float(meta["intercept"])
            numbers += [*coef, intercept]
            if len(coef) != len(features) or "score" not in features or any(c > 0 for c in coef):
                raise ArtefactError("corrupt", "logistic parameters are inconsistent or have the wrong sign")
            estimator = None
        elif meta["kind"] == "hgb":
            coef, intercept = (), 0.0
            estimator = _load_tree(manifest.parent / meta["model_file"], meta["model_sha256"])
        else:
            raise ArtefactError("corrupt", f"unknown model kind {meta['kind']!r}")
        if not all(math.isfinite(x) for x in numbers) or pdo <= 0 or bound < 0:
            raise ArtefactError("corrupt", "non-finite or out-of-range parameters")
        tr = meta["training"]
        window = ((dt.date.fromisoformat(tr["since"]), dt.date.fromisoformat(tr["until"])) if tr.get("since")
                  else None)
        model = FittedModel(meta["kind"], features, reference, tr["reason"], int(tr["rows"]), int(tr["positives"]),
                            window, coef=coef, intercept=intercept, estimator=estimator)
    except ArtefactError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ArtefactError("corrupt", f"calibrator artefact {manifest} is malformed: {exc!r}") from None
    return LoadedArtefact(ScoreCalibrator(model, meta["id"], pdo=pdo, bound=bound), meta, actual)


def _load_tree(model_path: Path, expected_sha256: str) -> Any:
    import skops.io as sio
    from sklearn.calibration import CalibratedClassifierCV

    if not model_path.is_file():
        raise ArtefactError("missing", f"tree model file {model_path} is missing")
    if sha256_file(model_path) != expected_sha256:
        raise ArtefactError("hash", f"tree model file {model_path} does not match the sha256 in its manifest")
    try:
        untrusted = sio.get_untrusted_types(file=model_path)
    except Exception as exc:  # a corrupt zip or schema: skops raises several kinds
        raise ArtefactError("corrupt", f"tree model file {model_path} is unreadable: {exc}") from None
    extra = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if extra:
        raise ArtefactError("untrusted", f"tree model file {model_path} contains types outside the trusted list: "
                                         f"{', '.join(extra)}")
    try:
        est = sio.load(model_path, trusted=list(TRUSTED_TYPES))
    except Exception as exc:
        raise ArtefactError("untrusted" if "untrusted" in str(exc).lower() else "corrupt",
                            f"tree model file {model_path} could not be loaded safely: {exc}") from None
    if not isinstance(est, CalibratedClassifierCV):
        raise ArtefactError("corrupt", f"tree model file {model_path} holds a {type(est).__name__}, "
                                       f"not a calibrated classifier")
    return est
