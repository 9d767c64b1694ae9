"""練習用の高齢者移動アンケート（練習用・架空）: respondents whose tallies reproduce the published findings.

The 燕市 questionnaire behind the 令和2年度 研修 is city-held. What was published (the seed write-up): among elderly
people without a driving licence, public transport is used by about 2 割, half of them (5 割) find getting around
inconvenient, and the hospital is the hardest trip. This generator makes fictional respondents whose tallies hold
exactly those marginals (:data:`PUBLISHED_MARGINALS`), with the usual survey defects to practise on: a sample that
over-represents the younger old (so weighting matters), 無回答 in every question, and fictional districts.
Deterministic: the same seed gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.templates.elderly_mobility_survey import (
    AGE_BANDS, ELDERLY_MOBILITY_SURVEY, HARDEST_TRIP, INCONVENIENCE, NON_DRIVER,
)

__all__ = ["PUBLISHED_MARGINALS", "PRACTICE_DISTRICTS", "make_practice_mobility_survey", "write_practice_mobility_survey"]

#: Published findings the practice file reproduces (base: 運転免許を持たない高齢者 who answered the question).
PUBLISHED_MARGINALS = {"public_transport_use": 0.20, "inconvenient": 0.50, "hardest_trip": "病院・診療所"}
PRACTICE_DISTRICTS = tuple(f"架空{c}地区" for c in "ABCD")  # no bracket: the validator NFKC-normalises text
# Sample shares by age band (younger old answer more: the reason to weight) and the share without a licence.
_SAMPLE_AGE = (0.30, 0.28, 0.20, 0.13, 0.09)
_NON_DRIVER_BY_AGE = (0.15, 0.25, 0.45, 0.65, 0.85)
_NO_ANSWER = 0.03


def _exact(rng, eligible: np.ndarray, share: float, weights: np.ndarray) -> np.ndarray:
    """A boolean mask choosing round(share × len(eligible)) of ``eligible``, more likely where ``weights`` is high."""
    k = int(round(share * len(eligible)))
    chosen = np.zeros(len(eligible), dtype=bool)
    if k:
        p = weights / weights.sum()
        chosen[rng.choice(len(eligible), size=k, replace=False, p=p)] = True
    return chosen


def make_practice_mobility_survey(n: int = 1200, *, seed: int = 0) -> pd.DataFrame:
    """練習用・架空の個票 (template headers, 無回答 = empty) whose tallies hold :data:`PUBLISHED_MARGINALS`.

    >>> df = make_practice_mobility_survey(600)
    >>> non = df[df["運転免許"].isin(["返納した", "持ったことがない"])]
    >>> round(float((non["公共交通の利用"] == "利用している").sum() / non["公共交通の利用"].ne("").sum()), 2)
    0.2
    """
    rng = np.random.default_rng(seed + 71)
    age_index = np.repeat(np.arange(len(AGE_BANDS)), np.round(np.array(_SAMPLE_AGE) * n).astype(int))[:n]
    age_index = np.concatenate([age_index, np.zeros(n - len(age_index), dtype=int)])
    rng.shuffle(age_index)
    district = rng.choice(len(PRACTICE_DISTRICTS), size=n, p=(0.4, 0.3, 0.2, 0.1))
    non_driver = rng.random(n) < np.array(_NON_DRIVER_BY_AGE)[age_index]
    licence = np.where(non_driver, np.where(rng.random(n) < 0.6, "返納した", "持ったことがない"), "持っている").astype(object)
    missing = {q: rng.random(n) < _NO_ANSWER for q in ("licence", "use", "inconvenience", "trip")}
    licence[missing["licence"]] = ""
    non = np.flatnonzero(non_driver & ~missing["licence"])
    drivers = np.flatnonzero(~non_driver & ~missing["licence"])
    others = np.flatnonzero(missing["licence"])

    use = np.full(n, "", dtype=object)
    answered = non[~missing["use"][non]]
    # Fewer users in the outer districts and among the oldest (harder to reach a stop).
    weight = (1.6 - district[answered] * 0.3) * (1.3 - age_index[answered] * 0.15)
    mask = _exact(rng, answered, PUBLISHED_MARGINALS["public_transport_use"], weight)
    use[answered] = np.where(mask, "利用している", "利用していない")
    for group, share in ((drivers, 0.05), (others, 0.10)):
        ok = group[~missing["use"][group]]
        use[ok] = np.where(rng.random(len(ok)) < share, "利用している", "利用していない")

    feel = np.full(n, "", dtype=object)
    answered = non[~missing["inconvenience"][non]]
    mask = _exact(rng, answered, PUBLISHED_MARGINALS["inconvenient"], 1.0 + district[answered] * 0.3)
    feel[answered] = np.where(mask, rng.choice(INCONVENIENCE[:2], len(answered), p=(0.45, 0.55)),
                              rng.choice(INCONVENIENCE[2:], len(answered), p=(0.6, 0.4)))
    rest = np.concatenate([drivers, others])
    rest = rest[~missing["inconvenience"][rest]]
    feel[rest] = rng.choice(INCONVENIENCE, len(rest), p=(0.08, 0.14, 0.38, 0.40))

    trip = np.full(n, "", dtype=object)
    answered = non[~missing["trip"][non]]
    trip[answered] = rng.choice(HARDEST_TRIP, len(answered), p=(0.38, 0.26, 0.12, 0.08, 0.16))
    rest = np.concatenate([drivers, others])
    rest = rest[~missing["trip"][rest]]
    trip[rest] = rng.choice(HARDEST_TRIP, len(rest), p=(0.18, 0.14, 0.08, 0.10, 0.50))

    headers = [c.name for c in ELDERLY_MOBILITY_SURVEY.columns]
    return pd.DataFrame(dict(zip(headers, [
        np.arange(1, n + 1).astype(str), np.array(PRACTICE_DISTRICTS)[district], np.array(AGE_BANDS)[age_index],
        licence, use, feel, trip])))


def write_practice_mobility_survey(dest: str | Path, *, n: int = 1200, seed: int = 0) -> Path:
    """Write the practice survey as CSV (UTF-8 with BOM, as Excel writes it) in the template's layout."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    make_practice_mobility_survey(n, seed=seed).to_csv(dest, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return dest
