"""見える化: the extract goes through the template validator into a suppressed store, month by month;
suppression holds across totals, areas, bands and months; the static page opens in headless Chromium."""

import json

import numpy as np
import pandas as pd
import pytest

from curriculum.analysis.suppression import SUPPRESSED_LABEL
from curriculum.apps.mieruka.cube import build_cells, link_identities, month_identities
from curriculum.apps.mieruka.page import export_html
from curriculum.apps.mieruka.store import STORE_FILE, load_areas, load_month, read_month, refresh
from curriculum.apps.mieruka.views import age_band, flow_view, population_view, projection_view
from curriculum.data.juki_age import read_juki_age
from curriculum.data.shochiiki import read_shochiiki
from curriculum.errors import CurriculumError, DataFormatError
from curriculum.practice.juki_extract import make_juki_extract, snapshot_date, write_juki_extract
from curriculum.provenance import PRACTICE_LABEL
from curriculum.templates.spec import TemplateError
from tests.analysis.test_suppression import attack_algebra, attack_lines
from tests.realdata import real_file

CITY = "15461"  # 湯沢町: small enough for a quick test, every age class published


@pytest.fixture(scope="module")
def extract_folder(tmp_path_factory):
    table = read_juki_age(real_file("population", "soumu_juki_2023-01-01_age5_sex_municipalities_2304ssnen.xlsx"))
    shochiiki = read_shochiiki(real_file("boundaries", "estat_h27_shochiiki_15_niigata_all.dbf"))
    extract = make_juki_extract(CITY, table, shochiiki, months=2, seed=5)
    return write_juki_extract(extract, tmp_path_factory.mktemp("juki") / "extract")


@pytest.fixture(scope="module")
def store(extract_folder, tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "published"
    for month in ("2022-12", "2023-01"):
        refresh(store, extract_folder / month, month, areas_path=areas_file(extract_folder), city_code=CITY)
    return store


def areas_file(folder):
    return folder / f"areas_{PRACTICE_LABEL}.csv"


def true_cells(folder, month):
    areas = load_areas(areas_file(folder))
    residents, events = load_month(folder / month, month, areas)
    return build_cells(residents, events, areas, as_of=snapshot_date(month), city_code=CITY), areas, residents


def test_published_values_are_true_and_small_cells_hidden(store, extract_folder):
    for month in ("2022-12", "2023-01"):
        cells, _, residents = true_cells(extract_folder, month)
        published = read_month(store, month)
        truth = cells.reindex(published.index)
        shown = published.notna()
        assert (published[shown].astype(int) == truth[shown]).all()
        assert (published[(truth > 0) & (truth < 10)].isna()).all()
        assert published[("人口", "全域", "全域", "計", "計")] == len(residents)


def test_no_suppressed_cell_can_be_recovered(store, extract_folder):
    """Totals, nested areas, overlapping bands and consecutive months together, by two attackers."""
    previous, month = "2022-12", "2023-01"
    cells_prev, areas, _ = true_cells(extract_folder, previous)
    cells_now, _, _ = true_cells(extract_folder, month)
    values, identities, hidden = {}, [], set()
    for name, cells in ((previous, cells_prev), (month, cells_now)):
        published = read_month(store, name)
        for key, value in cells.items():
            values[(name, *key)] = value
            if pd.isna(published[key]):
                hidden.add((name, *key))
        identities += [{(name, *k): c for k, c in ident.items()} for ident in month_identities(cells.index, areas)]
    identities += link_identities(previous, month, cells_now.index)
    identities = [i for i in identities if all(k in values for k in i)]
    assert len(hidden) > 100
    assert attack_lines(values, identities, hidden) == {}
    # The exact attacker, one connected group of hidden cells at a time (cells linked by an identity).
    groups = components(identities, hidden)
    checked = 0
    for group in groups:
        if len(group) <= 1500:
            assert attack_algebra(values, identities, group) == set()
            checked += len(group)
    assert checked > 0.8 * len(hidden)


def components(identities, hidden):
    parent = {k: k for k in hidden}

    def find(k):
        while parent[k] != k:
            k = parent[k]
        return k

    for identity in identities:
        keys = [k for k in identity if k in hidden]
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])
    groups = {}
    for k in hidden:
        groups.setdefault(find(k), set()).add(k)
    return list(groups.values())


