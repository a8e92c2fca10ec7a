"""`python -m generator finish-site`: the post-build fixes from the command line, after any site builder.

The settings and the site are read inside the command, so that importing `generator.finish` stays light (the MkDocs
hooks import it in every build)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from generator.errors import FinishError
from generator.finish.fixes import FinishReport, feed_logo_url, finish_site, pagination_pattern


def add_finish_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """The `finish-site` subcommand on the CLI's subparsers `commands` (argparse's _SubParsersAction)."""
    finish = commands.add_parser("finish-site", parents=[common], help="post-build fixes, after any builder")
    finish.add_argument(
        "site_dir", nargs="?", type=Path, help="the built site (default: mkdocs.yml's site_dir)"
    )
    finish.add_argument("--strict", action="store_true", help="exit 1 when a fix had to leave something out")


def finish_command(args: argparse.Namespace) -> int:
    """generator.finish.finish_site on a site any builder wrote (Zensical runs no MkDocs hooks; after MkDocs it
    changes nothing): the site_url and the blog's pagination from mkdocs.yml (`paths.mkdocs`), the site in
    `args.site_dir` or mkdocs.yml's site_dir; then the reader feeds and each day's stories.json
    (generator.syndication, from the config's docs/). Prints each file rewritten (stdout) and each warning
    (stderr, and an annotation on GitHub Actions); 0. Raises FinishError when there is no built site, a file
    cannot be rewritten, or with --strict when there was a warning."""
    from generator.config import load_settings
    from generator.run_summary import workflow_command
    from generator.site import load_site
    from generator.syndication import write_reader_feeds

    settings = load_settings(args.config)
    site = load_site(settings.paths.mkdocs)
    site_dir = args.site_dir or settings.paths.mkdocs.parent / site.site_dir
    if not site_dir.is_dir():
        raise FinishError(f"no built site at {site_dir}: build it first (mkdocs build, or zensical build)")
    try:
        drop = pagination_pattern(site.blog_dir, site.pagination_url_format)
        done = finish_site(site_dir, site.url, drop, site.repo_url)
        feeds = write_reader_feeds(settings.paths.docs, site_dir, site, feed_logo_url(site.url, site_dir))
        done = FinishReport(done.changed + feeds.changed, done.warnings + feeds.warnings)
    except OSError as error:
        raise FinishError(f"cannot finish the site in {site_dir}: {error}") from None
    for path in dict.fromkeys(done.changed):  # once each, in the order first rewritten
        print(path)
    for warning in done.warnings:
        print(f"warning: {warning}", file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(workflow_command("warning", warning, "ainews finish-site"))
    if args.strict and done.warnings:
        raise FinishError(f"{len(done.warnings)} warning(s) above, and --strict was given")
    return 0
