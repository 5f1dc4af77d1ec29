"""The register of authorities, regions and partnerships, and resolution of printed names."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import shutil
from collections import Counter
from pathlib import Path

import pytest

from graph.register import (
    DATA_DIR,
    Authority,
    Register,
    RegisterError,
    core_name,
    normalise_name,
)
from loaders.records import PartnershipKind
from tests.conftest import CORPUS, clean_seed, corpus_labels, requires_corpus

WESTMINSTER, KENSINGTON, HAMMERSMITH = "E09000033", "E09000020", "E09000013"
TYPE_PREFIX = {
    "london_borough": "E09",
    "metropolitan_district": "E08",
    "unitary_authority": "E06",
    "county_council": "E10",
}


@pytest.fixture(scope="module")
def register() -> Register:
    return Register.load()


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _overlap(first: Authority, second: Authority) -> bool:
    start = max(first.valid_from or dt.date.min, second.valid_from or dt.date.min)
    end = min(first.valid_to or dt.date.max, second.valid_to or dt.date.max)
    return start <= end


# --- the data files ------------------------------------------------------------------------


def test_regions_are_the_nine_english_regions(register: Register) -> None:
    codes = [region.gss_code for region in register.regions()]
    assert codes == [f"E1200000{n}" for n in range(1, 10)]
    assert register.region("E12000007").name == "London"


@pytest.mark.parametrize("file_name", ["authorities.csv", "regions.csv", "partnerships.csv"])
def test_no_duplicate_keys_in_data_files(file_name: str) -> None:
    key = "id" if file_name == "partnerships.csv" else "gss_code"
    counts = Counter(row[key] for row in _csv_rows(file_name))
    assert [value for value, count in counts.items() if count > 1] == []


def test_every_authority_code_matches_its_type_and_region_exists(register: Register) -> None:
    for authority in register.authorities():
        assert authority.gss_code.startswith(TYPE_PREFIX[authority.authority_type]), authority
        assert register.region(authority.region_gss) is not None, authority


@pytest.mark.parametrize(
    ("on_date", "expected"),
    [
        # 2025: 33 London boroughs (with the City of London), 36 metropolitan districts,
        # 63 unitaries (with the Isles of Scilly) and 21 counties: 153 in all.
        (
            dt.date(2025, 1, 1),
            {
                "london_borough": 33,
                "metropolitan_district": 36,
                "unitary_authority": 63,
                "county_council": 21,
            },
        ),
        # Before the 2019 reorganisation the usual count was 152, with 27 counties.
        (
            dt.date(2018, 1, 1),
            {
                "london_borough": 33,
                "metropolitan_district": 36,
                "unitary_authority": 56,
                "county_council": 27,
            },
        ),
    ],
)
def test_counts_of_authorities_per_type(
    register: Register, on_date: dt.date, expected: dict[str, int]
) -> None:
    existing = [a.authority_type for a in register.authorities() if a.valid_on(on_date)]
    assert Counter(existing) == expected


def test_predecessors_hand_over_to_successors_the_next_day(register: Register) -> None:
    predecessors = [a for a in register.authorities() if a.valid_to is not None]
    assert {a.gss_code for a in predecessors} == {
        "E10000009",
        "E06000028",
        "E06000029",
        "E10000002",
        "E10000021",
        "E10000006",
        "E10000023",
        "E10000027",
    }
    for predecessor in predecessors:
        assert predecessor.replaced_by, predecessor
        for code in predecessor.replaced_by:
            successor = register.authority(code)
            assert successor is not None
            assert successor.valid_from == predecessor.valid_to + dt.timedelta(days=1)


def test_authorities_existing_together_share_no_printed_name(register: Register) -> None:
    owners: dict[str, list[Authority]] = {}
    for authority in register.authorities():
        for printed in authority.names():
            key = normalise_name(printed)
            for variant in {key, core_name(key)}:
                if authority not in owners.setdefault(variant, []):
                    owners[variant].append(authority)
    clashes = [
        (key, first.gss_code, second.gss_code)
        for key, sharing in owners.items()
        for first, second in itertools.combinations(sharing, 2)
        if _overlap(first, second)
    ]
    assert clashes == []


@requires_corpus
def test_ofsted_urns_match_corpus_folders(register: Register) -> None:
    with_urn = {a.ofsted_urn: a for a in register.authorities() if a.ofsted_urn}
    folders = {path.name for path in CORPUS.iterdir() if path.is_dir()}
    assert len(folders) == 15
    assert {folder.split("_", 1)[0] for folder in folders} == set(with_urn)
    codes = {row["urn"]: row["gss_code"] for row in corpus_labels()}
    for folder in folders:
        urn, name = folder.split("_", 1)
        assert with_urn[urn].name.lower() == name
        assert with_urn[urn].gss_code == codes[urn]


# --- resolving authorities ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Westminster City Council", WESTMINSTER),
        ("City of Westminster", WESTMINSTER),
        ("Westminster", WESTMINSTER),
        ("WESTMINSTER CITY COUNCIL", WESTMINSTER),
        ("Westminster City Council¹", WESTMINSTER),  # footnote marker stuck to the name
        ("Westminster local authority children's services", WESTMINSTER),
        ("Royal Borough of Kensington and Chelsea", KENSINGTON),
        ("The Royal Borough of Kensington & Chelsea", KENSINGTON),
        ("London Borough of Hammersmith & Fulham", HAMMERSMITH),
        ("London Borough of Hammersmith and Fulham", HAMMERSMITH),
        ("Birmingham City Council", "E08000025"),
        ("Blackpool Borough Council", "E06000009"),
        ("Cornwall Council", "E06000052"),
        ("Kent County Council", "E10000016"),
        ("Metropolitan Borough of Rotherham", "E08000018"),
        ("Rotherham Metropolitan Borough Council", "E08000018"),
        ("Sandwell Metropolitan Borough Council", "E08000028"),
        ("Slough Borough Council", "E06000039"),
        ("Bournemouth, Christchurch and Poole", "E06000058"),
        ("BCP Council", "E06000058"),
        ("North Northamptonshire", "E06000061"),
        ("West Northamptonshire Council", "E06000062"),
        ("Cumberland", "E06000063"),
        ("Westmorland and Furness", "E06000064"),
        ("City of London", "E09000001"),
        ("City of London Corporation", "E09000001"),
        ("Kingston upon Hull, City of", "E06000010"),
        ("Hull City Council", "E06000010"),
        ("Durham County Council", "E06000047"),
        ("St. Helens", "E08000013"),
        ("Stockton-on-Tees Borough Council", "E06000004"),
        ("Council of the Isles of Scilly", "E06000053"),
        ("City of Bradford Metropolitan District Council", "E08000032"),
        ("Bedford Borough", "E06000055"),
        ("Bedford Borough Council", "E06000055"),
    ],
)
def test_resolves_printed_forms(register: Register, printed: str, expected: str) -> None:
    match = register.resolve_authority(printed)
    assert match is not None and match.gss_code == expected


@pytest.mark.parametrize(
    ("printed", "on_date", "expected"),
    [
        ("Dorset", dt.date(2025, 3, 17), "E06000059"),
        ("Dorset", dt.date(2018, 1, 1), "E10000009"),
        ("Dorset", dt.date(2019, 3, 31), "E10000009"),
        ("Dorset", dt.date(2019, 4, 1), "E06000059"),
        ("Dorset", None, "E06000059"),  # undated: the authority that exists now
        ("Dorset Council", dt.date(2021, 9, 27), "E06000059"),
        ("Somerset", dt.date(2022, 6, 1), "E10000027"),
        ("Somerset Council", dt.date(2024, 6, 1), "E06000066"),
        ("North Yorkshire County Council", dt.date(2019, 1, 1), "E10000023"),
        ("North Yorkshire", dt.date(2023, 5, 1), "E06000065"),
        ("Buckinghamshire", dt.date(2019, 6, 1), "E10000002"),
        ("Buckinghamshire", dt.date(2021, 6, 1), "E06000060"),
        # A name only the abolished authority had resolves to it, whatever the date.
        ("Northamptonshire County Council", dt.date(2019, 1, 1), "E10000021"),
        ("Cumbria", dt.date(2024, 1, 1), "E10000006"),
        # An authority that began later is still found for an earlier (misdated) report.
        ("North Northamptonshire", dt.date(2020, 1, 1), "E06000061"),
    ],
)
def test_resolution_depends_on_date(
    register: Register, printed: str, on_date: dt.date | None, expected: str
) -> None:
    match = register.resolve_authority(printed, on_date)
    assert match is not None and match.gss_code == expected


@pytest.mark.parametrize(
    "printed",
    ["", "   ", "Narnia", "Council", "London", "Greater Manchester", "Cardiff", "Christchurch"],
)
def test_unknown_names_resolve_to_none(register: Register, printed: str) -> None:
    assert register.resolve_authority(printed, dt.date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("seed", "printed", "expected"),
    [
        ("000", "Westminster City Council", WESTMINSTER),  # first line of the report
        ("001", "Hammersmith and Fulham", HAMMERSMITH),  # "in Hammersmith and Fulham and ..."
        ("001", "Kensington and Chelsea", KENSINGTON),
        ("002", "Royal Borough of Kensington and Chelsea", KENSINGTON),  # title page
        ("003", "Westminster Council", WESTMINSTER),  # "in 2019, Westminster Council has ..."
        ("004", "London Borough of Newham", "E09000025"),  # first line of the report
    ],
)
def test_seed_authorities_resolve(
    register: Register, seed: str, printed: str, expected: str
) -> None:
    assert printed in clean_seed(seed).text
    match = register.resolve_authority(printed)
    assert match is not None and match.gss_code == expected


@requires_corpus
def test_every_labelled_authority_resolves_on_its_inspection_date(register: Register) -> None:
    checked = 0
    for row in corpus_labels():
        if not row["la_name"]:
            continue  # "not_a_pdf" rows name no authority
        on_date = dt.date.fromisoformat(row["inspection_start"])
        match = register.resolve_authority(row["la_name"], on_date)
        assert match is not None, row["la_name"]
        assert match.gss_code == row["gss_code"], row["file"]
        assert match.valid_on(on_date), row["file"]
        checked += 1
    assert checked >= 50


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("The London Borough of Hammersmith & Fulham", "london borough of hammersmith and fulham"),
        ("Children’s Services", "childrens services"),
        ("Tri-borough", "triborough"),
        ("Kingston upon Hull, City of", "kingston upon hull city of"),
    ],
)
def test_normalise_name(printed: str, expected: str) -> None:
    assert normalise_name(printed) == expected


# --- partnerships -------------------------------------------------------------------------


def test_partnership_data_is_consistent(register: Register) -> None:
    seen: dict[str, str] = {}
    for partnership in register.partnerships():
        assert partnership.source_note, partnership.id
        assert partnership.members, partnership.id
        for printed in (partnership.name, *partnership.aliases):
            key = normalise_name(printed)
            assert seen.setdefault(key, partnership.id) == partnership.id, printed
        for member in partnership.members:
            authority = register.authority(member.gss_code)
            start = member.valid_from or partnership.valid_from
            end = member.valid_to or partnership.valid_to
            # A membership never starts before its authority exists or outlives it.
            if start and authority.valid_to:
                assert start <= authority.valid_to, (partnership.id, member)
            if start and authority.valid_from:
                assert start >= authority.valid_from, (partnership.id, member)
            if end and authority.valid_to:
                assert end <= authority.valid_to, (partnership.id, member)


def test_tri_borough_partnerships_have_the_three_boroughs(register: Register) -> None:
    three = {WESTMINSTER, KENSINGTON, HAMMERSMITH}
    by_id = {partnership.id: partnership for partnership in register.partnerships()}
    for partnership_id, kind in [
        ("tri-borough", PartnershipKind.TRI_BOROUGH),
        ("tri-borough-lscb", PartnershipKind.SHARED_LSCB),
        ("west-london-yos", PartnershipKind.YOUTH_OFFENDING),
        ("tri-borough-emergency-duty", PartnershipKind.OUT_OF_HOURS),
        ("tri-borough-adoption-fostering", PartnershipKind.ADOPTION_AGENCY),
    ]:
        partnership = by_id[partnership_id]
        assert partnership.kind is kind
        assert {member.gss_code for member in partnership.members} == three
    # Hammersmith and Fulham ILACS 2019: "The disaggregation in April 2018 of the tri-borough
    # arrangements"; seed 002: the shared LSCB was established "At the start of April 2012".
    assert by_id["tri-borough"].valid_to == dt.date(2018, 3, 31)
    assert by_id["tri-borough-lscb"].valid_from == dt.date(2012, 4, 1)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("West London Youth Offending Service", "west-london-yos"),  # seed 001, para 1.2
        ("tri-borough partnership", "tri-borough"),  # seed 000 executive summary
        ("The tri-borough partnership’s out-of-hours service", "tri-borough-emergency-duty"),
        ("tri-borough multi-agency safeguarding hub (MASH)", "tri-borough-mash"),
        ("Adopt London West", "adopt-london-west"),
        ("Adopt London North - ALN", "adopt-london-north"),  # Camden ILACS 2025
        ("Coram Ambitious for Adoption", "coram-ambitious-for-adoption"),  # seed 003
        ("Adoption Lancashire and Blackpool", "adoption-lancashire-and-blackpool"),
        ("Northamptonshire Children’s Trust (NCT)", "northamptonshire-childrens-trust"),
    ],
)
def test_resolves_partnership_names(register: Register, printed: str, expected: str) -> None:
    match = register.resolve_partnership(printed)
    assert match is not None and match.id == expected


@pytest.mark.parametrize(
    ("printed", "member", "on_date", "expected"),
    [
        # Seed 000: "The LSCB is shared with Hammersmith and Fulham, and the Royal Borough..."
        ("LSCB", WESTMINSTER, dt.date(2016, 1, 11), "tri-borough-lscb"),
        ("Local Safeguarding Children Board", KENSINGTON, dt.date(2016, 1, 11), "tri-borough-lscb"),
        ("LSCB", WESTMINSTER, dt.date(2011, 10, 1), None),  # before April 2012
        ("LSCB", "E09000025", dt.date(2014, 6, 3), None),  # Newham's board is its own
        ("LSCB", None, dt.date(2016, 1, 11), None),
        # Seed 003: "Westminster emergency duty service operates jointly with two ..."
        (
            "emergency duty service",
            WESTMINSTER,
            dt.date(2024, 11, 11),
            "tri-borough-emergency-duty",
        ),
        ("emergency duty team", "E08000025", dt.date(2016, 9, 12), None),
        ("Nonexistent Partnership", WESTMINSTER, None, None),
    ],
)
def test_generic_partnership_names_need_a_member(
    register: Register,
    printed: str,
    member: str | None,
    on_date: dt.date | None,
    expected: str | None,
) -> None:
    match = register.resolve_partnership(printed, member, on_date)
    assert (match.id if match else None) == expected


def test_member_periods_follow_the_northamptonshire_reorganisation(register: Register) -> None:
    trust = register.resolve_partnership("Northamptonshire Children's Trust")
    # North Northamptonshire ILACS 2022: the trust has delivered services since 1 November 2020.
    assert trust.has_member("E10000021", dt.date(2021, 1, 1))
    assert not trust.has_member("E10000021", dt.date(2021, 6, 1))
    assert trust.has_member("E06000061", dt.date(2022, 10, 3))
    assert not trust.has_member("E06000061", dt.date(2021, 1, 1))


# --- bad data fails loudly ----------------------------------------------------------------


def _copy_data(tmp_path: Path) -> Path:
    for name in ("regions.csv", "authorities.csv", "partnerships.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(
    ("file_name", "old", "new", "message"),
    [
        ("authorities.csv", ",E12000007,80519,", ",E12000099,80519,", "unknown region"),
        ("authorities.csv", "2019-03-31,E06000058", "2019-03-31,E06099999", "unknown successor"),
        ("partnerships.csv", ",tri_borough,", ",triborough,", "unknown kind"),
        ("partnerships.csv", "2012-04-01", "2012-13-01", "bad date"),
        ("partnerships.csv", "E09000007", "E09000099", "unknown member"),
    ],
)
def test_inconsistent_data_raises(
    tmp_path: Path, file_name: str, old: str, new: str, message: str
) -> None:
    directory = _copy_data(tmp_path)
    path = directory / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RegisterError, match=message):
        Register.load(directory)
