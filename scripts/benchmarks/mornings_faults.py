"""The seeded faults of the simulated mornings (scripts/benchmarks/mornings.py), and the fake Gemini API that plays
them (the tests' fake, tests/fake_gemini.py: the real API's request checks, answers and error shapes).

Each morning draws from three decks, shuffled with the seed: one fault of the model (or none), one of the schedule
(or none), and whether the owner pushes during the run. Faults of issue 17:
- `429_burst`: the primary model answers 429 RESOURCE_EXHAUSTED (per-minute quota, RetryInfo) 1 to 4 times in a
  row, each asking 10 to 55 s;
- `503_minutes`: "high demand" 503s for a few minutes from the run's first request: the primary only, or every
  configured model for less than the wait budget (the model can still be reached by waiting);
- `blocked_article`: one article of the write-up is blocked (finishReason SAFETY, RECITATION until paraphrased,
  or the prompt blocked: promptFeedback.blockReason);
- `slow_model`: the primary answers only after SLOW_S seconds (real ones: more than the bench's timeout_s);
- `bad_key`: the API does not know the key (400 API_KEY_INVALID) for the whole morning; the owner fixes it after;
- `missed_cron`: a scheduled run is dropped, starts hours late, or the whole morning's runs are dropped;
- `owner_push`: the owner pushes a commit to main while the run writes (a page, or a generated page).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[2] / "tests"
sys.path.insert(0, str(TESTS))

from fake_gemini import FakeGemini, blocks, happy_answer, request_kind  # noqa: E402
from fake_gemini_errors import FakeReply, high_demand, quota_exceeded  # noqa: E402
from fake_gemini_modes import recites, refuses  # noqa: E402

MODEL, FALLBACK = "gemini-3.8-flash", "gemini-3.6-flash"
GOOD_KEY = "bench-key"
SLOW_S = 4.0  # a slow model's answer, in real seconds (the bench's editor.timeout_s is 2)
MODEL_DECK = {
    "none": 13,
    "429_burst": 5,
    "503_minutes": 5,
    "blocked_article": 4,
    "slow_model": 3,
    "bad_key": 2,
}
CRON_DECK = {"dropped": 3, "late": 2, "morning_dropped": 2}
OWNER_PUSHES = 5


@dataclass(frozen=True)
class ModelFault:
    """What the model does on one morning (see the module docstring)."""

    kind: str = "none"
    delays: tuple[float, ...] = ()  # 429_burst: the retry delay each 429 in a row asks (s)
    seconds: float = 0.0  # 503_minutes: how long the models answer 503, from the run's first request
    models: tuple[str, ...] = ()  # the models hit
    block: str = ""  # blocked_article: SAFETY, RECITATION or PROHIBITED_CONTENT (the prompt blocked)
    article: int = 0  # blocked_article: which article of the first write-up request (0-based)

    def reachable(self, wait_budget_s: float) -> bool:
        """Whether a model can answer this morning within the run's budget: the key is good, and some model
        answers at once or after less than `wait_budget_s` seconds of 503s."""
        if self.kind == "bad_key":
            return False
        return not (self.kind == "503_minutes" and FALLBACK in self.models and self.seconds >= wait_budget_s)


@dataclass(frozen=True)
class CronFault:
    """What happens to the morning's scheduled runs: `kind` none, dropped (run `run` never starts), late (run
    `run` starts `late_h` hours late) or morning_dropped (no run that morning)."""

    kind: str = "none"
    run: int = 0
    late_h: float = 0.0


@dataclass(frozen=True)
class Morning:
    """One simulated morning: the day, its faults, and the owner's push during the run ("" for none; "page" or
    "generated" for a generated page the run also writes)."""

    number: int
    model: ModelFault = ModelFault()
    cron: CronFault = CronFault()
    owner_push: str = ""
    start_delays_min: tuple[float, ...] = field(default=(), compare=False)  # each run's usual late start


def deck(rng: random.Random, counts: dict[str, int], size: int) -> list[str]:
    """`counts` of each card, "none" for the rest of `size`, shuffled."""
    cards = [name for name, n in counts.items() for _ in range(n)]
    cards += ["none"] * (size - len(cards))
    rng.shuffle(cards)
    return cards


def model_fault(rng: random.Random, kind: str, wait_budget_s: float) -> ModelFault:
    if kind == "429_burst":
        return ModelFault(
            kind, tuple(round(rng.uniform(10, 55), 1) for _ in range(rng.randint(1, 4))), models=(MODEL,)
        )
    if kind == "503_minutes":
        if rng.random() < 0.25:  # every model, for less than the wait budget
            return ModelFault(kind, seconds=round(rng.uniform(20, wait_budget_s)), models=(MODEL, FALLBACK))
        return ModelFault(kind, seconds=round(rng.uniform(60, 1800)), models=(MODEL,))
    if kind == "blocked_article":
        return ModelFault(
            kind, block=rng.choice(("SAFETY", "RECITATION", "PROHIBITED_CONTENT")), article=rng.randrange(8)
        )
    if kind == "slow_model":
        return ModelFault(kind, models=(MODEL,))
    return ModelFault(kind)


def cron_fault(rng: random.Random, kind: str, runs: int) -> CronFault:
    if kind == "dropped":
        return CronFault(kind, run=rng.randrange(runs - 1))
    if kind == "late":
        return CronFault(kind, run=0, late_h=round(rng.uniform(1.5, 5.0), 1))
    return CronFault(kind)


def plan_mornings(count: int, runs: int, seed: int, wait_budget_s: float) -> list[Morning]:
    """`count` mornings with `runs` scheduled runs each, their faults drawn from the decks with `seed`. A whole
    morning is never dropped on the first morning (the fork's first post: the days before it are not caught up)
    nor on the last (nothing after it could catch up within the simulation), and a dropped morning has no model
    fault (no run would meet it)."""
    rng = random.Random(seed)
    models = deck(rng, MODEL_DECK, count)
    crons = deck(rng, CRON_DECK, count)
    for end in (0, count - 1):  # the fork's first morning, and the last (nothing after it would catch up)
        if crons[end] == "morning_dropped":
            spare = next(n for n in range(1, count - 1) if crons[n] == "none")
            crons[end], crons[spare] = crons[spare], crons[end]
    for n in range(
        count
    ):  # a morning without runs meets no model: its model fault goes to a morning with runs
        if crons[n] == "morning_dropped" and models[n] != "none":
            spare = next(k for k in range(count) if models[k] == "none" and crons[k] != "morning_dropped")
            models[n], models[spare] = models[spare], models[n]
    pushes = set(rng.sample(range(count), OWNER_PUSHES))
    return [
        Morning(
            number,
            model_fault(rng, models[number], wait_budget_s),
            cron_fault(rng, crons[number], runs),
            rng.choice(("page", "generated")) if number in pushes else "",
            tuple(round(rng.uniform(0.5, 12.0), 1) for _ in range(runs)),
        )
        for number in range(count)
    ]


class RunClock:
    """One workflow run's clock: monotonic seconds that are the real ones plus every wait asked for (recorded, not
    slept), so waits count into the model's time budget and the run time as if they had been slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.waited = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.waited

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.waited += max(0.0, seconds)


