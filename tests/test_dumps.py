"""Whole-dataset dumps: every format round-trips through rdflib to the store's data, N-Quads
dumps are byte-identical for the same inputs, and `ofsted-kg export` writes them.

The stores are built from the bundled seeds with the real CLI (tests/conftest.py SEEDS).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.cli import DUMP_FORMAT_NAMES, main
from graph.dumps import DUMP_FORMATS, dump_bytes, dump_filename, parse_dump_filename
from graph.store import EmbeddedStore
from graph.terms import BUILD_GRAPH, REFERENCE_GRAPH
from tests.conftest import SEEDS

ALL_SEEDS = ("000", "001", "002", "003", "004")
RDFLIB_FORMATS = {
    "nq": "nquads",
    "trig": "trig",
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
# rdflib builds ConjunctiveGraphs inside Dataset.parse.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def build_store(workdir: Path, store: Path, seeds: Iterable[str] = ALL_SEEDS, *args: str) -> Path:
    """Build `store` from the chosen seeds, as the files `seeds/NNN_....txt` under `workdir`.

    The source paths (and so the report IRIs) are the same whichever seeds are chosen, so two
    stores built from different choices can be compared.
    """
    folder = workdir / "seeds"
    folder.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        (source,) = SEEDS.glob(f"{seed}_*.txt")
        if not (folder / source.name).exists():
            (folder / source.name).symlink_to(source)
    cwd = Path.cwd()
    os.chdir(workdir)
    try:
        result = CliRunner().invoke(main, ["build", "--store", str(store), "seeds", *args])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    root = tmp_path_factory.mktemp("dumps")
    return EmbeddedStore(build_store(root / "work", root / "store"))


@pytest.fixture(scope="module")
def expected(seed_store: EmbeddedStore) -> rdflib.Dataset:
    return store_dataset(seed_store)


def store_dataset(store: EmbeddedStore) -> rdflib.Dataset:
    """Return the store's named graphs, build graph aside, read straight from Oxigraph (the
    default graph, their merge, is not dumped)."""
    quads = [
        quad
        for quad in store.raw().quads_for_pattern(None, None, None, None)
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value != BUILD_GRAPH
    ]
    dataset = rdflib.Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset


def named_graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    graphs = {}
    for context in dataset.graphs():
        if len(context) and context.identifier != DATASET_DEFAULT_GRAPH_ID:
            graph = rdflib.Graph()
            for triple in context:
                graph.add(triple)
            graphs[str(context.identifier)] = graph
    return graphs


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for subject, predicate, obj, _ in dataset.quads():
        graph.add((subject, predicate, obj))
    return graph


def assert_isomorphic(got: rdflib.Graph, expected: rdflib.Graph, what: str) -> None:
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail(
            f"{what} differs: only in the dump {sorted(only_got)[:5]}; "
            f"only in the store {sorted(only_expected)[:5]}"
        )


def test_the_cli_offers_exactly_the_dump_formats() -> None:
    assert set(DUMP_FORMAT_NAMES) == set(DUMP_FORMATS)


@pytest.mark.parametrize("format_name", ["nq", "trig"])
def test_dataset_formats_round_trip_graph_by_graph(
    seed_store: EmbeddedStore, expected: rdflib.Dataset, format_name: str
) -> None:
    parsed = rdflib.Dataset()
    parsed.parse(data=dump_bytes(seed_store, format_name), format=RDFLIB_FORMATS[format_name])
    got, wanted = named_graphs(parsed), named_graphs(expected)
    # Five seed reports, each its own graph, and the reference graph; no build graph.
    assert len(wanted) == 6 and REFERENCE_GRAPH in wanted
    assert sorted(got) == sorted(wanted)
    for name, graph in wanted.items():
        assert_isomorphic(got[name], graph, f"graph <{name}>")


@pytest.mark.parametrize("format_name", ["ttl", "nt", "jsonld", "rdfxml"])
def test_graph_formats_round_trip_to_the_union(
    seed_store: EmbeddedStore, expected: rdflib.Dataset, format_name: str
) -> None:
    parsed = rdflib.Dataset()
    parsed.parse(data=dump_bytes(seed_store, format_name), format=RDFLIB_FORMATS[format_name])
    assert named_graphs(parsed) == {}  # the union formats name no graphs
    assert_isomorphic(union(parsed), union(expected), f"{format_name} dump")


def test_gzip_dump_is_the_plain_dump_compressed(seed_store: EmbeddedStore) -> None:
    compressed = dump_bytes(seed_store, "nq", compressed=True)
    assert compressed[:2] == b"\x1f\x8b"
    assert gzip.decompress(compressed) == dump_bytes(seed_store, "nq")


def test_nquads_are_grouped_by_graph_in_iri_order_and_sorted_within(
    seed_store: EmbeddedStore,
) -> None:
    lines = dump_bytes(seed_store, "nq").decode("utf-8").splitlines()
    graphs = [line.rsplit(" ", 2)[1] for line in lines]
    order = list(dict.fromkeys(graphs))
    assert order == sorted(order)
    assert f"<{BUILD_GRAPH}>" not in order
    for graph in order:
        within = [line for line, name in zip(lines, graphs, strict=True) if name == graph]
        assert within == sorted(within)
    expected = sum(
        1
        for quad in seed_store.raw().quads_for_pattern(None, None, None, None)
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value != BUILD_GRAPH
    )
    assert len(lines) == expected


def test_blank_nodes_get_canonical_labels(seed_store: EmbeddedStore) -> None:
    # The reference graph holds the ontology, whose owl:unionOf lists are blank nodes.
    text = dump_bytes(seed_store, "nq").decode("utf-8")
    labels = {word for word in text.split() if word.startswith("_:")}
    assert labels
    assert all(label.startswith("_:g") and "c14n" in label for label in labels)


def test_same_inputs_give_byte_identical_dumps(seed_store: EmbeddedStore, tmp_path: Path) -> None:
    # A second build of the same files into another store, one file at a time.
    again = EmbeddedStore(
        build_store(tmp_path / "work", tmp_path / "store", ALL_SEEDS, "--workers", "1")
    )
    for format_name in DUMP_FORMATS:
        assert dump_bytes(again, format_name) == dump_bytes(seed_store, format_name), format_name
    assert dump_bytes(again, "nq", compressed=True) == dump_bytes(seed_store, "nq", compressed=True)


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("ofsted-kg.nq", ("nq", False)),
        ("ofsted-kg.trig.gz", ("trig", True)),
        ("ofsted-kg.rdf.gz", ("rdfxml", True)),
        ("ofsted-kg.jsonld", ("jsonld", False)),
        ("ofsted-kg.csv", None),
        ("other.nq", None),
        ("ofsted-kg.nq.gz.gz", None),
    ],
)
def test_dump_file_names(filename: str, expected: tuple[str, bool] | None) -> None:
    parsed = parse_dump_filename(filename)
    assert (parsed[0].name, parsed[1]) == expected if parsed else expected is None
    if expected:
        assert dump_filename(expected[0], compressed=expected[1]) == filename


def test_export_writes_a_gzip_dump_when_the_name_ends_in_gz(
    seed_store: EmbeddedStore, tmp_path: Path
) -> None:
    target = tmp_path / "dataset.nq.gz"
    result = CliRunner().invoke(
        main, ["export", "--store", seed_store.location, "--format", "nq", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert gzip.decompress(target.read_bytes()) == dump_bytes(seed_store, "nq")
    assert "from 6 graphs" in result.output


def test_export_to_stdout_with_gzip_flag(seed_store: EmbeddedStore) -> None:
    result = CliRunner().invoke(
        main, ["export", "--store", seed_store.location, "--format", "ttl", "--gzip"]
    )
    assert result.exit_code == 0
    assert gzip.decompress(result.stdout_bytes) == dump_bytes(seed_store, "ttl")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--format", "csv"], "give --table"),
        (["--format", "nq", "--table", "judgements"], "--table is for CSV"),
        (["--table", "judgements", "--gzip"], "--gzip is for dataset dumps"),
    ],
)
def test_export_refuses_mixed_options(
    seed_store: EmbeddedStore, arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(main, ["export", "--store", seed_store.location, *arguments])
    assert result.exit_code == 2
    assert message in result.output


def test_csv_export_is_unchanged(seed_store: EmbeddedStore) -> None:
    result = CliRunner().invoke(
        main, ["export", "--store", seed_store.location, "--table", "inspections"]
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "source,authority_gss,authority_name,report_type,inspection_start,inspection_end,"
        "published,lead_inspector"
    )


def test_release_writes_dumps_descriptions_and_checksums(
    seed_store: EmbeddedStore, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main,
        ["release", str(tmp_path / "release"), "--store", seed_store.location,
         "--base-url", "https://data.example.org/ofsted"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "release").iterdir())
    assert names == sorted(
        [dump_filename(name, compressed=True) for name in DUMP_FORMATS]
        + ["void.ttl", "catalog.ttl", "SHA256SUMS"]
    )
    sums = (tmp_path / "release" / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == len(DUMP_FORMATS)
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((tmp_path / "release" / name).read_bytes()).hexdigest() == digest
    void = rdflib.Graph().parse(tmp_path / "release" / "void.ttl")
    endpoint = rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint")
    assert list(void.objects(None, endpoint)) == [
        rdflib.URIRef("https://data.example.org/ofsted/sparql")
    ]
