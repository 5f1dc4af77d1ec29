"""Facts every report family states in prose: earlier inspections and partnerships named."""

from __future__ import annotations

from collections.abc import Sequence

from loaders.paragraphs import Paragraph
from loaders.records import PartnershipMention, PreviousInspection


def previous_inspections(paragraphs: Sequence[Paragraph]) -> tuple[PreviousInspection, ...]:
    """Return the earlier inspections the text mentions ("judged to be good in September 2011")."""
    return ()


def partnership_mentions(paragraphs: Sequence[Paragraph]) -> tuple[PartnershipMention, ...]:
    """Return the partnerships and shared services the text names."""
    return ()
