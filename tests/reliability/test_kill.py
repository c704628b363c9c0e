"""Loads under faults: SIGKILL at random points, a full disk, and a reader during each load.

Every trial copies one prepared data directory, starts a load (the `govkg` command line,
or `POST /loads` to a waitress server in a child process), kills the process with SIGKILL
after a seeded random delay spread over the load's measured duration (and aimed at its
writes in part of the trials), then reopens the store read-write. Each loaded graph must
be entirely present — its triples equal to those of an uninterrupted run — or entirely
absent, with its load record present exactly when the graph is; the graphs that were
there before are untouched; each derived graph (issues, lineage: recomputed after a load
in a transaction of its own) is wholly its version before or its version after; and each
state reached conforms to the shapes. A reader process counts the changed graphs'
triples in read sessions during every trial and must only ever see the count before or
the count after.

The loads run in children forked from a preloaded parent (`load_child.py`), so a trial
costs the load itself rather than the imports; `test_kill_real_console_script` also kills
the real `govkg` console script.
"""

from __future__ import annotations

import ctypes
import errno
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.namespaces import LOADS_GRAPH, STATE_GRAPH
from graph.ontology_graph import ONTOLOGY_GRAPH
from graph.pipeline import build, graph_document
from graph.settings import BUNDLED_CORPUS
from graph.sources import read_source
from graph.store import Store
from graph.validate import validate

from .conftest import TOKEN

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HERE = Path(__file__).resolve().parent
CHILD = HERE / "load_child.py"
SCALE = float(os.environ.get("GOVKG_KILL_SCALE", "1"))
TRIALS = {
    kind: max(1, round(count * SCALE))
    for kind, count in {"cli-ttl": 25, "cli-txt": 20, "cli-build": 15, "api-ttl": 25,
                        "api-txt": 15}.items()
}  # fmt: skip
SEED = 20250601
DCT_CREATED = "http://purl.org/dc/terms/created"

# The store's own bookkeeping: load records, and revisions (new with every write).
BOOKKEEPING = {str(LOADS_GRAPH), str(STATE_GRAPH)}


def corpus(prefix: str) -> Path:
    return next(BUNDLED_CORPUS.glob(f"{prefix}_*.txt"))


# --- the preloaded parent ------------------------------------------------------------


