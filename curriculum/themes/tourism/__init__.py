"""観光振興（フォローアップ編）: accommodation by prefecture, seasonality, foreign guests, the local footprint.

Modules: :mod:`~curriculum.themes.tourism.indicators` (延べ宿泊者数 per capita and per facility, 季節指数,
外国人の割合, 宿泊業・飲食サービス業 as the local economic footprint) and :mod:`~curriculum.themes.tourism.city_data`
(the city-held 観光入込客数 by spot and month, read from a 所管課 file or practice data).
Importing this package imports none of them.
"""
