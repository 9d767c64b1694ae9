"""ロジックモデル（ふじみ野市 EBPM 研究会の形）: a model written as data, its indicators bound to data.

A model is a YAML file (or text): boxes in the six stages 現状課題 → インプット → アクティビティ →
アウトプット → アウトカム → インパクト, each with an optional indicator, and the links between boxes with
the evidence for each. An indicator is bound to a catalogue dataset and its columns (a ratio of sums of
columns for the city's row) or to a city-held template (a table the 所管課 holds); it may also name a
source that is only available online. :func:`evaluate_indicators` computes the city's current value of
every bound indicator, and :func:`list_gaps` says what each box and link still lacks.

Example (YAML)::

    title: 子育て世代の女性の就労支援
    boxes:
      - id: issue
        stage: 現状課題
        text: 子育て世代の女性の労働力率が低い
        indicator:
          name: 女性の労働力率
          dataset: ssdse-a-2026
          numerator: [F110202, F110702]
          denominator: [F110202, F110702, F110802]
          unit: "%"
          scale: 100
    links:
      - {from: issue, to: seminar, evidence: "…"}
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from curriculum.errors import CurriculumError, DataFormatError, DataNotFoundError

__all__ = ["STAGES", "Indicator", "Box", "Link", "LogicModel", "read_logic_model", "evaluate_indicators", "list_gaps"]

STAGES = ("現状課題", "インプット", "アクティビティ", "アウトプット", "アウトカム", "インパクト")


@dataclass(frozen=True)
class Indicator:
    """指標: a name, a unit and what it is bound to (a dataset's columns, a city-held template, or an online source)."""

    name: str
    unit: str = ""
    dataset: str | None = None
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    scale: float = 1.0
    template: str | None = None
    online_source: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Box:
    id: str
    stage: str
    text: str
    indicator: Indicator | None = None


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    evidence: str | None = None


@dataclass(frozen=True)
class LogicModel:
    title: str
    boxes: tuple[Box, ...]
    links: tuple[Link, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def box(self, box_id: str) -> Box:
        return next(b for b in self.boxes if b.id == box_id)


def _problem(text: str, path) -> DataFormatError:
    return DataFormatError(f"ロジックモデルの記述に誤りがあります: {text}", "invalid logic model", path=path,
                           fix="curriculum/themes/logic_model/examples/ の例と同じ形で書いてください。")


def _as_tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list | tuple) else [value]))


