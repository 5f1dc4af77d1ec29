"""`ofsted-kg serve`: options over environment settings, and waitress (not Flask's dev server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from graph.cli import main
from tests.endpoint_server import SAMPLE_NQUADS, store_with
from web.query_runner import get_runner


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replace waitress.serve by a recorder; return what it was called with."""
    calls: dict[str, Any] = {}

    def record(app: Flask, **options: Any) -> None:
        calls["app"] = app
        calls["options"] = options
        calls["workers_at_start"] = get_runner(app).worker_count

    monkeypatch.setattr("waitress.serve", record)
    return calls


def test_serve_runs_waitress_with_the_options_over_the_environment(
    tmp_path: Path, served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    monkeypatch.setenv("OFSTED_KG_ROW_LIMIT", "99")
    monkeypatch.setenv("OFSTED_KG_HOST", "127.0.0.2")
    result = CliRunner().invoke(
        main,
        [
            "serve",
            "--store",
            str(tmp_path),
            "--port",
            "8123",
            "--query-timeout",
            "2.5",
            "--threads",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    settings = served["app"].config["SETTINGS"]
    assert (settings.store, settings.port, settings.query_timeout) == (str(tmp_path), 8123, 2.5)
    assert settings.row_limit == 99  # from the environment, no option given
    assert served["options"]["host"] == "127.0.0.2"
    assert served["options"]["port"] == 8123
    assert served["options"]["threads"] == 3
    assert served["workers_at_start"] == served["app"].config["QUERY_WORKERS"]
    assert get_runner(served["app"]).worker_count == 0  # stopped when waitress returned


def test_serve_refuses_a_non_positive_timeout(tmp_path: Path, served: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path), "--query-timeout", "0"])
    assert result.exit_code != 0
    assert "app" not in served


def test_serve_is_listed_by_the_command_line() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--store", "--host", "--port", "--query-timeout", "--row-limit", "--threads"):
        assert option in result.output
