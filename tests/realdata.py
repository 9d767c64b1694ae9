"""Where the real data files are, and the one rule for a missing one: fail in CI, skip elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL_DATA = Path(os.environ.get("CURRICULUM_DATA_DIR") or REPO.parent / "shared" / "data").resolve()


def require_real(path: Path) -> Path:
    """The real file, or fail (CI) / skip (elsewhere) naming what is missing."""
    if not path.exists():
        message = f"real data file missing: {path} (set CURRICULUM_DATA_DIR to the folder of real files)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def real_file(*parts: str) -> Path:
    """A file under the real-data folder, e.g. ``real_file("gtfs", "suzucity_gtfs.zip")``."""
    return require_real(REAL_DATA.joinpath(*parts))
