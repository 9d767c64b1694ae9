"""業務量調査 → BPR（旭川市の事例）: load a 業務量調査, see the burden, find BPR candidates, estimate savings.

* :func:`load_workload_survey` — the city's survey file (validated against the 業務量調査票 template) or the
  labelled practice survey, with its provenance;
* :mod:`~curriculum.themes.workload_survey.analysis` — hours and 人件費 by 課 / 業務分類, ノンコア率, paper and
  電子化率, BPR candidates by a stated rule, what-if savings with visible assumptions, "who does what" search and
  the comparison of two cities on the common classification.
"""

from curriculum.themes.workload_survey.analysis import (
    ASSUMED_HOURLY_COST, BPR_RULE, compare_cities, compute_burden, compute_paper, estimate_digitisation,
    estimate_staff_shift, find_tasks, rank_bpr_candidates,
)
from curriculum.themes.workload_survey.loading import load_workload_survey

__all__ = ["load_workload_survey", "compute_burden", "compute_paper", "rank_bpr_candidates", "estimate_digitisation",
           "estimate_staff_shift", "find_tasks", "compare_cities", "ASSUMED_HOURLY_COST", "BPR_RULE"]
