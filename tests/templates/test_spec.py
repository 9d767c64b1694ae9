"""The city-held data validator: good files load with the right types, every bad file is refused whole."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from curriculum.cli import main
from curriculum.errors import DataNotFoundError
from curriculum.templates import Column, Template, TemplateError, all_templates, get_template, read_template_file

VISITS = Template(
    "test-visits", "観光入込客数（テスト）", "観光課", "観光地点別・月別の入込客数",
    (
        Column("市区町村コード", "city_code", "code", pattern=r"\d{5}", example="15213"),
        Column("地点名", "spot", "text", example="道の駅"),
        Column("年月", "month", "month", example="2024-04"),
        Column("入込客数", "visitors", "integer", unit="人", min=0, example="12345"),
        Column("日本人・外国人", "origin", "choice", choices=("日本人", "外国人", "計"), example="計"),
        Column("備考", "note", "text", required=False),
    ),
    unique=("city_code", "spot", "month", "origin"),
)
HEADER = "市区町村コード,地点名,年月,入込客数（人）,日本人・外国人,備考\n"


def write(tmp_path, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "visits.csv"
    path.write_bytes(text.encode(encoding))
    return path


def problems(tmp_path, text, encoding="utf-8"):
    with pytest.raises(TemplateError) as info:
        read_template_file(write(tmp_path, text, encoding), VISITS)
    return info.value


def test_good_file_loads_with_types_cp932_and_grouped_full_width_numbers(tmp_path):
    text = HEADER + "15213,道の駅,2024-04,\"12,345\",計,\n15213,産業史料館,2024/5,１２０,日本人,雨天\n"
    frame = read_template_file(write(tmp_path, text, "cp932"), VISITS)
    assert frame["visitors"].tolist() == [12345, 120]
    assert frame["month"].tolist() == ["2024-04", "2024-05"]
    assert frame["city_code"].tolist() == ["15213", "15213"]
    assert frame["note"].tolist() == [None, "雨天"]
    assert frame.attrs["template"] == "test-visits"


def test_every_problem_is_listed_with_row_and_column_and_nothing_is_loaded(tmp_path):
    text = HEADER + (
        "5213,道の駅,2024-04,100,計,\n"        # leading zero lost by Excel
        "15213,道の駅,2024-13,1.2万,計,\n"      # bad month, unit mixed into the cell
        "15213,史料館,2024-04,*,計,\n"          # 秘匿 mark in a number column
        "15213,史料館,2024-05,-3,県外,\n"       # below the minimum, unknown choice
    )
    err = problems(tmp_path, text)
    listed = {(row, column) for row, column, _ in err.problems}
    assert listed == {(2, "市区町村コード"), (3, "年月"), (3, "入込客数"), (4, "入込客数"), (5, "入込客数"), (5, "日本人・外国人")}
    message = str(err)
    assert "6 件" in message and "1 件も読み込んでいません" in message
    assert "先頭の 0" in message and "単位" in message and "秘匿" in message
    assert str(write(tmp_path, text)) in message


def test_missing_column_suggests_the_near_header(tmp_path):
    err = problems(tmp_path, "市区町村コード,地点,年月,入込客数,日本人・外国人\n15213,道の駅,2024-04,1,計\n")
    assert [(r, c) for r, c, _ in err.problems] == [(1, "地点名")]
    assert "もしかして「地点」" in str(err)


def test_duplicates_are_refused(tmp_path):
    err = problems(tmp_path, HEADER + "15213,道の駅,2024-04,1,計,\n15213,道の駅,2024-04,2,計,\n")
    assert err.problems[0][0] == 3 and "2 行目と同じ" in err.problems[0][2]


@pytest.mark.parametrize("raw, fragment", [
    ("\ufeff".encode("utf-16-le") + HEADER.encode("utf-16-le"), "UTF-16"),
    (b"PK\x03\x04rest-of-an-xlsx", "CSV で保存"),
    (b"", "空"),
    (HEADER.encode(), "データの行がありません"),
])
def test_unreadable_files_say_how_to_fix(tmp_path, raw, fragment):
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    with pytest.raises(TemplateError, match=fragment):
        read_template_file(path, VISITS)


def test_missing_file_is_data_not_found(tmp_path):
    with pytest.raises(DataNotFoundError):
        read_template_file(tmp_path / "nothing.csv", VISITS)


def test_blank_template_round_trips_through_the_validator(tmp_path):
    path = VISITS.write_blank(tmp_path / "blank.csv", encoding="cp932")
    frame = read_template_file(path, VISITS)
    assert frame.iloc[0]["visitors"] == 12345 and frame.iloc[0]["city_code"] == "15213"
    assert VISITS.describe()["列名"].tolist()[3] == "入込客数（人）"


def test_registry_finds_templates_defined_in_the_package():
    for template_id, template in all_templates().items():
        assert get_template(template_id) is template
        assert template.example_frame().shape == (1, len(template.columns))


def test_unknown_template_and_bad_file_from_the_command_line(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["template", "show", "no-such-template"])
    assert result.exit_code != 0 and "様式 'no-such-template' はありません" in result.output
    assert "Traceback" not in result.output
