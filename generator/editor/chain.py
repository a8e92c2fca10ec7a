"""The model chain of one run: which model to ask, when to try again, how long to wait, when to stop.

Our own retry policy (google-genai's retries are switched off with `HttpRetryOptions(attempts=1)`, its documented
"no retries"; the SDK retries with exponential jitter only and does not read `RetryInfo`, upstream
googleapis/python-genai#1875). For one request, each model of `editor.model` + `editor.fallback_models` in turn:
- 429 per minute, 5xx/408, a dropped connection: tried again up to `editor.attempts` times on that model, after the
  wait the server asks for (`RetryInfo.retryDelay` plus one second, as its delay is rounded down, or `Retry-After`)
  or else `editor.backoff_s`, doubling; only while the wait fits what is left of `editor.wait_budget_s` and of the
  time budget. Then the next model (a model has its own free-tier bucket), and this one goes to the back of the
  chain for the rest of the run;
- a try that ran out of time (`editor.timeout_s`, or what is left of `editor.time_budget_s`): not repeated, the next
  model (this one to the back);
- a per-day quota, a quota of 0, a retired model, a refused setting: that model is left for the rest of the run;
- a rejected key: nothing more is asked today;
- any other 4xx: this request stops (every model would refuse it alike).
When every model failed a request for a passing reason (each overloaded or rate-limited after its tries), the
chain waits the outage out: one try a round, each model in turn, after waits doubling from `editor.backoff_s` ×
2^`editor.attempts`, the last one what is left of the wait budget; the next requests of the run go on waiting,
until a model answers or the budget is spent.
Every try counts against `editor.max_calls` and the daily token budget. The sleep function and the clock
(monotonic seconds) are injected, so that tests see the waits asked for without waiting.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from google import genai
from google.genai import types

from generator.config_editor import EditorSettings
from generator.editor.failures import AGAIN, NEXT, STOP, Failure, classify, owner_action

log = logging.getLogger(__name__)

RETRY_INFO_MARGIN_S = 1.0  # RetryInfo "53s" for a message saying 53.016 s (googleapis/python-genai#2114)
MIN_TRY_S = 1.0  # less time than this left: no more tries


@dataclass(frozen=True)
class Sent:
    """A 200 response, the model asked, and the failed tries before it (model, failure)."""

    response: types.GenerateContentResponse
    model: str
    failures: tuple[tuple[str, Failure], ...] = ()


@dataclass(frozen=True)
class Failed:
    """No model answered: the failed tries (model, failure) and, when no try was made or allowed, why not."""

    failures: tuple[tuple[str, Failure], ...]
    stopped: str = ""

    def describe(self) -> str:
        """ "gemini-3.8-flash answered 503 UNAVAILABLE 3 times; gemini-3.6-flash timed out", or why it stopped."""
        parts = describe_failures(self.failures)
        return "; ".join(filter(None, [parts, self.stopped])) or "no answer"


def describe_failures(failures: tuple[tuple[str, Failure], ...]) -> str:
    """Each model's failures, counted: "gemini-3.8-flash answered 429 rate limit 2 times, 503 UNAVAILABLE"."""
    by_model: dict[str, Counter[str]] = {}
    for model, failure in failures:
        by_model.setdefault(model, Counter())[failure.describe()] += 1
    described = []
    for model, counts in by_model.items():
        named = [f"{what} {n} times" if n > 1 else what for what, n in counts.items()]
        verb = "" if all(what == "timed out" for what in counts) else "answered "
        described.append(f"{model} {verb}{', '.join(named)}")
    return "; ".join(described)


