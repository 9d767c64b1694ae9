"""One exception family whose messages say, in Japanese first and English second,
what happened, to which file, the likely cause and the fix."""

from __future__ import annotations

from pathlib import Path


class CurriculumError(Exception):
    """Base error: Japanese message, English message, optional file and fix.

    >>> err = CurriculumError("文字コードが違います", "wrong encoding", path="a.csv", fix="CP932 で読む")
    >>> print(err)
    文字コードが違います
      ファイル: a.csv
      対処: CP932 で読む
    [en] wrong encoding
    """

    def __init__(self, ja: str, en: str, *, path: str | Path | None = None, fix: str | None = None):
        self.ja = ja
        self.en = en
        self.path = None if path is None else str(path)
        self.fix = fix
        super().__init__(self._format())

    def _format(self) -> str:
        lines = [self.ja]
        if self.path:
            lines.append(f"  ファイル: {self.path}")
        if self.fix:
            lines.append(f"  対処: {self.fix}")
        lines.append(f"[en] {self.en}")
        return "\n".join(lines)


class DataFormatError(CurriculumError, ValueError):
    """A file is not in the format its reader expects (encoding, header rows, columns)."""


class InputError(CurriculumError, ValueError):
    """A value given to a function or command cannot be used: a code of the wrong form, an unknown option,
    too few rows, a table without the columns the function needs.

    >>> err = InputError("都道府県コードは2桁の文字列です（受け取った値: '1'）", "pref_code must be 2 digits",
    ...                  fix="'15' のように 0 を付けた2桁で指定してください")
    >>> isinstance(err, ValueError), str(err).splitlines()[0]
    (True, "都道府県コードは2桁の文字列です（受け取った値: '1'）")
    """


class DataNotFoundError(CurriculumError, FileNotFoundError):
    """A dataset is not in the cache and cannot be downloaded."""


class ChecksumError(CurriculumError):
    """A file's sha256 differs from the catalogue: corrupted, truncated or another edition."""


class CatalogueError(CurriculumError, KeyError):
    """An unknown dataset id, a missing parameter or an incomplete catalogue entry."""

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return self.args[0]
