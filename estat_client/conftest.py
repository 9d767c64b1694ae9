"""Doctest namespace: ``DATA`` is the folder of real e-Stat responses (read-only, never copied)."""

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _estat_doctest_namespace(doctest_namespace):
    root = Path(os.environ.get("CURRICULUM_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))
    doctest_namespace["DATA"] = root / "estat_api"
    doctest_namespace["RESAS_DATA"] = root / "resas_api"
