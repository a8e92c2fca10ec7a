"""Shared fixtures. The network is blocked except loopback: a test that needs the internet fails loudly."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import FetchSettings

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise OSError(f"tests must not touch the network (tried {host})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(autouse=True)
def _no_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def fetch_settings() -> FetchSettings:
    """Fast, loopback-friendly fetch settings."""
    return FetchSettings(
        allow_private_hosts=True,
        connect_timeout_s=2,
        read_timeout_s=2,
        retries=1,
        backoff_s=0.01,
        deadline_s=20,
        max_bytes=200_000,
    )


@pytest.fixture(scope="session")
def sample_server() -> Iterator[str]:
    """The bundled sample day, served on loopback for the whole session."""
    from generator.samples import serve_sample_day

    with serve_sample_day() as base_url:
        yield base_url


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parents[1]
