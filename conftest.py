"""Doctest set-up: examples that read real data get it from the real-data folder.

Names available in doctests: ``fetch`` (quiet: no 出典 line), ``DATA`` (recorded e-Stat API responses)
and ``RESAS_DATA`` (archived RESAS responses). Like the tests, such examples fail in CI and are
skipped elsewhere when that folder is missing.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

REAL_DATA = Path(os.environ.get("CURRICULUM_DATA_DIR") or Path(__file__).resolve().parent.parent / "shared" / "data")
_NEEDS_DATA = ("fetch(", "DATA /")


@pytest.fixture(autouse=True)
def _doctest_real_data(request, monkeypatch):
    if not isinstance(request.node, pytest.DoctestItem):
        yield
        return
    if any(marker in example.source for example in request.node.dtest.examples for marker in _NEEDS_DATA):
        if not REAL_DATA.is_dir():
            message = f"doctest needs the real-data folder {REAL_DATA} (set CURRICULUM_DATA_DIR)"
            pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
        from curriculum.data import fetch

        root = REAL_DATA.resolve()
        monkeypatch.setenv("CURRICULUM_DATA_DIR", str(root))
        namespace = request.getfixturevalue("doctest_namespace")
        namespace.update(fetch=functools.partial(fetch, quiet=True), DATA=root / "estat_api", RESAS_DATA=root / "resas_api")
    yield
