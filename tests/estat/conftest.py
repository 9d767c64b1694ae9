"""Fixtures for the e-Stat client tests: a local server on 127.0.0.1, a fake appId, no internet."""

from __future__ import annotations

import pytest

import estat_client.api as api_module
from estat_client import EStat
from estat_helpers import FAKE_APP_ID


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch):
    """Each test starts a new 'session' for the credit line and has no appId in the environment."""
    monkeypatch.setattr(api_module, "_credit_shown", False)
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    monkeypatch.delenv("ESTAT_CACHE_DIR", raising=False)


@pytest.fixture
def server(httpserver_ipv4):
    return httpserver_ipv4


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def make_client(server, tmp_path, sleeps):
    def make(**kwargs):
        options = dict(
            app_id=FAKE_APP_ID,
            base_url=server.url_for("/rest/3.0/app/"),
            cache_dir=tmp_path / "cache",
            sleep=sleeps.append,
            progress=False,
        )
        options.update(kwargs)
        return EStat(**options)

    return make


@pytest.fixture
def client(make_client):
    return make_client()
