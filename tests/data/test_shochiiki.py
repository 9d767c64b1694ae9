"""小地域（町丁・字等）の属性表 reader against the 2015 census counts."""

import pytest

from curriculum.data import read_shochiiki
from curriculum.errors import DataFormatError


def test_shochiiki_csv_extract(real_fetch):
    table = read_shochiiki(real_fetch("estat-shochiiki-2015-tsubame-csv"))
    assert len(table) == 276
    assert table["KEY_CODE"].nunique() == 207
    assert int(table["JINKO"].sum()) == 79_784  # 2015 census population of 燕市
    assert int(table["SETAI"].sum()) == 27_537
    assert set(table["KEY_CODE"].str.len()) == {9, 11}
    assert table["city_code"].unique().tolist() == ["15213"]


def test_shochiiki_dbf_matches_the_extract(real_fetch):
    whole = read_shochiiki(real_fetch("estat-shochiiki-2015-niigata-dbf"))
    assert len(whole) == 8087
    tsubame = read_shochiiki(real_fetch("estat-shochiiki-2015-niigata-dbf"), city_code="15213")
    extract = read_shochiiki(real_fetch("estat-shochiiki-2015-tsubame-csv"))
    assert tsubame["KEY_CODE"].tolist() == extract["KEY_CODE"].tolist()
    assert tsubame["JINKO"].tolist() == extract["JINKO"].tolist()


def test_shochiiki_rejects_other_tables(real_fetch):
    with pytest.raises(DataFormatError, match="小地域の属性表ではない"):
        read_shochiiki(real_fetch("mesh-list-niigata-jpmesh"))
