"""Browser assets: the vendor copy step and the inline styles the CSP allows by hash."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from scripts.vendor_assets import ASSETS, NODE_MODULES, copy_assets
from web.pages.security import CONTENT_SECURITY_POLICY, RESIZER_STYLES, style_hash

# Texts the libraries build by joining strings: the pieces to find in their code.
BUILT_STYLES = {
    "*{cursor:col-resize!important}": ("`*{cursor:`+", "dragCursor:`col-resize`", "`!important}`"),
    ".__________cytoscape_container { position: relative; }": (
        '"__________cytoscape_container"',
        '" { position: relative; }"',
    ),
}


def _fake_node_modules(root: Path) -> Path:
    for name, _ in ASSETS:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"/* {name} */", encoding="utf-8")
    return root


def test_copy_assets_puts_each_file_in_its_vendor_folder(tmp_path: Path) -> None:
    node_modules = _fake_node_modules(tmp_path / "node_modules")
    vendor = tmp_path / "vendor"
    (vendor / "stale").mkdir(parents=True)
    written = copy_assets(node_modules, vendor)
    assert (
        vendor / "yasgui" / "yasgui.min.js"
    ).read_text() == "/* @zazuko/yasgui/build/yasgui.min.js */"
    assert (vendor / "cytoscape" / "cytoscape.min.js").is_file()
    assert len(written) == len(ASSETS)
    assert not (vendor / "stale").exists()  # a stale copy is replaced, not merged


def test_copy_assets_names_what_npm_has_not_installed(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="npm ci"):
        copy_assets(tmp_path / "empty", tmp_path / "vendor")


def test_style_hashes_are_sha256_source_expressions() -> None:
    expression = style_hash("a{}")
    assert expression.startswith("'sha256-") and expression.endswith("'")
    assert len(base64.b64decode(expression[8:-1])) == 32
    for text in RESIZER_STYLES:
        assert style_hash(text) in CONTENT_SECURITY_POLICY


def test_the_allowed_inline_styles_are_the_libraries_own_texts() -> None:
    yasgui = NODE_MODULES / "@zazuko/yasgui/build/yasgui.min.js"
    cytoscape = NODE_MODULES / "cytoscape/dist/cytoscape.min.js"
    if not (yasgui.is_file() and cytoscape.is_file()):
        if os.environ.get("CI") == "true":
            pytest.fail("node_modules is missing: `make install` runs npm ci")
        pytest.skip("npm ci has not been run")
    sources = yasgui.read_text(encoding="utf-8") + cytoscape.read_text(encoding="utf-8")
    for text in RESIZER_STYLES:
        # Two of the texts are joined at run time from pieces of the libraries' code.
        pieces = BUILT_STYLES.get(text, (text,))
        assert all(piece in sources for piece in pieces), text[:40]
