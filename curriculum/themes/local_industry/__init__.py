"""地場産業の活性化（フォローアップ編）: industry structure (構成比, 特化係数), peers, trends and city-held tables.

Modules: :mod:`~curriculum.themes.local_industry.structure` (産業構造 from SSDSE-A: 構成比, 特化係数 vs 全国 and 県,
事業所あたり従業者数, municipalities of similar structure) and :mod:`~curriculum.themes.local_industry.city_data`
(the city-held tables — 経済センサス／工業統計 中分類, 事業者アンケート — read from a 所管課 file or practice data).
Importing this package imports none of them.
"""
