"""練習国の地域統計 and the theme practice tables: deterministic, labelled, in the real formats."""

from curriculum.data import read_ssdse
from curriculum.practice.local_industry import write_practice_local_industry
from curriculum.practice.regional import PREFECTURES, write_regional_practice
from curriculum.practice.tourism import write_practice_visitors
from curriculum.templates import check_template_file, get_template


def test_regional_files_are_deterministic_and_fictional(tmp_path):
    first = write_regional_practice(tmp_path / "a")
    second = write_regional_practice(tmp_path / "b")
    assert {k: p.read_bytes() for k, p in first.items() if p.suffix == ".csv"} == \
        {k: p.read_bytes() for k, p in second.items() if p.suffix == ".csv"}
    municipal = read_ssdse(first["municipal"])
    assert municipal.index.str[:2].isin([code for code, *_ in PREFECTURES]).all()
    assert municipal["Municipality"].str.contains("練習").all() and municipal["Prefecture"].str.contains("練習").all()
    first["municipal"].read_bytes().decode("cp932")  # the real file's encoding
    series = read_ssdse(first["series"])
    assert len(series) == len(PREFECTURES) * 12 and series.attrs["dataset"] == "SSDSE-B-2025"


def test_city_held_practice_tables_pass_their_templates(tmp_path):
    assert check_template_file(write_practice_visitors(tmp_path), get_template("tourism-visitors")).startswith("OK")
    for template_id, path in write_practice_local_industry(tmp_path).items():
        assert check_template_file(path, get_template(template_id)).startswith("OK")
        assert "99201" in path.name