def test_views_use_published_cells_only(store, extract_folder):
    values = read_month(store, "2023-01")
    _, _, residents = true_cells(extract_folder, "2023-01")
    whole = population_view(values, "全域", "全域", band=(65, None))
    assert whole["総人口"] == len(residents) and whole["男"] + whole["女"] == len(residents)
    assert whole["高齢化率"] == pytest.approx(100 * whole["老年人口（65歳以上）"] / whole["総人口"])
    # A band needing a hidden class is 秘匿 too.
    hidden = values[(values.index.get_level_values(0) == "人口") & values.isna()
                    & (values.index.get_level_values(1) == "elementary")]
    level, area, sex, age = next(k[1:] for k in hidden.index if "-" in k[4] and k[4] not in ("0-14", "15-64", "65-74"))
    start = int(age.split("-")[0])
    assert age_band(values, level, area, sex, start, start + 9 if start < 95 else None) is None
    flows = flow_view(values, "転入", "全域", "全域")
    assert flows["計"] is None or flows["計"] >= 10
    assert flow_view(values, "転居", "chome", values.index[0][2])["注記"].startswith("異動は町丁目単位")


def test_refresh_appends_without_touching_history(store, extract_folder, tmp_path):
    first = (store / "2022-12.csv").read_bytes()
    with pytest.raises(CurriculumError, match="公表済み"):
        refresh(store, extract_folder / "2023-01", "2023-01", areas_path=areas_file(extract_folder), city_code=CITY)
    with pytest.raises(CurriculumError, match="次に追加できるのは 2023-02"):
        refresh(store, extract_folder / "2023-02", "2023-03", areas_path=areas_file(extract_folder), city_code=CITY)
    with pytest.raises(CurriculumError, match="閾値"):
        refresh(store, extract_folder / "2023-02", "2023-02", areas_path=areas_file(extract_folder), city_code=CITY,
                threshold=5)
    assert (store / "2022-12.csv").read_bytes() == first
    assert json.loads((store / STORE_FILE).read_text())["months"] == ["2022-12", "2023-01"]


