"""The register of English local authorities, regions and partnerships, and name resolution.

The facts live in the CSV files of `graph/data` (graph/data/README.md says where each comes
from). Reports print an authority's name in many ways ("Westminster City Council", "City of
Westminster", "Westminster"); `Register.resolve_authority` maps any of them, on a date, to one
authority. Plain Python on purpose: the graph layer turns these records into RDF.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from loaders.records import PartnershipKind

DATA_DIR = Path(__file__).resolve().parent / "data"

# Printed around a name but not part of it. Longest first: " city council" before " council".
_PREFIXES = (
    "metropolitan borough of ",
    "city and county of ",
    "london borough of ",
    "royal borough of ",
    "council of the ",
    "borough of ",
    "county of ",
    "city of ",
)
_SUFFIXES = (
    " metropolitan borough council",
    " metropolitan district council",
    " local authority childrens services",
    " childrens services",
    " borough council",
    " district council",
    " county council",
    " city council",
    " local authority",
    " corporation",
    " council",
    " city of",
    " county of",
    " city",
    " borough",  # "Bedford Borough", as its reports name it
)
# Names that are whole only with their "prefix": the City of London is not "London".
_KEEP_WHOLE = frozenset({"city of london"})

# Names every area uses for its own service: they identify a shared one only through a member.
_GENERIC_NAMES: dict[str, PartnershipKind] = {
    "local safeguarding children board": PartnershipKind.SHARED_LSCB,
    "local safeguarding childrens board": PartnershipKind.SHARED_LSCB,
    "safeguarding children board": PartnershipKind.SHARED_LSCB,
    "lscb": PartnershipKind.SHARED_LSCB,
    "emergency duty team": PartnershipKind.OUT_OF_HOURS,
    "emergency duty service": PartnershipKind.OUT_OF_HOURS,
    "edt": PartnershipKind.OUT_OF_HOURS,
    "out of hours service": PartnershipKind.OUT_OF_HOURS,
    "youth offending service": PartnershipKind.YOUTH_OFFENDING,
    "youth offending team": PartnershipKind.YOUTH_OFFENDING,
    "yos": PartnershipKind.YOUTH_OFFENDING,
    "yot": PartnershipKind.YOUTH_OFFENDING,
    "multi agency safeguarding hub": PartnershipKind.MASH,
    "mash": PartnershipKind.MASH,
}

_TRAILING_ABBREVIATION = re.compile(r"(?:\s*\([^)]*\)|\s+[-\u2013\u2014]\s*[A-Z]{2,6})\s*$")


class RegisterError(ValueError):
    """The register's data files are inconsistent (a bad code, date or kind)."""


def normalise_name(text: str) -> str:
    """Return `text` folded for matching: ASCII lower case, "&" as "and", no punctuation."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("&", " and ").replace("'", "")
    folded = re.sub(r"\d", "", folded)  # footnote markers stuck to names ("Council1")
    folded = " ".join(re.sub(r"[^a-z]+", " ", folded).split())
    folded = re.sub(r"\b(tri|bi) borough\b", r"\1borough", folded)
    return folded.removeprefix("the ")


def core_name(normalised: str) -> str:
    """Return a normalised name without "London Borough of", "City Council" and the like."""
    core = normalised
    while core not in _KEEP_WHOLE:
        shorter = _strip_one_affix(core)
        if shorter == core:
            break
        core = shorter
    return core


def _strip_one_affix(name: str) -> str:
    # One affix at a time, suffixes first, so "City of London Corporation" stops at the
    # protected "city of london" instead of losing its "city of".
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


def _days_outside(day: dt.date, start: dt.date | None, end: dt.date | None) -> int:
    if start is not None and day < start:
        return (start - day).days
    if end is not None and day > end:
        return (day - end).days
    return 0


@dataclass(frozen=True, slots=True)
class Region:
    """An English region (ONS E12 code)."""

    gss_code: str
    name: str


@dataclass(frozen=True, slots=True)
class Authority:
    """A local authority with children's services duties, current or abolished."""

    gss_code: str
    name: str  # common short name: "Westminster"
    official_name: str  # "Westminster City Council"
    aliases: tuple[str, ...]
    authority_type: str  # london_borough, metropolitan_district, unitary_authority, county_council
    region_gss: str
    ofsted_urn: str | None
    valid_from: dt.date | None  # None: existed before the reports begin
    valid_to: dt.date | None  # None: still exists
    replaced_by: tuple[str, ...]

    def names(self) -> tuple[str, ...]:
        """Return every printed form the register knows for the authority."""
        return (self.name, self.official_name, *self.aliases)

    def valid_on(self, day: dt.date) -> bool:
        """Return whether the authority existed on `day`."""
        return _within(day, self.valid_from, self.valid_to)


