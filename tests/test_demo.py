"""The README's main job runs offline and writes a labelled chart and map."""

import json
import warnings

from curriculum.demo import run_demo


def test_demo_offline_with_real_checks(real_data, tmp_path):
    lines = []
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font")  # tofu in a chart fails the demo
        results = run_demo(tmp_path / "demo", echo=lines.append)
    text = "\n".join(lines)
    assert "OK SSDSE-A-2026 Σ総人口: 126,146,099" in text
    assert "OK 燕市の総人口（SSDSE-A-2026）: 77,201" in text
    assert "OK メッシュ 5240 500m Σ人口: 115,588" in text
    assert not [line for line in lines if line.lstrip().startswith("NG ")]  # no official total missed
    assert "練習用・架空データ" in text
    assert "非公開テストは表示しません" in text
    # the theme's follow-up assignment is registered but not submitted in the demo: no certificate yet
    assert "修了証 0 名分" in text and "修了判定: 修了 0 名、保留 6 名、未修了 0 名" in text
    assert "t0001 練習 太郎（総務課）: 保留 — 未提出: tourism" in text  # 職員番号 in canonical lower case
    chart, folium_map = results["グラフ"], results["地図"]
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = folium_map.read_text(encoding="utf-8")
    for layer in ("高齢化率（500m メッシュ、練習用・架空）", "バス停（練習用・架空）", "病院（練習用・架空）", "市町村界"):
        assert json.dumps(layer)[1:-1] in html  # folium writes names as JSON escapes


def test_demo_without_real_data_still_runs(empty_cache, tmp_path):
    lines = []
    run_demo(tmp_path / "demo", course=False, echo=lines.append)
    text = "\n".join(lines)
    assert "実データがキャッシュにないため省略" in text
    assert "OK " not in text
