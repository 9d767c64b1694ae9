"""Doctest set-up: examples that call ``fetch`` read the real-data folder (quietly, no 出典 line).

Like the tests, they fail in CI and are skipped elsewhere when that folder is missing.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

REAL_DATA = Path(os.environ.get("CURRICULUM_DATA_DIR") or Path(__file__).resolve().parent.parent / "shared" / "data")


@pytest.fixture(autouse=True)
def _doctest_real_data(request, monkeypatch):
    if not isinstance(request.node, pytest.DoctestItem):
        yield
        return
    if any("fetch(" in example.source for example in request.node.dtest.examples):
        if not REAL_DATA.is_dir():
            message = f"doctest needs the real-data folder {REAL_DATA} (set CURRICULUM_DATA_DIR)"
            pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
        from curriculum.data import fetch

        monkeypatch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA.resolve()))
        request.getfixturevalue("doctest_namespace")["fetch"] = functools.partial(fetch, quiet=True)
    yield
