"""A fake GitHub on loopback (pytest-httpserver): the REST API the daily workflow calls, and a Pages site.

REST API rules it holds (docs.github.com/rest): every call needs `Authorization: Bearer <token>` (else 401 "Bad
credentials") and the `X-GitHub-Api-Version` header; `GET /repos/{owner}/{repo}/pages` answers the site
(`build_type` "workflow" or "legacy", `html_url`) or 404 "Not Found" when Pages is off; issues are listed with
`GET …/issues?state=open&per_page&page` (pull requests are issues there, with a `pull_request` key), created with
`POST …/issues`, edited with `PATCH …/issues/{number}` (`title`, `state`, `state_reason`), commented with
`POST …/issues/{number}/comments`. The site: files under `site_dir` served below `/site/` (a folder's index.html),
404 otherwise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

API = re.compile(r"^/api/repos/(?P<repo>[^/]+/[^/]+)(?P<rest>/.*)$")


@dataclass
class FakeGitHub:
    server: HTTPServer
    repository: str = "someone/their-news"
    token: str = "test-token"
    pages: dict[str, Any] | None = None
    pages_status: int = 0  # an error status to answer for /pages instead (403: a token without pages: read)
    issues: list[dict[str, Any]] = field(default_factory=list)
    site_dir: Path | None = None
    calls: list[tuple[str, str]] = field(default_factory=list)

    def install(self) -> FakeGitHub:
        self.server.expect_request(re.compile(r"^/api/.*")).respond_with_handler(self._api)
        self.server.expect_request(re.compile(r"^/site/.*")).respond_with_handler(self._site)
        if self.pages is None:
            self.pages = {"build_type": "workflow", "html_url": self.site_url, "status": "built"}
        return self

    @property
    def api_url(self) -> str:
        return self.server.url_for("/api")

    @property
    def site_url(self) -> str:
        return self.server.url_for("/site/")

    def env(self) -> dict[str, str]:
        """The variables an Actions step has (GITHUB_API_URL, GITHUB_REPOSITORY) and the token it is passed."""
        return {
            "GITHUB_API_URL": self.api_url,
            "GITHUB_REPOSITORY": self.repository,
            "GITHUB_TOKEN": self.token,
        }

    def open_issues(self) -> list[dict[str, Any]]:
        return [i for i in self.issues if i["state"] == "open" and "pull_request" not in i]

    def _api(self, request: Request) -> Response:
        self.calls.append((request.method, request.path))
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return answer(401, {"message": "Bad credentials"})
        if not request.headers.get("X-GitHub-Api-Version"):
            return answer(400, {"message": "X-GitHub-Api-Version header missing"})
        match = API.match(request.path)
        if not match or match.group("repo") != self.repository:
            return answer(404, {"message": "Not Found"})
        rest, method = match.group("rest"), request.method
        if rest == "/pages" and method == "GET":
            if self.pages_status:
                return answer(self.pages_status, {"message": "Resource not accessible by integration"})
            return (
                answer(200, self.pages)
                if self.pages.get("build_type")
                else answer(404, {"message": "Not Found"})
            )
        if rest == "/issues" and method == "GET":
            return self._list(request)
        if rest == "/issues" and method == "POST":
            body = request.get_json()
            issue = {"number": len(self.issues) + 1, "title": body["title"], "body": body.get("body", "")}
            issue |= {"state": "open", "comments": []}
            self.issues.append(issue)
            return answer(201, issue)
        if number := re.fullmatch(r"/issues/(\d+)(/comments)?", rest):
            issue = next((i for i in self.issues if i["number"] == int(number.group(1))), None)
            if issue is None:
                return answer(404, {"message": "Not Found"})
            body = request.get_json()
            if number.group(2) and method == "POST":
                issue["comments"].append(body["body"])
                return answer(201, {"body": body["body"]})
            if method == "PATCH":
                issue.update({k: body[k] for k in ("title", "state", "state_reason") if k in body})
                return answer(200, issue)
        return answer(404, {"message": "Not Found"})

    def _list(self, request: Request) -> Response:
        if request.args.get("state") != "open":
            return answer(422, {"message": "this fake lists open issues only"})
        per_page, page = int(request.args.get("per_page", 30)), int(request.args.get("page", 1))
        chosen = [i for i in self.issues if i["state"] == "open"]
        return answer(200, chosen[(page - 1) * per_page : page * per_page])

    def _site(self, request: Request) -> Response:
        self.calls.append((request.method, request.path))
        if self.site_dir is None:
            return Response("no site", status=404)
        relative = request.path[len("/site/") :]
        path = self.site_dir / relative
        if path.is_dir():
            path = path / "index.html"
        if ".." in Path(relative).parts or not path.is_file():
            return Response("Not Found", status=404)
        return Response(path.read_bytes(), status=200)


def answer(status: int, data: Any) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json")
