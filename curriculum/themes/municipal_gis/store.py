"""市の地図レイヤー置き場（岡谷市の統合型 GIS の形）: many layers in one GeoPackage, nothing ever lost.

岡谷市 moved from separate department GIS to one shared GIS that every member of staff uses, with field-survey
apps (空き家, 防犯灯) and citizen reports (鳥獣目撃, 道路) feeding it. :class:`LayerStore` is that shared store
for a training hub or a small city: one GeoPackage file (an open OGC format that QGIS and ArcGIS read), with

* :meth:`LayerStore.add` — a layer from CSV (緯度・経度 columns), GeoJSON or a shapefile (.shp or .zip):
  the CRS is read from the file (CSV: JGD2011 lat/lon) and checked against Japan's extent, invalid geometries
  are repaired (and counted) or refused with the reason, required fields are checked;
* :meth:`LayerStore.append` — field-survey and citizen-report points, **append-only**: every row gets an id,
  its batch and time; a row that looks like one already stored is flagged (``_duplicate_of``), not dropped;
  a malformed row is kept in the rejected table with its reason, never silently lost;
* :meth:`LayerStore.history` — every add and append with its file, sha256 and counts;
* :meth:`LayerStore.publish` — a static offline web map with a layer switcher (Leaflet inlined).

Layers are stored in EPSG:6668 (JGD2011 geographic), the CRS of 国土数値情報 and e-Stat boundaries.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.errors import CurriculumError, DataFormatError, DataNotFoundError

__all__ = ["LayerStore", "STORE_CRS", "JAPAN_BOUNDS"]

STORE_CRS = "EPSG:6668"
#: Japan's extent in degrees (lon_min, lat_min, lon_max, lat_max), with a margin for remote islands.
JAPAN_BOUNDS = (122.0, 20.0, 154.0, 46.0)
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_LAT = ("緯度", "lat", "latitude", "y")
_LON = ("経度", "lon", "lng", "longitude", "x")
_DUPLICATE_METRES = 1.0
_META = """
CREATE TABLE IF NOT EXISTS curriculum_layers (name TEXT PRIMARY KEY, title TEXT, kind TEXT, attribution TEXT,
    required TEXT, key_fields TEXT, created_at TEXT);
CREATE TABLE IF NOT EXISTS curriculum_history (seq INTEGER PRIMARY KEY AUTOINCREMENT, layer TEXT, action TEXT,
    at TEXT, file TEXT, sha256 TEXT, rows_in INTEGER, rows_stored INTEGER, rows_rejected INTEGER,
    rows_repaired INTEGER, rows_duplicate INTEGER);