@dataclass(frozen=True, slots=True)
class Membership:
    """An authority's part in a partnership; None dates fall back to the partnership's."""

    gss_code: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Partnership:
    """A partnership or shared service of several authorities (or run for one)."""

    id: str
    name: str
    kind: PartnershipKind
    aliases: tuple[str, ...]
    members: tuple[Membership, ...]
    valid_from: dt.date | None
    valid_to: dt.date | None
    source_note: str

    def has_member(self, gss_code: str, on_date: dt.date | None = None) -> bool:
        """Return whether `gss_code` is a member (on `on_date`, when given)."""
        for member in self.members:
            if member.gss_code != gss_code:
                continue
            if on_date is None:
                return True
            start = member.valid_from or self.valid_from
            end = member.valid_to or self.valid_to
            if _within(on_date, start, end):
                return True
        return False


class Register:
    """Authorities, regions and partnerships with fast lookups by code and printed name."""

    def __init__(
        self,
        regions: Iterable[Region],
        authorities: Iterable[Authority],
        partnerships: Iterable[Partnership],
    ) -> None:
        self._regions = tuple(regions)
        self._authorities = tuple(authorities)
        self._partnerships = tuple(partnerships)
        self._region_by_code = {region.gss_code: region for region in self._regions}
        self._by_code = {authority.gss_code: authority for authority in self._authorities}
        self._exact: dict[str, list[Authority]] = {}
        self._core: dict[str, list[Authority]] = {}
        for authority in self._authorities:
            for printed in authority.names():
                key = normalise_name(printed)
                _add_once(self._exact, key, authority)
                _add_once(self._core, core_name(key), authority)
        self._partnership_by_name: dict[str, Partnership] = {}
        for partnership in self._partnerships:
            for printed in (partnership.name, *partnership.aliases):
                self._partnership_by_name.setdefault(normalise_name(printed), partnership)
        self._check()

    @classmethod
    def load(cls, directory: Path = DATA_DIR) -> Register:
        """Read regions.csv, authorities.csv and partnerships.csv from `directory`."""
        return cls(
            (Region(row["gss_code"], row["name"]) for row in _rows(directory / "regions.csv")),
            (_authority(row) for row in _rows(directory / "authorities.csv")),
            (_partnership(row) for row in _rows(directory / "partnerships.csv")),
        )

    def regions(self) -> tuple[Region, ...]:
        """Return every region."""
        return self._regions

    def authorities(self) -> tuple[Authority, ...]:
        """Return every authority, abolished ones included."""
        return self._authorities

    def partnerships(self) -> tuple[Partnership, ...]:
        """Return every partnership."""
        return self._partnerships

    def region(self, gss_code: str) -> Region | None:
        """Return the region with ONS code `gss_code`."""
        return self._region_by_code.get(gss_code)

    def authority(self, gss_code: str) -> Authority | None:
        """Return the authority with ONS code `gss_code`."""
        return self._by_code.get(gss_code)

    def resolve_authority(
        self, printed_name: str, on_date: dt.date | None = None
    ) -> Authority | None:
        """Return the authority a report means by `printed_name` on `on_date`, or None."""
        key = normalise_name(printed_name)
        if not key:
            return None
        candidates = self._exact.get(key) or self._core.get(core_name(key))
        if not candidates:
            return None
        return _pick(candidates, on_date)

    def resolve_partnership(
        self,
        printed_name: str,
        member_gss: str | None = None,
        on_date: dt.date | None = None,
    ) -> Partnership | None:
        """Return the partnership named `printed_name`, or None.

        A generic name ("LSCB", "emergency duty team") resolves only with `member_gss`: to the
        one partnership of that kind the authority belonged to on `on_date`.
        """
        for text in (printed_name, _TRAILING_ABBREVIATION.sub("", printed_name)):
            match = self._partnership_by_name.get(normalise_name(text))
            if match is not None:
                return match
        kind = _GENERIC_NAMES.get(normalise_name(printed_name))
        if kind is None or member_gss is None:
            return None
        shared = [
            partnership
            for partnership in self._partnerships
            if partnership.kind == kind and partnership.has_member(member_gss, on_date)
        ]
        return shared[0] if len(shared) == 1 else None

    def _check(self) -> None:
        for authority in self._authorities:
            if authority.region_gss not in self._region_by_code:
                raise RegisterError(f"{authority.gss_code}: unknown region {authority.region_gss}")
            for code in authority.replaced_by:
                if code not in self._by_code:
                    raise RegisterError(f"{authority.gss_code}: unknown successor {code}")
        for partnership in self._partnerships:
            for member in partnership.members:
                if member.gss_code not in self._by_code:
                    raise RegisterError(f"{partnership.id}: unknown member {member.gss_code}")


