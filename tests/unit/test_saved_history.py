"""The command line's undo history on disk: one appended file a data file (store/sync/undo.py SavedHistory)."""

from __future__ import annotations

import os
from pathlib import Path

from chief.store.datafile import notes
from chief.store.sync.undo import Change, SavedHistory, Touch


def _step(n: int, notes_text: str = "") -> Change:
    return Change(f"add item 'n{n}'", (Touch("items", f"id{n}", None, {"title": f"n{n}", "notes": notes_text}),))


def _descriptions(saved: SavedHistory) -> tuple[list[str], list[str]]:
    history = saved.load()
    return [c.description for c in history._undo], [c.description for c in history._redo]


def test_lines_read_back_as_the_stacks_a_session_keeps(tmp_path):
    saved = SavedHistory(tmp_path / "a.json", tmp_path / "state")
    for n in range(3):
        saved.remember([_step(n)])
    history = saved.load()
    history.push_undone(history.pop_undo())
    saved.save(history)
    assert _descriptions(saved) == (["add item 'n0'", "add item 'n1'"], ["add item 'n2'"])
    saved.remember([_step(3)])  # a new step empties the redo stack
    assert _descriptions(saved) == (["add item 'n0'", "add item 'n1'", "add item 'n3'"], [])


def test_a_damaged_line_costs_only_its_step(tmp_path):
    saved = SavedHistory(tmp_path / "a.json", tmp_path / "state")
    saved.remember([_step(0)])
    with open(saved.path, "ab") as handle:  # the history's path is text (no pathlib on a capture's path)
        handle.write(b'{"do": {"descr')  # a line cut short by a crash
    saved.remember([_step(1)])
    assert _descriptions(saved) == (["add item 'n0'", "add item 'n1'"], [])


def test_a_history_whose_first_line_names_another_file_is_not_read_and_is_started_again(tmp_path):
    saved = SavedHistory(tmp_path / "a.json", tmp_path / "state")
    saved.remember([_step(0)])
    other = SavedHistory(tmp_path / "b.json", tmp_path / "state")
    other.path = saved.path  # two paths whose checksums match
    assert _descriptions(other) == ([], [])
    other.remember([_step(1)])
    assert _descriptions(other) == (["add item 'n1'"], [])
    assert _descriptions(saved) == ([], [])


def test_an_append_past_the_bound_trims_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(SavedHistory, "TRIM_BYTES", 20_000)
    saved = SavedHistory(tmp_path / "a.json", tmp_path / "state")
    for n in range(150):
        saved.remember([_step(n, "x" * 100)])
        assert os.stat(saved.path).st_size <= 20_000 + 400
    undo, _ = _descriptions(saved)
    assert undo[-1] == "add item 'n149'" and len(undo) < 100


def test_a_machine_keeps_the_histories_of_its_last_16_data_files(tmp_path):
    state = tmp_path / "state"
    for n in range(notes.KEEP_FILES + 3):
        SavedHistory(tmp_path / f"f{n}.json", state).remember([_step(n)])
    kept = list((state / SavedHistory.FOLDER).iterdir())
    assert len(kept) == notes.KEEP_FILES
    assert _descriptions(SavedHistory(tmp_path / f"f{notes.KEEP_FILES + 2}.json", state))[0] == [f"add item 'n{notes.KEEP_FILES + 2}'"]


def test_the_old_single_history_file_goes_at_the_first_undo(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / SavedHistory.OLD).write_text("{}", encoding="utf-8")
    saved = SavedHistory(Path(tmp_path / "a.json"), state)
    saved.remember([_step(0)])
    saved.save(saved.load())
    assert not (state / SavedHistory.OLD).exists()
