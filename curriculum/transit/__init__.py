"""高齢者の公共交通（フォローアップ編）: mesh population, bus coverage, hospital access, demand-transit districts.

Modules: :mod:`~curriculum.transit.population` (メッシュ人口), :mod:`~curriculum.transit.coverage`
(カバー率), :mod:`~curriculum.transit.access` (病院への距離・バスでの通院), :mod:`~curriculum.transit.demand`
(デマンド交通の地区), :mod:`~curriculum.transit.maps`, :mod:`~curriculum.transit.charts`,
:mod:`~curriculum.transit.practice` (練習用・架空データ) and :mod:`~curriculum.transit.case` (the
notebooks' loader). Importing this package imports none of them (nothing heavy at import time).
"""
