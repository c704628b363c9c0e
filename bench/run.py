"""govkg benchmarks: one command, every figure side by side, written to BENCHMARKS.md.

    python bench/run.py --sizes 10000,1000000,10000000 --remote virtuoso

For each size, the synthetic data (bench/data.py) is made once; then each backend runs in
a process of its own (bench/backends.py: rdflib's in-memory Dataset, raw pyoxigraph, govkg's
Store, and with --remote a RemoteStore on a SPARQL server; "virtuoso" starts Virtuoso on
loopback with scripts/virtuoso.sh); then the production server is measured over govkg's
store, and over the remote store (bench/api_bench.py). Each size's figures are saved in
bench/results/bench-<size>.json; BENCHMARKS.md and bench/cost-vs-size.png are made from all
saved sizes, so sizes can be run one at a time. bench/load_test.py (the mixed load test of
the reliability harness) writes bench/results/load.md, which the report includes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from data import CACHE, ROOT, bench_data  # noqa: E402

RESULTS = BENCH / "results"
BACKENDS = ("rdflib", "oxigraph", "govkg", "remote")


def run_worker(args: argparse.Namespace, backend: str, size: int, remote: str | None) -> dict:
    command = [
        sys.executable,
        __file__,
        "--worker",
        backend,
        str(size),
        "--seed",
        str(args.seed),
        "--reps",
        str(args.reps),
    ]
    if remote:
        command += ["--remote", remote]
    if backend == "govkg":
        command += ["--keep", str(api_dir(size, "govkg"))]
    started = time.perf_counter()
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"backend": backend, "size": size, "error": f"over {args.timeout} s"}
    print(f"  {backend}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"backend": backend, "size": size, "error": tail[:300]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def api_dir(size: int, backend: str) -> Path:
    path = CACHE / f"api-{backend}-{size}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def remote_url(name: str | None) -> str | None:
    if name != "virtuoso":
        return name
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "virtuoso.sh"), "start"],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    return proc.stdout.strip().splitlines()[-1]


def run_size(args: argparse.Namespace, size: int) -> dict:
    started = time.perf_counter()
    data = bench_data(size, args.seed)
    print(f"size {size:,}: data {time.perf_counter() - started:.0f} s", file=sys.stderr)
    remote = remote_url(args.remote)
    wanted = [b for b in args.backends.split(",") if b != "remote" or remote]
    result: dict = {"size": size, "facts": data.facts, "backends": {}, "api": {}}
    for backend in wanted:
        if backend == "rdflib" and size > args.rdflib_max:
            result["backends"][backend] = {"skipped": f"above {args.rdflib_max:,} triples"}
            continue
        result["backends"][backend] = run_worker(args, backend, size, remote)
        if backend == "remote":
            result["remote_server"] = server_version(remote)
        save(result)  # what is done so far survives a later failure
    if not args.no_api:
        import api_bench

        if "govkg" in wanted and "error" not in result["backends"].get("govkg", {}):
            print("  api (govkg)", file=sys.stderr)
            result["api"]["govkg"] = api_bench.measure(api_dir(size, "govkg"), None, args.seconds)
            save(result)
        if "remote" in wanted and remote and "error" not in result["backends"]["remote"]:
            print("  api (remote)", file=sys.stderr)
            try:
                result["api"]["remote"] = api_bench.measure(
                    api_dir(size, "remote"), remote, args.seconds
                )
            except OSError as exc:  # a page the server cannot answer in time, say
                result["api"]["remote"] = {"error": f"{type(exc).__name__}: {exc}"}
    return result


def rerun_api(args: argparse.Namespace, size: int) -> dict:
    """The saved figures of a size, with the API measured again over the store its govkg
    run kept (after a change to the web app, or when the API part of a run failed)."""
    import api_bench

    result = json.loads((RESULTS / f"bench-{size}.json").read_text(encoding="utf-8"))
    print(f"size {size:,}: api (govkg)", file=sys.stderr)
    result.setdefault("api", {})["govkg"] = api_bench.measure(
        api_dir(size, "govkg"), None, args.seconds
    )
    result["api_command"] = " ".join(["python", "bench/run.py", *sys.argv[1:]])
    return result


def save(result: dict) -> None:
    if "api_command" not in result:
        result["command"] = " ".join(["python", "bench/run.py", *sys.argv[1:]])
    result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"bench-{result['size']}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")


def server_version(url: str | None) -> str | None:
    if not url:
        return None
    try:
        import urllib.request

        with urllib.request.urlopen(url.rsplit("/", 1)[0] + "/sparql", timeout=5) as answer:
            return answer.headers.get("Server")
    except OSError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--remote", help='SPARQL endpoint URL, or "virtuoso" to start one')
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0, help="per API route class")
    parser.add_argument("--rdflib-max", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=int, default=4 * 3600, help="seconds per backend")
    parser.add_argument("--no-api", action="store_true")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument(
        "--api-only", action="store_true", help="measure the API again over a saved size's store"
    )
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--worker", nargs=2, metavar=("BACKEND", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--keep", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        from backends import measure

        backend, size = args.worker[0], int(args.worker[1])
        figures = measure(backend, bench_data(size, args.seed), args.reps, args.remote, args.keep)
        print(json.dumps(figures))
        return
    RESULTS.mkdir(exist_ok=True)
    if args.api_only:
        for size in (int(s) for s in args.sizes.split(",")):
            save(rerun_api(args, size))
    elif not args.report_only:
        for size in (int(s) for s in args.sizes.split(",")):
            save(run_size(args, size))
    from report import write

    write(Path(args.out), BENCH / "cost-vs-size.png")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
