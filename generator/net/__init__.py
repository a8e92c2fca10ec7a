"""The only HTTP to untrusted hosts: the fetcher, the SSRF guard and the HTTP cache."""

from __future__ import annotations

from generator.net.fetch import Fetcher, FetchResult, HttpCache, describe
from generator.net.headers import retry_after

__all__ = ["FetchResult", "Fetcher", "HttpCache", "describe", "retry_after"]
