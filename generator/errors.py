"""The whole exception tree of the generator.

GeneratorError                 root: every error the CLI turns into one plain sentence
├── ConfigError (ValueError)   the config file is missing, unreadable or invalid
├── FetchError                 one URL could not be fetched (a source or page is skipped)
│   ├── BlockedURLError        a URL was refused before any request (scheme, private address)
│   └── GoneError              the page is gone (HTTP 404/410, or a redirect to the site's home page)
├── NotArticleError            a fetched page is not the article (a PDF, a paywall …): the feed's summary is kept
├── FeedError (ValueError)     bytes that are not a usable feed
├── DataError (ValueError)     fetched data (a leaderboard, an image) is not what was expected
├── EditorError                the editor (LLM) failed; the offline editor takes over
├── FontError                  no CJK font to draw the cover with
├── WindowOpenError            the day's window has not closed yet: nothing is fetched or written
├── PublishError               the post could not be written
│   ├── GateError              the day failed the gate: nothing is written
│   │   └── ThinWeekError      the week has too few daily posts for a weekly issue
│   └── PostExistsError        a post for that date exists and --force was not given
├── CorrectionError (ValueError)  a correction cannot be made: no such post or story, an empty text
├── AnnounceError              the channel post could not be sent (Telegram refused it, or cannot be reached)
├── FinishError                the built site is missing, or its post-build fixes could not be written
└── OpsError                   a step of the daily workflow cannot go on (generator.ops): GitHub Pages is not set
    │                          up to deploy from Actions, the GitHub API refused, a push failed after its retries
    └── RequestError (ValueError)  the workflow was asked for something it cannot do (a day whose window is open)
"""

from __future__ import annotations


class GeneratorError(Exception):
    """Root of every error the generator raises on purpose."""


class ConfigError(GeneratorError, ValueError):
    """The configuration is missing or invalid."""


class FetchError(GeneratorError):
    """A URL could not be fetched."""


class BlockedURLError(FetchError):
    """A URL was refused before any request was made."""


class GoneError(FetchError):
    """The page is gone for good: HTTP 404 Not Found or 410 Gone (RFC 9110 §15.5.5, §15.5.11), or a redirect
    from an article to its site's home page (a "soft 404")."""


class NotArticleError(GeneratorError):
    """A page was fetched, but it is not the article: bytes that are no web page, or a wall, a shell or an error
    page (generator.notarticle). `verdict` says which and why."""

    def __init__(self, url: str, verdict: object) -> None:
        super().__init__(f"{url}: not the article, {verdict}")
        self.verdict = verdict


class FeedError(GeneratorError, ValueError):
    """The bytes are not a usable feed."""


class DataError(GeneratorError, ValueError):
    """Fetched data (a leaderboard file, a lead image) does not have the expected shape or type."""


class EditorError(GeneratorError):
    """The editor could not produce (part of) the digest."""


class FontError(GeneratorError):
    """No font able to draw Chinese text was found."""


class WindowOpenError(GeneratorError):
    """The post's window is still open: a post written now would miss what is published before it closes."""


class PublishError(GeneratorError):
    """The post could not be written."""


class GateError(PublishError):
    """The day's post failed the gate before writing."""


class ThinWeekError(GateError):
    """The week has fewer daily posts than `weekly.min_days`: no weekly issue (a notice for the daily workflow)."""


class PostExistsError(PublishError):
    """A different post for that date exists and --force was not given."""


class AnnounceError(GeneratorError):
    """The channel post could not be sent: Telegram refused it or could not be reached, or there is no post."""


class FinishError(GeneratorError):
    """The built site is not there, or a post-build fix (generator.finish) could not be written."""


class OpsError(GeneratorError):
    """A step of the daily workflow cannot go on: Pages is set up wrong, the GitHub API refused, a push failed."""


class RequestError(OpsError, ValueError):
    """The run was asked for something it cannot do (a bad date, a day whose window has not closed)."""


class CorrectionError(GeneratorError, ValueError):
    """A correction (`generator correct`) cannot be made: the post or the story does not exist, the text is empty,
    or the corrected post would not render; nothing is written."""
