"""The `curriculum` command: groups by audience (data, estat, practice, template, gis, mieruka, databook, cohort, course, grade, hub, demo).

User mistakes anywhere below end in a clear message and a non-zero exit, not a traceback (:mod:`curriculum.cli.base`).
"""

from __future__ import annotations

import click

from curriculum.cli.base import Group
from curriculum.cli.course import cohort, course, grade
from curriculum.cli.data import data
from curriculum.cli.databook import databook
from curriculum.cli.estat import estat
from curriculum.cli.gis import gis
from curriculum.cli.hub import hub
from curriculum.cli.mieruka import mieruka
from curriculum.cli.practice import demo, practice
from curriculum.cli.templates import template


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="curriculum")
def main() -> None:
    """自治体職員向けデータ分析研修パッケージのコマンド。

    \b
    例:
      curriculum data list
      curriculum data fetch ssdse-a-2026
      curriculum demo
    """


for command in (data, estat, practice, template, gis, mieruka, databook, cohort, course, grade, hub, demo):
    main.add_command(command)
