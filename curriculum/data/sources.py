"""実データか練習用データか: give notebooks a file, falling back to labelled practice data.

A notebook asks for a catalogue dataset. If the real file is in the cache (or can be
downloaded) it gets that; otherwise, or when ``CURRICULUM_FORCE_PRACTICE=1``, it gets the
practice file of the same format and a banner says so. The notebook then uses
``source.city_code`` etc. so the same cells run on both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.errors import DataNotFoundError

FORCE_PRACTICE_ENV = "CURRICULUM_FORCE_PRACTICE"
# catalogue id → key of the practice file with the same format (see curriculum.practice.build.practice_files)
PRACTICE_EQUIVALENTS = {
    "ssdse-a-2026": "ssdse",
    "estat-census-mesh-2020": "census_mesh",
    "estat-mesh-boundary": "mesh_boundary",
    "ksj-n03": "n03",
    "ksj-n03-city": "n03",
    "ksj-p04-2020": "p04",
    "gtfs-data-jp": "gtfs",
    "gtfs-sabae-tsutsujibus": "gtfs",
}
# In practice data, the running example 燕市 (15213, 新潟県) is played by 練習市 (99201, 練習県).
PRACTICE_PLACE = {"city_code": "99201", "city_name": "練習市", "pref_code": "99", "pref_name": "練習県", "mesh1": "5738"}
REAL_PLACE = {"city_code": "15213", "city_name": "燕市", "pref_code": "15", "pref_name": "新潟県", "mesh1": "5638"}


@dataclass(frozen=True)
class Source:
    """The file a notebook will read, whether it is practice data, and its 出典 line."""

    path: Path
    practice: bool
    attribution: str
    place: dict = field(default_factory=dict)

    @property
    def city_code(self) -> str:
        return self.place["city_code"]

    @property
    def city_name(self) -> str:
        return self.place["city_name"]


def fetch_or_practice(dataset_id: str, *, echo=print, **params) -> Source:
    """実データを取得し、なければ練習用データを使う: a :class:`Source` for a catalogue dataset.

    Examples
    --------
    >>> source = fetch_or_practice("ssdse-a-2026")  # doctest: +SKIP
    >>> source.practice, source.city_code  # doctest: +SKIP
    (False, '15213')
    """
    from curriculum.data.fetching import fetch

    if os.environ.get(FORCE_PRACTICE_ENV) != "1":
        try:
            path = fetch(dataset_id, quiet=True, **params)
        except DataNotFoundError as err:
            if dataset_id not in PRACTICE_EQUIVALENTS:
                raise
            echo(f"※ 実データ（{dataset_id}）が見つからないため、練習用・架空データを使います。\n  理由: {err.ja.splitlines()[0]}")
        else:
            from curriculum.data.catalogue import get_entry

            attribution = get_entry(dataset_id).resolve(**params).attribution
            echo(attribution)
            return Source(path, False, attribution, dict(REAL_PLACE))
    return practice_source(dataset_id, echo=echo)


def practice_source(dataset_id: str, *, echo=print) -> Source:
    """The practice file standing in for a catalogue dataset (built on first use)."""
    from curriculum.config import practice_dir
    from curriculum.practice.build import build_practice_data, practice_files
    from curriculum.provenance import PRACTICE_ATTRIBUTION as ATTRIBUTION

    key = PRACTICE_EQUIVALENTS.get(dataset_id)
    if key is None:
        raise DataNotFoundError(
            f"{dataset_id} には練習用データがありません。",
            f"no practice data stands in for {dataset_id}",
            fix="実データを取得してください（curriculum data fetch）。",
        )
    folder = practice_dir()
    path = folder / practice_files()[key]
    if not path.exists():
        build_practice_data(folder)
    echo(ATTRIBUTION)
    return Source(path, True, ATTRIBUTION, dict(PRACTICE_PLACE))
