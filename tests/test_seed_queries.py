"""The named queries answer the foundation's questions on the five seeds.

Seed 001 (Westminster's committee report, May 2016) and seed 000 (Ofsted's report) describe
one inspection; seeds 000-003 name the tri-borough partnership and its shared LSCB.
"""

from __future__ import annotations

import pytest

from graph.build import build
from graph.named_queries import named_query
from graph.store import EmbeddedStore
from tests.conftest import SEEDS

TRI_BOROUGH = {"E09000033", "E09000020", "E09000013"}  # Westminster, K&C, H&F


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("seed-queries"))
    assert build(store, [str(SEEDS)]).ok
    return store


def test_committee_report_and_ofsted_report_describe_one_inspection(store) -> None:
    rows = list(store.query(named_query("committee-agreement").sparql))
    inspections = {row["inspection"].value for row in rows}
    # "between 11 January and 4 February 2016": the same inspection seed 000 reports.
    assert inspections == {"https://w3id.org/ofsted-kg/id/inspection/E09000033/sif/2016-01-11"}
    reporters = store.query(
        "SELECT DISTINCT ?report WHERE { ?report okg:reportsOn "
        "<https://w3id.org/ofsted-kg/id/inspection/E09000033/sif/2016-01-11> }"
    )
    assert len(list(reporters)) == 1, "the committee report does not mint a second copy"
    # Section 3.3 of the committee report lists the five sub-judgements, 1.3 the overall
    # Outstanding and 3.1 the LSCB's Good: all seven agree with the Ofsted report.
    assert {row["area"].value for row in rows} == {
        "overall",
        "help_protection",
        "in_care",
        "adoption",
        "care_leavers",
        "leaders",
        "lscb",
    }
    assert all(row["agrees"].value == "true" for row in rows)


def test_tri_borough_partnership_and_the_board_it_shares(store) -> None:
    rows = list(store.query(named_query("partnership-members").sparql))
    members: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for row in rows:
        gss = row["member"].value.rsplit("/", 1)[-1]
        members.setdefault(row["name"].value, set()).add(gss)
        kinds[row["name"].value] = row["kind"].value if row["kind"] else ""
    partnership = next(
        name for name in members if name.lower().startswith("tri-borough partnership")
    )
    assert members[partnership] == TRI_BOROUGH
    shared_boards = [
        name
        for name, gss in members.items()
        if gss == TRI_BOROUGH and "safeguarding children board" in name.lower()
    ]
    assert shared_boards, "the LSCB the three boroughs share"


def test_a_syntax_error_is_reported_not_swallowed(store) -> None:
    with pytest.raises(SyntaxError):
        store.query("SELECT ?x WHERE { ?x ")
