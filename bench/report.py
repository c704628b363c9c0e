"""BENCHMARKS.md and bench/cost-vs-size.png from the saved results (bench/results/)."""

from __future__ import annotations

import json
import os
import platform
import statistics
from importlib.metadata import version
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
BACKENDS = ("rdflib", "oxigraph", "govkg", "remote")
STORE_BACKENDS = ("govkg", "remote")


def load() -> list[dict[str, Any]]:
    runs = [json.loads(p.read_text()) for p in RESULTS.glob("bench-*.json")]
    return sorted(runs, key=lambda r: r["size"])


def fmt(value: Any, kind: str = "") -> str:
    if value is None:
        return "–"
    if kind == "ms":
        return f"{value * 1000:.2f}" if value < 0.01 else f"{value * 1000:.1f}"
    if kind == "x":
        return f"{value:.1f}×"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; {platform.platform()}"


def figure(run: dict, backend: str, *keys: str) -> Any:
    value: Any = run["backends"].get(backend, {})
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def write(out: Path, png: Path) -> None:
    runs = load()
    lines = header(runs)
    lines += targets(runs)
    lines += loading(runs)
    lines += validation(runs)
    lines += queries(runs)
    lines += api(runs)
    lines += memory(runs)
    lines += load_test()
    if runs:
        plot(runs, png)
        lines += ["## Cost against store size", "", f"![cost against store size](bench/{png.name})"]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def header(runs: list[dict]) -> list[str]:
    versions = ", ".join(f"{p} {version(p)}" for p in ("pyoxigraph", "rdflib", "pyshacl", "flask"))
    lines = [
        "# govkg benchmarks",
        "",
        "Made by `python bench/run.py` (see bench/run.py for what each figure measures); each "
        "size was run with the command shown. Figures are from one machine and one run each: "
        "read them as orders of magnitude.",
        "",
        f"- machine: {machine()}",
        f"- Python {platform.python_version()}, {versions}",
    ]
    servers = {r.get("remote_server") for r in runs if r.get("remote_server")}
    if servers:
        lines.append(f"- remote store: {', '.join(sorted(servers))} on 127.0.0.1")
    lines += [
        "",
        "| size | run | command | triples | graphs | meetings |",
        "|---:|---|---|---:|---:|---:|",
    ]
    for r in runs:
        f = r["facts"]
        lines.append(
            f"| {r['size']:,} | {r['date']} | `{r['command']}`"
            + (f", then `{r['api_command']}`" if r.get("api_command") else "")
            + f" | {f['triples']:,} | "
            f"{f['graphs']:,} | {f['meetings']:,} |"
        )
    return [*lines, ""]


