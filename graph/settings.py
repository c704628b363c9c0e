"""Where govkg keeps its data, and the settings every command shares.

The data directory is `--data-dir` on a command, else the environment variable
GOVKG_DATA_DIR, else a per-user default ($XDG_DATA_HOME/govkg or ~/.local/share/govkg).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CORPUS = PROJECT_ROOT / "data" / "corpus"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "govkg"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: explicit value, then GOVKG_DATA_DIR, then the default."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("GOVKG_DATA_DIR")
    return Path(env) if env else default_data_dir()


def store_path(directory: Path) -> Path:
    """The on-disk store inside a data directory."""
    return directory / "store"
