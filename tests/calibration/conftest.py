"""Shared, session-scoped trained models: training is the slow part, so each rung is fitted once."""
from __future__ import annotations

import pytest

from wharf_credit.calibration import ScoreCalibrator, simulate, train
from wharf_credit.calibration.dataset import split_fraction


@pytest.fixture(scope="session")
def moderate():
    """1,500 simulated wharf-years: the logistic rung."""
    return simulate(1500, seed=11)


@pytest.fixture(scope="session")
def logistic_model(moderate):
    return train(moderate)


@pytest.fixture(scope="session")
def large_split():
    """12,000 simulated wharf-years split by time: the tree rung, and a held-out quarter."""
    return split_fraction(simulate(12000, seed=5))


@pytest.fixture(scope="session")
def tree_model(large_split):
    return train(large_split[0])


@pytest.fixture(scope="session")
def logistic_calibrator(logistic_model):
    return ScoreCalibrator(logistic_model, "test-logistic")