def read_logic_model(source: str | Path) -> LogicModel:
    """ロジックモデルを読む: a YAML file (or YAML text) → :class:`LogicModel`, checked.

    Every box needs ``id``, ``stage`` (one of :data:`STAGES`) and ``text``; ids are unique; links join
    existing boxes and run forward (to the same or a later stage); an indicator needs ``name`` and at most
    one binding (``dataset`` + ``numerator``, ``template`` or ``online_source``).

    >>> m = read_logic_model("title: 例\\nboxes:\\n  - {id: a, stage: 現状課題, text: 課題}\\n  - {id: b, stage: アクティビティ, text: 事業}\\nlinks:\\n  - {from: b, to: a}")
    Traceback (most recent call last):
    ...
    curriculum.errors.DataFormatError: ロジックモデルの記述に誤りがあります: つながり b → a が後ろの段階から前の段階に向いています
    ...
    """
    import yaml

    path = Path(source) if isinstance(source, Path) or (isinstance(source, str) and source.endswith((".yaml", ".yml"))) else None
    if path is not None and not path.is_file():
        raise DataNotFoundError(f"ロジックモデルのファイル {path} が見つかりません。", f"{path} not found", path=path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8") if path else source)
    except yaml.YAMLError as err:
        raise _problem(f"YAML として読めません（{err.__class__.__name__}）", path) from None
    if not isinstance(raw, dict) or not raw.get("boxes"):
        raise _problem("title と boxes（箱の一覧）が必要です", path)
    boxes, seen = [], set()
    for item in raw["boxes"]:
        for key in ("id", "stage", "text"):
            if not item.get(key):
                raise _problem(f"箱に {key} がありません: {item}", path)
        if item["stage"] not in STAGES:
            raise _problem(f"箱 {item['id']} の段階「{item['stage']}」は {'・'.join(STAGES)} のどれでもありません", path)
        if item["id"] in seen:
            raise _problem(f"箱の id {item['id']} が2回あります", path)
        seen.add(item["id"])
        indicator = None
        if item.get("indicator"):
            spec = dict(item["indicator"])
            if not spec.get("name"):
                raise _problem(f"箱 {item['id']} の指標に name がありません", path)
            bindings = [k for k in ("dataset", "template", "online_source") if spec.get(k)]
            if len(bindings) > 1:
                raise _problem(f"箱 {item['id']} の指標の出どころが {bindings} と複数あります（1 つにしてください）", path)
            if spec.get("dataset") and not spec.get("numerator"):
                raise _problem(f"箱 {item['id']} の指標に numerator（分子の列）がありません", path)
            indicator = Indicator(
                name=str(spec["name"]), unit=str(spec.get("unit", "")), dataset=spec.get("dataset"),
                numerator=_as_tuple(spec.get("numerator")), denominator=_as_tuple(spec.get("denominator")),
                scale=float(spec.get("scale", 1)), template=spec.get("template"),
                online_source=spec.get("online_source"), note=str(spec.get("note", "")))
        boxes.append(Box(str(item["id"]), item["stage"], str(item["text"]).strip(), indicator))
    stage_of = {b.id: STAGES.index(b.stage) for b in boxes}
    links = []
    for item in raw.get("links") or []:
        source_id, target_id = str(item.get("from")), str(item.get("to"))
        for box_id in (source_id, target_id):
            if box_id not in stage_of:
                raise _problem(f"つながり {source_id} → {target_id} の {box_id} という箱はありません", path)
        if stage_of[target_id] < stage_of[source_id]:
            raise _problem(f"つながり {source_id} → {target_id} が後ろの段階から前の段階に向いています", path)
        evidence = item.get("evidence")
        links.append(Link(source_id, target_id, str(evidence).strip() if evidence else None))
    return LogicModel(str(raw.get("title", "ロジックモデル")), tuple(boxes), tuple(links), _as_tuple(raw.get("notes")))


def _reader(dataset_id: str):
    from curriculum.data.catalogue import get_entry

    dotted = get_entry(dataset_id).reader
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def evaluate_indicators(model: LogicModel, city_code: str, *, fetch=None) -> pd.DataFrame:
    """指標の現在値: one row per box with an indicator — 箱, 指標, 値, 単位, 年, 出典, 状態.

    状態 is 値あり (computed from a dataset), 市の保有データ (a city-held template: the 所管課 supplies it),
    オンラインで取得 (a source that needs the internet), データなし (the dataset is not available here) or
    未設定 (no binding yet). Values are ``sum(numerator) / sum(denominator) × scale`` for the city's row.
    """
    from curriculum.data.catalogue import get_entry

    if fetch is None:
        from curriculum.data.fetching import fetch as _fetch

        def fetch(dataset_id):
            return _fetch(dataset_id, quiet=True)

    tables: dict[str, pd.DataFrame | None] = {}
    rows = []
    for box in model.boxes:
        ind = box.indicator
        if ind is None:
            continue
        row = {"箱": box.id, "段階": box.stage, "指標": ind.name, "値": None, "単位": ind.unit, "年": "", "出典": "",
               "状態": "未設定"}
        if ind.dataset:
            if ind.dataset not in tables:
                try:
                    tables[ind.dataset] = _reader(ind.dataset)(fetch(ind.dataset))
                except DataNotFoundError:
                    tables[ind.dataset] = None
            table = tables[ind.dataset]
            row["出典"] = get_entry(ind.dataset).attribution
            if table is None:
                row["状態"] = "データなし"
            else:
                columns = ind.numerator + ind.denominator
                missing = [c for c in columns if c not in table.columns]
                if missing:
                    raise CurriculumError(f"箱 {box.id} の指標の列 {missing} が {ind.dataset} にありません。",
                                          f"columns {missing} not in {ind.dataset}",
                                          fix="列のコード（例: F110202）をデータの見出しで確かめてください。")
                if str(city_code) not in table.index:
                    raise CurriculumError(f"市区町村コード {city_code} が {ind.dataset} にありません。",
                                          f"{city_code} not in {ind.dataset}", fix="5 桁の全国地方公共団体コードを確かめてください。")
                city = table.loc[str(city_code)]
                value = float(city[list(ind.numerator)].sum())
                if ind.denominator:
                    value /= float(city[list(ind.denominator)].sum())
                row["値"] = value * ind.scale
                years = sorted({str(table.attrs.get("years", {}).get(c, "")) for c in columns} - {""})
                row["年"] = "・".join(years)
                row["状態"] = "値あり"
        elif ind.template:
            row["状態"], row["出典"] = "市の保有データ", f"所管課の保有データ（様式 {ind.template}）"
        elif ind.online_source:
            row["状態"], row["出典"] = "オンラインで取得", ind.online_source
        rows.append(row)
    return pd.DataFrame(rows, columns=["箱", "段階", "指標", "値", "単位", "年", "出典", "状態"])


def list_gaps(model: LogicModel, values: pd.DataFrame | None = None) -> pd.DataFrame:
    """まだ足りないもの: every box without an indicator or without a value, and every link without evidence.

    >>> m = read_logic_model("title: 例\\nboxes:\\n  - {id: a, stage: 現状課題, text: 課題}\\n  - {id: b, stage: アクティビティ, text: 事業}\\nlinks:\\n  - {from: a, to: b}")
    >>> list_gaps(m)["不足"].tolist()
    ['指標が決まっていない', '指標が決まっていない', 'つながりの根拠が書かれていない']
    """
    status = {} if values is None else dict(zip(values["箱"], values["状態"]))
    rows = []
    for box in model.boxes:
        if box.indicator is None:
            rows.append({"対象": f"箱 {box.id}（{box.stage}）", "不足": "指標が決まっていない"})
        elif status.get(box.id) in ("市の保有データ", "オンラインで取得", "データなし", "未設定"):
            rows.append({"対象": f"箱 {box.id}（{box.stage}）", "不足": f"値がまだない（{status[box.id]}）"})
    for link in model.links:
        if not link.evidence:
            rows.append({"対象": f"つながり {link.source} → {link.target}", "不足": "つながりの根拠が書かれていない"})
    return pd.DataFrame(rows, columns=["対象", "不足"])
