"""The command line as users' scripts call it: query forms, named queries, validate, errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("cli-store"))
    result = CliRunner().invoke(main, ["build", "--store", location, str(SEEDS)])
    assert result.exit_code == 0, result.output
    return location


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_ask_prints_true_or_false(store: str) -> None:
    assert run("query", "--store", store, "ASK { ?a okg:gssCode 'E09000033' }") == (0, "true\n")
    assert run("query", "--store", store, "ASK { ?a okg:gssCode 'E99999999' }") == (0, "false\n")


def test_select_as_csv_reads_back(store: str) -> None:
    code, output = run(
        "query", "--store", store, "--format", "csv",
        "SELECT ?name WHERE { authority:E09000025 rdfs:label ?name }",
    )  # fmt: skip
    assert code == 0
    assert list(csv.DictReader(io.StringIO(output))) == [{"name": "Newham"}]


def test_construct_prints_turtle(store: str) -> None:
    code, output = run(
        "query", "--store", store,
        "CONSTRUCT { ?a rdfs:label ?n } WHERE { BIND(authority:E09000025 AS ?a) ?a rdfs:label ?n }",
    )  # fmt: skip
    assert code == 0
    assert "Newham" in output


def test_named_queries_are_listed_and_run(store: str) -> None:
    code, listing = run("query", "--list")
    assert code == 0
    assert "committee-agreement:" in listing
    code, output = run(
        "query", "--store", store, "--named", "committee-agreement", "--format", "csv"
    )
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(output)))) == 7


def test_an_unknown_named_query_is_named(store: str) -> None:
    code, output = run("query", "--store", store, "--named", "no-such-query")
    assert code != 0
    assert "no named query 'no-such-query'" in output


def test_a_syntax_error_is_a_clear_message(store: str) -> None:
    code, output = run("query", "--store", store, "SELECT ?x WHERE {")
    assert code == 1
    assert "SPARQL syntax error" in output
    assert "Traceback" not in output


def test_validate_passes_on_the_seed_graph(store: str) -> None:
    code, output = run("validate", "--store", store)
    assert code == 0, output
    assert "Conforms: True" in output


def test_query_from_a_file(store: str, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?j a okg:Judgement }")
    code, output = run("query", "--store", store, "--format", "csv", f"@{query}")
    assert code == 0
    # 7 (seed 000) + 22 (002) + 5 (003) + 7 (004) judgements
    assert output.splitlines()[1] == "41"


def test_the_service_allow_list_flows_from_the_environment(monkeypatch, tmp_path: Path) -> None:
    from graph.settings import Settings
    from web import create_app

    monkeypatch.setenv("OFSTED_KG_SERVICE_ALLOWLIST", "query.wikidata.org, dbpedia.org")
    settings = Settings.from_environment(store=str(tmp_path))
    app = create_app(settings, {"TESTING": True, "QUERY_WORKERS": 1})
    assert app.config["SERVICE_ALLOWLIST"] == ("query.wikidata.org", "dbpedia.org")
    assert (
        create_app(Settings(store=str(tmp_path)), {"QUERY_WORKERS": 1}).config["SERVICE_ALLOWLIST"]
        == ()
    )
