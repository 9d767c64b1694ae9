"""高齢者の公共交通（フォローアップ編）: bus coverage, hospital access, demand-transit districts.

Modules: :mod:`~curriculum.themes.elderly_transit.coverage` (カバー率), :mod:`~curriculum.themes.elderly_transit.access`
(病院への距離・バスでの通院), :mod:`~curriculum.themes.elderly_transit.demand` (デマンド交通の地区),
:mod:`~curriculum.themes.elderly_transit.maps`, :mod:`~curriculum.themes.elderly_transit.charts`,
:mod:`~curriculum.themes.elderly_transit.practice` (練習用・架空の地区と利用実績) and
:mod:`~curriculum.themes.elderly_transit.case` (the theme's layers — districts, usage — and a one-call loader
over :mod:`curriculum.layers`). Importing this package imports none of them (nothing heavy at import time).
"""
