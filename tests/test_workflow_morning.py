"""The daily workflow as GitHub runs it, read as YAML: the schedule, the queue, the branch tip, the order of the
jobs, the dispatch form, installs from the lock, apt retried. What the jobs decide is tested where it lives
(tests/test_ops_*.py); these tests hold that the workflow calls it and passes its values on."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from generator.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
DAILY = ROOT / ".github" / "workflows" / "daily.yml"
CI = ROOT / ".github" / "workflows" / "ci.yml"
PYTHON_ENV = ROOT / ".github" / "actions" / "python-env" / "action.yml"


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(path: Path) -> dict[str, Any]:
    data = load(path)
    return data.get("on") or data[True]  # YAML 1.1 reads the key `on` as True


def jobs() -> dict[str, Any]:
    return load(DAILY)["jobs"]


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def run(step: dict[str, Any]) -> str:
    return str(step.get("run") or "")


def index_of(job: dict[str, Any], pattern: str) -> int:
    (found,) = [
        i for i, step in enumerate(steps(job)) if re.search(pattern, run(step) + str(step.get("uses", "")))
    ]
    return found


def test_several_morning_runs_off_the_hour_after_the_window_and_one_after_the_watchdog_hour() -> None:
    settings = load_settings(None)
    zone = settings.zone
    crons = [entry["cron"] for entry in triggers(DAILY)["schedule"]]
    assert len(crons) >= 3
    local = []
    for cron in crons:
        minute, hour, *rest = cron.split()
        assert rest == ["*", "*", "*"], cron
        assert int(minute) % 15 != 0, f"{cron}: on or near the top of the hour, GitHub's busiest minutes"
        moment = datetime.combine(date(2026, 11, 16), time(int(hour), int(minute)), tzinfo=UTC)
        local.append(moment.astimezone(zone).time())
    assert all(t > settings.window.end for t in local), local  # after the window closes
    assert max(local) > settings.ops.watchdog_at, "no run after ops.watchdog_at: the watchdog would never act"
    assert max(local) < time(23, 0)  # all on the morning's day in the site's zone


def test_no_run_cancels_another() -> None:
    concurrency = load(DAILY)["concurrency"]
    assert concurrency == {"group": "daily-post", "cancel-in-progress": False, "queue": "max"}
    assert all("concurrency" not in job for job in jobs().values())


def test_every_job_checks_out_the_branch_tip_but_the_channel_post() -> None:
    for name, job in jobs().items():
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                ref = (step.get("with") or {}).get("ref")
                if name == "announce":
                    assert ref == "${{ needs.build.outputs.commit || needs.plan.outputs.commit }}"
                else:
                    assert ref == "${{ github.ref }}", name


def test_the_morning_in_order() -> None:
    """plan (pre-flight first) → write (each day built strictly, committed) → push → build the tip, stamp it,
    upload → deploy → announce → watchdog and verdict, whatever happened."""
    all_jobs = jobs()
    plan, generate, build = all_jobs["plan"], all_jobs["generate"], all_jobs["build"]
    assert "generator ops plan" in run(steps(plan)[index_of(plan, r"generator ops plan")])
    assert plan["permissions"] == {"contents": "read", "pages": "read"}
    assert steps(plan)[index_of(plan, r"generator ops plan")]["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    assert generate["needs"] == "plan" and generate["if"] == "needs.plan.outputs.write == 'true'"
    assert index_of(generate, r"ops write") < index_of(generate, r"ops push")
    assert generate["permissions"] == {"contents": "write"}
    assert not any(
        re.search(r"\bgit (add|commit|push)\b", run(step)) for job in all_jobs.values() for step in steps(job)
    )
    condition = re.sub(r"\s+", " ", build["if"])
    assert "needs.plan.outputs.deploy == 'true' || needs.generate.outputs.pushed == 'true'" in condition
    order = [
        index_of(build, r"mkdocs build --strict"),
        index_of(build, r"ops stamp site"),
        index_of(build, r"upload-pages-artifact"),
    ]
    assert order == sorted(order)
    assert (
        all_jobs["deploy"]["needs"] == "build" and all_jobs["deploy"]["environment"]["name"] == "github-pages"
    )
    check = all_jobs["check"]
    assert set(check["needs"]) == {"plan", "generate", "build", "deploy", "announce"}
    assert check["if"] == "${{ always() && github.event_name != 'push' }}"
    assert check["permissions"] == {"contents": "read", "issues": "write"}
    watchdog, verdict = index_of(check, r"ops watchdog"), index_of(check, r"ops verdict")
    assert watchdog < verdict and steps(check)[verdict]["if"] == "always()"
    for index in (watchdog, verdict):
        assert steps(check)[index]["env"]["RUN_NEEDS"] == "${{ toJSON(needs) }}"


def test_the_dispatch_form_offers_what_the_errors_suggest() -> None:
    inputs = triggers(DAILY)["workflow_dispatch"]["inputs"]
    assert set(inputs) == {"date", "force", "partial"}
    assert (
        inputs["date"]["type"] == "string"
        and inputs["force"]["type"] == inputs["partial"]["type"] == "boolean"
    )
    for job, pattern in (("plan", r"ops plan"), ("generate", r"ops write")):
        step = steps(jobs()[job])[index_of(jobs()[job], pattern)]
        for name in ("force", "partial"):
            assert step["env"][f"INPUT_{name.upper()}"] == f"${{{{ inputs.{name} }}}}"
            assert f'--{name} "$INPUT_{name.upper()}"' in run(step)
    plan = steps(jobs()["plan"])[index_of(jobs()["plan"], r"ops plan")]
    assert plan["env"]["INPUT_DATE"] == "${{ inputs.date }}" and '--date "$INPUT_DATE"' in run(plan)
    write = steps(jobs()["generate"])[index_of(jobs()["generate"], r"ops write")]
    assert write["env"]["DAYS"] == "${{ needs.plan.outputs.days }}"
    assert write["env"]["WEEKLY"] == "${{ needs.plan.outputs.weekly }}"


def test_every_python_job_installs_the_lock_and_nothing_else() -> None:
    for name, job in jobs().items():
        uses_python = any("python" in run(step) or "mkdocs" in run(step) for step in steps(job))
        has_env = any(step.get("uses") == "./.github/actions/python-env" for step in steps(job))
        assert uses_python == has_env, name
        assert not any("pip install" in run(step) for step in steps(job)), name
    action = load(PYTHON_ENV)
    installs = [run(step) for step in action["runs"]["steps"] if "pip install" in run(step)]
    assert len(installs) == 1 and "--require-hashes -r requirements.lock" in installs[0]
    (cache,) = [s for s in action["runs"]["steps"] if str(s.get("uses", "")).startswith("actions/cache@")]
    assert "hashFiles('requirements.lock')" in cache["with"]["key"]
    assert "steps.python.outputs.python-version" in cache["with"]["key"]  # a venv belongs to its interpreter
    setup = (ROOT / "scripts" / "_setup.sh").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in setup and "--no-deps -e ." in setup
    ci = load(CI)["jobs"]["test"]
    (python,) = [s for s in steps(ci) if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert python["with"]["cache-dependency-path"] == "requirements.lock"
    assert any(run(step).strip() == "bash .ci/run" for step in steps(ci))


def test_apt_is_always_retried() -> None:
    for path in (DAILY, CI):
        for job in load(path)["jobs"].values():
            for step in steps(job):
                assert "apt-get" not in run(step), step
                if "apt-install" in run(step):
                    assert run(step).startswith("scripts/apt-install ")
    script = (ROOT / "scripts" / "apt-install").read_text(encoding="utf-8")
    assert "for attempt in 1 2 3" in script and "::error::" in script
