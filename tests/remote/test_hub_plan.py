"""`curriculum hub setup` decisions that need no root: one canonical user name, clear errors, the files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hubtools import REPO

from curriculum.errors import CurriculumError


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from curriculum.course.cohort import create_cohort

    base = tmp_path_factory.mktemp("plan")
    roster = base / "roster.csv"
    roster.write_text("職員番号,氏名,所属,メール\nT0001,練習 太郎,総務課,\nT0002,見本 花子,企画財政課,\n", encoding="utf-8-sig")
    create_cohort(base / "course", year=2026, theme="観光振興", start=dt.date(2026, 5, 11), roster=roster,
                  source_root=REPO, basic_ids=["b00_orientation"])
    return base / "course"


def test_roster_ids_that_differ_only_in_case_are_refused():
    from curriculum.hub.users import hub_users

    with pytest.raises(CurriculumError, match="「T0001」と「t0001」"):
        hub_users(["T0001", "T0002", "t0001"], ["sensei"])
    with pytest.raises(CurriculumError, match="--user-prefix"):
        hub_users(["12345"], ["sensei"])
    assert hub_users(["12345"], ["sensei"], prefix="s").trainees == ("s12345",)


def test_exchange_inside_the_course_is_refused(course):
    from curriculum.hub.setup import plan_hub

    with pytest.raises(CurriculumError, match="講座フォルダの外"):
        plan_hub(course, instructors=["sensei"], exchange_root=course / "exchange")
    with pytest.raises(CurriculumError, match="--instructor"):
        plan_hub(course, instructors=[])


def test_setup_writes_the_files_without_applying(course, tmp_path):
    from curriculum.cli import main
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["hub", "setup", "--course-dir", str(course), "--instructor", "Sensei",
                                       "--etc-dir", str(tmp_path / "etc"), "--port", "8443",
                                       "--tls-cert", "/etc/ssl/hub.crt", "--tls-key", "/etc/ssl/private/hub.key"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "etc" / "curriculum" / "cohort-2026-tourism"
    hub_config = (folder / "jupyterhub_config.py").read_text(encoding="utf-8")
    compile(hub_config, "jupyterhub_config.py", "exec")
    assert "c.JupyterHub.bind_url = 'https://0.0.0.0:8443'" in hub_config
    assert "c.JupyterHub.ssl_key = '/etc/ssl/private/hub.key'" in hub_config
    assert "c.Authenticator.allowed_users = {" in hub_config and "'t0001'" in hub_config and "'T0001'" not in hub_config
    unit = (folder / "jupyterhub-cohort-2026-tourism.service").read_text(encoding="utf-8")
    assert f"ExecStart=/opt/curriculum/venv/bin/jupyterhub -f {folder / 'jupyterhub_config.py'}" in unit
    trainee = folder / "jupyter"
    page = json.loads((trainee / "labconfig" / "page_config.json").read_text())
    assert sorted(page["disabledExtensions"]) == ["@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment",
                                                 "@jupyter/nbgrader:formgrader"]
    overrides = json.loads((trainee / "lab-settings" / "overrides.json").read_text())
    assert overrides == {"@jupyterlab/translation-extension:plugin": {"locale": "ja_JP"}}
    system = (tmp_path / "etc" / "jupyter" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "c.Exchange.root = '/srv/nbgrader/exchange'" in system
    assert "LDAPAuthenticator.server_address" in (folder / "auth-ldap.py.example").read_text(encoding="utf-8")
    assert "AzureAdOAuthenticator.tenant_id" in (folder / "auth-entra-id.py.example").read_text(encoding="utf-8")
