"""The CLI: every command has help text and appears in the README; data commands print what they should."""

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
from curriculum.cli import main


def all_commands(group=main, prefix="curriculum"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from all_commands(command, path)
        else:
            yield path, command


def test_every_command_has_help_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = dict(all_commands())
    assert {"curriculum data list", "curriculum data fetch", "curriculum data path", "curriculum data verify",
            "curriculum estat search", "curriculum estat get", "curriculum demo"} <= set(commands)
    for path, command in commands.items():
        assert command.help and len(command.help.strip()) > 10, path
        assert path in readme, f"{path} is not documented in README.md"


def test_data_list_marks_cached_files(real_data):
    result = CliRunner().invoke(main, ["data", "list"])
    assert result.exit_code == 0, result.output
    lines = {line[2:].split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert lines["ssdse-a-2026"].startswith("✓")
    assert "stats_id=… mesh1=…" in lines["estat-census-mesh-2020"]


def test_data_fetch_prints_attribution_and_path(real_data):
    result = CliRunner().invoke(main, ["data", "fetch", "estat-census-mesh-2020", "stats_id=T001101", "mesh1=5240"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "出典：「令和2年国勢調査 地域メッシュ統計」（総務省統計局、e-Stat）",
        str(real_data / "census_mesh" / "tblT001101H5240.zip"),
    ]


@pytest.mark.parametrize("args, fragment", [
    (["data", "fetch", "ssdse-a-2025"], "ssdse-a-2026"),  # among the close ids
    (["data", "fetch", "estat-census-mesh-2020", "mesh1"], "KEY=VALUE"),
    (["data", "path", "ssdse-a-2026"], "CURRICULUM_DATA_DIR"),
])
def test_data_errors_are_clear(empty_cache, args, fragment):
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert fragment in result.output


def test_verify_passes_on_the_real_folder(real_data):
    result = CliRunner().invoke(main, ["data", "verify"])
    assert result.exit_code == 0, result.output
    assert "OK   ssdse-a-2026" in result.output
    assert "NG" not in result.output


def test_practice_build(tmp_path):
    result = CliRunner().invoke(main, ["practice", "build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "practice_SSDSE-A-2026.csv").exists()
    assert "練習用・架空データ" in result.output
