"""`curriculum hub` (市の情報システム担当: 研修用 JupyterHub を一台のサーバーで立て、Kubernetes に広げる)."""

from __future__ import annotations

from pathlib import Path

import click

from curriculum.cli.base import Group
from curriculum.cli.course import COURSE_DIR

PATH = click.Path(path_type=Path)


@click.group(cls=Group)
def hub() -> None:
    """情報システム担当: 研修用 JupyterHub（一台のサーバー / Kubernetes）を組み立てる。"""


@hub.command("setup")
@COURSE_DIR
@click.option("--instructor", "instructors", multiple=True, required=True, help="講師の Unix アカウント（複数可）")
@click.option("--exchange-root", type=PATH, default=Path("/srv/nbgrader/exchange"), show_default=True,
              help="nbgrader の交換フォルダ（講座フォルダの外）")
@click.option("--venv", type=PATH, default=Path("/opt/curriculum/venv"), show_default=True, help="全員が使う共有の Python 環境")
@click.option("--data-dir", type=PATH, default=Path("/srv/curriculum/data"), show_default=True,
              help="読み取り専用のデータ置き場（全員の CURRICULUM_DATA_DIR）")
@click.option("--etc-dir", type=PATH, default=Path("/etc"), show_default=True, help="設定ファイルを書く場所")
@click.option("--state-dir", type=PATH, default=Path("/srv/jupyterhub"), show_default=True, help="ハブのデータベースなど")
@click.option("--ip", default="0.0.0.0", show_default=True, help="待ち受ける IP アドレス")
@click.option("--port", type=int, default=443, show_default=True, help="待ち受けるポート")
@click.option("--tls-cert", type=PATH, default=None, help="TLS 証明書（PEM）")
@click.option("--tls-key", type=PATH, default=None, help="TLS 秘密鍵（PEM）")
@click.option("--auth", "authenticator", type=click.Choice(["pam", "ldap", "entra"]), default="pam", show_default=True,
              help="認証方式（ldap / entra は市が値を埋めるひな形）")
@click.option("--user-prefix", default="", help="職員番号の前に付ける文字（数字で始まる職員番号のとき）")
@click.option("--gradebook", "gradebook_url", default=None,
              help="成績簿を PostgreSQL に（講師が何人も同時に採点するとき）例: postgresql://gradebook:パスワード@127.0.0.1/gradebook")
@click.option("--apply", "apply", is_flag=True, help="root で実際に組み立てる（グループ・交換フォルダ・講座フォルダの権限）")
@click.option("--create-accounts", is_flag=True, help="--apply のとき、ない Unix アカウントを作る（パスワードなし）")
def hub_setup(course_dir: Path, instructors: tuple[str, ...], apply: bool, create_accounts: bool, **options) -> None:
    """一台のサーバーの JupyterHub を設定する（名簿の受講者、講師の Formgrader、交換フォルダ）。

    \b
    例: curriculum hub setup --course-dir /srv/courses/cohort2026 --instructor sensei --tls-cert hub.crt --tls-key hub.key --apply
    """
    from curriculum.hub.setup import apply_hub, plan_hub, write_hub_files

    plan = plan_hub(course_dir, instructors=list(instructors), user_prefix=options.pop("user_prefix"), **options)
    if apply:
        for line in apply_hub(plan, create_trainee_accounts=create_accounts):
            click.echo(line)
    else:
        for path in write_hub_files(plan):
            click.echo(f"書き込み: {path}")
        click.echo("（権限の設定" + ("と成績簿の PostgreSQL への移行" if plan.gradebook_url else "")
                   + "はまだです。root で --apply を付けて実行してください）")
    click.echo(f"受講者 {len(plan.users.trainees)} 名、講師 {len(plan.users.instructors)} 名。起動: systemctl enable --now {plan.unit_name}")


@hub.command("prefetch")
@click.option("--notebooks", type=click.Path(exists=True, path_type=Path), multiple=True, required=True,
              help="講座で使うノートブックかフォルダ（複数可）")
@click.option("--out", type=PATH, required=True, help="データを集めるフォルダ（ハブの --data-dir に写す）")
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="ダウンロードせず、このデータ置き場から写す（講師の手元のキャッシュなど）")
@click.option("--city", "city_code", default=None,
              help="講座の市区町村コード（既定: CURRICULUM_CITY_CODE または講座の course.json、なければ 15213）")
def hub_prefetch(notebooks: tuple[Path, ...], out: Path, source: Path | None, city_code: str | None) -> None:
    """ノートブックが使うデータを、インターネットにつながる端末で先に集める（LGWAN のハブ用）。

    \b
    例: curriculum hub prefetch --notebooks basic --notebooks follow_up/elderly_transit --out hubdata
    """
    from curriculum.hub.prefetch import prefetch

    if city_code is not None:
        from curriculum.city import normalise_city_code

        city_code = normalise_city_code(city_code)
    report = prefetch(list(notebooks), out, source=source, city_code=city_code)
    click.echo(report.text())
    if report.failed:
        raise click.ClickException("集められなかったデータがあります（上の「失敗」の行を見てください）")


@hub.command("k8s-values")
@COURSE_DIR
@click.option("--instructor", "instructors", multiple=True, required=True, help="講師のアカウント（複数可）")
@click.option("--image", default="registry.city.example.lg.jp/curriculum-singleuser:0.1.0", show_default=True,
              help="受講者サーバーのイメージ名")
@click.option("--host", default="hub.city.example.lg.jp", show_default=True, help="ハブのホスト名")
@click.option("--out", type=PATH, default=Path("k8s"), show_default=True, help="config.yaml と Dockerfile を書くフォルダ")
def hub_k8s_values(course_dir: Path, instructors: tuple[str, ...], image: str, host: str, out: Path) -> None:
    """Zero to JupyterHub の config.yaml と受講者イメージの Dockerfile を書く（Kubernetes に広げる）。

    \b
    例: curriculum hub k8s-values --course-dir cohort2026 --instructor sensei --out k8s
    """
    from curriculum.hub.k8s import write_k8s

    for path in write_k8s(course_dir, out, instructors=list(instructors), image=image, host=host):
        click.echo(f"書き込み: {path}")


@hub.command("gitpuller-link")
@click.option("--hub-url", required=True, help="ハブの URL 例: https://hub.city.example.lg.jp")
@click.option("--repo", required=True, help="教材の git リポジトリの URL")
@click.option("--branch", default="main", show_default=True)
@click.option("--path", "subpath", default="", help="開くフォルダかノートブック（リポジトリの中の相対パス）")
def hub_gitpuller_link(hub_url: str, repo: str, branch: str, subpath: str) -> None:
    """nbgitpuller のリンクを作る（共有フォルダが使えない市で、教材を受講者のホームに配る）。

    \b
    例: curriculum hub gitpuller-link --hub-url https://hub.city.example.lg.jp --repo https://git.city.example.lg.jp/dx/kensyu --path basic
    """
    from curriculum.hub.setup import nbgitpuller_link

    click.echo(nbgitpuller_link(hub_url, repo, branch=branch, path=subpath))
