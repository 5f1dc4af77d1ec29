"""`ofsted-kg serve`: options over environment settings; its own front by default, or waitress.

Neither is Flask's development server.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from graph.cli import main
from tests.endpoint_server import SAMPLE_NQUADS, store_with
from web.front import Front
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
    monkeypatch.setenv("OFSTED_KG_MEMORY_COPY_QUADS", "7")
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
            "--server",
            "waitress",
        ],
    )
    assert result.exit_code == 0, result.output
    settings = served["app"].config["SETTINGS"]
    assert (settings.store, settings.port, settings.query_timeout) == (str(tmp_path), 8123, 2.5)
    assert settings.row_limit == 99  # from the environment, no option given
    assert get_runner(served["app"]).memory_quads == 7  # so is the memory copy's limit
    assert served["options"]["host"] == "127.0.0.2"
    assert served["options"]["port"] == 8123
    assert served["options"]["threads"] == 3
    assert served["workers_at_start"] == served["app"].config["QUERY_WORKERS"]
    assert get_runner(served["app"]).worker_count == 0  # stopped when waitress returned


def test_serve_runs_the_front_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    seen: dict[str, Any] = {}

    def record(front: Front) -> None:
        seen["settings"], seen["processes"], seen["port"] = (
            front.settings,
            front.processes,
            front.port,
        )
        seen["ready"] = front.wait_until_ready(60)
        seen["pids"] = front.server_pids()
        front._shut_down()  # as serve_forever does when it returns

    monkeypatch.setattr(Front, "serve_forever", record)
    result = CliRunner().invoke(
        main,
        [
            "serve",
            "--store",
            str(tmp_path),
            "--port",
            "0",
            "--processes",
            "3",
            "--query-timeout",
            "2",
            "--memory-copy-quads",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    assert seen["processes"] == 3 and len(seen["pids"]) == 3
    assert seen["ready"] is True  # a serving process started and opened the store
    assert seen["settings"].query_timeout == 2
    assert seen["settings"].memory_copy_quads == 0
    assert seen["port"] > 0  # listening on the free port asked for with --port 0
    assert f":{seen['port']}/sparql" in result.output
    for pid in seen["pids"]:  # stopped when the front stopped
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_serve_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a store")
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path), "--port", "0"])
    assert result.exit_code == 1
    assert "is not an ofsted-kg store" in result.output


def test_serve_refuses_a_non_positive_timeout(tmp_path: Path, served: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path), "--query-timeout", "0"])
    assert result.exit_code != 0
    assert "app" not in served


def test_serve_is_listed_by_the_command_line() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    options = ("--store", "--host", "--port", "--query-timeout", "--row-limit", "--threads")
    for option in (*options, "--server", "--processes"):
        assert option in result.output
