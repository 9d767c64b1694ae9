"""Every command of the CLI, given typical bad input, ends in a clear Japanese message and a non-zero exit — no traceback.

The table has at least one row per command; the command tree is enumerated from click, so a new command
without a row fails :func:`test_every_command_has_a_row`. Rows run through click's CliRunner (fast, in
process); one runs the installed ``curriculum`` entry point in a subprocess.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from curriculum.cli import main
from curriculum.cli.base import Group

FRAME = re.compile(r'File ".*", line \d+')
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def command_paths(group: click.Group = main, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from command_paths(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name))


# (command, arguments, extra environment, stable Japanese fragment of the message). Arguments may use
# {w} (a folder of bad inputs), {course} (a real course folder) and {cache} (an empty data cache).
ROWS = [
    ("data list", [], {"CURRICULUM_CATALOGUE_DIR": "{w}/catalogue_cp932"}, "UTF-8 の TOML ではありません"),
    ("data list", [], {"CURRICULUM_CATALOGUE_DIR": "{w}/no_such_folder"}, "データカタログのフォルダ"),
    ("data fetch", ["ssdse-a-2025"], {}, "はカタログにありません"),
    ("data fetch", ["ksj-n03-city", "city_code=1521"], {}, "city_code='1521' は形式が違います"),
    ("data fetch", ["estat-census-mesh-2020", "mesh1"], {}, "KEY=VALUE の形で指定してください"),
    ("data path", ["ssdse-a-2026"], {}, "キャッシュにありません"),
    ("data path", ["no-such-dataset"], {}, "はカタログにありません"),
    ("data verify", [], {"CURRICULUM_CATALOGUE_DIR": "{w}/catalogue_cp932"}, "UTF-8 の TOML ではありません"),
    ("estat search", ["人口"], {"ESTAT_APP_ID": ""}, "アプリケーションID（appId）がなく"),
    ("estat meta", ["0003445078"], {"ESTAT_APP_ID": ""}, "アプリケーションID（appId）がなく"),
    ("estat get", ["0003445078", "-o", "{w}/out.csv"], {"ESTAT_APP_ID": ""}, "アプリケーションID（appId）がなく"),
    ("estat get", ["0003445078", "--param", "cdCat01", "-o", "{w}/out.csv"], {}, "--param の値が正しくありません"),
    ("practice build", ["--seed", "-1", "--out", "{w}/practice"], {}, "'--seed' の値が正しくありません"),
    ("practice build", ["--out", "{w}/a_file"], {}, "'--out' の値が正しくありません"),
    ("demo", ["--out", "{w}/a_file"], {}, "'--out' の値が正しくありません"),
    ("cohort create", ["--year", "2026", "--theme", "観光振興", "--start", "2026-13-01", "--roster", "{w}/roster.csv",
                       "--course-dir", "{w}/c1"], {}, "'--start' の値が正しくありません"),
    ("cohort create", ["--year", "2026", "--theme", "観光振興", "--start", "2026-05-11", "--roster", "{w}/roster_empty.csv",
                       "--course-dir", "{w}/c2"], {}, "名簿に受講者の行がありません"),
    ("cohort create", ["--year", "2026", "--theme", "観光振興", "--start", "2026-05-11", "--roster", "{w}/roster_utf16.csv",
                       "--course-dir", "{w}/c3"], {}, "UTF-16 で保存されています"),
    ("cohort create", ["--year", "2026", "--theme", "観光振興", "--start", "2026-05-11", "--roster", "{w}/no_such.csv",
                       "--course-dir", "{w}/c4"], {}, "名簿ファイルがありません"),
    ("cohort create", ["--year", "2026", "--theme", "存在しないテーマ", "--start", "2026-05-11", "--roster", "{w}/roster.csv",
                       "--course-dir", "{w}/c5"], {}, "テーマ「存在しないテーマ」はカタログにありません"),
    ("cohort create", ["--year", "2026", "--theme", "観光振興", "--start", "2026-05-11", "--roster", "{w}/roster.csv",
                       "--course-dir", "{w}/c5b", "--city", "152130"], {}, "市区町村コード 152130 の検査数字"),
    ("cohort themes", ["extra"], {}, "コマンドの指定が正しくありません"),
    ("course build", ["--course-dir", "{w}/c6", "--source-root", "{w}"], {}, "課題が見つかりません"),
    ("course validate", ["--course-dir", "{w}/no_such_course"], {}, "講座フォルダではありません"),
    ("course gradebook-db", ["--course-dir", "{course}", "--url", "mysql://gb@127.0.0.1/gradebook"], {},
     "成績簿の接続先は PostgreSQL の URL にしてください"),
    ("course validate", ["--course-dir", "{course}"], {}, "検証する課題がありません"),
    ("grade collect", ["b99_unknown", "--course-dir", "{course}", "--from", "{w}"], {}, "課題 b99_unknown の受講者版がありません"),
    ("grade collect", ["b01_question", "--course-dir", "{course}", "--from", "{w}/no_such.zip"], {}, "'--from' の値が正しくありません"),
    ("grade autograde", ["b99_unknown", "--course-dir", "{course}"], {}, "課題 b99_unknown の提出がありません"),
    ("grade feedback", ["b99_unknown", "--course-dir", "{course}"], {}, "課題 b99_unknown の採点済みの提出がありません"),
    ("grade report", ["--course-dir", "{w}/no_such_course"], {}, "講座フォルダではありません"),
    ("template list", ["extra"], {}, "コマンドの指定が正しくありません"),
    ("template show", ["no-such-template"], {}, "様式 'no-such-template' はありません"),
    ("template write", ["no-such-template", "--out", "{w}/template.csv"], {}, "様式 'no-such-template' はありません"),
    ("template check", ["workload-survey", "{w}/no_such.csv"], {}, "が見つかりません"),
    ("template check", ["workload-survey", "{w}/roster_utf16.csv"], {}, "UTF-16 で保存されています"),
    ("template check", ["workload-survey", "{w}/roster.csv"], {}, "必須の列「部」がありません"),
    ("grade items", ["--course-dir", "{w}/no_such_course"], {}, "講座フォルダではありません"),
    ("grade late-policy", ["--per-day", "-5", "--course-dir", "{course}"], {}, "減点の割合は 0〜100（%）にしてください"),
    ("mieruka practice", ["15213", "--out", "{w}/juki_extract"], {}, "juki-age-2023）のファイル"),  # not in the empty cache
    ("mieruka refresh", ["{w}/published", "{w}", "--month", "2023-01", "--areas", "{w}/no_such.csv", "--city", "15213"], {},
     "が見つかりません"),
    ("mieruka export", ["{w}/no_such_store", "--out", "{w}/page.html"], {}, "公表データの保存先"),
    ("databook", ["1521", "--out", "{w}/databook"], {}, "5 桁の数字で指定してください"),
    ("gis add", ["{w}/city.gpkg", "akiya", "{w}/roster.csv", "--title", "空き家"], {}, "緯度・経度の列が見つかりません"),
    ("gis add", ["{w}/city.gpkg", "空き家", "{w}/roster.csv", "--title", "空き家"], {}, "レイヤー名 '空き家' は使えません"),
    ("gis append", ["{w}/no_such.gpkg", "no_layer", "{w}/roster.csv"], {}, "レイヤー置き場"),
    ("gis layers", [], {}, "'STORE' を指定してください"),
    ("gis layers", ["{w}/no_such.gpkg"], {}, "レイヤー置き場"),
    ("gis history", ["{w}/roster_utf16.csv"], {}, "GeoPackage ではありません"),
    ("gis publish", ["{w}/no_such.gpkg"], {}, "'--out' を指定してください"),
    ("grade extend", ["b01_question", "T9999", "--until", "2026-07-01", "--course-dir", "{course}"], {},
     "職員番号 t9999 が名簿にありません"),
    ("grade extend", ["b01_question", "T0001", "--until", "2026-99-01", "--course-dir", "{course}"], {},
     "'--until' の値が正しくありません"),
    ("grade release", ["b99_unknown", "--course-dir", "{course}"], {}, "課題「b99_unknown」はこの講座にありません"),
    ("hub gitpuller-link", ["--hub-url", "https://hub.example.jp"], {}, "'--repo' を指定してください"),
    ("hub gitpuller-link", ["--hub-url", "hub.example.jp", "--repo", "https://git.example.jp/dx/kensyu"], {},
     "http(s):// で始まる URL ではありません"),
    ("hub k8s-values", ["--instructor", "t", "--course-dir", "{w}/no_such_course", "--out", "{w}/k8s"], {},
     "講座フォルダではありません"),
    ("hub prefetch", ["--notebooks", "{w}/no_such.ipynb", "--out", "{w}/prefetch"], {}, "'--notebooks' の値が正しくありません"),
    ("hub prefetch", ["--notebooks", "{w}", "--out", "{w}/prefetch", "--city", "152130"], {}, "市区町村コード 152130 の検査数字"),
    ("hub setup", ["--instructor", "t", "--course-dir", "{w}/no_such_course", "--etc-dir", "{w}/etc", "--state-dir", "{w}/state",
                   "--venv", "{w}/venv", "--data-dir", "{w}/data", "--exchange-root", "{w}/exchange"], {}, "講座フォルダではありません"),
    ("hub setup", ["--instructor", "t", "--course-dir", "{course}", "--etc-dir", "{w}/etc", "--state-dir", "{w}/state",
                   "--venv", "{w}/venv", "--data-dir", "{w}/data", "--exchange-root", "{w}/exchange",
                   "--gradebook", "sqlite:///gradebook.db"], {}, "成績簿の接続先は PostgreSQL の URL にしてください"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    """A folder of typical bad inputs, an empty data cache and a real course folder (made by `cohort create`)."""
    w = tmp_path_factory.mktemp("bad_input")
    header = "職員番号,氏名,所属,メール\n"
    (w / "roster.csv").write_bytes((header + "T0001,練習 太郎,総務課,t0001@example.jp\n").encode("cp932"))
    (w / "roster_empty.csv").write_text(header, encoding="utf-8")
    (w / "roster_utf16.csv").write_text(header + "T0001,練習 太郎,総務課,t0001@example.jp\n", encoding="utf-16")
    (w / "a_file").write_text("not a folder\n", encoding="utf-8")
    (w / "catalogue_cp932").mkdir()
    (w / "catalogue_cp932" / "ssdse-a-2026.toml").write_bytes('id = "ssdse-a-2026"\ntitle = "市区町村"\n'.encode("cp932"))
    (w / "cache").mkdir()
    (w / "estat_cache").mkdir()
    course = w / "course"
    result = CliRunner().invoke(main, ["cohort", "create", "--year", "2026", "--theme", "観光振興", "--start", "2026-05-11",
                                       "--roster", str(w / "roster.csv"), "--course-dir", str(course)])
    assert result.exit_code == 0, result.output
    return {"w": str(w), "course": str(course), "cache": str(w / "cache")}


def test_every_command_has_a_row():
    assert set(command_paths()) == {row[0] for row in ROWS}


@pytest.mark.parametrize("command, args, env, fragment", ROWS, ids=[f"{r[0].replace(' ', '-')}-{i}" for i, r in enumerate(ROWS)])
def test_bad_input_is_a_clear_message(places, command, args, env, fragment):
    environment = {"CURRICULUM_DATA_DIR": places["cache"], "CURRICULUM_CATALOGUE_DIR": None,
                   "ESTAT_CACHE_DIR": f"{places['w']}/estat_cache", "ESTAT_APP_ID": "not-a-real-app-id"}
    environment |= {key: value.format(**places) for key, value in env.items()}
    argv = command.split() + [a.format(**places) for a in args]
    result = CliRunner().invoke(main, argv, env=environment)
    assert isinstance(result.exception, SystemExit), f"{argv} raised {result.exception!r}"  # CliRunner hides tracebacks
    assert result.exit_code != 0
    assert "Traceback" not in result.output and not FRAME.search(result.output), result.output
    assert fragment in result.output, result.output
    first_line = result.output.split("Error: ", 1)[1].splitlines()[0]
    assert JAPANESE.search(first_line), result.output  # Japanese first, English after


def test_the_installed_command_exits_with_a_message(places):
    command = Path(sys.executable).with_name("curriculum")
    env = dict(os.environ, CURRICULUM_DATA_DIR=places["cache"])
    result = subprocess.run([str(command), "data", "fetch", "ssdse-a-2025"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: データセット ID 'ssdse-a-2025' はカタログにありません。"), result.stderr
    assert re.search(r"近い ID: .*ssdse-a-2026", result.stderr), result.stderr


def test_a_bug_still_shows_its_traceback():
    @click.group(cls=Group)
    def tool():
        """A group like curriculum's."""

    @tool.command()
    def broken():
        """A command with a bug."""
        return 1 / 0

    result = CliRunner().invoke(tool, ["broken"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_a_usage_error_in_a_nested_group_gets_one_japanese_line():
    result = CliRunner().invoke(main, ["data", "fetch"])
    assert result.exit_code == 2
    assert result.output.count("を指定してください") == 1
    assert "Error: 'DATASET_ID' を指定してください。\n[en] Missing argument 'DATASET_ID'." in result.output
