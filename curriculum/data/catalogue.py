"""データカタログ: the dataset catalogue in `datasets/*.toml`, loaded as plain data.

Every other part of the product (fetching, the CLI, notebooks' 出典 cells) is
derived from these entries.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from curriculum.config import catalogue_dir
from curriculum.errors import CatalogueError, DataFormatError, DataNotFoundError

REQUIRED_KEYS = (
    "id", "title", "publisher", "landing_page", "url", "filename", "source_kind",
    "licence", "licence_url", "attribution", "encoding", "format", "reader", "notebooks",
)
SOURCE_KINDS = ("official", "rehost", "derived")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class ResolvedFile:
    """One concrete file of a dataset: where it comes from and how to check it."""

    dataset_id: str
    url: str
    filename: str
    alt_filenames: tuple[str, ...]
    sha256: str | None
    attribution: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """One catalogue entry (one dataset), as written in its TOML file."""

    raw: dict
    source: Path

    @property
    def id(self) -> str:
        return self.raw["id"]

    def __getattr__(self, name):
        try:
            return self.raw[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def params(self) -> dict:
        return self.raw.get("params", {})

    def resolve(self, **params) -> ResolvedFile:
        """The concrete file for these parameters (checked against the entry's rules).

        >>> e = get_entry("estat-census-mesh-2020")
        >>> e.resolve(stats_id="T001141", mesh1="5638").filename
        'tblT001141H5638.zip'
        """
        values = self._check_params(params)
        filename = _fill(self.raw["filename"], values, self.id)
        known = self.raw.get("sha256_by_file", {})
        alt = tuple(_fill(a, values, self.id) for a in self.raw.get("alt_filenames", []))
        sha = self.raw.get("sha256") or known.get(filename)
        return ResolvedFile(
            dataset_id=self.id,
            url=_fill(self.raw["url"], values, self.id),
            filename=filename,
            alt_filenames=alt,
            sha256=sha,
            attribution=_fill(self.raw["attribution"], values, self.id),
            params=values,
        )

    def sha256_for(self, filename: str) -> str | None:
        """The known checksum of a file of this dataset (main name or an alternative name)."""
        if filename == self.raw["filename"] and self.raw.get("sha256"):
            return self.raw["sha256"]
        return self.raw.get("sha256_by_file", {}).get(filename)

    def _check_params(self, given: dict) -> dict:
        spec = self.params
        unknown = sorted(set(given) - set(spec))
        if unknown:
            raise CatalogueError(
                f"データセット {self.id} にはパラメータ {', '.join(unknown)} はありません。"
                f"使えるパラメータ: {', '.join(spec) or 'なし'}",
                f"dataset {self.id} takes no parameter {', '.join(unknown)}",
                fix=f"curriculum data list で {self.id} のパラメータを確認してください。",
            )
        values: dict = {}
        for name, rule in spec.items():
            if name not in given:
                raise CatalogueError(
                    f"データセット {self.id} にはパラメータ {name}（{rule.get('description', '')}）が必要です。",
                    f"dataset {self.id} needs parameter {name}",
                    fix=f"例: curriculum data fetch {self.id} {name}=...",
                )
            value = str(given[name])
            choices = rule.get("choices")
            if choices is not None:
                if value not in choices:
                    raise CatalogueError(
                        f"{self.id} の {name} に {value!r} は使えません。選べる値: {', '.join(choices)}",
                        f"{name}={value!r} is not one of {', '.join(choices)}",
                    )
                values.update(choices[value])
            elif "pattern" in rule and not re.fullmatch(rule["pattern"], value):
                raise CatalogueError(
                    f"{self.id} の {name}={value!r} は形式が違います（{rule.get('description', rule['pattern'])}）。",
                    f"{name}={value!r} does not match {rule['pattern']}",
                )
            values[name] = value
        return values


def _fill(template: str, values: dict, dataset_id: str) -> str:
    missing = [p for p in _PLACEHOLDER.findall(template) if p not in values]
    if missing:
        raise CatalogueError(
            f"カタログ項目 {dataset_id} の {template!r} に値のない {{{missing[0]}}} があります。",
            f"catalogue entry {dataset_id}: no value for placeholder {missing[0]}",
        )
    return template.format(**values)


@lru_cache(maxsize=4)
def _load(folder: Path) -> dict[str, Entry]:
    if not folder.is_dir():
        raise DataNotFoundError(
            f"データカタログのフォルダ {folder} が見つかりません。",
            f"catalogue folder {folder} not found",
            fix="環境変数 CURRICULUM_CATALOGUE_DIR の値を確かめてください（設定しなければパッケージ同梱のカタログを使います）。",
        )
    entries = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as f:
                raw = tomllib.load(f)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise DataFormatError(f"カタログのファイル {path.name} を読めません（UTF-8 の TOML ではありません）。", f"bad catalogue file: {err}",
                                  path=path, fix="UTF-8 で保存し直し、TOML の書き方（key = \"値\"）を確かめてください。") from err
        entry = Entry(raw=raw, source=path)
        if entry.id in entries:
            raise CatalogueError(f"データセット ID {entry.id} が重複しています。", f"duplicate id {entry.id}", path=path)
        entries[entry.id] = entry
    return entries


def entries() -> dict[str, Entry]:
    """All catalogue entries keyed by id (sorted by file name)."""
    return _load(catalogue_dir())


def get_entry(dataset_id: str) -> Entry:
    """The catalogue entry for one dataset id; a clear error with close matches otherwise."""
    all_entries = entries()
    if dataset_id not in all_entries:
        import difflib

        close = difflib.get_close_matches(dataset_id, all_entries, n=3)
        hint = f"近い ID: {', '.join(close)}" if close else "curriculum data list で一覧を確認してください。"
        raise CatalogueError(
            f"データセット ID {dataset_id!r} はカタログにありません。",
            f"unknown dataset id {dataset_id!r}",
            fix=hint,
        )
    return all_entries[dataset_id]


def check_entry(entry: Entry) -> list[str]:
    """Problems with an entry (empty when complete): used by the catalogue test."""
    raw = entry.raw
    problems = [f"missing key {k}" for k in REQUIRED_KEYS if k not in raw]
    if raw.get("source_kind") not in SOURCE_KINDS:
        problems.append(f"source_kind must be one of {SOURCE_KINDS}")
    if not raw.get("url") and not (raw.get("how_to_get") or raw.get("derive")):
        problems.append("no url: needs how_to_get or derive")
    if raw.get("source_kind") == "rehost" and not raw.get("rehost_note"):
        problems.append("rehost needs rehost_note")
    if not raw.get("attribution", "").startswith("出典"):
        problems.append("attribution must start with 出典")
    for sha in [raw.get("sha256", "")] + list(raw.get("sha256_by_file", {}).values()):
        if sha and not re.fullmatch(r"[0-9a-f]{64}", sha):
            problems.append(f"bad sha256 {sha!r}")
    placeholders = set(_PLACEHOLDER.findall(raw.get("url", "") + raw.get("filename", "")))
    provided = set(entry.params)
    for rule in entry.params.values():
        for extra in (rule.get("choices") or {}).values():
            provided |= set(extra)
    if placeholders - provided:
        problems.append(f"placeholders without a parameter: {sorted(placeholders - provided)}")
    return problems
