"""`curriculum mieruka`: bad input gives a clear message and a non-zero exit, never a traceback."""

import click
from click.testing import CliRunner

from curriculum.cli.mieruka import mieruka


def run(*args):
    return CliRunner().invoke(mieruka, list(args))


def test_every_command_has_help():
    for name, command in mieruka.commands.items():
        assert command.help and "例:" in command.help, name


def test_refresh_missing_files(tmp_path):
    result = run("refresh", str(tmp_path / "store"), str(tmp_path / "none"), "--month", "2023-01",
                 "--areas", str(tmp_path / "areas.csv"), "--city", "15213")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "見つかりません" in result.output


def test_export_without_store(tmp_path):
    result = run("export", str(tmp_path / "store"), "--out", str(tmp_path / "x.html"))
    assert result.exit_code != 0 and "まだありません" in result.output


def test_practice_unknown_city(tmp_path, monkeypatch):
    from tests.realdata import REAL_DATA, require_real

    require_real(REAL_DATA / "population")
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    result = run("practice", "13101", "--out", str(tmp_path / "x"))
    assert result.exit_code != 0 and "小地域人口がありません" in result.output
    assert isinstance(result.exception, SystemExit)
