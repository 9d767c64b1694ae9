"""就労支援事業の実績（ロジックモデルのアウトプット・アウトカムを測る、所管課の表）."""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

CHILDCARE_EMPLOYMENT_PROGRAM = Template(
    id="childcare-employment-program",
    title="就労支援事業の実績",
    owner="商工課・子育て支援課",
    description="1 行 = 1 年度 × 1 事業。参加者数と、参加者のうち 6 か月以内に就職した人数（追跡調査）。",
    columns=(
        Column("年度", "fiscal_year", "integer", min=2000, max=2100, example="2025"),
        Column("事業名", "programme", "text", example="再就職支援セミナー"),
        Column("参加者数", "participants", "integer", unit="人", min=0, example="48"),
        Column("追跡調査の回答者数", "followed_up", "integer", unit="人", min=0, example="40"),
        Column("6か月以内の就職者数", "employed", "integer", unit="人", min=0, example="17"),
    ),
    unique=("fiscal_year", "programme"),
    notes=("就職した人の割合は「就職者数 ÷ 追跡調査の回答者数」。回答しなかった人を分母に入れると割合を低く見積もる。",),
)
