"""One parser module per report family.

Each module offers `FAMILY` (a short id), `detect(document) -> bool` and
`parse(document) -> InspectionReport | CommitteeReport`; both take a CleanDocument and never
touch files or RDF. Adding a family is adding a module and listing it in PARSER_MODULES, in
order of precedence: the first module whose `detect` says yes parses the document.
"""

from __future__ import annotations

import importlib
from types import ModuleType

PARSER_MODULES = (
    "loaders.parsers.committee",
    "loaders.parsers.ilacs",
    "loaders.parsers.visit_letter",
    "loaders.parsers.jtai",
    "loaders.parsers.sif",
    "loaders.parsers.lac_2013",
    "loaders.parsers.child_protection_2012",
    "loaders.parsers.safeguarding_lac_2012",
)


# Imported with this package, not on first use: `ofsted-kg build` imports it before forking its
# workers, which then share the compiled modules (some 300 patterns) instead of each compiling them.
_MODULES = tuple(importlib.import_module(name) for name in PARSER_MODULES)


def parser_modules() -> tuple[ModuleType, ...]:
    """Return the parser modules in order of precedence."""
    return _MODULES