class Zygote:
    """The `load_child.py zygote` process: forks loads, servers and readers on request."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), "zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=str(HERE.parents[1]),
        )
        assert json.loads(self.process.stdout.readline())["ready"]  # type: ignore[union-attr]

    def ask(self, **command: Any) -> dict[str, Any]:
        self.process.stdin.write(json.dumps(command) + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        return json.loads(self.process.stdout.readline())  # type: ignore[union-attr]

    def wait(self, pid: int, timeout: float = 60) -> dict[str, Any]:
        return self.ask(op="wait", pid=pid, timeout=timeout)

    def close(self) -> None:
        try:
            self.process.stdin.write('{"op": "exit"}\n')  # type: ignore[union-attr]
            self.process.stdin.close()  # type: ignore[union-attr]
            self.process.wait(10)
        finally:
            if self.process.poll() is None:
                self.process.kill()


# --- the store's state ---------------------------------------------------------------


def graphs_of(path: Path) -> dict[str, set[str]]:
    """Every named graph as a set of N-Quads lines (load timestamps left out)."""
    store = Store(path)
    try:
        out: dict[str, set[str]] = {}
        for quad in store.quads():
            if quad.predicate.value == DCT_CREATED:
                continue
            name = getattr(quad.graph_name, "value", "")
            out.setdefault(name, set()).add(f"{quad.subject} {quad.predicate} {quad.object}")
        return out
    finally:
        store.close()


def loads_records(graphs: dict[str, set[str]]) -> dict[str, set[str]]:
    """The load record of each graph: its lines of the loads graph, by subject."""
    out: dict[str, set[str]] = {}
    for line in graphs.get(str(LOADS_GRAPH), set()):
        subject = line.split(" ", 1)[0].strip("<>")
        out.setdefault(subject, set()).add(line)
    return out


DERIVED = "/graph/derived/"


def rewritten(graph: str) -> bool:
    """A graph a load recomputes (derived graphs) or refreshes (the ontology's)."""
    return DERIVED in graph or graph == str(ONTOLOGY_GRAPH)


@dataclass
class Scenario:
    name: str
    targets: list[str] = field(default_factory=list)  # the loaded graphs
    derived: list[str] = field(default_factory=list)  # derived graphs the load changes
    expected: dict[str, set[str]] = field(default_factory=dict)
    records: dict[str, set[str]] = field(default_factory=dict)
    duration: float = 0.0
    write_window: tuple[float, float] = (0.0, 0.0)
    order: list[str] = field(default_factory=list)  # `govkg build`: the documents' order


@dataclass
class Bench:
    root: Path
    base: Path  # the prepared data dir
    extra_ttl: Path
    before: dict[str, set[str]]
    zygote: Zygote
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    validated: dict[tuple[str, ...], bool] = field(default_factory=dict)


def prepare(root: Path) -> tuple[Path, Path]:
    """The base data dir (the ontology and a small agreement) and a protocol as Turtle."""
    base = root / "base"
    store = Store(base / "store")
    build([corpus("002")], store)
    store.close()
    extra = root / "extra.ttl"
    mapped = graph_document(read_source(corpus("000")))
    mapped.graph.serialize(extra, format="turtle")
    return base, extra


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    root = tmp_path_factory.mktemp("kill")
    base, extra = prepare(root)
    zygote = Zygote()
    try:
        yield Bench(root, base, extra, graphs_of(base / "store"), zygote)
    finally:
        zygote.close()


# --- one run ----------------------------------------------------------------------------


def start_load(bench: Bench, kind: str, data: Path, trace: Path | None) -> tuple[int, float, Any]:
    """Start a load; (pid to kill, start time, client thread or None)."""
    log = str(data.parent / "child.log")
    if kind.startswith("cli"):
        args = {
            "cli-ttl": ["load", str(bench.extra_ttl)],
            "cli-txt": ["load", str(corpus("001"))],
            "cli-build": ["build", str(corpus("000")), str(corpus("001"))],
        }[kind] + ["--data-dir", str(data)]
        answer = bench.zygote.ask(op="cli", args=args, log=log, trace=str(trace or ""))
        return answer["pid"], answer["t0"], None
    port_file = data.parent / "port"
    answer = bench.zygote.ask(op="api", data_dir=str(data), port_file=str(port_file), log=log,
                              tokens=f"tester:{TOKEN}", trace=str(trace or ""))  # fmt: skip
    deadline = time.monotonic() + 30
    while not port_file.exists():
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.005)
    port = int(port_file.read_text())
    if kind == "api-ttl":
        body, media, name = bench.extra_ttl.read_bytes(), "text/turtle", "extra.ttl"
    else:
        body, media, name = corpus("001").read_bytes(), "text/plain", corpus("001").name
    result: dict[str, Any] = {}

    def post() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("POST", f"/loads?name={name}", body=body,
                               headers={"Content-Type": media,
                                        "Authorization": f"Bearer {TOKEN}"})  # fmt: skip
            response = connection.getresponse()
            result["status"] = response.status
            result["body"] = response.read()
        except OSError as exc:
            result["error"] = exc
        finally:
            connection.close()

    client = threading.Thread(target=post, daemon=True)
    t0 = time.monotonic()
    client.start()
    client.result = result  # type: ignore[attr-defined]
    return answer["pid"], t0, client


def start_reader(bench: Bench, data: Path, targets: list[str]) -> tuple[int, Path, Path]:
    out, stop = data.parent / "reader.json", data.parent / "reader.stop"
    answer = bench.zygote.ask(op="reader", data_dir=str(data), graphs=targets, out=str(out),
                              stop=str(stop), log=str(data.parent / "reader.log"))  # fmt: skip
    return answer["pid"], out, stop


def stop_reader(bench: Bench, pid: int, out: Path, stop: Path) -> dict[str, Any]:
    stop.touch()
    status = bench.zygote.wait(pid, 30)
    assert status["status"] == "exit", f"the reader did not end: {status}"
    return json.loads(out.read_text())