def _add_once(index: dict[str, list[Authority]], key: str, authority: Authority) -> None:
    entries = index.setdefault(key, [])
    if authority not in entries:
        entries.append(authority)


def _pick(candidates: list[Authority], on_date: dt.date | None) -> Authority:
    """Choose among authorities sharing a name: the one existing on the date, else the nearest."""
    if len(candidates) == 1:
        return candidates[0]
    if on_date is None:
        current = [authority for authority in candidates if authority.valid_to is None]
        return current[0] if current else max(candidates, key=lambda a: a.valid_to or dt.date.max)
    return min(candidates, key=lambda a: _days_outside(on_date, a.valid_from, a.valid_to))


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _date(value: str, where: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as error:
        raise RegisterError(f"{where}: bad date {value!r}") from error


def _authority(row: dict[str, str]) -> Authority:
    code = row["gss_code"]
    return Authority(
        gss_code=code,
        name=row["name"],
        official_name=row["official_name"],
        aliases=_split(row["aliases"]),
        authority_type=row["authority_type"],
        region_gss=row["region_gss"],
        ofsted_urn=row["ofsted_urn"] or None,
        valid_from=_date(row["valid_from"], code),
        valid_to=_date(row["valid_to"], code),
        replaced_by=_split(row["replaced_by"]),
    )


def _membership(entry: str, where: str) -> Membership:
    """Parse "E09000033" or "E10000021:2020-11-01/2021-03-31" (either date may be empty)."""
    code, _, period = entry.partition(":")
    start, _, end = period.partition("/")
    return Membership(code, _date(start, where), _date(end, where))


def _partnership(row: dict[str, str]) -> Partnership:
    where = row["id"]
    try:
        kind = PartnershipKind(row["kind"])
    except ValueError as error:
        raise RegisterError(f"{where}: unknown kind {row['kind']!r}") from error
    return Partnership(
        id=where,
        name=row["name"],
        kind=kind,
        aliases=_split(row["aliases"]),
        members=tuple(_membership(entry, where) for entry in _split(row["members"])),
        valid_from=_date(row["valid_from"], where),
        valid_to=_date(row["valid_to"], where),
        source_note=row["source_note"],
    )
