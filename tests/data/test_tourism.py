"""宿泊旅行統計調査: the official workbook's control totals, the practice workbook, and broken files."""

import openpyxl
import pytest

from curriculum.data.tourism import read_shukuhaku
from curriculum.errors import DataFormatError, DataNotFoundError
from realdata import real_file


@pytest.fixture(scope="module")
def survey():
    return read_shukuhaku(real_file("tourism", "kankocho_shukuhaku_2023_kakutei_001750679.xlsx"))


def test_control_totals(survey):
    assert survey.attrs["year"] == 2023
    assert len(survey) == 48 * 12 and set(survey["month"]) == set(range(1, 13))
    niigata = survey[survey["pref_code"] == "15"].set_index("month")
    assert (niigata["pref_name"] == "新潟県").all()
    # PROVENANCE: 新潟県 Σ 12 monthly sheets 9,586,960 / 345,140; January 797,780 / 66,830
    assert int(niigata["guests"].sum()) == 9_586_960 and int(niigata["foreign_guests"].sum()) == 345_140
    assert (int(niigata.loc[1, "guests"]), int(niigata.loc[1, "foreign_guests"])) == (797_780, 66_830)
    assert int(niigata.loc[1, "facilities"]) == 1820
    national = survey[survey["pref_code"] == "00"]
    prefectures = survey[survey["pref_code"] != "00"]
    assert len(national) == 12 and prefectures["pref_code"].nunique() == 47
    assert int(national.loc[national["month"] == 1, "guests"].iloc[0]) == 41_802_020
    # rounded to tens: the national total and the sum of prefectures differ by at most 10 per row
    assert abs(int(national["guests"].sum()) - int(prefectures["guests"].sum())) <= 10 * 47 * 12


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "001750679.xlsx"
    bad.write_text("延べ宿泊者数,外国人\n1,2\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="Excel（xlsx）として開けません"):
        read_shukuhaku(bad)
    with pytest.raises(DataNotFoundError):
        read_shukuhaku(tmp_path / "missing.xlsx")


def test_missing_sheet_and_deleted_rows(tmp_path):
    from curriculum.practice.regional import make_accommodation_months, write_accommodation_workbook

    path = write_accommodation_workbook(make_accommodation_months(), tmp_path / "practice.xlsx")
    frame = read_shukuhaku(path)
    assert frame["pref_code"].nunique() == 6
    assert frame.loc[frame["pref_code"] != "00", "pref_name"].str.contains("練習").all()
    book = openpyxl.load_workbook(path)
    book["第2表(3月)"].delete_rows(9)  # one prefecture row removed: the total no longer adds up
    book.save(tmp_path / "rows.xlsx")
    with pytest.raises(DataFormatError, match=r"第2表\(3月\).*合いません"):
        read_shukuhaku(tmp_path / "rows.xlsx")
    del book["第1表(12月)"]
    book.save(tmp_path / "sheet.xlsx")
    with pytest.raises(DataFormatError, match=r"シート「第1表\(12月\)」がありません"):
        read_shukuhaku(tmp_path / "sheet.xlsx")
