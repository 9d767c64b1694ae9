"""ハブの利用者: JupyterHub user names from the course roster, in one canonical (lower-case) form.

JupyterHub lower-cases every name a person types at the login page, and nbgrader names each submission
after the Unix user who made it, so the 職員番号 ``T0001`` must become the one account ``t0001``
everywhere: the Unix account, the JupyterHub user, the nbgrader student id. Two 職員番号 that differ only
in case would then be one person; that is an error, never a silent merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from curriculum.errors import CurriculumError

# Debian's useradd accepts at most 32 characters, and a name must not be all digits (it would read as a uid).
MAX_UNIX_NAME = 32
_UNIX_NAME = re.compile(r"^[a-z_][a-z0-9_-]*$")


def canonical_user(staff_id: str, *, prefix: str = "") -> str:
    """ハブのユーザー名: the one lower-case account name for a 職員番号.

    >>> canonical_user("T0001")
    't0001'
    >>> canonical_user("12345", prefix="s")
    's12345'
    """
    return f"{prefix}{staff_id.strip()}".lower()


def check_unix_name(name: str, *, what: str) -> str:
    """Raise a clear error when ``name`` cannot be a Unix account or group name; return it unchanged."""
    if len(name) > MAX_UNIX_NAME or not _UNIX_NAME.match(name):
        raise CurriculumError(
            f"{what}「{name}」は Linux のアカウント名に使えません（英小文字か _ で始まり、英小文字・数字・_・- で {MAX_UNIX_NAME} 文字まで）",
            f"{what} {name!r} is not a valid Unix account name",
            fix="職員番号が数字で始まるときは `--user-prefix s` のように先頭に付ける文字を指定してください",
        )
    return name


@dataclass(frozen=True)
class HubUsers:
    """ハブの利用者一覧: trainees (from the roster) and instructors, all canonical; ``staff_ids`` maps back."""

    trainees: tuple[str, ...]
    instructors: tuple[str, ...]
    staff_ids: dict

    @property
    def everyone(self) -> tuple[str, ...]:
        return self.trainees + tuple(i for i in self.instructors if i not in self.trainees)


def hub_users(staff_ids: list[str], instructors: list[str], *, prefix: str = "", roster: Path | None = None) -> HubUsers:
    """受講者と講師のハブアカウント: canonical names, refusing two people who would share one account.

    Parameters
    ----------
    staff_ids : list of str
        The roster's 職員番号, as HR typed them.
    instructors : list of str
        Instructors' account names (they are not on the roster).
    prefix : str, optional
        Put in front of every 職員番号 (for ids that start with a digit).
    roster : Path, optional
        Named in the error message.

    Examples
    --------
    >>> users = hub_users(["T0001", "T0002"], ["Sensei"])
    >>> users.trainees, users.instructors, users.staff_ids["t0001"]
    (('t0001', 't0002'), ('sensei',), 'T0001')
    >>> try:
    ...     hub_users(["T0001", "t0001"], [])
    ... except CurriculumError as err:
    ...     print(err.ja)
    職員番号「T0001」と「t0001」は大文字・小文字しか違わず、ハブでは同じアカウント「t0001」になります
    """
    seen: dict[str, str] = {}
    problems = []
    for sid in staff_ids:
        name = canonical_user(sid, prefix=prefix)
        if name in seen:
            problems.append(f"職員番号「{seen[name]}」と「{sid}」は大文字・小文字しか違わず、ハブでは同じアカウント「{name}」になります")
            continue
        check_unix_name(name, what="職員番号から作るアカウント名")
        seen[name] = sid
    if problems:
        raise CurriculumError("; ".join(problems), f"{len(problems)} roster id(s) collide once lower-cased", path=roster,
                              fix="名簿の職員番号を、大文字・小文字を区別しなくても重ならないように直してください")
    staff = [canonical_user(i) for i in instructors]
    for name in staff:
        check_unix_name(name, what="講師のアカウント名")
    return HubUsers(tuple(seen), tuple(dict.fromkeys(staff)), dict(seen))
