"""Settings that come from the environment: every variable name and default lives here.

* ``CURRICULUM_DATA_DIR`` — the data cache (pre-downloaded official files in any sub-folder);
* ``CURRICULUM_CATALOGUE_DIR`` — another dataset catalogue (default: the one shipped with the package);
* ``CURRICULUM_PRACTICE_DIR`` — where practice data is written (default ``practice_data/`` in the current folder,
  where a trainee can find it);
* ``CURRICULUM_FORCE_PRACTICE`` — ``1`` makes every layer use practice data (to rehearse without real files);
* ``CURRICULUM_CITY_CODE`` — the running-example municipality (overrides the cohort setting).
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "CURRICULUM_DATA_DIR"
CATALOGUE_DIR_ENV = "CURRICULUM_CATALOGUE_DIR"
PRACTICE_DIR_ENV = "CURRICULUM_PRACTICE_DIR"
FORCE_PRACTICE_ENV = "CURRICULUM_FORCE_PRACTICE"
CITY_CODE_ENV = "CURRICULUM_CITY_CODE"
DEFAULT_PRACTICE_DIR = "practice_data"


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


def practice_dir() -> Path:
    """Where practice data lives: $CURRICULUM_PRACTICE_DIR, else ``practice_data/`` in the current folder."""
    return Path(os.environ.get(PRACTICE_DIR_ENV) or DEFAULT_PRACTICE_DIR).expanduser().resolve()


def force_practice() -> bool:
    """Whether ``CURRICULUM_FORCE_PRACTICE=1`` asks for practice data everywhere."""
    return os.environ.get(FORCE_PRACTICE_ENV) == "1"
