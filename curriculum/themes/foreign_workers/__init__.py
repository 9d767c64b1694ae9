"""外国人材（フォローアップ編）: foreign residents by 在留資格 and 国籍, peers, change over time, and what is not known.

Modules: :mod:`~curriculum.themes.foreign_workers.sources` (one loader per table — 在留外国人統計 市区町村 × 在留資格
／国籍, 都道府県 × 在留資格, 住基【外国人住民】, SSDSE-A with 外国人人口 — real or 練習国's practice stand-ins under
the one policy of :mod:`curriculum.layers.policy`) and :mod:`~curriculum.themes.foreign_workers.indicators`
(在留資格の区分, 構成比 and 特化係数, per-capita and per-employee indicators, peers of the same size band, change
decomposed by 在留資格 and by 自然・社会増減). Importing this package imports none of them.
"""
