"""`curriculum estat …`: search e-Stat tables, show their codes, download tidy CSV.

The appId comes from the environment variable ESTAT_APP_ID only (never a command-line
option, so it stays out of shell history); responses are cached (ESTAT_CACHE_DIR).
"""

from __future__ import annotations

import sys

import click

from curriculum.cli.base import Group


def _client(ctx: click.Context):
    from estat_client import EStat, show_credit

    show_credit(file=sys.stderr)  # e-Stat's terms: show the credit line; stderr keeps stdout clean
    return EStat(base_url=ctx.obj.get("base_url"), cache_dir=ctx.obj.get("cache_dir"))


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r}: KEY=VALUE の形で指定してください（例: cdCat01=0）", param_hint="--param")
        params[key.strip()] = value.strip()
    return params


@click.group(name="estat", cls=Group)
@click.option("--cache-dir", type=click.Path(file_okay=False), help="応答キャッシュのフォルダ（既定: $ESTAT_CACHE_DIR）")
@click.option("--base-url", hidden=True, help="e-Stat API の代わりに使うサーバー（テスト用）")
@click.pass_context
def estat(ctx: click.Context, cache_dir: str | None, base_url: str | None) -> None:
    """e-Stat API で統計表を探し、コードを確かめ、CSV に保存する（appId は環境変数 ESTAT_APP_ID）。

    \b
    例:
      curriculum estat search 国勢調査 人口
      curriculum estat meta 0003445078
      curriculum estat get 0003445078 --cd-area 15213 -o tsubame.csv
    """
    ctx.obj = {"cache_dir": cache_dir, "base_url": base_url}


@estat.command("search")
@click.argument("word", nargs=-1, required=True)
@click.option("--stats-code", help="政府統計コード（例: 00200521 = 国勢調査）")
@click.option("--limit", type=int, default=20, show_default=True, help="表示する件数")
@click.pass_context
def search_command(ctx: click.Context, word: tuple[str, ...], stats_code: str | None, limit: int) -> None:
    """統計表をキーワードで探す（統計表ID・調査年月・統計名・表題を表示）。

    \b
    例: curriculum estat search 人口 --stats-code 00200521 --limit 5
    """
    tables = _client(ctx).get_stats_list(" ".join(word), statsCode=stats_code, limit=limit)
    for row in tables.itertuples(index=False):
        click.echo(f"{row.stats_data_id}  {row.survey_date}  {row.stat_name}  {row.title}")


@estat.command("meta")
@click.argument("stats_data_id")
@click.option("--class", "class_id", help="この分類だけ表示（例: area, cat01）")
@click.pass_context
def meta_command(ctx: click.Context, stats_data_id: str, class_id: str | None) -> None:
    """統計表のメタ情報（分類ごとのコードと名称）を表示する。

    \b
    例: curriculum estat meta 0003445078 --class cat01
    """
    meta = _client(ctx).get_meta_info(stats_data_id)
    if class_id is not None and class_id not in meta:
        raise click.ClickException(f"分類 {class_id!r} はありません。あるのは: {', '.join(meta)}（--class で指定）")
    for key, frame in meta.items():
        if class_id in (None, key):
            click.echo(f"[{key}] {frame.attrs.get('name') or ''}（{len(frame)} 件）")
            for row in frame.itertuples(index=False):
                click.echo(f"  {row.code}  {row.name}")


@estat.command("get")
@click.argument("stats_data_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="保存先の CSV")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="API のパラメータ（例: cdCat01=0,1）")
@click.option("--cd-area", help="地域コード（カンマ区切り、例: 15213,15204）")
@click.option("--cd-cat01", help="分類事項01のコード")
@click.option("--cd-time", help="時間軸コード（例: 2020000000）")
@click.option("--lv-area", help="地域の階層レベル（例: 3）")
@click.option("--limit", type=int, help="最大件数（既定: 全件）")
@click.option("--encoding", type=click.Choice(["utf-8-sig", "cp932"]), default="utf-8-sig", show_default=True,
              help="CSV の文字コード（既定は Excel がそのまま開ける BOM 付き UTF-8）")
@click.pass_context
def get_command(ctx, stats_data_id, output, params, cd_area, cd_cat01, cd_time, lv_area, limit, encoding) -> None:
    """統計データを全ページ取得し、1行1値の CSV に保存する。

    \b
    例: curriculum estat get 0003445078 --cd-area 15213,15204 -o niigata.csv
        curriculum estat get 0000020202 --param cdCat01=B1101 --encoding cp932 -o menseki.csv
    """
    from estat_client.readers import write_csv

    query = {"cdArea": cd_area, "cdCat01": cd_cat01, "cdTime": cd_time, "lvArea": lv_area, "limit": limit}
    query = {k: v for k, v in query.items() if v is not None} | _parse_params(params)
    frame = _client(ctx).get_stats_data(stats_data_id, **query)
    path = write_csv(frame, output, encoding=encoding)
    click.echo(f"{len(frame)} 行を保存しました: {path}")
