"""estat_client.errors: its own exception family (the package stands alone), in the product's message form."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from curriculum.errors import CurriculumError
from estat_client import errors
from estat_client.gis import census_mesh_url

ROOT = Path(__file__).resolve().parents[2]


def test_message_form_is_japanese_first_then_english():
    err = errors.EStatArgumentError("第1次地域区画コードが違います", "bad 1st mesh code", path="a.json", fix="4桁で指定")
    assert str(err).splitlines() == ["第1次地域区画コードが違います", "  ファイル: a.json", "  対処: 4桁で指定",
                                     "[en] bad 1st mesh code"]
    assert (err.ja, err.en, err.path, err.fix) == ("第1次地域区画コードが違います", "bad 1st mesh code", "a.json", "4桁で指定")


@pytest.mark.parametrize("cls", [
    errors.EStatArgumentError, errors.EStatAPIError, errors.EStatNoDataError, errors.EStatAuthError,
    errors.EStatParameterError, errors.EStatServerError, errors.EStatAppIdMissingError, errors.EStatOfflineError,
    errors.EStatTimeoutError, errors.EStatResponseError, errors.EStatCacheError, errors.ResasError,
    errors.ResasServiceEndedError, errors.ResasAPIError,
])
def test_every_error_is_an_estat_error_and_not_a_curriculum_error(cls):
    assert issubclass(cls, errors.EStatError)
    assert not issubclass(cls, CurriculumError)


def test_bad_argument_is_a_value_error():
    with pytest.raises(ValueError) as info:
        census_mesh_url("T001141", "56")
    assert isinstance(info.value, errors.EStatArgumentError) and "4桁" in str(info.value)


def test_importing_every_module_loads_nothing_from_curriculum():
    """The runtime side of tests/test_import_graph.py: a fresh interpreter, every module imported."""
    modules = sorted(p.stem for p in (ROOT / "estat_client").glob("*.py") if p.stem != "__init__")
    code = ("import sys, importlib\n"
            f"for name in {modules!r}: importlib.import_module('estat_client.' + name)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'curriculum'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "[]"
    assert len(modules) >= 8
