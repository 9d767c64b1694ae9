"""Shared fixtures: the real-data folder (../shared/data or $CURRICULUM_DATA_DIR) and an isolated cache.

Real files missing is a failure in CI (CI=true) and a skip elsewhere, with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from realdata import REAL_DATA, require_real  # noqa: F401  (tests/ is on sys.path via this conftest)


@pytest.fixture
def real_data(monkeypatch) -> Path:
    """Point the product's cache at the real-data folder and return that folder."""
    require_real(REAL_DATA)
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    return REAL_DATA


@pytest.fixture
def empty_cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder (nothing downloaded, nothing pre-filled)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(cache))
    return cache


@pytest.fixture
def real_fetch(real_data):
    """fetch() against the real-data folder, failing/skipping clearly when a file is missing."""
    from curriculum.data import fetch
    from curriculum.data.catalogue import get_entry
    from curriculum.data.fetching import find_cached

    def _fetch(dataset_id: str, **params) -> Path:
        target = get_entry(dataset_id).resolve(**params)
        if find_cached(target) is None:
            require_real(real_data / target.filename)
        return fetch(dataset_id, quiet=True, progress=False, **params)

    return _fetch


@pytest.fixture(scope="session")
def practice_files(tmp_path_factory) -> dict:
    """One build of the practice data for the whole session."""
    from curriculum.practice.build import build_practice_data

    return build_practice_data(tmp_path_factory.mktemp("practice"))


# Notebooks under tests/fixtures are inputs to grading tests (some fail on purpose), not lessons to run.
collect_ignore_glob = ["fixtures/*"]
