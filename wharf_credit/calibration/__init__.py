"""The optional learned calibrator (issue 6): a bounded, honest score shift, off by default.

A library (numpy / scikit-learn / skops, never Flask or SQLAlchemy): labelled data and a time split (dataset), the
model ladder (ladder), the Calibrator the rating engine calls (adjust), metrics and the activation gate (metrics),
safe artefacts and model cards (artefact), drift (drift) and a seeded simulator of labelled wharf-years (simulate).
"""
from __future__ import annotations

from .adjust import ScoreCalibrator, score_shift
from .artefact import ArtefactError, load_artefact, save_artefact
from .dataset import FEATURES, Dataset, LabelledRow
from .ladder import FittedModel, NotEnoughData, WrongSign, choose_rung, train
from .metrics import evaluate, passes_gate
from .simulate import simulate

__all__ = ["FEATURES", "ArtefactError", "Dataset", "FittedModel", "LabelledRow", "NotEnoughData", "ScoreCalibrator",
           "WrongSign", "choose_rung", "evaluate", "load_artefact", "passes_gate", "save_artefact", "score_shift",
           "simulate", "train"]
