"""`curriculum gis`: a city's staff build a store, append survey points, see what was refused, publish a map."""

from __future__ import annotations

import json

import pandas as pd
from click.testing import CliRunner

from curriculum.cli import main


def test_add_append_history_and_publish(tmp_path):
    pd.DataFrame({"種別": ["空き家", "空き家"], "緯度": [37.67, 37.68], "経度": [138.88, 138.89]}).to_csv(tmp_path / "a.csv", index=False)
    pd.DataFrame({"種別": ["空き家", ""], "緯度": [37.69, 37.7], "経度": [138.90, 138.9]}).to_csv(tmp_path / "b.csv", index=False)
    store = str(tmp_path / "city.gpkg")
    runner = CliRunner()
    added = runner.invoke(main, ["gis", "add", store, "akiya", str(tmp_path / "a.csv"), "--title", "空き家調査",
                                 "--kind", "practice", "--required", "種別"])
    assert added.exit_code == 0 and "2 件を保存しました" in added.output
    appended = runner.invoke(main, ["gis", "append", store, "akiya", str(tmp_path / "b.csv")])
    assert appended.exit_code == 1  # one row refused: the staff member must see it
    assert "1 件を追加しました" in appended.output and "受け付けなかった行 3: 必須の列「種別」が空です" in appended.output
    history = runner.invoke(main, ["gis", "history", store])
    assert history.exit_code == 0 and "append" in history.output
    layers = runner.invoke(main, ["gis", "layers", store])
    assert "空き家調査" in layers.output and " 3" in layers.output
    published = runner.invoke(main, ["gis", "publish", store, "--out", str(tmp_path / "map.html")])
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    name = "空き家調査（練習用・架空）"
    assert published.exit_code == 0 and (name in html or json.dumps(name)[1:-1] in html)