def targets(runs: list[dict]) -> list[str]:
    """The targets of the scale work, and what was measured against them."""
    by = {r["size"]: r for r in runs}
    rows = []
    one_m = by.get(1_000_000)
    if one_m:
        speedups, floors, same = [], [], []
        for q, govkg in (figure(one_m, "govkg", "queries") or {}).items():
            rdf = (figure(one_m, "rdflib", "queries") or {}).get(q)
            ox = (figure(one_m, "oxigraph", "queries") or {}).get(q)
            own = (figure(one_m, "govkg", "queries_floor") or {}).get(q)
            rdf, ox, own = (f if f and "p50" in f else None for f in (rdf, ox, own))
            if rdf:
                speedups.append(rdf["p50"] / govkg["p50"])
            if ox:
                floors.append(govkg["p50"] / ox["p50"])
            if own:
                same.append(govkg["p50"] / own["p50"])
        if speedups:
            rows.append(
                (
                    "queries at 1M: ≥ 30× faster than rdflib",
                    f"{min(speedups):.0f}× – "
                    f"{max(speedups):,.0f}× (median {statistics.median(speedups):,.0f}×)",
                    min(speedups) >= 30,
                )
            )
        if floors:
            rows.append(
                (
                    "queries at 1M: within 1.5× of raw pyoxigraph",
                    f"{min(floors):.2f}× – "
                    f"{max(floors):.2f}× (median {statistics.median(floors):.2f}×)",
                    max(floors) <= 1.5,
                )
            )
        if same:
            rows.append(
                (
                    "queries at 1M: within 1.5× of raw pyoxigraph on govkg's own store",
                    f"{min(same):.2f}× – {max(same):.2f}× (median {statistics.median(same):.2f}×)",
                    max(same) <= 1.5,
                )
            )
    largest = max(by) if by else None
    if largest:
        computed = (by[largest].get("api", {}).get("govkg") or {}).get("computed", {})
        for name in ("entity (JSON)", "issue history", "lineage route"):
            p50 = (computed.get(name) or {}).get("server_p50")
            if p50 is not None:
                rows.append(
                    (
                        f"{name} p50 ≤ 5 ms server side at {largest:,}",
                        f"{p50:.1f} ms (computed, not kept)",
                        p50 <= 5,
                    )
                )
        p50 = (computed.get("search") or {}).get("server_p50")
        if p50 is not None:
            rows.append((f"search p50 ≤ 50 ms at {largest:,}", f"{p50:.1f} ms", p50 <= 50))
    small, large = min(by) if by else None, largest
    if small and large and small != large:
        a = figure(by[small], "govkg", "validate_s")
        b = figure(by[large], "govkg", "validate_s")
        if a and b:
            rows.append(
                (
                    f"validating one protocol at {large:,} ≤ 2× the cost at {small:,}",
                    f"{b:.2f} s vs {a:.2f} s ({b / a:.2f}×)",
                    b / a <= 2,
                )
            )
    if largest:
        bulk = figure(by[largest], "govkg", "bulk_tps")
        native = figure(by[largest], "oxigraph", "native_bulk_tps")
        ceiling = f"; Oxigraph alone, no merge: {native:,.0f}" if native else ""
        if bulk:
            rows.append(
                (
                    "build ≥ 150k triples/s into the on-disk store",
                    f"{bulk:,.0f} triples/s (bulk, {largest:,}{ceiling})",
                    bulk >= 150_000,
                )
            )
        rss = (by[largest].get("api", {}).get("govkg") or {}).get("computed_rss_mb")
        if rss:
            rows.append(
                (
                    f"{largest:,} triples served within 1 GB RSS",
                    f"{rss:,.0f} MB (server peak)",
                    rss <= 1024,
                )
            )
    if not rows:
        return []
    lines = ["## Targets", "", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in rows]
    return [*lines, ""]


