"""Data access: fetch catalogue files and read the real formats (re-exports only)."""

from curriculum.data.boundaries import merge_mesh_statistics, read_mesh_boundary, read_n03
from curriculum.data.catalogue import entries, get_entry
from curriculum.data.census_age import read_census_age
from curriculum.data.census_mesh import compute_mesh_share, compute_secrecy_groups, read_census_mesh
from curriculum.data.facilities import read_p04
from curriculum.data.fetching import fetch, path, print_attribution, verify
from curriculum.data.gtfs_jp import GtfsJpFeed, read_gtfs_jp, read_gtfs_tables
from curriculum.data.ipss import read_ipss_2018, read_ipss_2023_totals
from curriculum.data.juki import read_juki
from curriculum.data.juki_age import read_juki_age
from curriculum.data.mesh_lists import read_mesh_list
from curriculum.data.shochiiki import read_shochiiki
from curriculum.data.ssdse import read_ssdse, with_labels
from curriculum.data.statistics_gis import fetch_census_mesh, fetch_mesh_boundary, fetch_small_area_boundary
from curriculum.data.tourism import read_shukuhaku

__all__ = [
    "entries", "get_entry", "fetch", "path", "print_attribution", "verify",
    "read_ssdse", "with_labels", "read_census_mesh", "compute_mesh_share", "compute_secrecy_groups",
    "read_mesh_boundary", "merge_mesh_statistics", "read_n03", "read_shochiiki", "read_p04",
    "read_mesh_list", "read_gtfs_jp", "read_gtfs_tables", "GtfsJpFeed", "read_juki", "read_juki_age", "read_census_age", "read_ipss_2018",
    "read_ipss_2023_totals", "read_shukuhaku",
    "fetch_census_mesh", "fetch_mesh_boundary", "fetch_small_area_boundary",
]
