"""Every hand-checked fact in ../shared/corpus/labels.csv comes back through the CSV exports.

The corpus is built once per test session into a temporary on-disk store; the exports are read
back exactly as a researcher's script would read them.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from graph.build import build
from graph.exports import write_csv
from graph.store import EmbeddedStore
from loaders.dates import parse_date
from tests.conftest import CORPUS, corpus_labels, requires_corpus

pytestmark = [requires_corpus, pytest.mark.corpus]
GRADE_COLUMNS = (
    "overall",
    "leaders",
    "help_protection",
    "in_care",
    "care_leavers",
    "adoption",
    "lscb",
)
HEADLINE_AREAS = {*GRADE_COLUMNS, "in_care_and_care_leavers"}
REPORT_TYPES = {
    "ilacs_full": {"ilacs_standard", "ilacs_short"},
    "sif_with_lscb": {"sif"},
    "sif": {"sif"},
    "other_older": {"lac_2013"},
}


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory):
    store = EmbeddedStore(tmp_path_factory.mktemp("corpus-store"))
    result = build(store, [str(CORPUS)])
    tables = {}
    for table in ("inspections", "judgements", "recommendations"):
        buffer = io.StringIO()
        write_csv(store, table, buffer)
        tables[table] = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    return result, tables


def _relative(source: str) -> str:
    return source.split("ofsted-pdf/", 1)[1]


def _by_source(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault(_relative(row["source"]), []).append(row)
    return grouped


LABELS = corpus_labels()
REPORT_LABELS = [row for row in LABELS if row["report_type"] != "not_a_pdf"]


def test_error_pages_are_named_with_their_reason_and_the_rest_load(corpus_build) -> None:
    result, tables = corpus_build
    failed = {_relative(source): reason for source, reason in result.failed}
    expected_failures = {row["file"] for row in LABELS if row["report_type"] == "not_a_pdf"}
    assert set(failed) == expected_failures
    assert all("HTML" in reason for reason in failed.values())
    assert {_relative(row["source"]) for row in tables["inspections"]} == {
        row["file"] for row in REPORT_LABELS
    }


@pytest.mark.parametrize("label", REPORT_LABELS, ids=lambda row: row["file"])
def test_inspection_facts(corpus_build, label: dict[str, str]) -> None:
    _, tables = corpus_build
    [row] = _by_source(tables["inspections"])[label["file"]]
    assert row["authority_gss"] == label["gss_code"]
    assert row["authority_name"] == label["la_name"]
    assert row["report_type"] in REPORT_TYPES[label["report_type"]]
    assert row["inspection_start"] == label["inspection_start"]
    assert row["inspection_end"] == label["inspection_end"]
    assert row["lead_inspector"] == label["lead_inspector"]
    # The file name carries the publication date (corpus/README.md).
    named = parse_date(re.sub(r".* - ", "", label["file"]).removesuffix(".pdf"))
    assert row["published"] == named.isoformat()


@pytest.mark.parametrize("label", REPORT_LABELS, ids=lambda row: row["file"])
def test_every_grade_and_no_invented_grade(corpus_build, label: dict[str, str]) -> None:
    _, tables = corpus_build
    rows = _by_source(tables["judgements"]).get(label["file"], [])
    grades = {row["area"]: row["grade"] for row in rows if row["area"] in HEADLINE_AREAS}
    expected = {column: label[column] for column in GRADE_COLUMNS if label[column]}
    if label["care_leavers_combined"] == "yes":
        expected["in_care_and_care_leavers"] = expected.pop("in_care")
    assert grades == expected
    assert len(rows) == len({row["area"] for row in rows}), "one grade per area"


@pytest.mark.parametrize(
    "label", [row for row in REPORT_LABELS if row["n_improvements"]], ids=lambda row: row["file"]
)
def test_local_authority_recommendation_count(corpus_build, label: dict[str, str]) -> None:
    _, tables = corpus_build
    rows = _by_source(tables["recommendations"]).get(label["file"], [])
    local = [row for row in rows if row["part"] == "local_authority"]
    assert len(local) == int(label["n_improvements"])
    assert all(row["text"].strip() for row in local)


@pytest.mark.parametrize(
    "label",
    [row for row in REPORT_LABELS if row["report_type"] == "ilacs_full"],
    ids=lambda r: r["file"],
)
def test_ilacs_type_follows_days_on_site(corpus_build, label: dict[str, str]) -> None:
    _, tables = corpus_build
    [row] = _by_source(tables["inspections"])[label["file"]]
    expected = "ilacs_short" if "one week on site" in label["notes"] else "ilacs_standard"
    assert row["report_type"] == expected
