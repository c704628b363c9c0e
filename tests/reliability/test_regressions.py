"""Regression tests: each input or situation the reliability harnesses found to fail."""

from __future__ import annotations

import errno
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from api import create_app
from api.storage import StorageFull, StoreAccess, disk_errors
from graph.errors import InputError
from graph.pipeline import parse_rdf
from graph.store import Store

from .conftest import TOKEN

ROOT = Path(__file__).resolve().parents[2]
REGION = ROOT / "tests" / "data" / "api" / "region.ttl"
GOVKG = "from api.cli import cli; cli(prog_name='govkg')"


# --- JSON-LD made the server fetch URLs and read local files (fuzzing of /validate) -----

REMOTE_CONTEXTS = [
    b'{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://x/a", "http://x/p": "v"}',
    b'{"@context": ["file:///etc/passwd"], "@id": "http://x/a"}',
    b'{"@context": {"@import": "file:///etc/hostname"}, "@id": "http://x/a"}',
    b'[{"@id": "http://x/a", "http://x/p": {"@context": "http://127.0.0.1:9/c", "@value": 1}}]',
]


@pytest.mark.parametrize("data", REMOTE_CONTEXTS)
def test_jsonld_remote_contexts_are_not_fetched(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the parser tried to open a URL")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    with pytest.raises(InputError, match="inline"):
        parse_rdf(data, "x.jsonld")


def test_jsonld_inline_context_still_loads() -> None:
    data = b'{"@context": {"p": "http://x/p"}, "@id": "http://x/a", "p": "v"}'
    assert len(parse_rdf(data, "x.jsonld")) == 1


def test_jsonld_nested_too_deeply_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse_rdf(b"[" * 5000 + b"]" * 5000, "x.jsonld")


# --- RDF/XML entity expansion: 700 bytes kept a request busy for minutes -------------------


def billion_laughs(depth: int) -> bytes:
    entities = '<!ENTITY a0 "aaaaaaaaaa">' + "".join(
        f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, depth + 1)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE r [{entities}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://x/">'
        f'<rdf:Description rdf:about="http://x/a"><e:p>&a{depth};</e:p></rdf:Description>'
        "</rdf:RDF>"
    ).encode()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_rdfxml_entities_are_refused_at_once(encoding: str) -> None:
    data = billion_laughs(8).decode().replace('version="1.0"?>', 'version="1.0" ?>')
    started = time.monotonic()
    with pytest.raises(InputError, match="DOCTYPE"):
        parse_rdf(data.encode(encoding), "x.rdf")
    assert time.monotonic() - started < 1.0


def test_rdfxml_without_dtd_still_loads() -> None:
    data = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:e="http://x/"><rdf:Description rdf:about="http://x/a"><e:p>v</e:p>'
        b"</rdf:Description></rdf:RDF>"
    )
    assert len(parse_rdf(data, "x.rdf")) == 1


def test_rdfxml_unknown_encoding_is_an_input_error() -> None:
    data = b'<?xml version="1.0" encoding="u-1f-8"?><rdf:RDF xmlns:rdf="urn:x"/>'
    with pytest.raises(InputError, match="encoding"):
        parse_rdf(data, "x.rdf")


def test_validate_endpoint_refuses_entities() -> None:
    app = create_app({"STORE": Store.memory(), "TESTING": True, "BUILD_ON_START": False})
    response = app.test_client().post(
        "/validate", data=billion_laughs(6), content_type="application/rdf+xml"
    )
    assert response.status_code == 400
    assert "DOCTYPE" in response.get_json()["message"]


# --- `govkg load` wrote beside the server's readers (SIGKILL harness, concurrent reader) ---


def test_cli_load_waits_for_readers(tmp_path: Path) -> None:
    """A read session holds the write lock shared: the CLI load waits for it to end."""
    data_dir = tmp_path / "data"
    access = StoreAccess(data_dir)
    command = [sys.executable, "-c", GOVKG, "load", str(REGION), "--data-dir", str(data_dir)]
    with access.reading() as store:
        assert len(store) == 0
        process = subprocess.Popen(command, cwd=str(ROOT), stderr=subprocess.PIPE)
        time.sleep(4)
        assert process.poll() is None, "the load ran during a read session"
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    with access.reading() as store:
        assert store.has_graph("https://w3id.org/govkg/id/graph/load/region")


# --- a full disk: 400 "cannot open the store", or a 500 and exit code 3 ------------------


def test_disk_full_on_open_is_storage_full() -> None:
    with pytest.raises(StorageFull), disk_errors():
        raise InputError("cannot open the store at /x: IO error: No space left on device")


def test_disk_full_during_a_load_is_507(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app({"DATA_DIR": str(tmp_path / "data"), "TESTING": True,
                      "BUILD_ON_START": False, "LOAD_TOKENS": f"t:{TOKEN}"})  # fmt: skip

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Store, "replace_graph", full)
    response = app.test_client().post(
        "/loads?name=region.ttl",
        data=REGION.read_bytes(),
        content_type="text/turtle",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 507
    body = response.get_json()
    assert {"status", "error", "message"} <= body.keys()
    assert "disk is full" in body["message"] and str(tmp_path) not in body["message"]


def test_version_file_failure_after_a_commit_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = StoreAccess(tmp_path / "data")

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", refuse)
    graph = parse_rdf(REGION.read_bytes(), "region.ttl")
    with access.write() as store:
        store.replace_graph("https://w3id.org/govkg/id/graph/x", graph)
    with access.reading() as store:
        assert store.has_graph("https://w3id.org/govkg/id/graph/x")


# --- writes starved under a steady read load (load test: a load waited 17 s, a withdrawal 42 s)


def test_pending_write_goes_before_new_readers(tmp_path: Path) -> None:
    import threading

    access = StoreAccess(tmp_path / "data")
    order: list[str] = []
    first = threading.Event()
    release = threading.Event()

    def reader_one() -> None:
        with access.reading():
            first.set()
            release.wait(10)
        order.append("reader-one-done")

    def writer() -> None:
        with access.write():
            order.append("write")

    def reader_two() -> None:
        with access.reading():
            order.append("reader-two")

    threads = [threading.Thread(target=reader_one)]
    threads[0].start()
    first.wait(10)
    threads.append(threading.Thread(target=writer))
    threads[1].start()
    time.sleep(0.3)  # the write is now pending
    threads.append(threading.Thread(target=reader_two))
    threads[2].start()
    time.sleep(0.3)
    assert "reader-two" not in order, "a new reader went before the pending write"
    release.set()
    for thread in threads:
        thread.join(20)
    assert order.index("write") < order.index("reader-two")
