"""Where the data cache lives. One env var decides: CURRICULUM_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "CURRICULUM_DATA_DIR"
CATALOGUE_DIR_ENV = "CURRICULUM_CATALOGUE_DIR"


def data_dir() -> Path:
    """The data cache folder: $CURRICULUM_DATA_DIR, else the platform cache dir.

    A folder of files pre-downloaded under their catalogue file names (in any
    sub-folder) counts as the cache, which is how CI points at ../shared/data.
    """
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    import pooch  # imported lazily: nothing at import time

    return Path(pooch.os_cache("curriculum"))


def catalogue_dir() -> Path:
    """The dataset catalogue: $CURRICULUM_CATALOGUE_DIR, else `datasets/` of this checkout."""
    configured = os.environ.get(CATALOGUE_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return Path(__file__).resolve().parent.parent / "datasets"
