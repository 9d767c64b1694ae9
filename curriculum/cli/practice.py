"""`curriculum practice build` and `curriculum demo`."""

from __future__ import annotations

import click

from curriculum.cli.base import Command, Group


@click.group(cls=Group)
def practice() -> None:
    """練習用・架空データ（実データと同じ形式）を作る。"""


@practice.command("build")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="出力フォルダ（既定: $CURRICULUM_PRACTICE_DIR または ./practice_data）")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="乱数の種（同じ種なら同じファイル）")
def build_command(out: str | None, seed: int) -> None:
    """練習県（架空）の練習用データ一式を作る。

    \b
    例: curriculum practice build --out practice_data
    """
    from curriculum.practice.build import build_practice_data

    paths = build_practice_data(out, seed=seed)
    for key, path in paths.items():
        click.echo(f"{key:14s} {path}")
    click.echo("※ すべて練習用・架空データです。")


@click.command(cls=Command)
@click.option("--out", type=click.Path(file_okay=False), default="out/demo", show_default=True, help="出力フォルダ")
def demo(out: str) -> None:
    """オフラインで全体の流れを試す（練習用データの作成 → 読み込み → 集計 → グラフと地図）。

    \b
    例: curriculum demo --out out/demo
    """
    from curriculum.demo import run_demo

    run_demo(out, echo=click.echo)
