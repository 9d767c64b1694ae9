"""Every course/cohort/grade command has Japanese help text with an example; errors are clear."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from curriculum.cli.course import cohort, course, grade

COMMANDS = [(g, name) for g in (course, cohort, grade) for name in g.commands]


def test_command_list():
    assert sorted(f"{g.name} {n}" for g, n in COMMANDS) == [
        "cohort create", "cohort themes", "course build", "course gradebook-db", "course validate",
        "grade autograde", "grade collect", "grade extend", "grade feedback", "grade items", "grade late-policy",
        "grade release", "grade report"]


@pytest.mark.parametrize("group,name", COMMANDS, ids=[f"{g.name}-{n}" for g, n in COMMANDS])
def test_help_has_japanese_and_example(group, name):
    result = CliRunner().invoke(group, [name, "--help"])
    assert result.exit_code == 0
    assert f"例: curriculum {group.name} {name}" in result.output.replace("\n", " ")


def test_not_a_course_folder_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(grade, ["report", "--course-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "講座フォルダではありません" in result.output and "--course-dir" in result.output


def test_themes_lists_the_catalogue():
    result = CliRunner().invoke(cohort, ["themes"])
    assert result.output.splitlines()[-1].split()[:3] == ["高齢者の公共交通", "elderly_transit", "令和2年度"]
