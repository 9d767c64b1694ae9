"""`curriculum gis …`: the municipal layer store (統合型 GIS): add, append, list, history, rejected rows, publish."""

from __future__ import annotations

import click

from curriculum.cli.base import Group

_STORE = click.argument("store", type=click.Path(dir_okay=False))


def _open(store: str, *, create: bool = False):
    from curriculum.themes.municipal_gis import LayerStore

    return LayerStore(store, create=create)


@click.group("gis", cls=Group)
def gis() -> None:
    """市の地図レイヤー置き場（GeoPackage）にレイヤーを作る・点を足す・公開する。"""


@gis.command("add")
@_STORE
@click.argument("name")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--title", required=True, help="レイヤーの題名（例: 空き家調査）")
@click.option("--kind", type=click.Choice(["real", "reconstruction", "practice"]), default="real", show_default=True,
              help="データの種類（市のデータは real、練習用は practice）")
@click.option("--attribution", default="", help="出典の書き方")
@click.option("--required", multiple=True, help="空欄を許さない列（何度でも指定できる）")
@click.option("--key", "keys", multiple=True, help="重複を見分ける列（同じ場所・同じ値なら重複の疑い）")
def add_command(store, name, file, title, kind, attribution, required, keys) -> None:
    """レイヤーを作る（CSV は「緯度」「経度」の列、GeoJSON、シェープファイル）。

    \b
    例: curriculum gis add city.gpkg akiya 空き家.csv --title 空き家調査 --required 種別 --key 種別
    """
    stored = _open(store, create=True).add(name, file, title=title, kind=kind, attribution=attribution, required=tuple(required),
                              key_fields=tuple(keys))
    click.echo(f"{name}: {len(stored):,} 件を保存しました。")
    _report_rejected(store, name)


@gis.command("append")
@_STORE
@click.argument("name")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def append_command(store, name, file) -> None:
    """点を足す（追加だけ。受け付けなかった行は理由と一緒に残り、終了コード 1）。

    \b
    例: curriculum gis append city.gpkg akiya 空き家_7月.csv
    """
    stored = _open(store).append(name, file)
    duplicates = int(stored["_duplicate_of"].notna().sum()) if len(stored) else 0
    click.echo(f"{name}: {len(stored):,} 件を追加しました（重複の疑い {duplicates} 件）。")
    _report_rejected(store, name)


def _report_rejected(store: str, name: str) -> None:
    history = _open(store).history()
    last = history.iloc[-1]
    if last["rows_rejected"]:
        rejected = _open(store).rejected(name)
        rejected = rejected[rejected["batch"] == rejected["batch"].max()]
        for row in rejected.itertuples():
            click.echo(f"  受け付けなかった行 {row.line}: {row.reason}", err=True)
        raise click.exceptions.Exit(1)


@gis.command("layers")
@_STORE
def layers_command(store) -> None:
    """レイヤーの一覧（題名・種類・件数）。

    \b
    例: curriculum gis layers city.gpkg
    """
    click.echo(_open(store).layers().to_string(index=False))


@gis.command("history")
@_STORE
def history_command(store) -> None:
    """追加の履歴（ファイル、sha256、件数）。

    \b
    例: curriculum gis history city.gpkg
    """
    click.echo(_open(store).history().to_string(index=False))


@gis.command("publish")
@_STORE
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="書き出す HTML")
@click.option("--title", default="くらしマップ", show_default=True)
def publish_command(store, out, title) -> None:
    """公開用の地図（レイヤーを切り替えられる、オフラインで開ける HTML）を書き出す。

    \b
    例: curriculum gis publish city.gpkg --out くらしマップ.html
    """
    click.echo(str(_open(store).publish(out, title=title)))
