"""`ofsted-kg diff OLD NEW` between two dumps: reports added and removed, grades changed.

Two stores are built from overlapping choices of the seeds under the same source paths: the
old one from 000-003, the new one from 000, 002, 003 and 004. So the new dump adds seed 004
(Newham) and drops seed 001 (Westminster's committee report).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.diff import diff_dumps, read_dump
from graph.dumps import dump_bytes
from graph.store import EmbeddedStore
from graph.terms import report_iri
from tests.test_dumps import build_store

NEWHAM = "seeds/004_09a8bcbe9569aa90.txt"
COMMITTEE = "seeds/001_3b77d2bdebb1a5cd.txt"
# Seed 004: "Inspection date: 3 June 2014 – 25 June 2014"; "The overall judgement is that
# children's service requires improvement."
NEWHAM_OVERALL = (
    "https://w3id.org/ofsted-kg/id/inspection/E09000025/sif/2014-06-03/judgement/overall"
)
# Seed 000: "Inspection date: 11 January 2016 to 4 February 2016"; "Children's services in
# Westminster City Council are outstanding".
WESTMINSTER_OVERALL = (
    "https://w3id.org/ofsted-kg/id/inspection/E09000033/sif/2016-01-11/judgement/overall"
)
SIF = "https://w3id.org/ofsted-kg/id/grade/sif/"


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("diff")
    old_store = build_store(root / "old", root / "old-store", ("000", "001", "002", "003"))
    new_store = build_store(root / "new", root / "new-store", ("000", "002", "003", "004"))
    paths = {}
    for name, store in (("old", old_store), ("new", new_store)):
        for format_name in ("nq", "ttl"):
            path = root / f"{name}.{format_name}"
            path.write_bytes(dump_bytes(EmbeddedStore(store), format_name))
            paths[f"{name}.{format_name}"] = path
    # An old dump in which Westminster's 2016 overall grade was read as good, not outstanding.
    regraded = root / "old-regraded.nq.gz"
    lines = paths["old.nq"].read_text(encoding="utf-8").splitlines(keepends=True)
    edited = [
        line.replace(f"<{SIF}outstanding>", f"<{SIF}good>")
        if line.startswith(f"<{WESTMINSTER_OVERALL}> <https://w3id.org/ofsted-kg/def#grade>")
        else line
        for line in lines
    ]
    assert edited != lines
    regraded.write_bytes(gzip.compress("".join(edited).encode("utf-8")))
    paths["old-regraded.nq.gz"] = regraded
    return paths


def run_diff(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", *arguments])
    return result.exit_code, result.output


def test_reports_added_and_removed(dumps: dict[str, Path]) -> None:
    result = diff_dumps(read_dump(dumps["old.nq"]), read_dump(dumps["new.nq"]))
    assert [item["source"] for item in result.reports_added] == [NEWHAM]
    assert [item["report"] for item in result.reports_added] == [report_iri(NEWHAM).value]
    assert result.reports_added[0]["authority"] == "Newham"
    assert [item["source"] for item in result.reports_removed] == [COMMITTEE]
    assert NEWHAM_OVERALL in result.judgements_added
    assert result.grades_changed == []
    assert not result.identical


def test_grade_changed(dumps: dict[str, Path]) -> None:
    result = diff_dumps(read_dump(dumps["old-regraded.nq.gz"]), read_dump(dumps["old.nq"]))
    assert [(c.judgement, c.area, c.old, c.new, c.authority) for c in result.grades_changed] == [
        (WESTMINSTER_OVERALL, "overall", "good", "outstanding", "Westminster")
    ]
    # Only the Westminster 2016 report's graph changed: one statement out, one in.
    assert [(c.source, c.added, c.removed) for c in result.graphs_changed] == [
        ("seeds/000_0198f2293c425e86.txt", 1, 1)
    ]
    assert result.reports_added == [] and result.reports_removed == []


def test_union_dumps_compare_too(dumps: dict[str, Path]) -> None:
    result = diff_dumps(read_dump(dumps["old.ttl"]), read_dump(dumps["new.ttl"]))
    assert [item["source"] for item in result.reports_added] == [NEWHAM]
    assert [item["source"] for item in result.reports_removed] == [COMMITTEE]


def test_cli_text_and_exit_status(dumps: dict[str, Path]) -> None:
    status, output = run_diff(str(dumps["old-regraded.nq.gz"]), str(dumps["new.nq"]))
    assert status == 1
    assert "Reports added: 1" in output and NEWHAM in output
    assert "Reports removed: 1" in output and COMMITTEE in output
    assert "Grades changed: 1" in output
    assert "Westminster" in output and "overall: good -> outstanding" in output


def test_cli_json(dumps: dict[str, Path]) -> None:
    status, output = run_diff(str(dumps["old.nq"]), str(dumps["new.nq"]), "--format", "json")
    assert status == 1
    data = json.loads(output)
    assert data["identical"] is False
    assert [item["source"] for item in data["reports_added"]] == [NEWHAM]


def test_the_same_dump_twice_is_identical(dumps: dict[str, Path]) -> None:
    status, output = run_diff(str(dumps["new.nq"]), str(dumps["new.nq"]))
    assert (status, output.splitlines()[-1]) == (0, "no differences")


@pytest.mark.parametrize(
    ("name", "content"),
    [("broken.nq", b"<a> <b> ."), ("notes.csv", b"a,b\n")],
)
def test_unreadable_dump_exits_2(
    dumps: dict[str, Path], tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    status, output = run_diff(str(path), str(dumps["new.nq"]))
    assert status == 2
    assert name in output