def finish(bench: Bench, kind: str, pid: int, client: Any, kill: bool) -> dict[str, Any]:
    if kill:
        os.kill(pid, signal.SIGKILL)
        status = bench.zygote.wait(pid, 30)
    elif kind.startswith("api"):
        client.join(120)
        os.kill(pid, signal.SIGKILL)
        status = bench.zygote.wait(pid, 30)
    else:
        status = bench.zygote.wait(pid, 120)
    if client is not None:
        client.join(30)
        status["http"] = client.result.get("status")
    return status


def reference(bench: Bench, kind: str) -> Scenario:
    """An uninterrupted run: its duration, its write window and the graphs it writes."""
    if kind in bench.scenarios:
        return bench.scenarios[kind]
    trial = bench.root / f"ref-{kind}"
    data = trial / "data"
    shutil.copytree(bench.base, data)
    trace = trial / "trace"
    pid, t0, client = start_load(bench, kind, data, trace)
    status = finish(bench, kind, pid, client, kill=False)
    if kind.startswith("api"):
        assert status.get("http") == 201, (status, client.result)
        duration = time.monotonic() - t0
    else:
        assert status == {"status": "exit", "code": 0}, (trial / "child.log").read_text()
        duration = time.monotonic() - t0
    marks = [line.split() for line in trace.read_text().splitlines()]
    begins = [float(t) - t0 for k, t in marks if k == "begin"]
    ends = [float(t) - t0 for k, t in marks if k == "end"]
    after = graphs_of(data / "store")
    changed = sorted(g for g in set(after) | set(bench.before)
                     if g not in BOOKKEEPING and after.get(g) != bench.before.get(g))  # fmt: skip
    targets = [g for g in changed if not rewritten(g)]
    derived = [g for g in changed if rewritten(g)]
    records = loads_records(after)
    scenario = Scenario(kind, targets, derived, {g: after.get(g, set()) for g in changed},
                        {g: records[g] for g in changed if g in records}, duration,
                        (min(begins), max(ends)))  # fmt: skip
    assert targets and all(g not in bench.before for g in targets), f"{kind}: {changed}"
    shutil.rmtree(trial)
    bench.scenarios[kind] = scenario
    return scenario


def check_state(bench: Bench, scenario: Scenario, data: Path) -> tuple[str, ...]:
    """All-or-nothing per graph; the graphs that were there untouched; conforming states."""
    state = graphs_of(data / "store")
    present = tuple(g for g in scenario.targets if g in state)
    for graph in scenario.targets:
        if graph in state:
            assert state[graph] == scenario.expected[graph], f"{graph} is partly loaded"
    updated = []
    for graph in scenario.derived:
        now = state.get(graph, set())
        before = bench.before.get(graph, set())
        assert now in (before, scenario.expected[graph]), f"{graph} is partly derived"
        if now != before:
            updated.append(graph)
    if any(DERIVED in g for g in updated):
        assert len(present) == len(scenario.targets), "derived from a load that is not there"
    changed = set(scenario.targets) | set(scenario.derived)
    for graph, lines in bench.before.items():
        if graph not in BOOKKEEPING and graph not in changed:
            assert state.get(graph) == lines, f"{graph} changed"
    assert set(state) <= set(bench.before) | changed | BOOKKEEPING
    records = loads_records(state)
    before_records = loads_records(bench.before)
    for subject, lines in records.items():
        if subject in scenario.targets:
            assert subject in present, f"a load record without its graph: {subject}"
            assert lines == scenario.records[subject]
        elif subject in scenario.derived:
            assert lines in (before_records.get(subject), scenario.records.get(subject))
        else:
            assert lines == before_records.get(subject), f"the record of {subject} changed"
    for graph in present:
        assert graph in records, f"{graph} is present without its load record"
    if scenario.order:  # `govkg build` loads its documents in order, one transaction each
        flags = [g in present for g in scenario.order]
        assert flags == sorted(flags, reverse=True), f"out of order: {flags}"
    key = (scenario.name, *present, *updated)
    if key not in bench.validated:
        store = Store(data / "store", read_only=True)
        report = validate(store.dataset())
        store.close()
        bench.validated[key] = report.conforms
    assert bench.validated[key], f"the state {key} does not conform"
    return present


