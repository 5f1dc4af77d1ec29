"""What changed between two dumps: reports added, removed or changed, and grades changed.

Each dump is read once, as a stream. Per graph only an 8-byte digest of each statement is kept
(to count what was added and removed), plus the few facts the summary names: each report's
source, authority and inspection, each judgement's area and grade, and authority labels. Any
dump format works (gzip or not); the dataset formats (nq, trig) also tell which report's graph
changed.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.dumps import GZIP_SUFFIX
from graph.terms import RDF_TYPE
from graph.vocab import OKG

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS_SUBJECT = "http://purl.org/dc/terms/subject"
REPORT_CLASSES = {str(OKG.InspectionReport), str(OKG.CommitteeReport)}
DEFAULT_GRAPH = ""


class DumpReadError(ValueError):
    """A dump cannot be read: unknown extension or invalid RDF."""


@dataclass
class DumpFacts:
    """What `read_dump` keeps of one dump."""

    statements: dict[str, set[bytes]] = field(default_factory=lambda: defaultdict(set))
    reports: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    report_types: set[str] = field(default_factory=set)
    judgements: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    judgement_types: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)

    def report_summaries(self) -> dict[str, dict[str, str]]:
        """Return source, authority and inspection of each report, by report IRI."""
        return {iri: self.reports.get(iri, {}) for iri in sorted(self.report_types)}

    def grades(self) -> dict[str, dict[str, str]]:
        """Return area, grade and inspection of each judgement, by judgement IRI."""
        return {iri: self.judgements.get(iri, {}) for iri in sorted(self.judgement_types)}


# Predicate -> (which facts it feeds, the key it is kept under).
_REPORT_FACTS = {
    str(OKG.sourcePath): "source",
    DCTERMS_SUBJECT: "authority",
    str(OKG.reportsOn): "inspection",
}
_JUDGEMENT_FACTS = {
    str(OKG.grade): "grade",
    str(OKG.area): "area",
    str(OKG.judgementOf): "inspection",
}


def dump_format(path: Path) -> ox.RdfFormat:
    """Return the RDF format of a dump file from its extension (a .gz suffix is looked past)."""
    extension = path.name.removesuffix(GZIP_SUFFIX).rsplit(".", 1)[-1].lower()
    if extension == "jsonld":
        return ox.RdfFormat.JSON_LD
    rdf_format = ox.RdfFormat.from_extension(extension)
    if rdf_format is None:
        raise DumpReadError(f"{path}: unknown dump format .{extension}")
    return rdf_format


def read_dump(path: Path) -> DumpFacts:
    """Read a dump file (any RDF format, gzip or not) into the facts a diff needs."""
    facts = DumpFacts()
    opener = gzip.open if path.name.endswith(GZIP_SUFFIX) else open
    try:
        with opener(path, "rb") as handle:
            for quad in ox.parse(input=handle, format=dump_format(path)):
                _keep(facts, quad)
    except (SyntaxError, OSError, EOFError) as error:
        raise DumpReadError(f"{path}: {error}") from error
    return facts


def _keep(facts: DumpFacts, quad: ox.Quad) -> None:
    graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else DEFAULT_GRAPH
    facts.statements[graph].add(hashlib.blake2b(str(quad).encode(), digest_size=8).digest())
    subject, predicate, obj = quad.subject.value, quad.predicate.value, quad.object.value
    if predicate == RDF_TYPE:
        if obj in REPORT_CLASSES:
            facts.report_types.add(subject)
        elif obj == str(OKG.Judgement):
            facts.judgement_types.add(subject)
    elif predicate in _REPORT_FACTS:
        facts.reports[subject][_REPORT_FACTS[predicate]] = obj
    elif predicate in _JUDGEMENT_FACTS:
        facts.judgements[subject][_JUDGEMENT_FACTS[predicate]] = obj
    elif predicate == RDFS_LABEL and isinstance(quad.object, ox.Literal):
        facts.labels.setdefault(subject, obj)


@dataclass(frozen=True)
class GradeChange:
    """A judgement whose grade differs between the two dumps."""

    judgement: str
    inspection: str
    authority: str
    area: str
    old: str
    new: str


@dataclass(frozen=True)
class GraphChange:
    """A graph present in both dumps whose statements differ."""

    graph: str
    source: str
    added: int
    removed: int


@dataclass
class DumpDiff:
    """Everything `diff_dumps` found."""

    old_statements: int
    new_statements: int
    reports_added: list[dict[str, str]]
    reports_removed: list[dict[str, str]]
    graphs_changed: list[GraphChange]
    grades_changed: list[GradeChange]
    judgements_added: list[str]
    judgements_removed: list[str]

    @property
    def identical(self) -> bool:
        """Return True if the two dumps hold the same statements."""
        return not (
            self.reports_added
            or self.reports_removed
            or self.graphs_changed
            or self.grades_changed
            or self.judgements_added
            or self.judgements_removed
        )

    def as_dict(self) -> dict[str, object]:
        """Return the diff as plain data (for JSON)."""
        return {**asdict(self), "identical": self.identical}


def diff_dumps(old: DumpFacts, new: DumpFacts) -> DumpDiff:
    """Compare two dumps' facts."""
    old_reports, new_reports = old.report_summaries(), new.report_summaries()
    labels = {**old.labels, **new.labels}

    def described(iri: str, summary: dict[str, str]) -> dict[str, str]:
        authority = summary.get("authority", "")
        return {
            "report": iri,
            "source": summary.get("source", ""),
            "authority": labels.get(authority, authority),
            "inspection": summary.get("inspection", ""),
        }

    graphs_changed = []
    for graph in sorted(set(old.statements) & set(new.statements)):
        before, after = old.statements[graph], new.statements[graph]
        if before != after:
            source = new_reports.get(graph, {}).get("source", "")
            graphs_changed.append(
                GraphChange(graph, source, len(after - before), len(before - after))
            )
    old_grades, new_grades = old.grades(), new.grades()
    grades_changed = []
    for judgement in sorted(set(old_grades) & set(new_grades)):
        before, after = old_grades[judgement], new_grades[judgement]
        if before.get("grade") != after.get("grade"):
            inspection = after.get("inspection", "")
            grades_changed.append(
                GradeChange(
                    judgement,
                    inspection,
                    _authority_of(inspection, new, labels),
                    _tail(after.get("area", "")),
                    _tail(before.get("grade", "")),
                    _tail(after.get("grade", "")),
                )
            )
    return DumpDiff(
        old_statements=sum(len(digests) for digests in old.statements.values()),
        new_statements=sum(len(digests) for digests in new.statements.values()),
        reports_added=[
            described(iri, new_reports[iri]) for iri in new_reports.keys() - old_reports.keys()
        ],
        reports_removed=[
            described(iri, old_reports[iri]) for iri in old_reports.keys() - new_reports.keys()
        ],
        graphs_changed=graphs_changed,
        grades_changed=grades_changed,
        judgements_added=sorted(new_grades.keys() - old_grades.keys()),
        judgements_removed=sorted(old_grades.keys() - new_grades.keys()),
    )