CREATE TABLE IF NOT EXISTS curriculum_rejected (seq INTEGER PRIMARY KEY AUTOINCREMENT, layer TEXT, batch INTEGER,
    line INTEGER, reason TEXT, raw TEXT);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class LayerStore:
    """One GeoPackage of municipal layers with history. ``LayerStore("city.gpkg")`` opens or creates it."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if self.path.exists():
            with open(self.path, "rb") as handle:
                head = handle.read(72)
            # a GeoPackage is an SQLite file whose application id (bytes 68–71) is "GPKG"
            if not head.startswith(b"SQLite format 3\x00") or head[68:72] != b"GPKG":
                raise DataFormatError(f"{self.path.name} は GeoPackage ではありません。", f"{self.path} is not a GeoPackage",
                                      path=self.path, fix="レイヤー置き場のファイル（.gpkg）を指定してください。")
        elif not create:
            raise DataNotFoundError(f"レイヤー置き場 {self.path} が見つかりません。", f"{self.path} not found", path=self.path,
                                    fix="パスを確かめるか、curriculum gis add で最初のレイヤーを作ってください。")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    # ── metadata (plain SQLite tables inside the GeoPackage) ────────────────────────
    def _db(self) -> sqlite3.Connection:
        if not self.path.exists():
            # GDAL creates a valid GeoPackage (application id, gpkg_* tables); our own tables live beside its layers.
            import pyogrio

            pyogrio.write_dataframe(pd.DataFrame({"store": ["curriculum.LayerStore"], "version": ["1"]}), self.path,
                                    layer="curriculum_store", driver="GPKG")
        connection = sqlite3.connect(self.path)
        connection.executescript(_META)
        return connection

    def layers(self) -> pd.DataFrame:
        """Every layer: name, title, kind, attribution, number of features."""
        if not self.path.exists():
            return pd.DataFrame(columns=["name", "title", "kind", "attribution", "features"])
        with self._db() as db:
            table = pd.read_sql("SELECT name, title, kind, attribution FROM curriculum_layers ORDER BY rowid", db)
        table["features"] = [len(self.read(name)) for name in table["name"]]
        return table

    def history(self) -> pd.DataFrame:
        """Every add and append, oldest first."""
        with self._db() as db:
            return pd.read_sql("SELECT * FROM curriculum_history ORDER BY seq", db)

    def rejected(self, name: str | None = None) -> pd.DataFrame:
        """Rows that could not be stored, with line number, reason and the raw row (nothing is thrown away)."""
        with self._db() as db:
            query = "SELECT * FROM curriculum_rejected" + (" WHERE layer = ?" if name else "") + " ORDER BY seq"
            return pd.read_sql(query, db, params=(name,) if name else None)

    def _meta(self, name: str) -> dict:
        with self._db() as db:
            row = db.execute("SELECT title, kind, attribution, required, key_fields FROM curriculum_layers WHERE name = ?",
                             (name,)).fetchone()
        if row is None:
            known = "、".join(self.layers()["name"]) or "（なし）"
            raise DataNotFoundError(f"レイヤー {name!r} はありません（{known}）。", f"no layer {name!r}", path=self.path,
                                    fix="LayerStore.add で先にレイヤーを作ってください。")
        return {"title": row[0], "kind": row[1], "attribution": row[2], "required": json.loads(row[3]),
                "key_fields": json.loads(row[4])}

    # ── reading input files ─────────────────────────────────────────────────────────
    def _read_input(self, source: str | Path | gpd.GeoDataFrame):
        """(GeoDataFrame in the store CRS, rejected rows [(line, reason, raw)], sha256 or '')."""
        if isinstance(source, gpd.GeoDataFrame):
            frame, digest = source.copy(), ""
        else:
            path = Path(source)
            if not path.is_file():
                raise DataNotFoundError(f"ファイル {path} が見つかりません。", f"{path} not found", path=path)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if path.suffix.lower() == ".csv":
                return (*self._read_csv(path), digest)
            try:
                frame = gpd.read_file(f"zip://{path}" if path.suffix.lower() == ".zip" else path)
            except Exception as err:  # pyogrio raises several types for unreadable files
                raise DataFormatError(f"地図データとして読めません（{type(err).__name__}）。", f"cannot read {path.name}: {err}",
                                      path=path, fix="GeoJSON、シェープファイル（.shp か .zip）、緯度・経度の列がある CSV にしてください。") from None
        if frame.crs is None:
            raise DataFormatError("座標参照系（CRS）が書かれていません。", "the file has no CRS", path=None if digest == "" else source,
                                  fix=".prj ファイルを付けるか、GeoJSON なら経緯度（EPSG:6668 / 4326）で保存してください。")
        return self._checked(frame.to_crs(STORE_CRS), source), [], digest

    def _read_csv(self, path: Path):
        from curriculum.data.text import decode  # one decoder for every government and city CSV

        text, _ = decode(path.read_bytes(), path, what="CSV")
        raw = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
        lat = next((c for c in raw.columns if c.strip().lower() in _LAT), None)
        lon = next((c for c in raw.columns if c.strip().lower() in _LON), None)
        if lat is None or lon is None:
            raise DataFormatError("緯度・経度の列が見つかりません。", "no latitude/longitude columns", path=path,
                                  fix=f"列名を「緯度」「経度」にしてください（いまの列: {'、'.join(raw.columns)}）。")
        y = pd.to_numeric(raw[lat], errors="coerce")
        x = pd.to_numeric(raw[lon], errors="coerce")
        x0, y0, x1, y1 = JAPAN_BOUNDS
        numeric = x.notna() & y.notna()
        inside = numeric & y.between(y0, y1) & x.between(x0, x1)
        swapped = numeric & ~inside & x.between(y0, y1) & y.between(x0, x1)
        reasons = pd.Series("日本の範囲の外です（度の単位の経緯度で書いてください）", index=raw.index)
        reasons[~numeric] = "緯度・経度が数値ではありません"
        reasons[swapped] = "緯度と経度が入れ替わっています"
        rejected = [(i + 2, reasons[i], raw.loc[i].to_dict()) for i in raw.index[~inside]]
        keep = raw.index[inside]
        good = raw.loc[keep]
        frame = gpd.GeoDataFrame(good.drop(columns=[lat, lon]), geometry=gpd.points_from_xy(x[keep], y[keep]), crs=STORE_CRS)
        frame.attrs["source_lines"] = [i + 2 for i in keep]
        return frame, rejected

    def _checked(self, frame: gpd.GeoDataFrame, source) -> gpd.GeoDataFrame:
        minx, miny, maxx, maxy = frame.total_bounds if len(frame) else JAPAN_BOUNDS
        if minx < JAPAN_BOUNDS[0] or maxx > JAPAN_BOUNDS[2] or miny < JAPAN_BOUNDS[1] or maxy > JAPAN_BOUNDS[3]:
            raise DataFormatError("座標が日本の範囲の外です。座標参照系（CRS）の指定が実際の座標と合っていない可能性があります。",
                                  "coordinates fall outside Japan: the CRS does not match the coordinates",
                                  path=None if isinstance(source, gpd.GeoDataFrame) else source,
                                  fix="平面直角座標系の座標なら、その系の EPSG（例: 6676）を .prj に書いてください。")
        return frame

    # ── writing ──────────────────────────────────────────────────────────────────────
    def add(self, name: str, source, *, title: str | None = None, kind: str | None = None, attribution: str | None = None,
            required: tuple[str, ...] = (), key_fields: tuple[str, ...] = ()) -> gpd.GeoDataFrame:
        """レイヤーを作る: store a new layer (refused if the name exists: use :meth:`append`).

        A GeoDataFrame loaded by :mod:`curriculum.layers` brings its title, kind and 出典 from its provenance;
        a file needs ``title`` (``kind`` defaults to ``"real"``: the city's own data).
        """
        record = source.attrs.get("provenance") if isinstance(source, gpd.GeoDataFrame) else None
        if record is not None:
            title = title or record.title
            kind = kind or record.kind
            attribution = attribution if attribution is not None else record.attribution
        if not title:
            raise CurriculumError("レイヤーの題名（title）を指定してください。", "a layer needs a title",
                                  fix='例: store.add("akiya", "空き家.csv", title="空き家調査")')
        kind, attribution = kind or "real", attribution or ""
        if not _NAME.match(name):
            raise CurriculumError(f"レイヤー名 {name!r} は使えません。", f"bad layer name {name!r}",
                                  fix="半角の小文字・数字・_ で、英字から始めてください（例: akiya_survey）。")
        from curriculum.provenance import KINDS

        if kind not in KINDS:
            raise CurriculumError(f"データの種類 {kind!r} は使えません。", f"bad kind {kind!r}", fix=f"{' / '.join(KINDS)}")
        with self._db() as db:
            if db.execute("SELECT 1 FROM curriculum_layers WHERE name = ?", (name,)).fetchone():
                raise CurriculumError(f"レイヤー {name!r} はもうあります。", f"layer {name!r} exists",
                                      fix="点を足すときは append を使ってください（上書きはしません）。")
        frame, rejected, digest = self._read_input(source)
        missing = [f for f in (*required, *key_fields) if f not in frame.columns]
        if missing:
            raise DataFormatError(f"必要な列 {'、'.join(missing)} がありません。", f"missing fields {missing}",
                                  path=None if isinstance(source, gpd.GeoDataFrame) else source,
                                  fix=f"ファイルの列: {'、'.join(c for c in frame.columns if c != 'geometry')}")
        with self._db() as db:
            db.execute("INSERT INTO curriculum_layers VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (name, title, kind, attribution, json.dumps(list(required)), json.dumps(list(key_fields)), _now()))
        return self._store(name, "add", source, frame, rejected, digest, {"required": list(required), "key_fields": list(key_fields)})

    def append(self, name: str, source) -> gpd.GeoDataFrame:
        """点を足す: append rows to a layer; returns the rows stored (with ``_duplicate_of`` where flagged)."""
        meta = self._meta(name)
        frame, rejected, digest = self._read_input(source)
        return self._store(name, "append", source, frame, rejected, digest, meta)

    def _store(self, name, action, source, frame, rejected, digest, meta) -> gpd.GeoDataFrame:
        lines = frame.attrs.get("source_lines") or list(range(2, len(frame) + 2))
        frame = frame.reset_index(drop=True)
        # Required fields: a row missing one is rejected with its line, not dropped silently.
        bad = pd.Series(False, index=frame.index)
        for field in meta["required"]:
            empty = frame[field].isna() | (frame[field].astype(str).str.strip() == "")
            for i in frame.index[empty & ~bad]:
                rejected.append((lines[i], f"必須の列「{field}」が空です", frame.drop(columns="geometry").loc[i].to_dict()))
            bad |= empty
        # Geometries: repair what make_valid can; refuse empty or missing ones.
        missing = frame.geometry.isna() | frame.geometry.is_empty
        for i in frame.index[missing & ~bad]:
            rejected.append((lines[i], "図形がありません", frame.drop(columns="geometry").loc[i].to_dict()))
        bad |= missing
        invalid = ~bad & ~frame.geometry.is_valid
        repaired = int(invalid.sum())
        if repaired:
            frame.loc[invalid, "geometry"] = shapely.make_valid(frame.loc[invalid, "geometry"].values)
        frame = frame[~bad].copy()
        existing = self.read(name) if action == "append" else None
        start = 1 if existing is None or not len(existing) else int(existing["_row_id"].max()) + 1
        with self._db() as db:
            batch = db.execute("SELECT COUNT(*) FROM curriculum_history WHERE layer = ?", (name,)).fetchone()[0] + 1
        frame["_row_id"] = np.arange(start, start + len(frame), dtype="int64")
        frame["_batch"] = batch
        frame["_added_at"] = _now()
        frame["_duplicate_of"] = self._duplicates(frame, existing, meta["key_fields"])
        import pyogrio

        appending = existing is not None and len(existing) > 0
        if appending:
            for column in existing.columns:
                if column not in frame.columns:
                    frame[column] = None
            new_columns = [c for c in frame.columns if c not in existing.columns]
            frame = frame[[*existing.columns, *new_columns]]
        if len(frame) and appending and new_columns:
            # A GeoPackage layer cannot gain a field on append: write old rows (unchanged) and new rows together.
            whole = pd.concat([existing.assign(**{c: None for c in new_columns}), frame], ignore_index=True)
            pyogrio.write_dataframe(gpd.GeoDataFrame(whole, geometry="geometry", crs=STORE_CRS), self.path, layer=name,
                                    driver="GPKG")
        elif len(frame):
            pyogrio.write_dataframe(frame, self.path, layer=name, driver="GPKG", append=appending)
        with self._db() as db:
            db.executemany("INSERT INTO curriculum_rejected (layer, batch, line, reason, raw) VALUES (?, ?, ?, ?, ?)",
                           [(name, batch, line, reason, json.dumps(raw, ensure_ascii=False, default=str))
                            for line, reason, raw in rejected])
            db.execute("INSERT INTO curriculum_history (layer, action, at, file, sha256, rows_in, rows_stored, rows_rejected,"
                       " rows_repaired, rows_duplicate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (name, action, _now(), "" if isinstance(source, gpd.GeoDataFrame) else str(source), digest,
                        len(frame) + len(rejected), len(frame), len(rejected), repaired,
                        int(frame["_duplicate_of"].notna().sum())))
        return frame

    def _duplicates(self, frame, existing, key_fields) -> pd.Series:
        """The ``_row_id`` of an earlier row at (almost) the same place with the same key fields, else NA."""
        result = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        if not len(frame) or not (frame.geom_type == "Point").all():
            return result
        earlier = frame.iloc[0:0] if existing is None else existing[existing.geom_type == "Point"]
        pool = pd.concat([earlier[["_row_id", "geometry", *key_fields]], frame[["_row_id", "geometry", *key_fields]]])
        pool = gpd.GeoDataFrame(pool, geometry="geometry", crs=STORE_CRS).to_crs("EPSG:3857")
        # metres in Web Mercator are stretched by 1/cos(lat): scale the tolerance so it stays ≈ 1 m on the ground
        scale = 1 / np.cos(np.radians(frame.geometry.y.mean()))
        # same ≈1 m grid cell on the ground and the same key fields = the same report sent twice
        keys = [np.floor(pool.geometry.x / (_DUPLICATE_METRES * scale)), np.floor(pool.geometry.y / (_DUPLICATE_METRES * scale))]
        keys += [pool[f].astype(str) for f in key_fields]
        first = pool.assign(_k=pd.Series(list(zip(*keys)), index=pool.index)).groupby("_k")["_row_id"].transform("min")
        first = first.iloc[len(earlier):].to_numpy()
        own = frame["_row_id"].to_numpy()
        result[:] = np.where(first != own, first, pd.NA)
        return result

    # ── reading and publishing ──────────────────────────────────────────────────────
    def read(self, name: str) -> gpd.GeoDataFrame:
        """A layer as a GeoDataFrame (EPSG:6668) with its provenance attached."""
        import pyogrio

        if not self.path.exists() or name not in {layer for layer, _ in pyogrio.list_layers(self.path)}:
            self._meta(name)  # raises with the known names if the layer was never added
            return gpd.GeoDataFrame({"_row_id": pd.Series(dtype="int64")}, geometry=[], crs=STORE_CRS)
        frame = gpd.read_file(self.path, layer=name)
        from curriculum.provenance import Provenance, attach

        meta = self._meta(name)
        return attach(frame, Provenance(meta["kind"], meta["title"], meta["attribution"] or f"出典：{meta['title']}"))

    def publish(self, path: str | Path, *, layers: list[str] | None = None, title: str = "くらしマップ") -> Path:
        """公開用の地図: a static, offline HTML map with one switchable layer per store layer."""
        import folium

        from curriculum.provenance import labelled, provenance_of
        from curriculum.webmap import save_map

        names = layers or list(self.layers()["name"])
        frames = {name: self.read(name) for name in names}
        bounds = pd.concat([f.geometry for f in frames.values() if len(f)]).total_bounds
        fmap = folium.Map(location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2], zoom_start=12,
                          tiles=None, control_scale=True)
        folium.TileLayer("OpenStreetMap", name="背景地図（インターネット接続時）").add_to(fmap)
        palette = ["#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#555555"]
        for number, (name, frame) in enumerate(frames.items()):
            provenance = provenance_of(frame)
            group = folium.FeatureGroup(name=labelled(provenance.title, provenance))
            colour = palette[number % len(palette)]
            shown = frame.drop(columns=[c for c in frame.columns if c.startswith("_") and c != "_row_id"])
            fields = [c for c in shown.columns if c != "geometry"][:6]
            tooltip = folium.GeoJsonTooltip(fields=fields) if fields else None
            marker = folium.CircleMarker(radius=4, color=colour, fill=True, fill_opacity=0.8)
            folium.GeoJson(shown[[*fields, "geometry"]].to_json(default=str), marker=marker, tooltip=tooltip,
                           style_function=lambda f, c=colour: {
                               "color": c, "fillColor": c, "weight": 1.5,
                               "fillOpacity": 0.8 if f["geometry"]["type"] == "Point" else 0.15}).add_to(group)
            group.add_to(fmap)
        folium.LayerControl(collapsed=False).add_to(fmap)
        fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], padding=(30, 30))
        fmap.get_root().html.add_child(folium.Element(f"<title>{title}</title>"))
        return save_map(fmap, path)
