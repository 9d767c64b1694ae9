"""統合型 GIS（岡谷市の事例）: a municipal layer store on GeoPackage and survey-area allocation to 調査員."""

from curriculum.themes.municipal_gis.store import JAPAN_BOUNDS, STORE_CRS, LayerStore

__all__ = ["LayerStore", "STORE_CRS", "JAPAN_BOUNDS"]
