"""Packaging: everything is in pyproject.toml except the package list, which needs a computed part.

The course material stays at the repository root (``datasets/``, ``basic/``, ``follow_up/``: where instructors and
reviewers look for it), and the wheel carries it as ``curriculum/_shipped/<folder>`` through setuptools' own
``package_dir`` mapping, so a city's IT team can install from a wheel and run from any folder. This is plain
declarative setuptools (no custom build step): the same mapping also puts the folders in the sdist, and an editable
install or a checkout reads them in place. ``curriculum.config.shipped_path`` finds them in all three cases.
pyproject.toml cannot express "discovered packages plus mapped folders" (``packages`` is either a list or ``find``),
hence this file. Which files of those folders ship is listed in pyproject.toml's ``package-data``.
"""

from setuptools import find_namespace_packages, setup

SHIPPED = {f"curriculum._shipped.{folder}": folder for folder in ("datasets", "basic", "follow_up")}

setup(
    packages=find_namespace_packages(include=["curriculum", "curriculum.*", "estat_client", "estat_client.*"]) + list(SHIPPED),
    package_dir=SHIPPED,
)