def delays(scenario: Scenario, count: int, rnd: random.Random) -> list[float]:
    """Kill times: half spread over the whole load, half aimed at its write."""
    low, high = scenario.write_window
    out = []
    for n in range(count):
        if n % 2 == 0:
            out.append(rnd.uniform(0.0, scenario.duration * 1.05))
        else:
            out.append(rnd.uniform(max(0.0, low - 0.1), high + 0.05))
    return out


def test_sigkill_trials(bench: Bench) -> None:
    """100 loads killed at random points: each is all there or not there at all."""
    rnd = random.Random(SEED)
    outcomes: dict[str, dict[str, int]] = {}
    for kind, count in TRIALS.items():
        scenario = reference(bench, kind)
        if kind == "cli-build":
            scenario.order = ordered_build_targets(scenario)
        for n, delay in enumerate(delays(scenario, count, rnd)):
            trial = bench.root / f"{kind}-{n}"
            data = trial / "data"
            shutil.copytree(bench.base, data)
            reader = start_reader(bench, data, scenario.targets + scenario.derived)
            time.sleep(0.05)
            pid, t0, client = start_load(bench, kind, data, None)
            time.sleep(max(0.0, t0 + delay - time.monotonic()))
            status = finish(bench, kind, pid, client, kill=True)
            seen = stop_reader(bench, *reader)
            present = check_state(bench, scenario, data)
            if status["status"] == "exit":
                assert status["code"] == 0, (trial / "child.log").read_text()
                assert len(present) == len(scenario.targets), "a finished load is missing"
            if status.get("http") == 201:
                assert len(present) == len(scenario.targets), "an acknowledged load is missing"
            assert not seen["errors"], f"the reader failed: {seen['errors'][:3]}"
            for graph, counts in seen["seen"].items():
                allowed = {len(bench.before.get(graph, ())), len(scenario.expected[graph])}
                assert set(counts) <= allowed, f"a torn read of {graph}: {counts} ({allowed})"
            label = "complete" if len(present) == len(scenario.targets) else (
                "partial-sequence" if present else "absent")  # fmt: skip
            outcomes.setdefault(kind, {}).setdefault(label, 0)
            outcomes[kind][label] += 1
            shutil.rmtree(trial)
    total = sum(sum(v.values()) for v in outcomes.values())
    assert total == sum(TRIALS.values()) >= (100 if SCALE >= 1 else 1)
    print("\nSIGKILL trials:", json.dumps(outcomes, sort_keys=True))
    for kind, scenario in bench.scenarios.items():
        print(f"  {kind}: load {scenario.duration:.2f} s, write window "
              f"{scenario.write_window[0]:.2f}–{scenario.write_window[1]:.2f} s")  # fmt: skip


def ordered_build_targets(scenario: Scenario) -> list[str]:
    """The build's graphs in the order `govkg build` writes them (its documents in order)."""
    order = []
    for prefix in ("000", "001"):
        mapped = graph_document(read_source(corpus(prefix)))
        tail = str(mapped.graph_iri).rsplit("/", 1)[-1]
        order.extend(g for g in scenario.targets if g.endswith(tail) and g not in order)
    assert sorted(order) == sorted(scenario.targets)
    return order


