"""The GitHub REST API as the daily workflow uses it: the Pages site (the pre-flight) and the watchdog's issue.

The address comes from `GITHUB_API_URL` (a default variable of every Actions run: https://api.github.com, or a
GitHub Enterprise Server's; tests point it at a fake on loopback), the repository from `GITHUB_REPOSITORY`
(`owner/name`), the token from `GITHUB_TOKEN` (the workflow passes `github.token` in the step's env). Requests
follow the REST API's documented conventions: `Accept: application/vnd.github+json`, a `X-GitHub-Api-Version`
header, `Authorization: Bearer`. A dropped connection or a 5xx is retried (urllib3's Retry, through requests'
documented HTTPAdapter); anything else that is not a success raises OpsError with GitHub's own message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from generator.errors import OpsError

API_VERSION = "2022-11-28"
DEFAULT_API_URL = "https://api.github.com"
TIMEOUT_S = 20
PAGES_SOURCE = 'Settings → Pages → Build and deployment → Source: "GitHub Actions"'


@dataclass(frozen=True)
class PagesSite:
    """The repository's Pages site (`GET /repos/{owner}/{repo}/pages`): `build_type` is "workflow" when it is
    deployed by Actions, "legacy" when it is built from a branch; `html_url` is the site's address."""

    build_type: str
    html_url: str


def session_with_retries(retries: int = 3) -> requests.Session:
    """A requests Session that retries a dropped connection and HTTP 502/503/504 with a short backoff."""
    session = requests.Session()
    retry = Retry(
        total=retries,
        backoff_factor=0.5,
        status_forcelist=(502, 503, 504),
        allowed_methods=None,  # POST and PATCH too: creating the watchdog's issue is checked for first
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


class GitHubApi:
    """A small client of one repository's REST API. Raises OpsError (one sentence) for a refused request."""

    def __init__(self, base: str, repository: str, token: str, session: requests.Session | None = None):
        if "/" not in repository.strip("/"):
            raise OpsError(f"GITHUB_REPOSITORY must be owner/name, got {repository!r}")
        self.base = base.rstrip("/")
        self.repository = repository.strip("/")
        self.session = session or session_with_retries()
        self.session.headers.update(
            {
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "Authorization": f"Bearer {token}",
                "User-Agent": "ainews-daily-ops",
            }
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> GitHubApi:
        """The repository of this run, from GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_TOKEN. Raises OpsError
        when the repository or the token is missing."""
        repository = environ.get("GITHUB_REPOSITORY", "").strip()
        token = environ.get("GITHUB_TOKEN", "").strip()
        if not repository or not token:
            raise OpsError(
                "GITHUB_REPOSITORY and GITHUB_TOKEN must be set (the workflow passes github.token as GITHUB_TOKEN)"
            )
        return cls(environ.get("GITHUB_API_URL", "").strip() or DEFAULT_API_URL, repository, token)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One request to `{base}/repos/{repository}{path}`; returns the response whatever its status. Raises
        OpsError when GitHub cannot be reached."""
        url = f"{self.base}/repos/{self.repository}{path}"
        try:
            return self.session.request(method, url, timeout=TIMEOUT_S, **kwargs)
        except requests.RequestException as error:
            raise OpsError(f"cannot reach the GitHub API at {self.base}: {type(error).__name__}") from None

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """Like `request`, and returns the JSON body of a success. Raises OpsError for any other status."""
        response = self.request(method, path, **kwargs)
        if response.status_code >= 300:
            raise OpsError(f"GitHub refused {method} {path}: {describe(response)}")
        return response.json() if response.content else None

    def pages_site(self) -> PagesSite | None:
        """The Pages site, or None when Pages is not enabled (404). Raises OpsError for anything else."""
        response = self.request("GET", "/pages")
        if response.status_code == 404:
            return None
        if response.status_code >= 300:
            raise OpsError(f"cannot read the Pages settings: {describe(response)}{permission_hint(response)}")
        data = response.json()
        return PagesSite(str(data.get("build_type") or ""), str(data.get("html_url") or ""))


def describe(response: requests.Response) -> str:
    """A refused response in a few words: its status and GitHub's `message`."""
    try:
        message = str(response.json().get("message") or "")
    except ValueError:
        message = ""
    return f"HTTP {response.status_code}" + (f" ({message})" if message else "")


def permission_hint(response: requests.Response) -> str:
    """What to check when the token was refused (401/403), else ""."""
    if response.status_code in (401, 403):
        return "; the job needs `permissions: pages: read` and GITHUB_TOKEN in the step's env"
    return ""


def check_pages(api: GitHubApi) -> PagesSite:
    """The Pages pre-flight: the site must be deployed by GitHub Actions. Returns it. Raises OpsError naming the
    exact setting when Pages is off or builds from a branch ("legacy": actions/deploy-pages would fail with "Ensure
    GitHub Pages has been enabled" after the post was committed)."""
    site = api.pages_site()
    if site is None:
        raise OpsError(f"GitHub Pages is not enabled for {api.repository}: set {PAGES_SOURCE}")
    if site.build_type != "workflow":
        raise OpsError(
            f"GitHub Pages of {api.repository} is built from a branch (build type {site.build_type!r}), so this "
            f"workflow cannot deploy it: set {PAGES_SOURCE} (add none of the suggested workflows)"
        )
    if not site.html_url.startswith(("https://", "http://")):
        raise OpsError(f"GitHub Pages of {api.repository} has no address yet (html_url {site.html_url!r})")
    return site
