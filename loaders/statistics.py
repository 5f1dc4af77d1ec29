"""Area statistics stated in reports ("At 31 March 2015, 179 children were being looked after")."""

from __future__ import annotations

from collections.abc import Sequence

from loaders.paragraphs import Paragraph
from loaders.records import AreaStatistic


def area_statistics(paragraphs: Sequence[Paragraph]) -> tuple[AreaStatistic, ...]:
    """Return the figures about the area that the text states."""
    return ()