def test_kill_real_console_script(bench: Bench, tmp_path: Path) -> None:
    """The installed `govkg load`, killed during its load, leaves all or nothing."""
    govkg = Path(sys.executable).with_name("govkg")
    if not govkg.exists():
        pytest.skip("the govkg console script is not installed")
    scenario = reference(bench, "cli-ttl")
    rnd = random.Random(SEED + 1)
    for n in range(3):
        data = tmp_path / f"t{n}" / "data"
        shutil.copytree(bench.base, data)
        started = time.monotonic()
        command = [str(govkg), "load", str(bench.extra_ttl), "--data-dir", str(data)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if n < 2:
            time.sleep(rnd.uniform(0.3, 1.5))
            process.send_signal(signal.SIGKILL)
        process.wait(120)
        assert time.monotonic() - started < 120
        present = check_state(bench, scenario, data)
        if n == 2:
            assert process.returncode == 0 and present


# --- a full disk ---------------------------------------------------------------------


def mount_tmpfs(target: Path, size: str) -> bool:
    """Mount a size-limited tmpfs on `target`; False where mounting is not permitted."""
    target.mkdir(parents=True, exist_ok=True)
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.mount(b"tmpfs", str(target).encode(), b"tmpfs", 0,
                        f"size={size}".encode())  # fmt: skip
    return result == 0


def umount(target: Path) -> None:
    ctypes.CDLL(None, use_errno=True).umount2(str(target).encode(), 2)


def fill(directory: Path, leave: int) -> Path:
    """A file that takes all free space of `directory`'s file system but `leave` bytes."""
    filler = directory / "filler"
    stats = os.statvfs(directory)
    free = stats.f_bavail * stats.f_frsize
    with open(filler, "wb") as out:
        chunk = b"\0" * (1 << 20)
        remaining = max(0, free - leave)
        try:
            while remaining > 0:
                written = out.write(chunk[: min(len(chunk), remaining)])
                remaining -= written
            out.flush()
            os.fsync(out.fileno())
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A data dir on an 8 MB tmpfs, or (where mounting is refused) under RLIMIT_FSIZE."""
    target = tmp_path / "disk"
    if os.geteuid() == 0 and mount_tmpfs(target, "8m"):
        try:
            yield target, "tmpfs"
        finally:
            umount(target)
    else:
        target.mkdir(exist_ok=True)
        yield target, "rlimit"


def limited(mode: str) -> Any:
    if mode != "rlimit":
        return None

    def preexec() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    return preexec


@pytest.mark.parametrize("leave", [16 * 1024, 256 * 1024])
def test_full_disk_cli_load(bench: Bench, small_disk: tuple[Path, str], leave: int) -> None:
    """On a full disk `govkg load` fails with one line, and the store is as it was."""
    disk, mode = small_disk
    data = disk / "data"
    shutil.copytree(bench.base, data)
    scenario = reference(bench, "cli-ttl")
    filler = fill(disk, leave) if mode == "tmpfs" else None
    result = subprocess.run(
        [sys.executable, str(CHILD), "cli", "load", str(bench.extra_ttl), "--data-dir", str(data)],
        capture_output=True, text=True, timeout=120, preexec_fn=limited(mode),
    )  # fmt: skip
    print(f"\nfull disk ({mode}, {leave} bytes left): exit {result.returncode}: {result.stderr}")
    assert "Traceback" not in result.stderr
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
        assert "disk" in lines[0].lower() or "space" in lines[0].lower(), lines[0]
    if filler is not None:
        filler.unlink()
    present = check_state(bench, scenario, data)
    assert bool(present) == (result.returncode == 0)


def test_full_disk_api_load(bench: Bench, small_disk: tuple[Path, str]) -> None:
    """On a full disk `POST /loads` answers a clean JSON error, and the store is as it was."""
    disk, mode = small_disk
    if mode != "tmpfs":
        pytest.skip("the API case needs a size-limited file system (tmpfs)")
    scenario = reference(bench, "api-txt")
    data = disk / "data"
    shutil.copytree(bench.base, data)
    filler = fill(disk, 16 * 1024)
    pid, _t0, client = start_load(bench, "api-txt", data, None)
    status = finish(bench, "api-txt", pid, client, kill=False)
    body = client.result.get("body", b"")
    print(f"\nfull disk (API): {status.get('http')} {body[:300]!r}")
    assert b"Traceback" not in body
    assert status.get("http") in {201, 507}, body
    if status.get("http") == 507:
        doc = json.loads(body)
        assert {"status", "error", "message"} <= doc.keys()
    filler.unlink()
    present = check_state(bench, scenario, data)
    assert bool(present) == (status.get("http") == 201)
