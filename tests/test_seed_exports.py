"""The five bundled seeds, built with the real CLI into a real store, read back as CSV.

Expected values were read from the seed texts in data/seeds (quoted beside each value).
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import SEEDS

SEED = {
    key: f"{SEEDS.name}/{path}"
    for key, path in {
        "000": "000_0198f2293c425e86.txt",
        "001": "001_3b77d2bdebb1a5cd.txt",
        "002": "002_5d7ae1ebd0854583.txt",
        "003": "003_0f0a4a3acd0e3a62.txt",
        "004": "004_09a8bcbe9569aa90.txt",
    }.items()
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    store = tmp_path_factory.mktemp("seed-store")
    runner = CliRunner()
    with contextlib.chdir(tmp_path_factory.mktemp("cwd")):  # sources named relative to it
        Path(SEEDS.name).symlink_to(SEEDS)
        built = runner.invoke(main, ["build", "--store", str(store), SEEDS.name])
        assert built.exit_code == 0, built.output
        tables = {}
        for table in ("inspections", "judgements", "recommendations"):
            result = runner.invoke(
                main, ["export", "--store", str(store), "--table", table, "--format", "csv"]
            )
            assert result.exit_code == 0, result.output
            tables[table] = list(csv.DictReader(io.StringIO(result.output)))
    return tables


def _rows(tables: dict[str, list[dict[str, str]]], table: str, seed: str) -> list[dict[str, str]]:
    return [row for row in tables[table] if row["source"] == SEED[seed]]


# (seed, authority_gss, start, end, published, lead inspector, {area: grade})
HEADLINE = [
    (
        # "Inspection date: 11 January 2016 to 4 February 2016", "Report published: 29 March 2016"
        "000",
        "E09000033",
        "2016-01-11",
        "2016-02-04",
        "2016-03-29",
        "Brenda McLaughlin",  # "Lead inspector: Brenda McLaughlin"
        {
            # "Children's services in Westminster City Council are outstanding"
            "overall": "outstanding",
            "help_protection": "good",
            "in_care": "outstanding",
            "adoption": "outstanding",
            "care_leavers": "good",
            "leaders": "outstanding",
            "lscb": "good",  # "The Local Safeguarding Children Board is good"
        },
    ),
    (
        "003",  # "Inspection dates: 11 to 15 November 2024"; no publication date printed
        "E09000033",
        "2024-11-11",
        "2024-11-15",
        "",
        "Naintara Khosla",  # "Lead inspector: Naintara Khosla, His Majesty's Inspector"
        {
            "leaders": "outstanding",
            "help_protection": "outstanding",
            "in_care": "outstanding",
            "care_leavers": "outstanding",
            "overall": "outstanding",
        },
    ),
    (
        "004",  # "Inspection date: 3 June 2014 - 25 June 2014", "Report published: 8 August 2014"
        "E09000025",
        "2014-06-03",
        "2014-06-25",
        "2014-08-08",
        "Shirley Bailey",
        {
            "overall": "requires_improvement",  # "children's service requires improvement"
            "help_protection": "requires_improvement",
            "in_care": "requires_improvement",
            "adoption": "good",
            "care_leavers": "good",
            "leaders": "requires_improvement",
            # "The effectiveness of the Local Safeguarding Children Board (LSCB) is good."
            "lscb": "good",
        },
    ),
]


@pytest.mark.parametrize(("seed", "gss", "start", "end", "published", "lead", "grades"), HEADLINE)
def test_every_headline_grade_with_its_inspection(
    exported, seed, gss, start, end, published, lead, grades
):
    rows = _rows(exported, "judgements", seed)
    assert {row["area"]: row["grade"] for row in rows} == grades
    assert len(rows) == len(grades), "no grade invented, none twice"
    for row in rows:
        assert (row["authority_gss"], row["inspection_start"], row["inspection_end"]) == (
            gss,
            start,
            end,
        )
        assert (row["published"], row["lead_inspector"]) == (published, lead)


def test_the_2012_framework_keeps_every_graded_judgement(exported) -> None:
    rows = _rows(exported, "judgements", "002")
    # The "Record of main findings" grades 10 safeguarding and 12 looked-after-children
    # judgements, all "2 (Good)"; the body repeats 20 of them under "Grade 2 (Good)" headings
    # (the two "Equality and diversity" judgements appear only in the record).
    assert len(rows) == 22
    assert {row["grade"] for row in rows} == {"good"}
    areas = {row["area"] for row in rows}
    assert {
        "safeguarding_overall",
        "lac_overall",
        "lac_being_healthy",
        "lac_economic_wellbeing",
    } <= areas
    assert all(row["authority_gss"] == "E09000020" for row in rows)  # Kensington and Chelsea
    assert {(row["inspection_start"], row["inspection_end"]) for row in rows} == {
        ("2012-04-10", "2012-04-20")
    }
    assert {row["lead_inspector"] for row in rows} == {
        "Stephen Hart"
    }  # "Reporting inspector Stephen Hart HMI"


@pytest.mark.parametrize(
    ("seed", "local", "lscb"), [("000", 4, 5), ("002", 15, 0), ("003", 1, 0), ("004", 10, 2)]
)
def test_every_recommendation(exported, seed: str, local: int, lscb: int) -> None:
    rows = _rows(exported, "recommendations", seed)
    assert sum(row["part"] == "local_authority" for row in rows) == local
    assert sum(row["part"] == "lscb" for row in rows) == lscb
    assert all(row["text"].strip() for row in rows)


def test_recommendation_numbers_and_text_as_printed(exported) -> None:
    rows = {
        (row["part"], row["number"]): row["text"]
        for row in _rows(exported, "recommendations", "000")
    }
    # "1. Ensure that all cases of children in need are systematically evaluated by managers..."
    assert rows[("local_authority", "1")].startswith("Ensure that all cases of children in need")
    # "118. Review the extensive dataset to ensure that it is aligned to the board's priorities."
    assert (
        rows[("lscb", "118")]
        == "Review the extensive dataset to ensure that it is aligned to the board's priorities."
    )
    newham = {
        row["number"]
        for row in _rows(exported, "recommendations", "004")
        if row["part"] == "local_authority"
    }
    assert newham == {str(number) for number in range(9, 19)}  # "Areas for improvement" 9.-18.


def test_2012_areas_for_improvement_keep_timescale_and_addressee(exported) -> None:
    rows = _rows(exported, "recommendations", "002")
    timescales = [row["timescale"].lower().rstrip(":") for row in rows]
    # Safeguarding: 2 immediately, 4 within three months, 1 within six months;
    # looked after children: 3, 4 and 1.
    assert timescales.count("immediately") == 5
    assert timescales.count("within three months") == 8
    assert timescales.count("within six months") == 2
    addressed = [row for row in rows if row["addressed_to"]]
    # "Inner North West London PCTs and the urgent care centre, St Charles Hospital should..."
    assert any("Inner North West London PCTs" in row["addressed_to"] for row in addressed)


def test_one_inspection_row_per_source(exported) -> None:
    sources = [row["source"] for row in exported["inspections"]]
    assert sorted(sources) == sorted(SEED.values())
    committee = next(row for row in exported["inspections"] if row["source"] == SEED["001"])
    assert committee["report_type"] == "committee_report"
    assert committee["authority_gss"] == "E09000033"
