"""Settings that come from the environment: every variable name and default lives here.

* ``CURRICULUM_DATA_DIR`` — the data cache (pre-downloaded official files in any sub-folder);
* ``CURRICULUM_CATALOGUE_DIR`` — another dataset catalogue (default: the one shipped with the package, see
  :func:`shipped_path`);
* ``CURRICULUM_PRACTICE_DIR`` — where practice data is written (default ``practice_data/`` in the current folder,
  where a trainee can find it);
* ``CURRICULUM_FORCE_PRACTICE`` — ``1`` makes every layer use practice data (to rehearse without real files);
* ``CURRICULUM_CITY_CODE`` — the running-example municipality (overrides the cohort setting).
"""

from __future__ import annotations

import os
from pathlib import Path

from curriculum.errors import DataNotFoundError

DATA_DIR_ENV = "CURRICULUM_DATA_DIR"
CATALOGUE_DIR_ENV = "CURRICULUM_CATALOGUE_DIR"
PRACTICE_DIR_ENV = "CURRICULUM_PRACTICE_DIR"
FORCE_PRACTICE_ENV = "CURRICULUM_FORCE_PRACTICE"
CITY_CODE_ENV = "CURRICULUM_CITY_CODE"
DEFAULT_PRACTICE_DIR = "practice_data"

# Folders kept at the repository root and carried by the wheel as curriculum/_shipped/<name> (see setup.py).
SHIPPED_FOLDERS = ("datasets", "basic", "follow_up")
_PACKAGE = Path(__file__).resolve().parent


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


def shipped_path(name: str) -> Path:
    """A folder shipped with the package (``datasets``, ``basic`` or ``follow_up``), wherever it is installed.

    An installed wheel carries it as ``curriculum/_shipped/<name>``; a git checkout and an editable install
    (``pip install -e .``, the conda environment) read it in place at the repository root.

    >>> shipped_path("datasets").joinpath("ssdse-a-2026.toml").is_file()
    True
    """
    if name not in SHIPPED_FOLDERS:
        raise ValueError(f"not a shipped folder: {name!r} (one of {SHIPPED_FOLDERS})")  # a programming error
    candidates = (_PACKAGE / "_shipped" / name, _PACKAGE.parent / name)
    if candidates[0].is_dir():
        return candidates[0]
    # In place only in a source tree: in site-packages a folder of that name would be another package's.
    if candidates[1].is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return candidates[1]
    raise DataNotFoundError(
        f"パッケージに同梱の {name}/ フォルダが見つかりません（インストールが壊れているか、古い wheel です）。",
        f"the shipped folder {name}/ is missing (broken install or an old wheel); looked in "
        + ", ".join(str(c) for c in candidates),
        path=candidates[0],
        fix="pip install --force-reinstall で入れ直すか、リポジトリを clone した場所で実行してください。",
    )


def catalogue_dir() -> Path:
    """The dataset catalogue: $CURRICULUM_CATALOGUE_DIR, else the shipped ``datasets/``."""
    configured = os.environ.get(CATALOGUE_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return shipped_path("datasets")


def course_sources_dir() -> Path:
    """The folder that holds the shipped nbgrader sources ``basic/`` and ``follow_up/``."""
    return shipped_path("basic").parent


def practice_dir() -> Path:
    """Where practice data lives: $CURRICULUM_PRACTICE_DIR, else ``practice_data/`` in the current folder."""
    return Path(os.environ.get(PRACTICE_DIR_ENV) or DEFAULT_PRACTICE_DIR).expanduser().resolve()


def force_practice() -> bool:
    """Whether ``CURRICULUM_FORCE_PRACTICE=1`` asks for practice data everywhere."""
    return os.environ.get(FORCE_PRACTICE_ENV) == "1"
