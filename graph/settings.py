"""Every setting declared once, with its default, environment variable and help text.

The command line, the Flask app factory and the README's settings table all read SETTINGS, so a
setting cannot be documented in one place and behave differently in another.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def default_store_location() -> str:
    """Return the default store folder: $XDG_DATA_HOME/ofsted-kg/store (~/.local/share/...)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "ofsted-kg" / "store")


@dataclass(frozen=True)
class Settings:
    """Configuration for builds, queries and the server."""

    store: str = field(
        default_factory=default_store_location,
        metadata={"env": "OFSTED_KG_STORE", "help": "Store folder, or URL of a SPARQL 1.1 server."},
    )
    workers: int = field(
        default=0,
        metadata={
            "env": "OFSTED_KG_WORKERS",
            "help": "Processes that parse files (0: one per core).",
        },
    )
    host: str = field(
        default="127.0.0.1", metadata={"env": "OFSTED_KG_HOST", "help": "Address to serve on."}
    )
    port: int = field(default=5000, metadata={"env": "OFSTED_KG_PORT", "help": "Port to serve on."})
    query_timeout: float = field(
        default=5.0,
        metadata={
            "env": "OFSTED_KG_QUERY_TIMEOUT",
            "help": "Seconds a query may run before it is stopped.",
        },
    )
    row_limit: int = field(
        default=10000,
        metadata={
            "env": "OFSTED_KG_ROW_LIMIT",
            "help": "Most result rows returned; more are cut (truncated).",
        },
    )
    page_cache_mb: int = field(
        default=64,
        metadata={
            "env": "OFSTED_KG_PAGE_CACHE_MB",
            "help": "Megabytes of pages and named-query answers kept until the next build "
            "(0: off).",
        },
    )
    memory_copy_quads: int = field(
        default=5_000_000,
        metadata={
            "env": "OFSTED_KG_MEMORY_COPY_QUADS",
            "help": "Most quads each serving process copies into memory, where queries run "
            "several times faster (about 420 MB per million quads per process, and up to half "
            "that again for the default graph alone); a larger store, "
            "or one the machine has too little memory left for, is queried on disk "
            "(0: always on disk).",
        },
    )
    service_allowlist: str = field(
        default="",
        metadata={
            "env": "OFSTED_KG_SERVICE_ALLOWLIST",
            "help": "Comma-separated hosts a SPARQL SERVICE clause may call (none by default).",
        },
    )

    def allowed_service_hosts(self) -> tuple[str, ...]:
        """Return the SERVICE allow-list as host names."""
        return tuple(host.strip() for host in self.service_allowlist.split(",") if host.strip())

    @classmethod
    def from_environment(cls, **overrides: Any) -> Settings:
        """Return defaults, overridden by environment variables, then by non-None `overrides`."""
        values: dict[str, Any] = {}
        for setting in fields(cls):
            env_name = setting.metadata.get("env")
            if env_name and env_name in os.environ:
                values[setting.name] = _convert(setting.type, os.environ[env_name])
        values.update({name: value for name, value in overrides.items() if value is not None})
        return cls(**values)

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the non-None `overrides` applied."""
        return replace(
            self, **{name: value for name, value in overrides.items() if value is not None}
        )


def _convert(type_name: object, raw: str) -> Any:
    if type_name in (int, "int"):
        return int(raw)
    if type_name in (float, "float"):
        return float(raw)
    return raw


def settings_table() -> list[tuple[str, str, str, str]]:
    """Return (name, environment variable, default, help) for each setting, for docs and --help."""
    defaults = Settings()
    return [
        (
            s.name,
            s.metadata.get("env", ""),
            str(getattr(defaults, s.name)),
            s.metadata.get("help", ""),
        )
        for s in fields(Settings)
    ]
