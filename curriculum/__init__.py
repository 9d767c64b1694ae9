"""自治体職員向けデータ分析研修パッケージ (curriculum).

Data access (`curriculum.data`), mesh arithmetic (`curriculum.mesh`), plotting
setup (`curriculum.plotting`), course operations and the `curriculum` CLI.
Nothing here touches the disk or the network at import time.
"""

__version__ = "0.1.0"
