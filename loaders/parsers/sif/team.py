"""The inspection team as a SIF report lists it: "Lead inspector: X", "Team inspectors: A, B"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.document import Line
from loaders.records import Inspector

_ROLE = re.compile(
    r"^(?P<role>(?i:lead\s+inspectors?(?:\s+on\s+site)?|report\s+author|deputy\s+lead\s+inspectors?"
    r"|assistant\s+lead\s+inspectors?|team\s+inspectors?|shadow\s+inspectors?"
    r"|(?:senior\s+)?data\s+analysts?|quality\s+assurance\s+managers?|senior\s+hmi"
    r"|(?:additional\s+|associate\s+|ofsted\s+|social\s+care\s+regulatory\s+)?inspectors?))"
    r"\s*(?::\s*|\s+(?=[A-Z]))(?P<names>.*)$"
)
# Names are listed with commas, "and", semicolons or (by slip) full stops.
_NAME_SEPARATOR = re.compile(r",|;|\band\b|\.\s+(?=[A-Z])")
# Words that begin a title printed after a name ("Linda Steele HMI", "John Gregg, Senior Her
# Majesty's Inspector", "Fiona Parker Associate Inspector").
_TITLE_WORDS = {
    "hmi",
    "shmi",
    "scri",
    "ai",
    "oi",
    "senior",
    "her",
    "his",
    "associate",
    "additional",
    "deputy",
    "designate",
    "ofsted",
    "inspector",
    "(oi)",
    "(ai)",
    "(hmi)",
}
_HONORIFICS = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss"}
# A line longer than this is prose after the list ("Any complaints about the inspection...").
MAX_TEAM_LINE = 95
_LEAD_ROLE = re.compile(r"^lead inspector")


def read_team(lines: Sequence[Line]) -> tuple[Inspector, ...]:
    """Return the team members listed in `lines`, lead inspectors first as printed."""
    entries: list[tuple[str, list[str]]] = []
    for line in lines:
        text = " ".join(line.text.split())
        if not text:
            continue
        role_match = _ROLE.match(text)
        if role_match:
            entries.append((_role_name(role_match.group("role")), [role_match.group("names")]))
        elif entries and len(text) <= MAX_TEAM_LINE and not text.lower().startswith("any "):
            entries[-1][1].append(text)
        elif entries:
            break
    team: list[Inspector] = []
    for role, pieces in entries:
        for name in _names(" ".join(pieces)):
            member = Inspector(name, role)
            if member not in team:
                team.append(member)
    return tuple(team)


def lead_inspectors(team: Sequence[Inspector]) -> tuple[str, ...]:
    """Return the names of the team's lead inspectors (the one on site, not a report author)."""
    names: list[str] = []
    for member in team:
        if _LEAD_ROLE.match(member.role) and member.name not in names:
            names.append(member.name)
    return tuple(names)


def _role_name(printed: str) -> str:
    words = printed.lower().split()
    words[-1] = words[-1][:-1] if words[-1] in ("inspectors", "analysts", "managers") else words[-1]
    if words[:2] == ["lead", "inspectors"]:
        words[1] = "inspector"
    return " ".join(words).replace("senior hmi", "senior HMI")


def _names(listing: str) -> list[str]:
    names = []
    for piece in _NAME_SEPARATOR.split(listing):
        name = _strip_titles(piece)
        if name:
            names.append(name)
    return names


def _strip_titles(piece: str) -> str:
    words = piece.strip(" .,;:").split()
    while words and words[0].lower() in _HONORIFICS:
        words = words[1:]
    name: list[str] = []
    for word in words:
        if word.lower().strip(".,") in _TITLE_WORDS:
            break
        name.append(word)
    # A name has at least a first and a last name; single words are torn titles.
    return " ".join(name).strip(" .,") if len(name) >= 2 else ""
