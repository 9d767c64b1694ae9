"""`curriculum data …`: list, fetch, verify and locate catalogue datasets."""

from __future__ import annotations

import sys

import click

from curriculum.cli.base import Group


def _parse_params(pairs: tuple[str, ...]) -> dict:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r}: KEY=VALUE の形で指定してください（例: mesh1=5638）", param_hint="PARAMS")
        params[key] = value
    return params


@click.group(cls=Group)
def data() -> None:
    """データカタログのデータを一覧・取得・検証する。"""


@data.command("list")
def list_command() -> None:
    """カタログのデータセットを一覧表示する（キャッシュにあれば ✓）。

    \b
    例: curriculum data list
    """
    from curriculum.data.catalogue import entries
    from curriculum.data.fetching import find_cached

    for entry in entries().values():
        if entry.params:
            params = " ".join(f"{name}=…" for name in entry.params)
            status = " "
        else:
            status = "✓" if find_cached(entry.resolve()) else " "
            params = ""
        click.echo(f"{status} {entry.id:38s} {entry.title} {params}".rstrip())


@data.command("fetch")
@click.argument("dataset_id")
@click.argument("params", nargs=-1)
@click.option("--no-progress", is_flag=True, help="進捗バーを出さない")
def fetch_command(dataset_id: str, params: tuple[str, ...], no_progress: bool) -> None:
    """データを取得してキャッシュに置き、そのパスを表示する。

    \b
    例: curriculum data fetch ssdse-a-2026
        curriculum data fetch estat-census-mesh-2020 stats_id=T001141 mesh1=5638
    """
    from curriculum.data.fetching import fetch

    click.echo(str(fetch(dataset_id, progress=not no_progress, **_parse_params(params))))


@data.command("path")
@click.argument("dataset_id")
@click.argument("params", nargs=-1)
def path_command(dataset_id: str, params: tuple[str, ...]) -> None:
    """キャッシュにあるファイルのパスを表示する（ダウンロードはしない）。

    \b
    例: curriculum data path ksj-n03-city city_code=15213
    """
    from curriculum.data.fetching import path

    click.echo(str(path(dataset_id, **_parse_params(params))))


@data.command("verify")
def verify_command() -> None:
    """キャッシュ内のファイルを sha256 で検証する（不一致があれば終了コード 1）。

    \b
    例: curriculum data verify
    """
    from curriculum.data.fetching import verify

    marks = {"ok": "OK  ", "mismatch": "NG  ", "missing": "なし", "no-checksum": "未検証"}
    results = verify()
    for result in results:
        click.echo(f"{marks[result.status]} {result.dataset_id:38s} {result.filename}")
    bad = [r for r in results if r.status == "mismatch"]
    if bad:
        click.echo(f"{len(bad)} 件の sha256 が一致しません。ファイルを移してから取得し直してください。", err=True)
        sys.exit(1)
