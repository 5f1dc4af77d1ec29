"""Copy the browser libraries the pages use from node_modules/ into web/static/vendor/.

Run after `npm ci` (the Makefile's install target does both). The copies are not committed
(web/static/vendor/ is git-ignored): the versions are pinned by package-lock.json.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NODE_MODULES = PROJECT / "node_modules"
VENDOR = PROJECT / "web" / "static" / "vendor"

# (file under node_modules, folder under web/static/vendor)
ASSETS = (
    ("@zazuko/yasgui/build/yasgui.min.js", "yasgui"),
    ("@zazuko/yasgui/build/yasgui.min.css", "yasgui"),
    ("@zazuko/yasgui/package.json", "yasgui"),
    ("cytoscape/dist/cytoscape.min.js", "cytoscape"),
    ("cytoscape/LICENSE", "cytoscape"),
)


def copy_assets(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> list[Path]:
    """Copy every asset into `vendor`; return the files written."""
    missing = [name for name, _ in ASSETS if not (node_modules / name).is_file()]
    if missing:
        raise FileNotFoundError(f"not in {node_modules}: {', '.join(missing)} (run `npm ci` first)")
    if vendor.exists():
        shutil.rmtree(vendor)
    written = []
    for name, folder in ASSETS:
        target = vendor / folder / Path(name).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(node_modules / name, target)
        written.append(target)
    return written


def main() -> int:
    """Copy the assets and say what was written."""
    try:
        written = copy_assets()
    except FileNotFoundError as error:
        sys.stderr.write(f"vendor_assets: {error}\n")
        return 1
    sys.stderr.write(f"vendor_assets: {len(written)} files copied into {VENDOR}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
