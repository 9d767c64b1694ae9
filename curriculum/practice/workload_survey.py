"""練習用の業務量調査（練習市・練習町）: a deterministic practice survey in the 業務量調査票 template.

No city publishes its 作業-level workload survey, so the module's notebooks run on this 練習用・架空 data:
about 30 課 and a few thousand 作業 rows for 練習市 (a smaller 練習町 for the comparison between cities).
The shape follows what 旭川市 reported — 庶務 is a large share of the hours, much of the ノンコア work is
done on paper — but every number is invented. Nothing here may be read as a fact about a real city.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.errors import InputError
from curriculum.provenance import PRACTICE_LABEL
from curriculum.templates.workload_survey import CATEGORIES, WORKLOAD_SURVEY

__all__ = ["PRACTICE_CITIES", "make_practice_workload_survey", "write_practice_workload_survey"]

# 部 → 課, and each 課's main kinds of work besides 庶務 (which every 課 has).
_ORGANISATION = {
    "総務部": {"総務課": ("調整・会議", "企画・計画"), "人事課": ("審査・決定", "調整・会議"), "財政課": ("企画・計画", "調整・会議"),
             "契約課": ("審査・決定", "検査・監督"), "情報政策課": ("情報システム", "企画・計画")},
    "企画部": {"企画課": ("企画・計画", "調査・統計"), "広報課": ("広報", "調整・会議"), "行政改革課": ("調査・統計", "企画・計画")},
    "市民部": {"市民課": ("窓口・受付", "審査・決定"), "税務課": ("審査・決定", "窓口・受付"), "収納課": ("徴収・収納", "相談・指導"),
             "保険年金課": ("窓口・受付", "給付・支払")},
    "健康福祉部": {"福祉課": ("相談・指導", "給付・支払"), "介護保険課": ("審査・決定", "給付・支払"),
               "子育て支援課": ("給付・支払", "相談・指導"), "健康づくり課": ("相談・指導", "調査・統計")},
    "経済部": {"商工観光課": ("企画・計画", "給付・支払"), "農林課": ("給付・支払", "検査・監督")},
    "都市整備部": {"都市計画課": ("企画・計画", "審査・決定"), "土木課": ("施設管理", "検査・監督"), "建築住宅課": ("審査・決定", "施設管理"),
              "下水道課": ("施設管理", "徴収・収納")},
    "環境部": {"環境課": ("検査・監督", "相談・指導"), "廃棄物対策課": ("施設管理", "窓口・受付")},
    "教育委員会": {"教育総務課": ("施設管理", "調整・会議"), "学校教育課": ("相談・指導", "企画・計画"), "生涯学習課": ("施設管理", "広報")},
    "会計課": {"会計課": ("給付・支払", "審査・決定")},
    "議会事務局": {"議事課": ("調整・会議", "広報")},
    "防災危機管理室": {"防災課": ("企画・計画", "調整・会議")},
}
# 業務 names by classification, and the 作業 (steps) of a 業務 of that classification.
_TASKS = {
    "庶務": ["服務・勤怠の管理", "予算の執行管理", "物品の購入・支払", "文書の収受・発送", "旅費の支給", "会議室・公用車の管理"],
    "窓口・受付": ["証明書の交付", "届出の受付", "電話・来庁者の案内", "申請書の受付"],
    "審査・決定": ["申請の審査", "認定・決定", "許可の審査"],
    "相談・指導": ["窓口相談", "訪問指導", "電話相談"],
    "企画・計画": ["計画の策定", "事業の企画", "予算要求の作成"],
    "調整・会議": ["庁内会議の運営", "関係機関との調整", "審議会の運営"],
    "調査・統計": ["統計調査の実施", "実態調査の集計", "報告書の作成"],
    "施設管理": ["施設の維持管理", "修繕の手配", "指定管理者との調整"],
    "徴収・収納": ["督促状の発送", "滞納整理", "収納の消込"],
    "給付・支払": ["給付金の支給", "助成金の支払", "手当の支給"],
    "検査・監督": ["現地検査", "工事の監督", "立入検査"],
    "広報": ["広報紙の編集", "ウェブサイトの更新", "報道発表"],
    "情報システム": ["システムの運用", "端末の管理", "システム更新の調達"],
    "その他": ["その他の業務"],
}
_STEPS = {
    "庶務": ["資料の収集", "確認・照合", "表計算ソフトへの入力", "起案・決裁", "支出命令・報告", "書類の保管"],
    "default": ["受付・依頼の確認", "内容の確認", "システムへの入力", "審査・判断", "起案・決裁", "通知・発送", "書類の保管"],
    "企画・計画": ["情報の収集", "分析", "案の作成", "庁内調整", "起案・決裁"],
}
# Which steps staff must do themselves (判断・裁量): the rest could be done by others.
_CORE_STEPS = {"審査・判断", "起案・決裁", "分析", "案の作成", "庁内調整"}
_CORE_CATEGORIES = {"審査・決定", "企画・計画", "相談・指導", "検査・監督"}

#: The practice cities: name, 課 kept (all 30 for 練習市, fewer for 練習町), scale of hours, seed offset.
PRACTICE_CITIES = {"練習市": (None, 1.0, 0), "練習町": (18, 0.45, 101)}


def _law(category: str, rng) -> str | None:
    laws = {"窓口・受付": "住民基本台帳法", "徴収・収納": "地方税法", "給付・支払": "児童手当法", "審査・決定": "行政手続法",
            "検査・監督": "建築基準法", "庶務": None, "広報": None}
    return laws.get(category, "地方自治法" if rng.random() < 0.3 else None)


def make_practice_workload_survey(city: str = "練習市", *, seed: int = 0) -> pd.DataFrame:
    """練習用の業務量調査を作る: a frame with the template's keys, one row per 作業 (練習用・架空).

    >>> survey = make_practice_workload_survey()
    >>> survey["section"].nunique(), len(survey) > 2000
    (30, True)
    """
    if city not in PRACTICE_CITIES:
        raise InputError(f"練習用の業務量調査があるのは {'、'.join(PRACTICE_CITIES)} です（受け取った値: {city!r}）。",
                         f"no practice workload survey for {city!r}; one of {list(PRACTICE_CITIES)}",
                         fix=f"city={next(iter(PRACTICE_CITIES))!r} のように指定してください。")
    keep, scale, offset = PRACTICE_CITIES[city]
    rng = np.random.default_rng(seed + offset)
    sections = [(dept, sec, kinds) for dept, secs in _ORGANISATION.items() for sec, kinds in secs.items()]
    if keep is not None:
        sections = [sections[i] for i in sorted(rng.choice(len(sections), size=keep, replace=False))]
    rows = []
    for dept, section, kinds in sections:
        # Every 課 has 庶務; two main kinds carry most of its work; a few others appear.
        others = [c for c in CATEGORIES if c not in (*kinds, "庶務", "その他")]
        counts = {"庶務": 4, kinds[0]: 5, kinds[1]: 3, "その他": 1}
        counts.update({str(c): 1 for c in rng.choice(others, size=3, replace=False)})
        tasks = []
        for category, count in counts.items():
            names = list(rng.permutation(_TASKS[category]))
            for number in range(count):
                name = names[number % len(names)]
                suffix = f"（その{number // len(names) + 1}）" if number >= len(names) else ""
                tasks.append((category, f"{name}{suffix}"))
        for category, task in tasks:
            steps = _STEPS.get(category, _STEPS["default"])
            base_hours = rng.lognormal(mean=5.2 if category == "庶務" else 5.0, sigma=0.8) * scale
            cases = int(rng.lognormal(7, 1.2)) if category in ("窓口・受付", "審査・決定", "給付・支払", "徴収・収納") else None
            for order, step in enumerate(steps, start=1):
                core = (step in _CORE_STEPS and (category in _CORE_CATEGORIES or rng.random() < 0.5)) or (
                    category in _CORE_CATEGORIES and rng.random() < 0.35)
                if category == "庶務":
                    core = step == "起案・決裁" and rng.random() < 0.3
                staff = "正規職員"
                if not core:
                    staff = rng.choice(["正規職員", "会計年度任用職員", "委託"], p=[0.62, 0.30, 0.08])
                paper_heavy = category in ("庶務", "審査・決定", "給付・支払") or step in ("起案・決裁", "書類の保管")
                digital = rng.choice(["済", "一部", "未"], p=[0.15, 0.35, 0.5] if paper_heavy else [0.4, 0.4, 0.2])
                hours = round(float(base_hours * rng.uniform(0.3, 1.6)), 1)
                sheets = 0 if digital == "済" else int(hours * rng.uniform(2, 12) * (1.8 if paper_heavy else 0.6))
                rows.append({
                    "department": dept, "section": section, "category": category, "task": task, "step": step,
                    "step_order": order, "hours": hours, "cases": cases, "nature": "コア" if core else "ノンコア",
                    "staff_type": str(staff), "legal_basis": _law(category, rng), "paper_sheets": sheets, "digital": str(digital),
                })
    frame = pd.DataFrame(rows, columns=[c.key for c in WORKLOAD_SURVEY.columns])
    frame["cases"] = frame["cases"].astype("Int64")
    frame.attrs["practice"] = True
    return frame


def write_practice_workload_survey(folder: str | Path, city: str = "練習市", *, seed: int = 0) -> Path:
    """Write the practice survey as the template's CSV (UTF-8 with BOM) and return its path.

    The file name starts with ``practice_`` and says 練習用・架空, so the file is never mistaken for a real survey.
    """
    frame = make_practice_workload_survey(city, seed=seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"practice_業務量調査_{city}_{PRACTICE_LABEL}.csv"
    headers = {c.key: c.header for c in WORKLOAD_SURVEY.columns}
    frame.rename(columns=headers).to_csv(path, index=False, encoding="utf-8-sig")
    return path
