"""Shared settings and fixtures of the reliability suite (faults, fuzzing, limits).

Hypothesis profiles: "ci" (the default; derandomized, a fixed example budget that adds up
to more than 10,000 generated cases over the fuzz tests) and "dev" (random, a larger
budget, for hunting by hand); "smoke" is the ci profile at 5 % of its budget. Choose one
with GOVKG_FUZZ_PROFILE=dev. The profiles are
applied per test through `fuzz_settings`, so other suites keep hypothesis' defaults.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from graph.namespaces import ID

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from api_fixtures import TOKEN, make_app  # noqa: E402

PROFILE = os.environ.get("GOVKG_FUZZ_PROFILE", "ci")
SCALE = {"ci": 1.0, "dev": 4.0, "smoke": 0.05}

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz_settings(examples: int) -> settings:
    """The active profile with `examples` cases (scaled in the dev and smoke profiles)."""
    parent = settings.get_profile("dev" if PROFILE == "dev" else "ci")
    return settings(parent, max_examples=max(1, int(examples * SCALE.get(PROFILE, 1.0))))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "reliability: fault, fuzz, limit and security harnesses (tests/reliability)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.reliability)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def disk_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """An app over a private on-disk store holding the small fixture graph."""
    yield make_app(tmp_path_factory.mktemp("reliability") / "data")


__all__ = ["ID", "PROFILE", "TOKEN", "free_port", "fuzz_settings"]
