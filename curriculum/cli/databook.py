"""`curriculum databook CITY_CODE --out DIR`: the 統計データブック of one municipality, as HTML and PDF."""

from __future__ import annotations

import click

from curriculum.errors import CurriculumError


@click.command()
@click.argument("city_code")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="出力フォルダ")
@click.option("--no-pdf", is_flag=True, help="HTML だけを書き出す")
def databook(city_code: str, out: str, no_pdf: bool) -> None:
    """統計データブック（人口・社会・経済・財政、県内順位、隣接・類似団体、地図、将来人口推計）を作る。

    \b
    例: curriculum databook 15213 --out databook
    """
    from curriculum.apps.databook.build import write_databook

    if not (len(city_code) == 5 and city_code.isdigit()):
        raise click.ClickException(f"市区町村コード {city_code!r} は 5 桁の数字で指定してください（例 15213）。"
                                   "\n[en] CITY_CODE must be 5 digits")
    try:
        paths = write_databook(city_code, out, pdf=not no_pdf)
    except CurriculumError as err:
        raise click.ClickException(str(err)) from err
    for kind, path in paths.items():
        click.echo(f"{kind}: {path}")