def _tail(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _authority_of(inspection: str, facts: DumpFacts, labels: dict[str, str]) -> str:
    for summary in facts.reports.values():
        if summary.get("inspection") == inspection and "authority" in summary:
            return labels.get(summary["authority"], summary["authority"])
    return ""


def diff_text(diff: DumpDiff, old_name: str, new_name: str) -> str:
    """Return the diff as text for a terminal."""
    lines = [
        f"old: {old_name} ({diff.old_statements} statements)",
        f"new: {new_name} ({diff.new_statements} statements)",
    ]
    if diff.identical:
        lines.append("no differences")
        return "\n".join(lines) + "\n"
    for title, reports, mark in (
        ("Reports added", diff.reports_added, "+"),
        ("Reports removed", diff.reports_removed, "-"),
    ):
        lines.append(f"{title}: {len(reports)}")
        lines.extend(
            f"  {mark} {item['source'] or item['report']} ({item['authority'] or '?'}) "
            f"{item['report']}"
            for item in sorted(reports, key=lambda item: (item["source"], item["report"]))
        )
    lines.append(f"Graphs changed: {len(diff.graphs_changed)}")
    lines.extend(
        f"  ~ {change.source or change.graph or '(default graph)'}: "
        f"+{change.added} -{change.removed} statements"
        for change in diff.graphs_changed
    )
    lines.append(f"Grades changed: {len(diff.grades_changed)}")
    lines.extend(
        f"  {change.authority or '?'} {change.inspection} {change.area}: "
        f"{change.old} -> {change.new}"
        for change in diff.grades_changed
    )
    lines.append(
        f"Judgements added: {len(diff.judgements_added)}; removed: {len(diff.judgements_removed)}"
    )
    return "\n".join(lines) + "\n"
