"""The bounded load test of the production server (bench/load_test.py) runs in CI: a mix of
pages, JSON and SPARQL for 60 seconds while a writer loads and withdraws, with no error and
no torn read. Its figures are written to a temporary file here; `python bench/load_test.py
--duration 60` writes them to bench/results/load.md for BENCHMARKS.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sixty_seconds_of_mixed_load_without_an_error(tmp_path: Path) -> None:
    out = tmp_path / "load.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_test.py"), "--duration", "60",
         "--output", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    rows = {m[0]: m[1:] for m in re.findall(r"^\| ([a-z -]+) \| (\d+) \| [\d.]+ \| (\d+) \|",
                                               report, re.M)}  # fmt: skip
    for kind in ("page", "json", "sparql", "load", "withdraw", "torn-read check"):
        requests, errors = rows[kind]
        assert int(requests) > 0, f"no {kind} requests"
        assert int(errors) == 0, report
