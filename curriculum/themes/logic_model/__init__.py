"""ロジックモデル（ふじみ野市 EBPM 研究会）: models written as data, indicators bound to datasets, an offline diagram.

>>> from curriculum.themes.logic_model import example_path, read_logic_model
>>> model = read_logic_model(example_path("childcare_employment"))
>>> [b.stage for b in model.boxes][:2]
['現状課題', '現状課題']
"""

from pathlib import Path

from curriculum.themes.logic_model.model import (
    STAGES, Box, Indicator, Link, LogicModel, evaluate_indicators, list_gaps, read_logic_model,
)
from curriculum.themes.logic_model.render import render_svg, write_logic_model_html

__all__ = ["STAGES", "Box", "Indicator", "Link", "LogicModel", "read_logic_model", "evaluate_indicators", "list_gaps",
           "render_svg", "write_logic_model_html", "example_path"]


def example_path(name: str) -> Path:
    """The path of a model shipped with the package (``examples/<name>.yaml``)."""
    path = Path(__file__).parent / "examples" / f"{name}.yaml"
    if not path.is_file():
        from curriculum.errors import DataNotFoundError

        known = ", ".join(p.stem for p in (Path(__file__).parent / "examples").glob("*.yaml"))
        raise DataNotFoundError(f"ロジックモデルの例 {name!r} はありません（{known}）。", f"no example {name!r}")
    return path