def blocking(fault: ModelFault) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A handler that blocks the `fault.article`-th article of the first write-up request, in every write-up request
    that holds it (tests/fake_gemini_modes.py: refuses, recites)."""
    chosen: list[Callable[[dict[str, Any]], dict[str, Any]]] = []

    def handle(request: dict[str, Any]) -> dict[str, Any]:
        if not chosen and request_kind(request) == "write":
            articles = blocks(request, "ARTICLE")
            if articles:
                victim = articles[min(fault.article, len(articles) - 1)][0]
                if fault.block == "RECITATION":
                    chosen.append(recites(victim))
                else:
                    chosen.append(refuses(victim, fault.block, prompt=fault.block == "PROHIBITED_CONTENT"))
        return chosen[0](request) if chosen else happy_answer(request)

    return handle


class MorningGemini(FakeGemini):
    """The tests' fake Gemini API playing one morning's ModelFault (`begin` before each run)."""

    def __init__(self) -> None:
        super().__init__()
        self.begin(ModelFault(), RunClock().monotonic)

    def begin(self, fault: ModelFault, clock: Callable[[], float]) -> None:
        """Reset the fake for a new run and arm `fault` on `clock` (the run's clock: the 503 minutes pass with the
        waits the client asks for)."""
        self.fault = fault
        self.clock = clock
        self.burst = list(fault.delays)
        self.first_request: float | None = None
        self.replies.clear()
        self.keys = {"another-key"} if fault.kind == "bad_key" else None
        self.delays = {MODEL: SLOW_S} if fault.kind == "slow_model" else {}
        self.handler = blocking(fault) if fault.kind == "blocked_article" else happy_answer

    def refusal(self, model: str, body: Any, headers: Any) -> FakeReply | None:
        """The fake's own refusals, then the fault's: a 429 of the burst, a 503 of the outage."""
        reply = super().refusal(model, body, headers)
        if reply is not None:
            return reply
        fault, now = self.fault, self.clock()
        self.first_request = now if self.first_request is None else self.first_request
        if fault.kind == "429_burst" and model in fault.models and self.burst:
            return quota_exceeded(model, retry_s=self.burst.pop(0))
        if fault.kind == "503_minutes" and model in fault.models and now - self.first_request < fault.seconds:
            return high_demand()
        return None
