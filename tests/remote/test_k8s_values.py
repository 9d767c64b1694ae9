"""`curriculum hub k8s-values`: the Zero to JupyterHub config validates against the chart's own schema, and the
single-user Dockerfile installs the same wheel with the same pinned versions as the one-server set-up."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hubtools import REPO



def chart_reference() -> Path:
    """The chart's schema copied beside the repo (``../shared/reference/z2jh``, next to the real data)."""
    data = os.environ.get("CURRICULUM_DATA_DIR")
    shared = [Path(data).parent] if data else []
    for folder in [*shared, REPO.parent / "shared", REPO.parents[1] / "shared"]:
        if (folder / "reference" / "z2jh" / "values.schema.yaml").is_file():
            return folder / "reference" / "z2jh"
    pytest.fail("the Zero to JupyterHub schema ../shared/reference/z2jh/values.schema.yaml is missing")


SCHEMA = chart_reference()


def merged(defaults: dict, config: dict) -> dict:
    """What helm validates: the chart's values.yaml with config.yaml merged over it (maps merge, lists replace)."""
    out = dict(defaults)
    for key, value in config.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from curriculum.course.cohort import create_cohort

    base = tmp_path_factory.mktemp("k8s")
    roster = base / "roster.csv"
    roster.write_text("職員番号,氏名,所属,メール\nT0001,練習 太郎,総務課,\nT0002,見本 花子,企画財政課,\n", encoding="utf-8-sig")
    create_cohort(base / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11), roster=roster,
                  source_root=REPO, basic_ids=["b00_orientation"])
    return base / "course"


@pytest.fixture(scope="module")
def written(course, tmp_path_factory):
    from curriculum.cli import main

    out = tmp_path_factory.mktemp("k8s-out")
    result = CliRunner().invoke(main, ["hub", "k8s-values", "--course-dir", str(course), "--instructor", "Sensei",
                                       "--image", "registry.example.lg.jp/curriculum:0.1.0", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_config_yaml_validates_against_the_chart_schema(written):
    import jsonschema

    schema = yaml.safe_load((SCHEMA / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((SCHEMA / "values.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((written / "config.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(merged(defaults, config), schema)
    assert config["hub"]["db"]["type"] == "postgres" and config["cull"]["enabled"] is True
    assert config["singleuser"]["image"] == {"name": "registry.example.lg.jp/curriculum", "tag": "0.1.0"}
    assert config["hub"]["config"]["Authenticator"]["allowed_users"] == ["t0001", "t0002", "sensei"]
    mounts = {m["name"]: m["mountPath"] for m in config["singleuser"]["storage"]["extraVolumeMounts"]}
    assert mounts == {"exchange": "/srv/nbgrader/exchange", "data": "/srv/curriculum/data"}
    # a broken value is caught by the same check (the test can fail)
    config["cull"]["timeout"] = "an hour"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(merged(defaults, config), schema)


def test_dockerfile_parses_and_pins_the_one_server_versions(written, course):
    from dockerfile_parse import DockerfileParser

    from curriculum.hub.k8s import wheel_name
    from curriculum.hub.setup import pinned_requirements, plan_hub, render_requirements

    parser = DockerfileParser(path=str(written / "Dockerfile"))
    instructions = [(i["instruction"], i["value"]) for i in parser.structure if i["instruction"] != "COMMENT"]
    assert instructions[0] == ("FROM", "quay.io/jupyter/minimal-notebook:python-3.11")
    pip = next(v for k, v in instructions if k == "RUN" and "pip install" in v).split()
    one_server = render_requirements(plan_hub(course, instructors=["sensei"])).splitlines()
    pins = [line for line in one_server if "==" in line]
    assert sorted(a for a in pip if "==" in a) == sorted(pins) and len(pins) == len(pinned_requirements())
    assert f"/tmp/{wheel_name()}" in pip and ("COPY", f"{wheel_name()} /tmp/{wheel_name()}") in instructions
    users = [v for k, v in instructions if k == "RUN" and v.startswith("useradd")]
    assert users == ["useradd --uid 20000 --no-create-home --shell /bin/bash t0001",
                     "useradd --uid 20001 --no-create-home --shell /bin/bash t0002",
                     "useradd --uid 20002 --no-create-home --shell /bin/bash sensei"]
