"""The distribution holds every package of graph/ and api/ (a subpackage left out of the
setuptools configuration works in an editable install and is missing from a wheel)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_in_the_distribution() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = [
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("graph", "api")
        for init in (ROOT / top).rglob("__init__.py")
    ]
    assert "graph.derive" in packages
    missing = [p for p in packages if not any(fnmatch(p, pattern) for pattern in include)]
    assert missing == []
