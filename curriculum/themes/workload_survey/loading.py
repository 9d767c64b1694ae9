"""Load a 業務量調査: the city's own file (validated) or the 練習用・架空 survey, with its provenance."""

from __future__ import annotations

from pathlib import Path

from curriculum.config import practice_dir
from curriculum.practice.workload_survey import PRACTICE_CITIES, write_practice_workload_survey
from curriculum.provenance import PRACTICE, PRACTICE_ATTRIBUTION, REAL, Provenance, attach
from curriculum.templates import read_template_file
from curriculum.templates.workload_survey import WORKLOAD_SURVEY


def load_workload_survey(path: str | Path | None = None, *, city: str = "練習市", reference_date: str | None = None,
                         echo=print):
    """業務量調査を読み込む: the survey as a frame (template keys as columns) with ``attrs["provenance"]``.

    Parameters
    ----------
    path : path, optional
        The city's survey CSV in the 業務量調査票 template (``curriculum template write workload-survey``).
        It is validated first: any problem stops the load with every row and column listed.
        Without it, the practice survey of ``city`` (練習市 or 練習町) is written and read — 練習用・架空.
    city : str
        Which practice city, when ``path`` is None.
    reference_date : str, optional
        The survey's period (e.g. ``"2024年度"``), shown in the sources table for a real file.
    """
    if path is None:
        if city not in PRACTICE_CITIES:
            from curriculum.errors import CatalogueError

            raise CatalogueError(f"練習用の業務量調査は {'・'.join(PRACTICE_CITIES)} だけです（{city!r}）。",
                                 f"no practice survey for {city!r}", fix="city='練習市' か '練習町' にしてください。")
        path = write_practice_workload_survey(practice_dir() / "workload_survey", city)
        provenance = Provenance(PRACTICE, f"業務量調査（{city}）", PRACTICE_ATTRIBUTION,
                                note="実在の自治体の調査ではありません。分析の方法を学ぶためのデータです。")
    else:
        provenance = Provenance(REAL, "業務量調査（市の調査票）", f"出典：{Path(path).name}（市の業務量調査）",
                                reference_date=reference_date)
    survey = read_template_file(path, WORKLOAD_SURVEY)
    echo(f"[{provenance.label}] {provenance.title}: {len(survey):,} 作業、{survey['section'].nunique()} 課 — {provenance.attribution}")
    return attach(survey, provenance)
