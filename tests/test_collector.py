"""The garbage-collector pause: off inside, back on after, survivors frozen only when asked."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from qbank import collector


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    gc.enable()
    yield
    collector.keep_survivors(False)
    gc.unfreeze()
    gc.enable()


def test_paused_turns_the_collector_off_and_back_on() -> None:
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it to the outer one
    assert gc.isenabled()


def test_paused_restores_the_collector_after_an_error() -> None:
    with pytest.raises(ValueError), collector.paused():
        raise ValueError
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_survivors_are_frozen_only_when_asked() -> None:
    gc.unfreeze()
    with collector.paused():
        kept = [[i] for i in range(1000)]
    assert gc.get_freeze_count() == 0  # a library caller's objects are left alone
    collector.keep_survivors()
    with collector.paused():
        kept += [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= 2000


def test_the_command_line_entry_asks_for_frozen_survivors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qbank import cli

    monkeypatch.setattr("sys.argv", ["qbank", "--version"])
    with pytest.raises(SystemExit) as exit_info:
        cli.entry()
    assert exit_info.value.code == 0
    assert collector._keep_survivors
