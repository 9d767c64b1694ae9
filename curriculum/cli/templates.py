"""`curriculum template …`: the templates of city-held data (所管課のデータ様式) and their validator."""

from __future__ import annotations

import click

from curriculum.cli.base import Group


@click.group("template", cls=Group)
def template() -> None:
    """所管課が持つデータの様式（テンプレート）を一覧・表示・作成・検証する。"""


@template.command("list")
def list_command() -> None:
    """様式の一覧を表示する。

    \b
    例: curriculum template list
    """
    from curriculum.templates import all_templates

    for item in all_templates().values():
        click.echo(f"{item.id:32s} {item.title}（{item.owner}）")


@template.command("show")
@click.argument("template_id")
def show_command(template_id: str) -> None:
    """様式の列（列名・型・単位・必須・条件・例）を表示する。

    \b
    例: curriculum template show tourism-visitors
    """
    from curriculum.templates import get_template

    item = get_template(template_id)
    click.echo(f"{item.title}（{item.owner}）\n{item.description}\n")
    click.echo(item.describe().to_string(index=False))
    for note in item.notes:
        click.echo(f"※ {note}")


@template.command("write")
@click.argument("template_id")
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="書き出す CSV ファイル")
@click.option("--encoding", type=click.Choice(["utf-8-sig", "cp932"]), default="utf-8-sig", show_default=True,
              help="文字コード（Excel で開くなら既定の BOM 付き UTF-8）")
def write_command(template_id: str, out: str, encoding: str) -> None:
    """様式の CSV（見出しと記入例 1 行）を書き出す。記入例の行は消してから使う。

    \b
    例: curriculum template write tourism-visitors --out 観光入込客数.csv
    """
    from curriculum.templates import get_template

    path = get_template(template_id).write_blank(out, encoding=encoding)
    click.echo(str(path))


@template.command("check")
@click.argument("template_id")
@click.argument("file", type=click.Path(dir_okay=False))
def check_command(template_id: str, file: str) -> None:
    """所管課のファイルが様式に合っているか検証する（合わなければ行・列と直し方を表示し、終了コード 1）。

    \b
    例: curriculum template check tourism-visitors 観光入込客数_2024.csv
    """
    from curriculum.templates import check_template_file, get_template

    click.echo(check_template_file(file, get_template(template_id)))
