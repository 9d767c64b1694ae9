"""実データか練習用データか: the one real-or-practice policy every layer and notebook uses.

* ``data_source="cache"`` — real files already in ``$CURRICULUM_DATA_DIR`` (never touches the network);
* ``data_source="download"`` — also download a missing real file from its official URL;
* ``data_source="practice"`` (or ``CURRICULUM_FORCE_PRACTICE=1``) — practice data wherever it can stand in.

Only "not available offline" (:class:`~curriculum.errors.DataNotFoundError`) falls back to practice
data, with a line saying 「オフラインのため（実データが見つからないため）練習用」. A file that is there but
corrupt (:class:`~curriculum.errors.ChecksumError`) or malformed (:class:`~curriculum.errors.DataFormatError`)
is an error the trainee sees: practice data never hides a broken real file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from curriculum.config import FORCE_PRACTICE_ENV, force_practice, practice_dir
from curriculum.errors import CurriculumError, DataNotFoundError
from curriculum.provenance import PRACTICE, PRACTICE_ATTRIBUTION, REAL, Provenance, provenance_of

__all__ = ["DATA_SOURCES", "OFFLINE_NOTE", "FORCED_NOTE", "PRACTICE_EQUIVALENTS", "PRACTICE_PLACE", "real_place",
           "check_data_source", "wants_practice", "real_path", "real_provenance", "practice_provenance",
           "real_or_practice", "Source", "fetch_or_practice", "practice_source"]

#: Where real files come from; see the module docstring.
DATA_SOURCES = ("cache", "download", "practice")
OFFLINE_NOTE = "オフラインのため（実データが見つからないため）練習用"
FORCED_NOTE = f"練習用を指定（DATA_SOURCE=\"practice\" または {FORCE_PRACTICE_ENV}=1）"
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
# In real data the running example is the cohort's city (curriculum.city.running_city; 燕市 by default).


def real_place() -> dict:
    """The running-example city in real data: the cohort's (``CURRICULUM_CITY_CODE`` / ``course.json``)."""
    from curriculum.city import running_city

    return running_city().place

T = TypeVar("T")


def check_data_source(data_source: str) -> str:
    """``data_source`` if it is one of :data:`DATA_SOURCES`, else a clear error."""
    if data_source not in DATA_SOURCES:
        raise CurriculumError(f"DATA_SOURCE {data_source!r} は使えません。", f"unknown data_source {data_source!r}",
                              fix=f"{' / '.join(DATA_SOURCES)} のどれかにしてください。")
    return data_source


def wants_practice(data_source: str) -> bool:
    """Whether practice data is asked for: ``data_source="practice"`` or ``CURRICULUM_FORCE_PRACTICE=1``."""
    return check_data_source(data_source) == "practice" or force_practice()


def real_path(dataset_id: str, *, data_source: str = "cache", **params) -> Path:
    """The verified real file of a catalogue dataset.

    From the cache only, unless ``data_source == "download"`` (then a missing file is downloaded).

    Raises
    ------
    DataNotFoundError
        Not available offline (not in the cache, or the download failed).
    ChecksumError
        The file is there but is not the catalogue's file (corrupt or another version).
    """
    from curriculum.data.fetching import fetch, path

    if check_data_source(data_source) != "download":
        path(dataset_id, **params)  # DataNotFoundError when absent: never touch the network here
    return fetch(dataset_id, quiet=True, progress=False, **params)


def real_provenance(dataset_id: str, title: str, *, note: str = "", **params) -> Provenance:
    """The provenance of a real catalogue file: its 出典 line and reference date (``reference_date``) from the catalogue.

    >>> p = real_provenance("ksj-p04-2020", "医療機関", pref_code="15")
    >>> p.kind, p.reference_date, p.attribution
    ('real', '2020', '出典：「国土数値情報（医療機関データ）」（国土交通省）を加工して作成')
    """
    from curriculum.data.catalogue import get_entry

    entry = get_entry(dataset_id)
    attribution = entry.resolve(**params).attribution
    date = entry.raw.get("reference_date")
    return Provenance(REAL, title, attribution, str(date) if date else None, dataset_id, note)


def practice_provenance(title: str, *, note: str = "") -> Provenance:
    """The provenance of practice data made by this package (the one practice 出典 line)."""
    return Provenance(PRACTICE, title, PRACTICE_ATTRIBUTION, None, None, note)


def real_or_practice(real: Callable[[], T], practice: Callable[[str], T] | None, *, title: str,
                     data_source: str = "cache", echo=print) -> T:
    """Load a layer with the one policy: ``real()`` unless practice is asked for; ``practice(note)`` only
    when the real data is not available offline.

    Parameters
    ----------
    real : callable
        Reads the real data and returns it with its provenance attached (``attach``); raises
        ``DataNotFoundError`` when a file is not available offline.
    practice : callable or None
        Makes the practice stand-in from the reason (``note``) and returns it with practice provenance;
        ``None`` when nothing can stand in (then ``DataNotFoundError`` reaches the caller).
    title : str
        What the layer is, for the fallback message.
    data_source : {"cache", "download", "practice"}
    echo : callable
        Where the 出典 line and the fallback message go.

    Returns
    -------
    What ``real`` or ``practice`` returned. Its 出典 line is echoed.
    """
    if not wants_practice(data_source) or practice is None:
        try:
            result = real()
        except DataNotFoundError as err:
            if practice is None:
                raise
            reason = err.ja.splitlines()[0]
            echo(f"※ {title}: {OFFLINE_NOTE}・架空データを使います。\n  理由: {reason}")
            result = practice(f"{OFFLINE_NOTE}（{reason}）")
    else:
        result = practice(FORCED_NOTE)
    echo(provenance_of(result).attribution)
    return result


@dataclass(frozen=True)
class Source:
    """The file a notebook will read, where it comes from (``provenance``) and the place it describes."""

    path: Path
    provenance: Provenance
    place: dict = field(default_factory=dict)

    @property
    def practice(self) -> bool:
        return self.provenance.is_practice

    @property
    def attribution(self) -> str:
        return self.provenance.attribution

    @property
    def city_code(self) -> str:
        return self.place["city_code"]

    @property
    def city_name(self) -> str:
        return self.place["city_name"]


def fetch_or_practice(dataset_id: str, *, data_source: str = "download", echo=print, **params) -> Source:
    """実データを取得し、なければ練習用データを使う: a :class:`Source` for a catalogue dataset.

    ``data_source`` defaults to ``"download"``: a missing file is downloaded when the network allows,
    and only when it cannot be had offline does the practice file of the same format stand in.

    Examples
    --------
    >>> source = fetch_or_practice("ssdse-a-2026")  # doctest: +SKIP
    >>> source.practice, source.city_code  # doctest: +SKIP
    (False, '15213')
    """
    from curriculum.data.catalogue import get_entry

    title = get_entry(dataset_id).title

    def real() -> Source:
        path = real_path(dataset_id, data_source=data_source, **params)
        return Source(path, real_provenance(dataset_id, title, **params), real_place())

    def practice(note: str) -> Source:
        return practice_source(dataset_id, note=note)

    return real_or_practice(real, practice if dataset_id in PRACTICE_EQUIVALENTS else None, title=title,
                            data_source=data_source, echo=echo)


def practice_source(dataset_id: str, *, note: str = "") -> Source:
    """The practice file standing in for a catalogue dataset (built into ``config.practice_dir()`` on first use)."""
    from curriculum.practice.build import build_practice_data, practice_files

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
    return Source(path, practice_provenance(f"{dataset_id} の練習用データ", note=note), dict(PRACTICE_PLACE))
