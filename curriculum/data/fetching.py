"""データの取得: find a catalogue file in the cache or download it, verify its sha256, print the 出典.

The cache folder is `$CURRICULUM_DATA_DIR` (else the platform cache dir). A folder of
files pre-downloaded under their catalogue names, in any sub-folder, counts as the cache.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

from curriculum.config import DATA_DIR_ENV, data_dir
from curriculum.data.catalogue import Entry, ResolvedFile, entries, get_entry
from curriculum.errors import ChecksumError, DataNotFoundError

_attributed: set[str] = set()
_verified: set[tuple[str, int, int]] = set()  # (path, size, mtime_ns) already checked in this process


def fetch(dataset_id: str, *, progress: bool = True, quiet: bool = False, **params) -> Path:
    """データを取得する: the local path of a catalogue file, downloading it if needed.

    Parameters
    ----------
    dataset_id : str
        Catalogue id, e.g. ``"ssdse-a-2026"`` (``curriculum data list`` shows them all).
    progress : bool
        Show a progress bar while downloading.
    quiet : bool
        Do not print the 出典 line.
    **params
        The dataset's parameters, e.g. ``stats_id="T001141", mesh1="5638"``.

    Returns
    -------
    pathlib.Path
        The verified file (or folder) in the cache.

    Examples
    --------
    >>> path = fetch("ssdse-a-2026")
    >>> path.name
    'SSDSE-A-2026.csv'
    """
    entry = get_entry(dataset_id)
    target = entry.resolve(**params)
    path = find_cached(target)
    if path is None:
        if entry.raw.get("derive"):
            path = _derive(entry, target)
        else:
            path = _download(entry, target, progress=progress)
    verify_file(path, entry)
    if not quiet and target.attribution not in _attributed:
        _attributed.add(target.attribution)
        print(target.attribution)
    return path


def path(dataset_id: str, **params) -> Path:
    """The cached path of a catalogue file, without downloading (error if absent)."""
    entry = get_entry(dataset_id)
    target = entry.resolve(**params)
    found = find_cached(target)
    if found is None:
        raise _not_found_error(entry, target, reason="キャッシュにありません")
    return found


def find_cached(target: ResolvedFile) -> Path | None:
    """The file in the cache under its catalogue name or an accepted alternative name, if any."""
    root = data_dir()
    names = (target.filename, *target.alt_filenames)
    for name in names:
        for candidate in (root / target.dataset_id / name, root / name):
            if candidate.exists():
                return candidate
    if not root.is_dir():
        return None
    for name in names:
        matches = sorted(p for p in root.rglob(name) if ".partial" not in p.name)
        if matches:
            return matches[0]
    return None


def sha256_of(path: Path) -> str:
    """sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, entry: Entry) -> bool:
    """Check a cached file against the catalogue checksum; True if checked, False if no checksum is known."""
    expected = entry.sha256_for(path.name)
    if not expected or path.is_dir():
        return False
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _verified:  # notebooks fetch the same file many times; hash it once unless it changed
        return True
    actual = sha256_of(path)
    if actual != expected:
        raise ChecksumError(
            f"{entry.id} のファイルが壊れているか、別の版です（sha256 が一致しません）。\n"
            f"  期待値: {expected}\n  実際:   {actual}",
            f"sha256 mismatch for {entry.id}: expected {expected}, got {actual}",
            path=path,
            fix=f"このファイルを別の場所へ移してから、もう一度取得してください（curriculum data fetch {entry.id}）。"
            f"公式サイト: {entry.landing_page}",
        )
    _verified.add(key)
    return True


@dataclass(frozen=True)
class Verification:
    """One line of `verify()`: a known file and what was found."""

    dataset_id: str
    filename: str
    status: str  # "ok", "mismatch", "missing", "no-checksum"
    path: Path | None = None


def verify() -> list[Verification]:
    """Check every cached catalogue file whose checksum is known (nothing is downloaded)."""
    results = []
    for entry in entries().values():
        names = dict(entry.raw.get("sha256_by_file", {}))
        if not entry.params:
            names.setdefault(entry.raw["filename"], entry.raw.get("sha256"))
        for name, sha in names.items():
            found = find_cached(ResolvedFile(entry.id, "", name, (), sha, ""))
            if found is None:
                results.append(Verification(entry.id, name, "missing"))
            elif not sha or found.is_dir():
                results.append(Verification(entry.id, name, "no-checksum", found))
            else:
                status = "ok" if sha256_of(found) == sha else "mismatch"
                results.append(Verification(entry.id, name, status, found))
    return results


def _download(entry: Entry, target: ResolvedFile, *, progress: bool) -> Path:
    if not target.url:
        raise _not_found_error(entry, target, reason="自動ではダウンロードできないデータです")
    import pooch
    import requests

    folder = data_dir() / entry.id
    try:
        folder.mkdir(parents=True, exist_ok=True)
        downloaded = pooch.retrieve(
            target.url,
            known_hash=target.sha256,
            fname=target.filename,
            path=folder,
            progressbar=progress,
        )
    except requests.exceptions.RequestException as err:
        raise _not_found_error(entry, target, reason=f"ダウンロードできませんでした（{type(err).__name__}）") from err
    except ValueError as err:  # pooch: hash mismatch after download
        raise ChecksumError(
            f"{entry.id} をダウンロードしましたが sha256 がカタログと一致しません。公開元で更新された可能性があります。",
            f"downloaded {target.url} but its sha256 differs from the catalogue",
            path=folder / target.filename,
            fix=f"公式サイト {entry.landing_page} で版を確認し、カタログ {entry.source.name} を更新してください。",
        ) from err
    except OSError as err:
        raise DataNotFoundError(
            f"データフォルダ {folder} に書き込めません（{err.strerror}）。",
            f"cannot write to {folder}: {err}",
            fix=f"書き込めるフォルダを環境変数 {DATA_DIR_ENV} に設定してください。",
        ) from err
    return Path(downloaded)


def _derive(entry: Entry, target: ResolvedFile) -> Path:
    """Build a derived file (e.g. one city's rows) from its source entry, into the cache."""
    recipe = dict(entry.raw["derive"])
    source = fetch(recipe.pop("from"), quiet=True)
    module_name, func_name = recipe.pop("function").split(":")
    make = getattr(importlib.import_module(module_name), func_name)
    dest = data_dir() / entry.id / target.filename
    dest.parent.mkdir(parents=True, exist_ok=True)
    make(source, dest, **recipe)
    return dest


def _not_found_error(entry: Entry, target: ResolvedFile, *, reason: str) -> DataNotFoundError:
    where = data_dir() / entry.id / target.filename
    how = entry.raw.get("how_to_get") or f"{target.url} からダウンロードする"
    return DataNotFoundError(
        f"{entry.title}（{entry.id}）のファイル {target.filename} がありません: {reason}。\n"
        f"  入手方法: {how}\n"
        f"  公式ページ: {entry.landing_page}\n"
        f"  置き場所: {where}",
        f"{target.filename} of dataset {entry.id} is not available ({reason}); get it from "
        f"{target.url or entry.landing_page} and put it at {where}",
        fix=f"インターネットにつながる場所で curriculum data fetch {entry.id} を実行するか、"
        f"入手したファイルを置いたフォルダを環境変数 {DATA_DIR_ENV} に設定してください。",
    )


def print_attribution(dataset_id: str, **params) -> None:
    """出典を表示する (for a notebook's data-source cell)."""
    print(get_entry(dataset_id).resolve(**params).attribution, file=sys.stdout)
