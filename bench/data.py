"""The benchmark data: one synthetic stream per size, cut into the store and what follows.

For a size N the synthetic stream (graph/synthetic.py, seed S) is generated once, a little
past N triples, and written as

- `store-N-S.nq`: the documents up to N triples — what each backend loads;
- `next-N-S.nq`: the next NEXT_DOCUMENTS documents — written one transaction each into
  the loaded store (transactional throughput at that size);
- `texts-N-S/*.txt`: the NEXT_PROTOCOLS meetings after those, rendered as protocol text in
  both layouts (graph/synthetic_text.py) — ingested from text at that size.

Files are cached in $GOVKG_BENCH_CACHE (default: /tmp/govkg-bench).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("GOVKG_BENCH_CACHE", Path(tempfile.gettempdir()) / "govkg-bench"))
NEXT_DOCUMENTS = 200
NEXT_PROTOCOLS = 6
EXTRA = 0.05  # generate this much past N (at least EXTRA_MIN triples), so that the stream
EXTRA_MIN = 300_000  # has the next documents and, after them, the meetings to render


@dataclass(frozen=True, slots=True)
class BenchData:
    size: int
    seed: int
    store: Path
    next: Path
    texts: Path
    facts: dict[str, int]

    @property
    def triples(self) -> int:
        return self.facts["triples"]


def bench_data(size: int, seed: int) -> BenchData:
    """The files for one size, made on first use."""
    CACHE.mkdir(parents=True, exist_ok=True)
    store = CACHE / f"store-{size}-{seed}.nq"
    following = CACHE / f"next-{size}-{seed}.nq"
    texts = CACHE / f"texts-{size}-{seed}"
    facts_file = CACHE / f"facts-{size}-{seed}.json"
    if not facts_file.exists():
        facts = _write(size, seed, store, following, texts)
        facts_file.write_text(json.dumps(facts), encoding="utf-8")
    facts = json.loads(facts_file.read_text(encoding="utf-8"))
    return BenchData(size, seed, store, following, texts, facts)


def _write(size: int, seed: int, store: Path, following: Path, texts: Path) -> dict[str, int]:
    from graph.synthetic import documents, quad_lines
    from graph.synthetic_text import render_protocol

    texts.mkdir(parents=True, exist_ok=True)
    counts = {"triples": 0, "graphs": 0, "meetings": 0, "next_triples": 0, "next_graphs": 0}
    rendered = 0
    layouts = ("paragraph", "numbered")
    with open(store, "w", encoding="utf-8") as head, open(following, "w", encoding="utf-8") as tail:
        for doc in documents(size + max(int(size * EXTRA), EXTRA_MIN), seed):
            if counts["triples"] < size:
                head.write(quad_lines(doc))
                counts["triples"] += len(doc.triples)
                counts["graphs"] += 1
                counts["meetings"] += doc.meeting is not None
            elif counts["next_graphs"] < NEXT_DOCUMENTS:
                tail.write(quad_lines(doc))
                counts["next_triples"] += len(doc.triples)
                counts["next_graphs"] += 1
                continue
            after_next = counts["next_graphs"] >= NEXT_DOCUMENTS
            if after_next and doc.meeting is not None and rendered < NEXT_PROTOCOLS:
                layout = layouts[rendered % 2]
                text = render_protocol(doc.meeting, layout)
                (texts / f"{rendered:02d}-{layout}.txt").write_text(text, encoding="utf-8")
                rendered += 1
            if counts["next_graphs"] >= NEXT_DOCUMENTS and rendered >= NEXT_PROTOCOLS:
                break
    return counts


def documents_of(path: Path) -> list[tuple[str, str]]:
    """(graph IRI, N-Quads text) per graph of a small N-Quads file, in file order."""
    docs: list[tuple[str, list[str]]] = []
    current = None
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            graph = line[line.rindex("<", 0, len(line) - 3) + 1 : line.rindex(">")]
            if graph != current:
                docs.append((graph, []))
                current = graph
            docs[-1][1].append(line)
    return [(graph, "".join(lines)) for graph, lines in docs]
