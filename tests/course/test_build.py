"""course validate: a hidden test whose message gives the expected answer away fails validation (the
feedback shows failed hidden tests' messages to trainees)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from coursefixture import AID, copy_course

from curriculum.cli.course import course as course_cli
from curriculum.course.build import find_answer_leaks, notebook_answer_leaks, validate_course

REPO = Path(__file__).resolve().parents[2]
HIDDEN = "### BEGIN HIDDEN TESTS\n{}\n### END HIDDEN TESTS"

LEAKS = {  # hidden test → the finding (empty: acceptable message)
    'assert total == 3300, "合計は 3300 です"': "期待値 3300",
    'assert total == 3_300, "合計（3,300 人）と違います"': "期待値 3300",
    'assert total == 3300, "合計は ３３００ です"': "期待値 3300",  # full-width digits
    'assert abs(rate - 24060 / 77201 * 100) < 1e-9, "約 31.2% のはずです"': "期待値 31.1654",
    'assert abs(rate - 0.4) < 1e-9, f"rate は {rate} ですが違います"': "",  # the trainee's own value: fine
    '_e = 3300\nassert total == _e, f"正しくは {_e:,}"': "{_e}",
    'assert total == 3300, "人口列の合計を確かめましょう"': "",
    'assert int(pop) == 77_201, "燕市の総人口（2020年国勢調査）と一致しません。"': "",
    'assert 0 < share < 100, "0〜100 の % で答えてください"': "",  # bounds are not the answer
    'assert abs(x - float(d.loc[c, "A"]) / float(d.loc[c, "B"]) * 100) < 1e-9, "A ÷ B × 100 です"': "",
}


@pytest.mark.parametrize("test", list(LEAKS))
def test_find_answer_leaks(test):
    found = find_answer_leaks("x = 1\n" + HIDDEN.format(test))
    if LEAKS[test]:
        assert len(found) == 1 and LEAKS[test] in found[0], found
    else:
        assert found == []


def test_visible_tests_may_show_values():
    assert find_answer_leaks('_e = 3300\nassert total == _e, f"正しくは {_e}"') == []


def test_every_real_notebook_keeps_its_hidden_answers():
    notebooks = [*REPO.glob("basic/*/*.ipynb"), *REPO.glob("follow_up/*/*.ipynb")]
    assert {p.name: notebook_answer_leaks(p) for p in notebooks} == {p.name: [] for p in notebooks}


def test_validate_fails_a_hidden_message_with_the_answer(graded_course, tmp_path):
    course = copy_course(graded_course, tmp_path / "course")
    source = course / "source" / AID / f"{AID}.ipynb"
    nb = json.loads(source.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "q1_tests":
            text = "".join(cell["source"])
            cell["source"] = text.replace('"HIDDEN-Q1: 人口列の合計を確かめましょう"', '"HIDDEN-Q1: 合計は 3,300 人です"')
            assert cell["source"] != text
    source.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    results = {(r.assignment_id, r.check): r for r in validate_course(course, echo=lambda *a: None)}
    bad = results[(AID, "解答版のテスト")]
    assert not bad.ok
    assert bad.detail == "非公開テストのメッセージに答えが書かれています（フィードバックで受講者に見えます）: q1_tests 4 行目: メッセージに期待値 3300 が書かれています"
    assert [key for key, r in results.items() if not r.ok] == [(AID, "解答版のテスト")]
    result = CliRunner().invoke(course_cli, ["validate", "--course-dir", str(course)])
    assert result.exit_code == 1 and "NG  t01_pandas/t01_pandas: 解答版のテスト — 非公開テストのメッセージに答えが書かれています" in result.output


def test_instructor_notes_stay_in_the_instructors_copy(tmp_path):
    """講師用メモ: every basic notebook folder's instructor_notes.md goes to source/, never to release/."""
    import shutil

    from curriculum.course.build import build_course

    root = tmp_path / "repo"
    for folder in ("b05_decompose", "b06_relate", "b07_maps"):
        assert (REPO / "basic" / folder / "instructor_notes.md").is_file(), folder
        shutil.copytree(REPO / "basic" / folder, root / "basic" / folder,
                        ignore=shutil.ignore_patterns("output", ".ipynb_checkpoints"))
    results = build_course(tmp_path / "course", source_root=root, echo=lambda *a: None)
    assert [r.assignment_id for r in results if r.ok] == ["b05_decompose", "b06_relate", "b07_maps"]
    course = tmp_path / "course"
    for folder in ("b05_decompose", "b06_relate", "b07_maps"):
        assert (course / "source" / folder / "instructor_notes.md").read_text(encoding="utf-8").startswith("# 講師用メモ")
        released = sorted(p.name for p in (course / "release" / folder).rglob("*"))
        assert f"{folder}.ipynb" in released and "instructor_notes.md" not in released, released
