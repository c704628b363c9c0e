"""The web app's store access: a read handle kept open between requests, which gives way
to a writer of any process and sees what it wrote."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.storage import StoreAccess
from graph.namespaces import ID

DATA = Path(__file__).parent / "data" / "api"
WRITER = (
    "import sys; from api.cli import cli; "
    "sys.argv = ['govkg', 'load', sys.argv[1], '--data-dir', sys.argv[2]]; cli()"
)


def load_in_another_process(path: Path, data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def loaded_graph_names(access: StoreAccess) -> set[str]:
    with access.reading() as store:
        return {name for name in store.graph_names() if "/graph/load/" in name}


@pytest.fixture
def kept(tmp_path: Path) -> StoreAccess:
    access = StoreAccess(tmp_path / "data", keep_open=True)
    with access.write() as store:
        store.replace_graph(str(ID["graph/fixture"]), _small())
    return access


def _small():  # type: ignore[no-untyped-def]
    from rdflib import Graph

    graph = Graph()
    graph.parse(DATA / "region.ttl", format="turtle")
    return graph


def test_the_read_handle_is_kept_between_sessions(kept: StoreAccess) -> None:
    with kept.reading() as first:
        pass
    with kept.reading() as second:
        assert second is first
        assert second.has_graph(str(ID["graph/fixture"]))


def test_a_command_line_closes_its_handle(tmp_path: Path) -> None:
    access = StoreAccess(tmp_path / "data")
    with access.reading() as first:
        pass
    with access.reading() as second:
        assert second is not first


def test_a_write_in_this_process_closes_the_kept_handle(kept: StoreAccess) -> None:
    with kept.reading() as before:
        pass
    with kept.write() as store:
        store.drop_graph(str(ID["graph/fixture"]))
    with kept.reading() as after:
        assert after is not before
        assert not after.has_graph(str(ID["graph/fixture"]))


def test_an_idle_kept_handle_gives_way_to_another_process(kept: StoreAccess) -> None:
    with kept.reading():
        pass  # the handle stays open, idle, holding its shared lock
    writer = load_in_another_process(DATA / "region.ttl", kept.data_dir)  # type: ignore[arg-type]
    _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert loaded_graph_names(kept), "the kept handle must be reopened and see the load"


def test_a_writer_of_another_process_waits_for_a_running_session(kept: StoreAccess) -> None:
    with kept.reading() as store:
        writer = load_in_another_process(DATA / "region.ttl", kept.data_dir)  # type: ignore[arg-type]
        time.sleep(1.5)
        assert writer.poll() is None, "a write must not run while a session reads"
        assert not {n for n in store.graph_names() if "/graph/load/" in n}
    _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert loaded_graph_names(kept)


def test_new_sessions_wait_while_another_process_writes(kept: StoreAccess) -> None:
    with kept.reading():
        pass
    writer = load_in_another_process(DATA / "region.ttl", kept.data_dir)  # type: ignore[arg-type]
    deadline = time.monotonic() + 60
    seen: set[int] = set()
    while writer.poll() is None and time.monotonic() < deadline:
        # every session sees the store before the load or after it, never in between
        seen.add(len(loaded_graph_names(kept)))
    assert writer.wait(timeout=60) == 0
    seen.add(len(loaded_graph_names(kept)))
    assert seen <= {0, 1} and 1 in seen