def loading(runs: list[dict]) -> list[str]:
    lines = [
        "## Loading (triples/s)",
        "",
        "Bulk: the store's bulk loader over the size's N-Quads (rdflib: `Dataset.parse`; "
        "remote: Virtuoso's `ld_dir`/`rdf_loader_run`). Per document: the next "
        "documents of the stream written one transaction each into the loaded store (govkg "
        "and remote: `replace_graph`, one SPARQL UPDATE with its load record and revisions).",
        "",
        "*Oxigraph alone*: Oxigraph's bulk loader over the same file into the named graphs "
        "only, no merge: the ceiling of a bulk load on this machine (govkg and the raw "
        "floor write each triple twice, once in its graph and once in the merge).",
        "",
        "| size | "
        + " | ".join(f"{b} bulk | {b} per document" for b in BACKENDS)
        + " | Oxigraph alone |",
        "|---:|" + "---:|---:|" * len(BACKENDS) + "---:|",
    ]
    for r in runs:
        cells = []
        for b in BACKENDS:
            cells += [fmt(figure(r, b, "bulk_tps")), fmt(figure(r, b, "txn_tps"))]
        cells.append(fmt(figure(r, "oxigraph", "native_bulk_tps")))
        lines.append(f"| {r['size']:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Derivation and index after the bulk load (govkg, remote): re-deriving every county's "
        "issues and lineage, then building the search index from scratch, then compacting "
        "the store's indexes as `govkg build` ends (`Store.optimize`; a server: nothing).",
        "",
        "| size | backend | partitions | derive all (s) | per partition (s) | index (s) "
        "| optimize (s) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        for b in STORE_BACKENDS:
            d = figure(r, b, "derive_s")
            if d is None:
                continue
            parts = figure(r, b, "derive_partitions") or 1
            lines.append(
                f"| {r['size']:,} | {b} | {parts} | {fmt(d)} | {fmt(d / parts)} | "
                f"{fmt(figure(r, b, 'index_s'))} | {fmt(figure(r, b, 'optimize_s'))} |"
            )
    return [*lines, ""]


def validation(runs: list[dict]) -> list[str]:
    lines = [
        "## Validating and ingesting a new protocol",
        "",
        "Validation: one new protocol of the stream (rendered as text, extracted and mapped) "
        "validated with the stored data its nodes reach through the shapes, fetched by "
        "SPARQL (median of three). Ingest: protocols per second from text to a validated, "
        "stored graph, with its county's issues and lineage re-derived and the search index "
        "in step.",
        "",
        "| size | backend | protocol triples | context triples | validate (s) "
        "| ingest (protocols/s) |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in runs:
        for b in STORE_BACKENDS:
            v = figure(r, b, "validate_s")
            if v is None:
                continue
            lines.append(
                f"| {r['size']:,} | {b} | {fmt(figure(r, b, 'validate_triples'))} | "
                f"{fmt(figure(r, b, 'validate_context'))} | {fmt(v)} | "
                f"{fmt(figure(r, b, 'ingest_per_s'))} |"
            )
    return [*lines, ""]


def queries(runs: list[dict]) -> list[str]:
    lines = [
        "## Query latency, p50 / p95 (ms)",
        "",
        "The standard queries (bench/queries/*.rq) over the union of all graphs. govkg "
        "answers rdflib terms (what its pages and commands use); raw pyoxigraph only "
        "iterates its own answer. The last two columns: how many times faster govkg is than "
        "rdflib, govkg's p50 over raw pyoxigraph's, and govkg's p50 over the same query "
        "iterated as Oxigraph answers it on govkg's own store (govkg's own overhead: that "
        "store also holds the derived issues and lineage, and was written by many "
        "transactions, so Oxigraph itself answers some queries slower there, and with more "
        "rows, than on the bulk-loaded raw store). *remote* sends each query as "
        "/sparql does (restricted to our graphs, the server told the limit of 30 s). A "
        "server's default graph is the union of the named graphs and repeats a triple once "
        "per graph that holds it (the embedded store keeps their merge), so joins over "
        "nodes that many protocols describe (memberships) multiply there: *timeout* marks "
        "where that passed the limit.",
        "",
    ]
    for r in runs:
        lines += [f"### {r['size']:,} triples", ""]
        present = [b for b in BACKENDS if figure(r, b, "queries")]
        lines += [
            "| query | rows | "
            + " | ".join(present)
            + " | vs rdflib | vs oxigraph | vs same store |",
            "|---|---:|" + "---:|" * (len(present) + 3),
        ]
        own = figure(r, "govkg", "queries_floor") or {}
        names = sorted({q for b in present for q in figure(r, b, "queries")})
        for q in names:
            cells, p50 = [], {}
            rows = None
            for b in present:
                found = figure(r, b, "queries").get(q)
                if found and "error" in found:
                    cells.append("timeout" if "Timeout" in found["error"] else "error")
                elif found:
                    p50[b] = found["p50"]
                    rows = found["rows"] if rows is None else rows
                    cells.append(f"{fmt(found['p50'], 'ms')} / {fmt(found['p95'], 'ms')}")
                else:
                    cells.append("–")
            faster = p50["rdflib"] / p50["govkg"] if "rdflib" in p50 and "govkg" in p50 else None
            floor = p50["govkg"] / p50["oxigraph"] if "oxigraph" in p50 and "govkg" in p50 else None
            base = (own.get(q) or {}).get("p50")
            overhead = p50["govkg"] / base if base and "govkg" in p50 else None
            lines.append(
                f"| {q} | {fmt(rows)} | "
                + " | ".join(cells)
                + f" | {fmt(faster, 'x')} | {fmt(floor, 'x')} | {fmt(overhead, 'x')} |"
            )
        lines.append("")
    return lines


def api(runs: list[dict]) -> list[str]:
    lines = [
        "## API latency and throughput",
        "",
        "The production server (`govkg serve --production`, waitress, 4 threads) on 127.0.0.1, "
        "4 keep-alive clients per route class, after one warm-up pass. *Computed*: answers "
        "kept per revision turned off (PAGE_CACHE_ENTRIES=0), so every answer is worked out; "
        "*kept*: the default, where an answer is computed once per store revision. Server: "
        "the app's own time (its Server-Timing header); client: the whole request. Entity: "
        "/api/entity of bodies, meetings, people and agenda items; issue history: the largest "
        "issues' /api/history (its first page of 100 entries, where the API pages histories); "
        "lineage route: /api/lineage "
        "between the ends of three-step chains; search: /api/search of six words.",
        "",
    ]
    for r in runs:
        for b, figures in sorted(r.get("api", {}).items()):
            if "error" in figures:
                lines += [
                    f"### {r['size']:,} triples, {b}",
                    "",
                    f"Not measured: {figures['error']}",
                    "",
                ]
                continue
            lines += [
                f"### {r['size']:,} triples, {b}",
                "",
                "| route | computed server p50 / p95 ms | computed client p50 / p95 ms | "
                "computed req/s | kept server p50 ms | kept req/s | errors |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            computed, kept = figures.get("computed", {}), figures.get("kept", {})
            for name in computed:
                c, k = computed[name], kept.get(name, {})
                lines.append(
                    f"| {name} | {fmt(c['server_p50'])} / {fmt(c['server_p95'])} | "
                    f"{fmt(c['client_p50'])} / {fmt(c['client_p95'])} | {fmt(c['per_s'])} | "
                    f"{fmt(k.get('server_p50'))} | {fmt(k.get('per_s'))} | "
                    f"{c['errors'] + k.get('errors', 0)} |"
                )
            lines.append("")
    return lines


def memory(runs: list[dict]) -> list[str]:
    lines = [
        "## Peak memory (MB)",
        "",
        "ru_maxrss of each backend's measuring process (loading, queries, validation and "
        "ingest); server: the production server's peak RSS while answering (VmHWM).",
        "",
        "| size | " + " | ".join(BACKENDS) + " | govkg server | remote server (govkg side) |",
        "|---:|" + "---:|" * (len(BACKENDS) + 2),
    ]
    for r in runs:
        cells = [fmt(figure(r, b, "peak_rss_mb")) for b in BACKENDS]
        for b in STORE_BACKENDS:
            cells.append(fmt((r.get("api", {}).get(b) or {}).get("computed_rss_mb")))
        lines.append(f"| {r['size']:,} | " + " | ".join(cells) + " |")
    skipped = [
        (r["size"], b, v["skipped"])
        for r in runs
        for b, v in r["backends"].items()
        if isinstance(v, dict) and "skipped" in v
    ]
    skipped += [
        (r["size"], b, f"transactional loads and ingest: {v['txn_skipped']}")
        for r in runs
        for b, v in r["backends"].items()
        if isinstance(v, dict) and "txn_skipped" in v
    ]
    failed = [
        (r["size"], b, v["error"])
        for r in runs
        for b, v in r["backends"].items()
        if isinstance(v, dict) and "error" in v
    ]
    if skipped or failed:
        lines += ["", "Not run or not finished:", ""]
        lines += [f"- {b} at {s:,}: skipped ({why})" for s, b, why in skipped]
        lines += [f"- {b} at {s:,}: {why}" for s, b, why in failed]
    return [*lines, ""]


def load_test() -> list[str]:
    path = RESULTS / "load.md"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8").strip().splitlines()
    body = [line.replace("# Load test", "## Load test (reliability)", 1) for line in text]
    return [*body, ""]


def plot(runs: list[dict], png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for b in BACKENDS:
        points = [
            (
                r["size"],
                figure(r, b, "queries"),
                figure(r, b, "validate_s"),
                figure(r, b, "peak_rss_mb"),
            )
            for r in runs
        ]
        points = [p for p in points if p[1]]
        if not points:
            continue
        sizes = [p[0] for p in points]
        mean_p50 = [
            statistics.mean(q["p50"] for q in p[1].values() if "p50" in q) * 1000
            if any("p50" in q for q in p[1].values())
            else float("nan")
            for p in points
        ]
        axes[0].plot(sizes, mean_p50, marker="o", label=b)
        valid = [(p[0], p[2]) for p in points if p[2]]
        if valid:
            axes[1].plot(*zip(*valid, strict=True), marker="o", label=b)
        axes[2].plot(sizes, [p[3] for p in points], marker="o", label=b)
    titles = ("mean query p50 (ms)", "validate one new protocol (s)", "peak RSS (MB)")
    for ax, title in zip(axes, titles, strict=True):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("store size (triples)")
        ax.set_title(title)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=110)