class ModelChain:
    """Sends requests for one run (see the module docstring); keeps the run's waits, the owner's action and the
    models' order. `usage` is the run's usage record (calls, waits, timeouts … are counted in it)."""

    def __init__(
        self,
        settings: EditorSettings,
        client: Callable[[], genai.Client],
        usage: dict[str, int],
        *,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
    ) -> None:
        self.settings = settings
        self.client = client
        self.usage = usage
        self.sleep = sleep
        self.clock = clock
        self.started = clock()
        self.order = list(dict.fromkeys(settings.models))
        self.gone: dict[str, Failure] = {}
        self.last_failure: dict[str, Failure] = {}  # each model's latest failed try
        self.stopped = ""  # why nothing more is asked this run (a rejected key)
        self.owner_action: str | None = None
        self.waited_s = 0.0
        # what the waits were for: "429 rate limit", "503 UNAVAILABLE"
        self.wait_reasons: dict[str, None] = {}
        self.spent_tokens = 0  # estimated prompt tokens sent (the daily token budget)
        self.outage: float | None = (
            None  # every model overloaded: the next wait before asking again (wait_out)
        )
        self.outage_reason = ""

    def time_left(self) -> float:
        """Seconds left of `time_budget_s`."""
        return self.settings.time_budget_s - (self.clock() - self.started)

    def refusal(self, tokens: int) -> str:
        """Why no further try may be made ("" when one may): the key, max_calls, the token or time budget."""
        if self.stopped:
            return self.stopped
        if self.usage["calls"] >= self.settings.max_calls:
            return f"no call left (editor.max_calls {self.settings.max_calls})"
        if self.spent_tokens + tokens > self.settings.daily_token_budget:
            return f"no tokens left (editor.daily_token_budget {self.settings.daily_token_budget})"
        if self.time_left() < MIN_TRY_S:
            return f"the model's time is spent (editor.time_budget_s {self.settings.time_budget_s:g})"
        return ""

    def send(self, contents: str, config: types.GenerateContentConfig, tokens: int) -> Sent | Failed:
        """`contents` with `config` to the first model of the chain that answers (see the module docstring);
        `tokens` is the request's estimated prompt tokens. Never raises for what the API or the network does."""
        failures: list[tuple[str, Failure]] = []
        if self.outage is None:
            for model in [m for m in self.order if m not in self.gone]:
                outcome = self.ask_model(model, contents, config, tokens, failures)
                if outcome is not None:
                    return outcome
            if not self.all_overloaded(failures):
                return Failed(tuple(failures), "" if failures else "no model left to ask")
            self.outage = self.settings.backoff_s * 2**self.settings.attempts
            self.outage_reason = failures[-1][1].describe()
        return self.wait_out(contents, config, tokens, failures)

    def ask_model(
        self,
        model: str,
        contents: str,
        config: types.GenerateContentConfig,
        tokens: int,
        failures: list[tuple[str, Failure]],
    ) -> Sent | Failed | None:
        """`model`'s tries of one request, each failure added to `failures`: the answer, Failed when the request
        must stop (a refusal, a rejected key, a refused request), or None: the next model."""
        tries = 0
        while True:
            refusal = self.refusal(tokens)
            if refusal:
                return Failed(tuple(failures), refusal)
            tries += 1
            try:
                response = self.try_once(model, contents, config, tokens)
            except Exception as error:  # any failure of one try is classified, never raised
                failure = classify(error)
                failures.append((model, failure))
                step = self.after(model, failure, tries)
                if step == AGAIN:
                    continue
                return Failed(tuple(failures)) if step == STOP else None
            return self.answered(response, model, failures)

    def answered(
        self, response: types.GenerateContentResponse, model: str, failures: list[tuple[str, Failure]]
    ) -> Sent:
        """The answer of `model`; an outage is over."""
        self.outage = None
        if model != self.settings.model:
            self.usage["fallback_answers"] += 1
        return Sent(response, model, tuple(failures))

    def all_overloaded(self, failures: list[tuple[str, Failure]]) -> bool:
        """Whether every model still in the chain failed this request for a passing reason (its last try here:
        429 per minute, 5xx, a dropped connection): then the API is overloaded, not our request."""
        last = dict(failures)
        models = [m for m in self.order if m not in self.gone]
        return bool(models) and all(m in last and last[m].step == AGAIN for m in models)

    def wait_out(
        self,
        contents: str,
        config: types.GenerateContentConfig,
        tokens: int,
        failures: list[tuple[str, Failure]],
    ) -> Sent | Failed:
        """Every model is overloaded (all_overloaded): wait, then ask one model (each in turn), the waits doubling from
        `backoff_s` × 2^`attempts` and the last one what is left of `wait_budget_s`, while the waits, calls and
        time allow. A 503 "high demand" is temporary: try again later or another model (the API's maintainers);
        without this the day went offline with most of the wait budget unspent (scripts/bench mornings)."""
        while self.outage is not None:
            wait = min(self.outage, self.settings.wait_budget_s - self.waited_s)
            why = self.refusal(tokens)
            if not why and wait < max(MIN_TRY_S, self.settings.backoff_s):
                why = f"every model stayed overloaded (editor.wait_budget_s {self.settings.wait_budget_s:g})"
            elif not why and wait + MIN_TRY_S > self.time_left():
                why = f"every model stayed overloaded (editor.time_budget_s {self.settings.time_budget_s:g})"
            if why:
                self.outage = None  # the next request of the run tries once more, without waiting
                return Failed(tuple(failures), why)
            self.pause(wait, self.outage_reason)
            self.outage *= 2
            model = next(m for m in self.order if m not in self.gone)  # a model that fails goes to the back
            try:
                response = self.try_once(model, contents, config, tokens)
            except Exception as error:  # any failure of one try is classified, never raised
                failure = classify(error)
                failures.append((model, failure))
                if self.after(model, failure, self.settings.attempts) != NEXT or failure.step != AGAIN:
                    self.outage = None  # stopped, or another kind of failure: not an outage to wait out
                continue
            return self.answered(response, model, failures)
        return Failed(tuple(failures), self.stopped)

    def try_once(
        self, model: str, contents: str, config: types.GenerateContentConfig, tokens: int
    ) -> types.GenerateContentResponse:
        """One HTTP request, limited to `timeout_s` or what is left of the time budget."""
        timeout = min(self.settings.timeout_s, self.time_left())
        per_try = config.model_copy(update={"http_options": types.HttpOptions(timeout=int(timeout * 1000))})
        self.usage["calls"] += 1
        self.spent_tokens += tokens
        return self.client().models.generate_content(model=model, contents=contents, config=per_try)

    def after(self, model: str, failure: Failure, tries: int) -> str:
        """Log a failed try and decide: AGAIN (after the wait, already slept), NEXT or STOP."""
        log.warning(
            "gemini %s: try %d failed: %s%s",
            model,
            tries,
            failure.describe(),
            f": {failure.message}" if failure.message else "",
        )
        self.owner_action = self.owner_action or owner_action(failure, model)
        self.last_failure[model] = failure
        if failure.kind == "timeout":
            self.usage["timeouts"] += 1
        if failure.kind == "key":
            self.stopped = f"GEMINI_API_KEY was rejected ({failure.describe()})"
            return STOP
        if failure.step == STOP:
            return STOP
        if failure.step == AGAIN and tries < self.settings.attempts:
            wait = self.wait_for(failure, tries)
            if wait is not None:
                self.pause(wait, failure.describe())
                return AGAIN
        self.leave(model, failure)
        return NEXT

    def pause(self, wait: float, reason: str) -> None:
        """Sleep `wait` seconds, counted against the wait budget, for `reason` ("503 UNAVAILABLE")."""
        self.usage["waits"] += 1
        self.waited_s += wait
        self.wait_reasons[reason] = None
        self.usage["waited_s"] = round(self.waited_s)
        self.sleep(wait)

    def wait_for(self, failure: Failure, tries: int) -> float | None:
        """The wait before trying again (seconds), or None when it does not fit the wait or time budget."""
        if failure.wait_s is not None:
            wait = failure.wait_s + (RETRY_INFO_MARGIN_S if failure.kind == "rate" else 0.0)
        else:
            wait = self.settings.backoff_s * 2 ** (tries - 1)
        fits = self.waited_s + wait <= self.settings.wait_budget_s and wait + MIN_TRY_S <= self.time_left()
        if not fits:
            log.warning("gemini: a wait of %.0f s does not fit the run's wait or time budget", wait)
        return wait if fits else None

    def leave(self, model: str, failure: Failure) -> None:
        """After the last try of `model` for this request: gone for the run (a quota for the day, retired, a
        refused setting) or to the back of the chain (overloaded, rate-limited, slow)."""
        if failure.kind in ("day_quota", "zero_quota", "retired", "setting"):
            self.gone[model] = failure
            if failure.kind == "retired":
                self.usage["retired_models"] += 1
                log.warning(
                    "gemini: model %s is not served (%s): update editor.model", model, failure.describe()
                )
            else:
                log.warning("gemini: %s is left for the rest of the run (%s)", model, failure.describe())
        elif model in self.order:
            self.order.remove(model)
            self.order.append(model)
