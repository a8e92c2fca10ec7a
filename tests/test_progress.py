from __future__ import annotations

import sys

import pytest

from generator.progress import terminal_progress


def test_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert terminal_progress() is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    show = terminal_progress()
    assert show is not None
    show("feeds", 1, 4)
    show("feeds", 4, 4)
    err = capsys.readouterr().err
    assert err == "\rfeeds     [######..................] 1/4\rfeeds     [########################] 4/4\n"
