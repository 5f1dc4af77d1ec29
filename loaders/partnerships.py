"""Partnerships and shared services that a report names, read sentence by sentence.

Precision matters more than recall here: "partnership working" or "out-of-hours responses" are
not partnerships, so each kind needs its own wording (a proper name, or a word that says the
service is shared) before a mention is kept.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

from loaders.paragraphs import Paragraph
from loaders.records import PartnershipKind, PartnershipMention
from loaders.sentences import Sentence, contains_any, sentences_with_words

Kind = PartnershipKind

# Authority names with "and", "with" or a comma inside, so that a list of authorities is not
# split in the middle of one ("Hammersmith and Fulham, and Kensington and Chelsea").
COMPOUND_AUTHORITIES = (
    "Barking and Dagenham",
    "Bath and North East Somerset",
    "Blackburn with Darwen",
    "Bournemouth, Christchurch and Poole",
    "Brighton and Hove",
    "Cheshire West and Chester",
    "Hammersmith and Fulham",
    "Kensington and Chelsea",
    "Redcar and Cleveland",
    "Telford and Wrekin",
    "Windsor and Maidenhead",
)
_COMPOUND = "|".join(re.escape(name) for name in COMPOUND_AUTHORITIES)
_WORD = r"[A-Z][\w'&-]*"
_AUTHORITY = (
    r"(?:the\s+)?(?:(?:Royal|London|Metropolitan)\s+Borough\s+of\s+|[Cc]ity\s+of\s+|"
    rf"County\s+of\s+)?(?:{_COMPOUND}|{_WORD}(?:\s+(?:upon\s+|on\s+|of\s+)?{_WORD})*)"
)
_AUTHORITY_RE = re.compile(_AUTHORITY)
_SEPARATOR_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
# Words that introduce the authorities taking part.
_PARTNERS_CUE = re.compile(
    r"\b(?:with|comprising|comprises|comprised\s+of|between|hosted\s+(?:and\s+managed\s+)?by|"
    r"managed\s+by|covering|covers|(?:boroughs|authorities|councils)\s+of)\s+"
    r"(?:(?:two|three|four|five|six|\d+)\s+)?(?:other\s+)?(?:neighbouring\s+)?"
    r"(?:(?:boroughs?|authorities|local\s+authorities|councils)\s*)?\(?\s*"
)
_NOT_AN_AUTHORITY = re.compile(
    r"\b(?:Board|Trust|Services?|Partnership|Police|NHS|Ofsted|LSCB|MASH|Hub|Team|Group|"
    r"Agency|Court|Schools?|Hospital|Health|Clinical|Children|Children's|Families|Director|"
    r"Department|Inspectorate|Probation|Cafcass|CAMHS|YOS|DCS|CCG|Tri-[Bb]orough|Adopt\w*|"
    r"England|Wales|Britain|UK|Alliance|Consortium|University|College|Institute|Network)\b"
)
# Words saying that a service is shared with other authorities.
_SHARED = re.compile(
    r"\bjointly\s+(?:run\s+|operated\s+|provided\s+)?with\b|\boperates?\s+jointly\b|"
    r"\btri-?\s?borough\b|\bbi-?borough\b|\bhosted\s+(?:and\s+managed\s+)?by\b|\bpan-\w+|"
    r"\bshared\s+(?:[\w-]+\s+){0,3}?(?:service|team|board|LSCB|arrangements?)s?\b|"
    r"\bshared\s+(?:with|between|across)\s+(?:the\s+)?(?:(?-i:[A-Z])|two|three|four|neighbouring)|"
    r"\b(?:across\s+(?:the\s+)?(?:two|three|four|five|six|several|\d+)|(?:two|three|four|\d+)\s+"
    r"(?:other|neighbouring))\s+(?:boroughs|authorities|local\s+authorities|councils)\b",
    re.IGNORECASE,
)
# Kinds whose sentences can list the authorities taking part.
_TAKES_PARTNERS = {
    Kind.TRI_BOROUGH,
    Kind.SHARED_LSCB,
    Kind.OUT_OF_HOURS,
    Kind.YOUTH_OFFENDING,
    Kind.OTHER,
}
# Adoption agencies and other partnerships are told apart by name; an area has one of the rest.
_TOLD_APART_BY_NAME = {Kind.ADOPTION_AGENCY, Kind.OTHER}

_TRI_BOROUGH = re.compile(
    r"\b(?:tri-?\s?borough|three[- ]borough)\b(?:'s)?(?:\s+(?:partnership|arrangements?))?",
    re.IGNORECASE,
)
_BI_BOROUGH = re.compile(
    r"\bbi-?borough(?:\s+(?:partnership|arrangements?|approach))?", re.IGNORECASE
)
_LSCB = r"(?:LSCB|[Ll]ocal\s+[Ss]afeguarding\s+[Cc]hildren(?:'s)?\s+[Bb]oard)"
# "The LSCB is shared with", "a single LSCB with neighbouring boroughs" (the `loose` form needs
# other words in the sentence saying that it is shared), "the LSCB covers the three boroughs".
_SHARED_LSCB = re.compile(
    rf"{_LSCB}\s+(?:is|was)\s+shared\s+with|"
    rf"(?P<loose>\b(?:shared|single|joint|tri-?borough|bi-?borough)\s+(?:\w+\s+){{0,2}}?{_LSCB}"
    r"(?:\s*\(LSCB\))?(?=\s+(?:with|for|across|covering|which|that|and)\b|\s*[,.;]|\s*$))|"
    rf"{_LSCB}\s+(?:\(LSCB\)\s+)?(?:covers|covering|serves|serving|spans|operates\s+across)\s+"
    r"(?:the\s+)?(?:two|three|four|five|six|several|\d+)\s+(?:boroughs|authorities|councils)"
)
# A word of each of _SHARED_LSCB's wordings (besides the board's name), as keyword_text() has
# them: a sentence needs one.
_SHARED_LSCB_WORDS = (
    *("shared", "single", "joint", "triborough", "tri-borough", "biborough", "bi-borough"),
    *("covers", "covering", "serves", "serving", "spans", "operates"),
)
_SAFEGUARDING_PARTNERSHIP = re.compile(
    r"(?<!adult )(?<!and )\b(?:(?:local|multi-agency)\s+)?(?:children(?:'s)?\s+)?"
    r"safeguarding\s+(?:children\s+)?partnership\b",
    re.IGNORECASE,
)
_OUT_OF_HOURS = re.compile(
    r"\b(?:emergency\s+duty\s+(?:service|team)|out[- ]of[- ]hours\s+(?:social\s+work\s+)?"
    r"(?:service|team)|Out\s+of\s+Hours\s+service)\b|\bEDT\b",
    re.IGNORECASE,
)
_YOUTH_OFFENDING = re.compile(r"\byouth\s+(?:offending|justice)\s+(?:service|team)\b", re.I)
_REGIONAL = re.compile(
    r"\b(?:North|South|East|West|Central|Tri-?[Bb]orough|Bi-?[Bb]orough|Joint|Pan-\w+)\b"
)
_ADOPTION_AGENCY = re.compile(
    r"\bregional\s+adoption\s+agency(?:\s*\(RAA\))?,?\s*(?:\((?P<paren>[A-Z][^)]{2,70})\)|"
    r",\s*(?P<apposition>[A-Z][^,.;()]{2,60}?)\s*,)?",
    re.IGNORECASE,
)
_ADOPTION_NAME = re.compile(
    r"\b(?:One\s+)?Adopt(?:ion)?\s+(?:Partnership\s+)?(?:London|Northwest|Northeast|Southwest|"
    r"Southeast|North|South|East|West|Central|Thames|Counties|Midlands|[A-Z][a-z]+shire)\b"
    r"(?:\s+(?:and\s+)?[A-Z][a-z]+)*"
)
_MASH = re.compile(r"\bmulti-agency\s+safeguarding\s+hub\b|\bMASH\b", re.IGNORECASE)
# A word of each of _NOT_SO's wordings, as keyword_text() has it: a sentence needs one.
_NOT_SO_WORDS = ("would", "plan", "proposed", "yet", "not", "absence", "lack", "longer")
_NOT_SO = re.compile(
    r"\b(?:would|plans?\s+to|planned|proposed|yet\s+to|not\s+(?:yet\s+)?been\s+(?:possible|"
    r"established|set\s+up)|(?:does|do)\s+not\s+have|absence\s+of|lack\s+of|no\s+longer)\b",
    re.IGNORECASE,
)
_CHILDRENS_TRUST = re.compile(r"\b[Cc]hildren's\s+(?:[Ss]ervices\s+)?[Tt]rust\b(?!s)")
_NAMED_PARTNERSHIP_ENDS = ("Alliance", "Partnership", "Consortium")
_NAMED_PARTNERSHIP = re.compile(
    rf"\b((?:{_WORD}\s+){{1,5}})(?:{'|'.join(_NAMED_PARTNERSHIP_ENDS)})\b(?!\s+(?:{_WORD}|NHS))"
)
# Characters before a mention that may hold the proper part of its name (names are far shorter).
PREFIX_WINDOW = 500
# Capitalised words just before a position: the proper part of a name ("Sandwell" Children's
# Trust, "West London" Youth Offending Service).
_CAPITALISED_RUN = re.compile(rf"(?<![\w'&-])((?:{_WORD}|of|upon|on|and)\s+)*?({_WORD}\s+)$")
# Every mention the patterns below can find holds one of these words (lower case): sentences
# without any are skipped unread, which spares most of a report the many patterns.
_MENTION_KEYWORDS = (
    "borough",  # tri-borough, bi-borough, three-borough
    "lscb",
    "board",  # local safeguarding children board
    "partnership",  # safeguarding partnerships and named ones
    "alliance",
    "consortium",
    "duty",  # emergency duty team
    "hours",  # out-of-hours service
    "edt",
    "youth",
    "adopt",
    "mash",
    "hub",  # multi-agency safeguarding hub
    "trust",
)
_OPENING_WORDS = re.compile(
    r"^(?:The|This|That|Both|All|Each|Since|When|While|Although|However|In|At|For|From|By|"
    r"Under|With|Its|Their|A|An)\s+"
)


@dataclass
class _Found:
    kind: PartnershipKind
    name: str
    proper: bool  # a proper name as printed, not a descriptive one
    sentence: Sentence
    partners: list[str] = field(default_factory=list)


def partnership_mentions(paragraphs: Sequence[Paragraph]) -> tuple[PartnershipMention, ...]:
    """Return the partnerships and shared services the text names, one per partnership."""
    found: list[_Found] = []
    listed, holding = sentences_with_words(paragraphs, _MENTION_KEYWORDS)
    for index, held in sorted(holding.items()):
        sentence = listed[index]
        in_sentence = list(_mentions_in(sentence, held))
        if any(mention.kind in _TAKES_PARTNERS for mention in in_sentence):
            partners = _partner_names(sentence.text)
            for mention in in_sentence:
                if mention.kind in _TAKES_PARTNERS:
                    mention.partners = partners
        found.extend(in_sentence)
    return tuple(_merged(found))


def _mentions_in(sentence: Sentence, held: Collection[str]) -> Iterator[_Found]:
    """Yield the mentions in a sentence; `held` are the _MENTION_KEYWORDS its keywords hold.

    Each pattern runs only when the sentence holds a word that pattern needs.
    """
    text, keywords = sentence.text, sentence.keywords
    # _SHARED_LSCB is case-sensitive: "LSCB", or "Local Safeguarding Children Board" written
    # with or without capitals.
    lscb_words = (
        "lscb" in held or ("board" in held and "safeguarding" in keywords)
    ) and contains_any(keywords, _SHARED_LSCB_WORDS)
    out_of_hours_words = "duty" in held or "hours" in held or "edt" in held
    if "borough" in held:
        if "tri" in keywords or "three" in keywords:
            for match in _TRI_BOROUGH.finditer(text):
                name = _clean(match.group(0)).removesuffix("'s")
                yield _Found(Kind.TRI_BOROUGH, name, False, sentence)
        if "biborough" in keywords or "bi-borough" in keywords:
            for match in _BI_BOROUGH.finditer(text):
                yield _Found(Kind.OTHER, _clean(match.group(0)), False, sentence)
    lscb = _SHARED_LSCB.search(text) if lscb_words else None
    # Whether the sentence says a service is shared is asked only once a mention needs it.
    if lscb and (lscb.group("loose") is None or _SHARED.search(text) or _partner_names(text)):
        yield _Found(Kind.SHARED_LSCB, "Local Safeguarding Children Board", False, sentence)
    if "partnership" in held and "safeguarding" in keywords:
        for match in _SAFEGUARDING_PARTNERSHIP.finditer(text):
            yield _named(Kind.SAFEGUARDING_PARTNERSHIP, sentence, match, "safeguarding partnership")
    out_of_hours = list(_OUT_OF_HOURS.finditer(text)) if out_of_hours_words else []
    if out_of_hours and _SHARED.search(text):
        for match in out_of_hours:
            printed = _clean(match.group(0))
            name = "emergency duty team" if printed.upper() == "EDT" else printed.lower()
            yield _Found(Kind.OUT_OF_HOURS, name, False, sentence)
    if "youth" in held:
        shared: bool | None = None  # asked once per sentence, not once per mention in it
        for match in _YOUTH_OFFENDING.finditer(text):
            mention = _named(Kind.YOUTH_OFFENDING, sentence, match, "youth offending service")
            if shared is None:
                shared = bool(_SHARED.search(text))
            if shared or (mention.proper and _REGIONAL.search(mention.name)):
                yield mention
    if "adopt" in held:
        yield from _adoption_agencies(sentence)
    mash_words = "mash" in held or "hub" in held
    # _NAMED_PARTNERSHIP is case-sensitive: the name ends on one of these words, capitalised.
    named_words = contains_any(text, _NAMED_PARTNERSHIP_ENDS)
    not_so = (
        (mash_words or named_words)
        and contains_any(keywords, _NOT_SO_WORDS)
        and _NOT_SO.search(text)
    )
    if mash_words and not not_so:
        for match in _MASH.finditer(text):
            yield _named(Kind.MASH, sentence, match, "multi-agency safeguarding hub")
    if "trust" in held:
        for match in _CHILDRENS_TRUST.finditer(text):
            yield _named(Kind.CHILDRENS_TRUST, sentence, match, "Children's Trust")
    if named_words and not not_so:
        for match in _NAMED_PARTNERSHIP.finditer(text):
            name = _trim_name(match.group(0))
            if " " in name and not re.search(r"Safeguard|Adopt|Trust", name):
                yield _Found(Kind.OTHER, name, True, sentence)


def _adoption_agencies(sentence: Sentence) -> Iterator[_Found]:
    text = sentence.text
    # Each pattern needs a word that most sentences about adoption lack.
    agencies = _ADOPTION_AGENCY.finditer(text) if "agency" in sentence.keywords else ()
    for match in agencies:
        name = _trim_name(match.group("paren") or match.group("apposition") or "")
        if name and not re.fullmatch(r"[A-Z]{2,6}", name):
            yield _Found(Kind.ADOPTION_AGENCY, name, True, sentence)
        else:
            yield _Found(Kind.ADOPTION_AGENCY, "regional adoption agency", False, sentence)
    # _ADOPTION_NAME is case-sensitive: "Adopt London", "Adoption Counties".
    for match in _ADOPTION_NAME.finditer(text) if "Adopt" in text else ():
        yield _Found(Kind.ADOPTION_AGENCY, _clean(match.group(0)), True, sentence)


def _named(kind: PartnershipKind, sentence: Sentence, match: re.Match[str], plain: str) -> _Found:
    """Return a mention with its proper name ("Sandwell Children's Trust") or a plain one."""
    printed = _clean(match.group(0))
    prefix = _proper_prefix(sentence.text[: match.start()])
    if prefix and printed[:1].isupper() and printed != "MASH":
        return _Found(kind, _trim_name(f"{prefix} {printed}"), True, sentence)
    return _Found(kind, plain, False, sentence)


def _proper_prefix(before: str) -> str:
    """Return the capitalised words that end `before` and open a proper name, if any."""
    # Only the end can hold the name: searched whole, a long run-on sentence costs time
    # quadratic in its length, once for every mention in it.
    run = _CAPITALISED_RUN.search(before[-PREFIX_WINDOW:])
    if not run:
        return ""
    # The run may open on a joining word ("and Our Safeguarding Children Partnership") or on a
    # sentence's first word ("The Children's Trust", "Since April ...").
    words = re.sub(r"^(?:(?:of|upon|on|and)\s+)+", "", run.group(0))
    while _OPENING_WORDS.match(words):
        words = _OPENING_WORDS.sub("", words, count=1)
    # "Birmingham City Council and Birmingham Children's Trust": the name starts after "and".
    return _split_outside_compounds(words.strip(), " and ")[-1].strip()


def _partner_names(text: str) -> list[str]:
    """Return the authorities a sentence lists after "with", "comprising", "hosted by"..."""
    names: list[str] = []
    for cue in _PARTNERS_CUE.finditer(text):
        position = cue.end()
        while item := _AUTHORITY_RE.match(text, position):
            name = _clean(re.sub(r"^the\s+", "", item.group(0)))
            if _NOT_AN_AUTHORITY.search(name) or name in names:
                break
            names.append(name)
            separator = _SEPARATOR_RE.match(text, item.end())
            if separator is None:
                break
            position = separator.end()
    return names


def _merged(found: list[_Found]) -> list[PartnershipMention]:
    """Merge the mentions of one partnership, keeping the first passage and any proper name."""
    groups: dict[tuple[PartnershipKind, str | None], list[_Found]] = {}
    for mention in found:
        groups.setdefault(_group_key(mention), []).append(mention)
    # "the regional adoption agency" is the one the report names elsewhere, if it does.
    plain = (Kind.ADOPTION_AGENCY, None)
    named = next((key for key in groups if key[0] is Kind.ADOPTION_AGENCY and key[1]), None)
    if plain in groups and named:
        groups[named] = groups.pop(plain) + groups[named]
    order = {id(mention): position for position, mention in enumerate(found)}
    result = []
    for members in sorted(groups.values(), key=lambda group: min(order[id(m)] for m in group)):
        members.sort(key=lambda mention: order[id(mention)])
        proper = [mention.name for mention in members if mention.proper]
        partners: dict[str, str] = {}
        for mention in members:
            for partner in mention.partners:
                partners.setdefault(_authority_key(partner), partner)
        result.append(
            PartnershipMention(
                kind=members[0].kind,
                name=proper[0] if proper else members[0].name,
                partner_names=tuple(partners.values()),
                passage=members[0].sentence.passage(),
            )
        )
    return result


def _group_key(mention: _Found) -> tuple[PartnershipKind, str | None]:
    if mention.kind not in _TOLD_APART_BY_NAME:
        return mention.kind, None
    if mention.kind is Kind.OTHER and mention.name.lower().startswith("bi"):
        return mention.kind, "bi-borough"
    return mention.kind, mention.name.lower() if mention.proper else None


def _authority_key(name: str) -> str:
    """Return a key under which "the Royal Borough of Kensington and Chelsea" is "kensington..."."""
    key = re.sub(r"^(?:the\s+)?(?:(?:royal|london)\s+borough\s+of|city\s+of)\s+", "", name.lower())
    return re.sub(r"\s+(?:city\s+|borough\s+|county\s+)?council$", "", key)


def _trim_name(name: str) -> str:
    """Return a proper name without opening words or a trailing abbreviation ("(ALN)")."""
    name = _clean(name)
    name = re.sub(r"\s*(?:\([A-Z]{2,8}\)|[-–]\s*[A-Z]{2,8})$", "", name)
    while _OPENING_WORDS.match(name):
        name = _OPENING_WORDS.sub("", name, count=1)
    return name


def _split_outside_compounds(text: str, separator: str) -> list[str]:
    """Split `text` on `separator`, but never inside a compound authority name."""
    guarded = text
    for position, compound in enumerate(COMPOUND_AUTHORITIES):
        guarded = guarded.replace(compound, f"\x00{position}\x00")
    parts = guarded.split(separator)
    return [re.sub(r"\x00(\d+)\x00", lambda m: COMPOUND_AUTHORITIES[int(m[1])], p) for p in parts]


def _clean(text: str) -> str:
    return " ".join(text.split())
