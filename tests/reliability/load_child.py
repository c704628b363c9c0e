"""The child side of the SIGKILL harness: a preloaded parent that forks loads to be killed.

`python load_child.py zygote` imports govkg once, then reads one JSON command a line on
stdin and answers one JSON line on stdout:

- `{"op": "cli", "args": [...], "log": path}` forks a child that runs the `govkg` command
  line (`load`, `build`, ...) exactly as the console script does; answers `{"pid", "t0"}`.
- `{"op": "api", "data_dir", "port_file", "log", "tokens"}` forks a child that serves the
  app with waitress on a free port of 127.0.0.1 (written to `port_file`).
- `{"op": "reader", "data_dir", "graphs", "out", "stop", "log"}` forks a reader that
  counts the triples of `graphs` in read sessions (`StoreAccess.reading()`, as the server
  does) until the file `stop` exists, and writes what it saw to `out` as JSON.
- `{"op": "wait", "pid", "timeout"}` reaps a child: `{"status": ..., "code": ...}`.
- `{"op": "exit"}` ends the parent.

A command may carry `"trace": path`: the child then appends the monotonic times around
each store write to that file (to aim kills at the write). Forking from a preloaded
parent keeps a trial short: the child starts at the load, not at the imports.
`python load_child.py cli ARGS...` runs one command line without forking.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def preload() -> None:
    """Import what a load needs and fill the caches a load would fill."""
    import waitress  # noqa: F401

    import api
    import api.cli
    import api.loads
    import graph.pipeline  # noqa: F401
    from graph import validate

    api.create_app  # noqa: B018
    validate.shapes_graph()
    validate.ontology_graph()


def trace_writes(path: str) -> None:
    from graph.store import Store

    original = Store.replace_graph

    def traced(self: Store, *args: Any, **kwargs: Any) -> None:
        with open(path, "a", encoding="ascii") as out:
            out.write(f"begin {time.monotonic()}\n")
        original(self, *args, **kwargs)
        with open(path, "a", encoding="ascii") as out:
            out.write(f"end {time.monotonic()}\n")

    Store.replace_graph = traced  # type: ignore[method-assign]


def redirect(log: str | None) -> None:
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    target = os.open(log or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(target, 1)
    os.dup2(target, 2)


def run_cli(args: list[str]) -> int:
    from api.cli import cli

    try:
        cli.main(args=args, prog_name="govkg", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def run_api(command: dict[str, Any]) -> int:
    import logging

    import waitress

    from api import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(
        {
            "DATA_DIR": command["data_dir"],
            "LOAD_TOKENS": command.get("tokens", ""),
            "BUILD_ON_START": False,
            "SPARQL_TIMEOUT_S": command.get("timeout", 5),
        }
    )
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    port_file = Path(command["port_file"])
    tmp = port_file.with_suffix(".tmp")
    tmp.write_text(str(server.effective_port), encoding="ascii")  # type: ignore[union-attr]
    os.replace(tmp, port_file)
    server.run()
    return 0


COUNT = "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def run_reader(command: dict[str, Any]) -> int:
    from api.storage import StoreAccess

    access = StoreAccess(Path(command["data_dir"]))
    seen: dict[str, list[int]] = {g: [] for g in command["graphs"]}
    errors: list[str] = []
    stop = Path(command["stop"])
    deadline = time.monotonic() + float(command.get("max_s", 60))
    reads = 0
    while not stop.exists() and time.monotonic() < deadline:
        try:
            with access.reading() as store:
                counts = {
                    g: int(store.select(COUNT.format(graph=g))[0]["n"]) for g in command["graphs"]
                }
        except Exception as exc:  # recorded for the harness to judge
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
            time.sleep(0.01)
            continue
        reads += 1
        for g, n in counts.items():
            if n not in seen[g]:
                seen[g].append(n)
        time.sleep(0.002)
    Path(command["out"]).write_text(
        json.dumps({"seen": seen, "errors": errors, "reads": reads}), encoding="utf-8"
    )
    return 0


def child(command: dict[str, Any]) -> int:
    redirect(command.get("log"))
    if command.get("trace"):
        trace_writes(command["trace"])
    if command["op"] == "cli":
        return run_cli(command["args"])
    if command["op"] == "api":
        return run_api(command)
    return run_reader(command)


def wait(pid: int, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            if os.WIFSIGNALED(status):
                return {"status": "signal", "code": os.WTERMSIG(status)}
            return {"status": "exit", "code": os.WEXITSTATUS(status)}
        if time.monotonic() > deadline:
            return {"status": "running", "code": None}
        time.sleep(0.005)


def zygote() -> None:
    preload()
    out = sys.stdout
    print(json.dumps({"ready": True}), file=out, flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "exit":
            break
        if command["op"] == "wait":
            answer = wait(int(command["pid"]), float(command.get("timeout", 30)))
        else:
            out.flush()
            t0 = time.monotonic()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    code = child(command)
                except BaseException:
                    traceback.print_exc()
                finally:
                    os._exit(code)
            answer = {"pid": pid, "t0": t0}
        print(json.dumps(answer), file=out, flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "zygote":
        zygote()
    elif len(sys.argv) > 1 and sys.argv[1] == "cli":
        sys.exit(run_cli(sys.argv[2:]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
