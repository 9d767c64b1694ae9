"""`curriculum mieruka`: 住民基本台帳の見える化 — practice extract, monthly refresh, static page."""

from __future__ import annotations

import click

from curriculum.errors import CurriculumError


@click.group()
def mieruka() -> None:
    """住民基本台帳の見える化（月次の匿名化抽出 → 秘匿処理 → 公開ページ）。"""


@mieruka.command("practice")
@click.argument("city_code")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="抽出を書き出すフォルダ（本人だけが読める権限で作る）")
@click.option("--months", type=int, default=2, show_default=True, help="基準月のあとに作る月数")
@click.option("--seed", type=int, default=0, show_default=True, help="乱数の種（同じ種なら同じファイル）")
@click.option("--scale", type=float, default=1.0, show_default=True, help="人口の倍率（1.0 なら公表の住基表と一致）")
def practice_command(city_code: str, out: str, months: int, seed: int, scale: float) -> None:
    """練習用・架空の住基抽出を作る（新潟県の市町村の形: 年齢×性別は住基 2023、町丁目は 2015 小地域）。

    \b
    例: curriculum mieruka practice 15213 --out juki_extract --months 2
    """
    from curriculum.data import fetch
    from curriculum.data.juki_age import read_juki_age
    from curriculum.data.shochiiki import read_shochiiki
    from curriculum.practice.juki_extract import make_juki_extract, write_juki_extract

    try:
        table = read_juki_age(fetch("juki-age-2023"))
        shochiiki = read_shochiiki(fetch("estat-shochiiki-2015-niigata-dbf"))
        extract = make_juki_extract(city_code, table, shochiiki, months=months, seed=seed, scale=scale)
        folder = write_juki_extract(extract, out)
    except CurriculumError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"{folder}: 月 {', '.join(extract.residents)}（練習用・架空）")


@mieruka.command("refresh")
@click.argument("store", type=click.Path(file_okay=False))
@click.argument("month_folder", type=click.Path(file_okay=False))
@click.option("--month", required=True, help="追加する年月 YYYY-MM（保存先の最後の月の翌月）")
@click.option("--areas", "areas_path", type=click.Path(dir_okay=False), required=True, help="町丁目と地区の対応表（CSV）")
@click.option("--city", "city_code", required=True, help="5 桁の全国地方公共団体コード")
@click.option("--threshold", type=int, default=None, help="秘匿の閾値（最初の月だけ。既定 10）")
def refresh_command(store: str, month_folder: str, month: str, areas_path: str, city_code: str,
                    threshold: int | None) -> None:
    """月次更新: 1 か月分の抽出を検証・集計・秘匿して保存先に追加する（過去の月は変えない）。

    \b
    例: curriculum mieruka refresh published juki_extract/2023-01 --month 2023-01 \\
          --areas juki_extract/areas_練習用・架空.csv --city 15213
    """
    from curriculum.apps.mieruka.store import refresh

    try:
        path = refresh(store, month_folder, month, areas_path=areas_path, city_code=city_code, threshold=threshold)
    except CurriculumError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"追加しました: {path}")


@mieruka.command("export")
@click.argument("store", type=click.Path(file_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="書き出す HTML ファイル")
@click.option("--title", default="人口の見える化", show_default=True, help="ページの題")
@click.option("--source", default="出典：住民基本台帳（匿名化抽出）を加工して作成", show_default=True, help="出典の行")
@click.option("--projection/--no-projection", default=True, show_default=True,
              help="将来推計人口（公表の住基年齢別人口から、市全域）を載せる")
def export_command(store: str, out: str, title: str, source: str, projection: bool) -> None:
    """公開用の静的 HTML を書き出す（秘匿済みの値だけを含む 1 ファイル、オフラインで動く）。

    \b
    例: curriculum mieruka export published --out site/index.html
    """
    from curriculum.apps.mieruka.page import export_html
    from curriculum.apps.mieruka.store import read_store
    from curriculum.apps.mieruka.views import projection_view

    try:
        table = projection_view(read_store(store)["city_code"]) if projection else None
        if projection and table is None:
            click.echo("将来推計人口は載せません（練習市、または住基の年齢別人口 2018・2023 がデータフォルダにありません）。")
        path = export_html(store, out, title=title, source=source, projection=table)
    except CurriculumError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"書き出しました: {path}")
