"""市民の健康促進（フォローアップ編）: death rates and age structure, medical resources, 特定健診 受診率.

Modules: :mod:`~curriculum.themes.health_promotion.data` (the loaders: SSDSE-A health items, the census 2020 age
table, SSDSE-D 社会生活基本調査, and the city-held 特定健診 table in the template ``health-checkups`` — each real or
labelled practice data) and :mod:`~curriculum.themes.health_promotion.indicators` (粗死亡率 vs the 75歳以上 share,
the residual 「年齢構成から期待されるより多い／少ない」, 受診率 by age and its direct age standardisation).
The methods themselves are in :mod:`curriculum.analysis.standardise`. Importing this package imports none of them.
"""
