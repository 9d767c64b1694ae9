"""こどもの貧困（フォローアップ編）: indicators with the right denominators, small numbers, suppression, proxies.

Modules: :mod:`~curriculum.themes.child_poverty.sources` (SSDSE-A's children, households, 保育所 and budgets; the
prefecture series of 母子世帯数 and 生活保護 from 社会・人口統計体系; the city-held 就学援助 table in its template,
practice data labelled 練習用・架空 when the city has not supplied it) and :mod:`~curriculum.themes.child_poverty.rates`
(rates per child / per household, the Wilson interval for small numbers, 就学援助 rates by district and the
suppressed table for publication). Importing this package imports none of them.
"""
