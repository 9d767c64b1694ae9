"""データの層（レイヤー）を読み込む: one loader per layer, one real-or-practice policy, one provenance record.

The pattern every case study (高齢者の公共交通, and next 観光振興, 地場産業, 健康, こどもの貧困, 外国人材) follows:

1. **A parameters cell** (``CITY_CODE``, ``DATA_SOURCE``) — the city comes from there, never from a typed list.
2. **One visible cell per layer**, each a call a trainee can reuse for their own data::

       boundary = load_boundary(CITY_CODE, data_source=DATA_SOURCE)
       meshes = load_mesh_population(boundary, level="500m", data_source=DATA_SOURCE)
       hospitals = load_hospitals(boundary, data_source=DATA_SOURCE)
       feed = load_bus_feed(boundary, gtfs_path=GTFS_PATH, hospitals=hospitals)
       stations = load_rail_stations(boundary, data_source=DATA_SOURCE)

   Each loader is small: read the real file (``policy.real_path``), attach its :class:`~curriculum.provenance.Provenance`
   (``policy.real_provenance``: 出典 and reference date from the catalogue), and give
   :func:`~curriculum.layers.policy.real_or_practice` a practice stand-in when one makes sense.
3. **The sources table** — ``sources_table({"行政区域": boundary, "メッシュ人口": meshes, …})`` lists the kind
   (実データ / 再構成データ / 練習用・架空), 出典 and reference date of every layer.

The policy (:mod:`curriculum.layers.policy`): only "not available offline" (``DataNotFoundError``) falls back to
practice data, saying 「オフラインのため（実データが見つからないため）練習用」; a corrupt (``ChecksumError``) or
malformed (``DataFormatError``) file is an error the trainee sees. ``data_source`` is ``"cache"``, ``"download"``
or ``"practice"``; ``CURRICULUM_FORCE_PRACTICE=1`` means ``"practice"`` everywhere. Labels shown to trainees
(（練習用・架空） in map layer names and chart titles) are derived from the record with
:func:`~curriculum.provenance.labelled`, never from a column or a name. Practice files go to
``config.practice_dir()`` (one sub-folder per city, and per theme for theme layers).

Generic layers live here; a theme's own layers (e.g. demand-transit districts, city-held usage tables) live in
``curriculum.themes.<theme>`` and use the same policy and record. :func:`fetch_or_practice` is the same policy for
a single catalogue file (the basic course's notebooks).
"""

from curriculum.layers.boundary import load_boundary
from curriculum.layers.facilities import load_hospitals
from curriculum.layers.policy import DATA_SOURCES, Source, fetch_or_practice, real_or_practice
from curriculum.layers.population import load_mesh_population
from curriculum.layers.rail import load_rail_stations
from curriculum.layers.shochiiki import load_shochiiki
from curriculum.layers.transit_feed import load_bus_feed, practice_town_centres
from curriculum.provenance import labelled, provenance_of, sources_table

__all__ = ["load_boundary", "load_mesh_population", "load_hospitals", "load_shochiiki", "load_bus_feed", "load_rail_stations",
           "practice_town_centres", "DATA_SOURCES", "Source", "fetch_or_practice", "real_or_practice",
           "sources_table", "provenance_of", "labelled"]