def test_malformed_month_changes_nothing(store, extract_folder, tmp_path):
    bad = tmp_path / "2023-02"
    bad.mkdir()
    source = extract_folder / "2023-02"
    residents = (source / f"residents_{PRACTICE_LABEL}.csv").read_text(encoding="utf-8-sig").splitlines()
    residents[3] = residents[3].replace(",男,", ",M,").replace(",女,", ",F,")
    residents[5] = residents[5].replace(residents[5].split(",")[1], "1990-13")
    (bad / "residents.csv").write_text("\n".join(residents), encoding="utf-8-sig")
    (bad / "events.csv").write_bytes((source / f"events_{PRACTICE_LABEL}.csv").read_bytes())
    before = sorted(p.name for p in store.iterdir())
    with pytest.raises(TemplateError) as caught:
        refresh(store, bad, "2023-02", areas_path=areas_file(extract_folder), city_code=CITY)
    message = str(caught.value)
    assert "4 行目「性別」" in message and "6 行目「生年月」" in message and "1 件も読み込んでいません" in message
    assert sorted(p.name for p in store.iterdir()) == before
    # A 町丁目 missing from the area table names its row.
    residents = (source / f"residents_{PRACTICE_LABEL}.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = residents[2].split(",")
    cells[3] = "999999999"
    residents[2] = ",".join(cells)
    (bad / "residents.csv").write_text("\n".join(residents), encoding="utf-8-sig")
    with pytest.raises(DataFormatError, match="residents の 3 行目: 町丁目コード '999999999'"):
        refresh(store, bad, "2023-02", areas_path=areas_file(extract_folder), city_code=CITY)
    assert json.loads((store / STORE_FILE).read_text())["months"] == ["2022-12", "2023-01"]


def test_static_page_in_chromium(store, extract_folder, tmp_path):
    from playwright.sync_api import sync_playwright

    projection = projection_view(CITY)
    page_file = export_html(store, tmp_path / "site" / "index.html", title="湯沢町の人口（練習用・架空）",
                            source="出典：練習用・架空データ", projection=projection)
    text = page_file.read_text(encoding="utf-8")
    data = json.loads(text.split('<script id="data" type="application/json">')[1].split("</script>")[0])
    published = read_month(store, "2023-01")
    hidden = [("|".join(k)) for k, v in published.items() if pd.isna(v)]
    assert hidden and all(data["cells"]["2023-01"][k] is None for k in hidden)
    total = int(published[("人口", "全域", "全域", "計", "計")])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                           "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        assert errors == []
        assert f"総人口\t{total:,}" in page.inner_text("#pop")
        assert "高齢化率" in page.inner_text("#pop") and "県内" in page.inner_text("#flow-転入")
        shown_projection = page.inner_text("#projection")
        assert "2050-10-01" in shown_projection and f"{projection.loc['2050-10-01', '総人口']:,.0f}" in shown_projection
        assert "コーホート変化率法" in shown_projection
        page.select_option("#level", "elementary")
        shown = page.inner_text("body")
        assert "5歳階級" in shown and SUPPRESSED_LABEL in shown
        page.select_option("#level", "chome")
        assert "町丁目は小さいため" in page.inner_text("#pop")
        page.select_option("#month", "2022-12")
        page.select_option("#level", "全域")
        assert f"{int(read_month(store, '2022-12')[('人口', '全域', '全域', '計', '計')]):,}" in page.inner_text("#pop")
        page.screenshot(path=str(tmp_path / "site" / "mieruka.png"), full_page=True)
        browser.close()
    assert (tmp_path / "site" / "mieruka.png").stat().st_size > 10_000


def test_projection_view_is_the_city_projection_from_published_tables(real_data):
    from curriculum.analysis.projection import project_city, city_population

    start = read_juki_age(real_file("population", "soumu_juki_2018-01-01_age5_sex_municipalities_1804ssnen.xls"))
    end = read_juki_age(real_file("population", "soumu_juki_2023-01-01_age5_sex_municipalities_2304ssnen.xlsx"))
    table = projection_view(CITY)
    assert list(table.index)[0] == "2023-01-01" and list(table.index)[-1] == "2050-10-01"
    base = city_population(end, CITY)
    assert table.loc["2023-01-01", "総人口"] == base.to_numpy().sum()
    old = [c for c in base.columns if int(c.rstrip("+").split("-")[0]) >= 65]
    assert table.loc["2023-01-01", "65歳以上"] == base[old].to_numpy().sum()
    assert table.loc["2050-10-01", "総人口"] == project_city(start, end, CITY)["total"]
    assert projection_view("99201") is None  # 練習市: no published table, no projection


def test_an_extract_every_user_can_read_is_refused(extract_folder, tmp_path):
    import shutil
    import tempfile
    from pathlib import Path

    from curriculum.apps.mieruka.store import check_private

    # A folder like a hub's shared data cache: every directory from / down is open to all users.
    shared = Path(tempfile.mkdtemp(prefix="shared_cache_", dir="/tmp"))
    try:
        shutil.copytree(extract_folder, shared / "extract")
        for path in (shared, shared / "extract", *(shared / "extract").rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        with pytest.raises(CurriculumError, match="すべての利用者が読めます") as err:
            refresh(tmp_path / "store", shared / "extract" / "2022-12", "2022-12",
                    areas_path=areas_file(shared / "extract"), city_code=CITY)
        assert "chmod -R o-rwx" in str(err.value) and not (tmp_path / "store").exists()
        (shared / "extract").chmod(0o750)  # only the owner and the analysts' group may enter: accepted
        check_private(shared / "extract" / "2022-12")
    finally:
        shutil.rmtree(shared)
