"""b05 and b07 as a trainee sees them, run on real data in a real kernel (and b07's saved map in a real browser).

- Legends never cover a bar (b05: 年齢不詳 at the right end, 阿賀町 at the bottom).
- b07 writes its Web map to ``output/`` beside the notebook, never the system temp folder; the map opens with no
  network and no script error, the areas and the d3 colour legend drawn.
- b07's static choropleth colours classes around the prefecture's value (not a continuous min–max scale), and
  every area label is readable on its fill (WCAG contrast ≥ 4.5).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from realdata import REAL_DATA, REPO

# Runs in the kernel after every cell: figures stay open (inline backend told not to close them) until audited.
AUDIT = r'''
def _audit_figures():
    import json as _json
    import matplotlib.pyplot as _plt
    from matplotlib.patches import Rectangle as _Rectangle
    found = []
    for num in _plt.get_fignums():
        fig = _plt.figure(num)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            legend = ax.get_legend()
            if legend is None:
                continue
            box = legend.get_window_extent(renderer)
            bars = [p for p in ax.patches if isinstance(p, _Rectangle) and p.get_width() != 0 and p.get_height() != 0]
            covered = [p for p in bars if box.overlaps(p.get_window_extent(renderer))]
            found.append({"title": ax.get_title(), "bars": len(bars), "covered": len(covered)})
    _plt.close("all")
    print("AUDIT" + _json.dumps(found, ensure_ascii=False))
'''


def run_with_audit(notebook: str, tmp_path: Path) -> tuple[dict, list, Path]:
    """Execute ``notebook`` in a copy of its folder; return (cell index → legend audit, the client's kernel, folder)."""
    from nbclient import NotebookClient

    if not REAL_DATA.is_dir():
        message = f"real data needed: {REAL_DATA}"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    folder = tmp_path / Path(notebook).parent.name
    shutil.copytree((REPO / notebook).parent, folder, ignore=shutil.ignore_patterns("output"))
    nb = nbformat.read(folder / Path(notebook).name, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    audits: dict[int, list] = {}
    probes: dict[str, str] = {}
    with client.setup_kernel():
        client.execute_cell(nbformat.v4.new_code_cell("%config InlineBackend.close_figures = False\n" + AUDIT), 0)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            if index == CHOROPLETH_CELL.get(notebook):
                probe = nbformat.v4.new_code_cell(CHOROPLETH_PROBE)
                client.execute_cell(probe, index)
                text = "".join(o.get("text", "") for o in probe.outputs)
                probes["choropleth"] = json.loads(text[text.index("PROBE") + 5:].splitlines()[0])
            probe = nbformat.v4.new_code_cell("_audit_figures()")
            client.execute_cell(probe, index)
            text = "".join(o.get("text", "") for o in probe.outputs)
            audits[index] = json.loads(text[text.index("AUDIT") + 5:].splitlines()[0])
    return audits, probes, folder


# b07: the cell that draws the static choropleth (found by its content so a reordering does not silently skip it)
def _choropleth_cell(notebook: str) -> int:
    nb = nbformat.read(REPO / notebook, as_version=4)
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "diverging_classes" in c.source)


CHOROPLETH_CELL = {"basic/b07_maps/b07_maps.ipynb": _choropleth_cell("basic/b07_maps/b07_maps.ipynb")}
CHOROPLETH_PROBE = r'''
def _probe():
    import json as _json
    from matplotlib.colors import BoundaryNorm as _BoundaryNorm, to_rgb as _to_rgb
    def lum(c):
        return sum(w * (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4) for w, v in zip((0.2126, 0.7152, 0.0722), _to_rgb(c)))
    def contrast(a, b):
        la, lb = sorted((lum(a), lum(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)
    ratios = {}  # ax: the notebook's map axes
    for text in ax.texts:
        row = plot_frame[plot_frame["name"] == text.get_text()].iloc[0]
        fill = cmap(norm(row["elderly_pct"])) if row["elderly_pct"] == row["elderly_pct"] else "#dddddd"
        ratios[text.get_text()] = contrast(text.get_color(), fill)
    bounds = [float(b) for b in norm.boundaries]
    print("PROBE" + _json.dumps({"classes": isinstance(norm, _BoundaryNorm), "bounds": bounds, "pref_pct": float(pref_pct),
                                 "values": [float(v) for v in plot_frame["elderly_pct"].dropna()], "contrast": ratios}, ensure_ascii=False))
_probe()
'''


@pytest.fixture(scope="module")
def b05_run(tmp_path_factory):
    return run_with_audit("basic/b05_decompose/b05_decompose.ipynb", tmp_path_factory.mktemp("b05"))


@pytest.fixture(scope="module")
def b07_run(tmp_path_factory):
    return run_with_audit("basic/b07_maps/b07_maps.ipynb", tmp_path_factory.mktemp("b07"))


def test_b05_legends_cover_no_bar(b05_run):
    audits, _, _ = b05_run
    charts = [a for found in audits.values() for a in found if a["bars"]]
    assert len(charts) == 2, charts  # 年齢 3 区分 and the prefecture's 自然・社会増減
    assert [a for a in charts if a["covered"]] == []


def test_b07_map_is_saved_beside_the_notebook_and_draws_offline(b07_run):
    from browser import page_evaluate

    _, _, folder = b07_run
    source = (REPO / "basic/b07_maps/b07_maps.ipynb").read_text(encoding="utf-8")
    assert "tempfile" not in source and "gettempdir" not in source
    path = folder / "output" / "b07_elderly_share.html"
    html = path.read_text(encoding="utf-8")
    assert "<script src=" not in html and '<link rel="stylesheet" href=' not in html
    drawn, errors = page_evaluate(path, """() => ({
        d3: typeof d3 !== "undefined" && d3.version,
        areas: document.querySelectorAll("path.leaflet-interactive").length,
        legend: [...document.querySelectorAll(".legend svg .tick text")].map(t => t.textContent),
    })""", screenshot=folder / "b07_offline.png")
    # Offline, only the background tiles (images) fail to load; every script ran.
    assert [e for e in errors if "Failed to load resource" not in e] == []
    assert drawn["d3"] == "3.5.5" and drawn["areas"] >= 4 and len(drawn["legend"]) >= 4, drawn


def test_b07_choropleth_uses_classes_around_the_prefecture_and_readable_labels(b07_run):
    _, probes, _ = b07_run
    found = probes["choropleth"]
    assert found["classes"], "a continuous min–max scale exaggerates a gap of a few points"
    bounds, centre = found["bounds"], round(found["pref_pct"], 1)
    assert bounds[len(bounds) // 2] == pytest.approx(centre)  # the middle class boundary is the prefecture's value
    assert bounds[0] <= min(found["values"]) and max(found["values"]) <= bounds[-1]
    assert bounds[len(bounds) // 2 + 1] - bounds[len(bounds) // 2] == pytest.approx(2.0)
    assert len(found["contrast"]) >= 4
    assert {name: ratio for name, ratio in found["contrast"].items() if ratio < 4.5} == {}


def _cells(notebook: str):
    return nbformat.read(REPO / notebook, as_version=4).cells


@pytest.mark.parametrize("notebook", ["basic/b05_decompose/b05_decompose.ipynb", "basic/b06_relate/b06_relate.ipynb",
                                      "basic/b07_maps/b07_maps.ipynb"])
def test_no_typed_municipality_codes(notebook):
    """The city comes from the setup cell and the places around it from data: no 5-digit code literal in code."""
    import ast
    import re

    for cell in _cells(notebook):
        if cell.cell_type != "code":
            continue
        literals = [n.value for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert [s for s in literals if re.fullmatch(r"\d{5}", s)] == [], cell.source[:80]


def test_b06_teaches_def_if_return_before_asking_for_them():
    cells = _cells("basic/b06_relate/b06_relate.ipynb")
    q2 = next(i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "q2-strength")
    example = [i for i, c in enumerate(cells[:q2]) if c.cell_type == "code" and "def " in c.source
               and "return" in c.source and "if " in c.source and not c.metadata.get("nbgrader", {}).get("solution")]
    taught = [i for i, c in enumerate(cells[:q2]) if c.cell_type == "markdown" and "`def`" in c.source and "`return`" in c.source]
    assert example and taught
