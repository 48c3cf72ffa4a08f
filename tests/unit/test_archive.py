"""The yearly archive: old closed items leave the live file, and come back when changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from chief.store.sync.hlc import HybridClock
from chief.store.desk import Desk
from chief.store.sync.merge import content
from chief.store.sync.replica import archive_path
from chief.store.datafile.storage import read_file

pytestmark = pytest.mark.usefixtures("frozen_time")


def _close_long_ago(desk: Desk, title: str, done_at: str = "2026-10-01T08:00:00Z") -> str:
    item, _ = desk.capture(title)
    desk.edit(item.id, {"status": "done", "done_at": done_at})
    return item.id


def _items(path: Path) -> dict:
    data, _ = read_file(path)
    return content(data)["items"]


def test_old_closed_items_move_to_the_yearly_archive(desk, data_file, run_main):
    old = _close_long_ago(desk, "年度总结 2026")
    older = _close_long_ago(desk, "last year's report", "2025-12-30T08:00:00Z")
    recent = _close_long_ago(desk, "closed yesterday", "2026-11-24T08:00:00Z")
    still_open, _ = desk.capture("* still open")
    size_before = data_file.stat().st_size
    assert desk.archive_old() == 2
    assert sorted(_items(data_file)) == sorted([recent, still_open.id])
    assert list(_items(archive_path(data_file, 2026))) == [old]
    assert list(_items(archive_path(data_file, 2025))) == [older]
    assert _items(archive_path(data_file, 2026))[old]["title"] == "年度总结 2026"
    assert data_file.stat().st_size < size_before
    assert desk.archive_old() == 0  # nothing twice
    listed = run_main("list", "--archived", check=True).stdout
    assert "年度总结 2026" in listed and "last year's report" in listed and "closed yesterday" not in listed
    assert "2025" in listed.splitlines()[0]


def test_an_archived_item_changed_elsewhere_comes_back_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    office_path, laptop_path = tmp_path / "office" / "chief.json", tmp_path / "laptop" / "chief.json"
    office = Desk(office_path)
    item_id = _close_long_ago(office, "budget review")
    office.edit(item_id, {"source": "主任"})
    laptop_path.parent.mkdir()
    laptop = Desk(laptop_path)
    laptop.replica.clock = HybridClock("laptopxxxx")
    laptop.merge_file(office_path)  # the laptop has it, not yet archived
    office.edit(item_id, {"notes": "set on the office desktop just before archiving"})
    assert office.archive_old() == 1
    assert item_id not in office.board().items
    laptop.reopen(item_id)  # the laptop, not having archived it, works on it again
    office.merge_file(laptop_path)
    back = office.board().items[item_id]
    assert back.status == "open" and back.title == "budget review" and back.source == "主任"
    assert back.notes == "set on the office desktop just before archiving"  # from the archive file
    assert item_id not in {a.item.id for a in office.archived()}


def test_the_archive_is_written_before_the_live_file(desk, data_file, monkeypatch):
    import chief.store.sync.archive

    item_id = _close_long_ago(desk, "keep me")
    real_apply = chief.store.sync.replica.Replica.apply
    calls = []

    def crash_on_the_live_file(self, command, **kwargs):
        calls.append(self.path)
        if self.path == data_file and len(calls) > 1:
            raise KeyboardInterrupt("power cut")
        return real_apply(self, command, **kwargs)

    monkeypatch.setattr(chief.store.sync.replica.Replica, "apply", crash_on_the_live_file)
    with pytest.raises(KeyboardInterrupt):
        chief.store.sync.archive.move_old(Desk(data_file).replica, desk.settings, __import__("chief.store.domain.wallclock", fromlist=["now"]).now())
    monkeypatch.undo()
    assert item_id in _items(data_file) and item_id in _items(archive_path(data_file, 2026))  # in both, never in neither
    assert Desk(data_file).archive_old() == 1
    assert item_id not in _items(data_file)


def test_a_hostile_archive_year_is_never_a_path(desk, data_file):
    from chief.store.sync.merge import ARCHIVE, DELETED, STAMPS
    from chief.store.datafile.storage import serialize, write_atomic

    item, _ = desk.capture("x")
    data, _ = read_file(data_file)
    record = data["items"][item.id]
    data["items"][item.id] = {**record, ARCHIVE: "../../etc/passwd", DELETED: None,
                              STAMPS: {**record[STAMPS], ARCHIVE: "9" * 15 + "-000000-zzzzzzzzzz"}}
    write_atomic(data_file, serialize(data))
    assert [i.title for i in Desk(data_file).board().items.values()] == ["x"]


async def test_the_dashboard_archives_and_its_search_reaches_the_archive(desk, data_file, tmp_path, monkeypatch):
    from apptools import make_app
    from chief.tui.commands import ItemSearch

    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    _close_long_ago(desk, "接待外宾方案 (archived)")
    desk.capture("still here")
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        app._archive()
        await pilot.pause()
        assert [i.title for i in app.board.items.values()] == ["still here"]
        provider = ItemSearch(app.screen)
        hits = [hit async for hit in provider.search("接待外宾")]
        assert [hit.text for hit in hits] == ["接待外宾方案 (archived)"]
        assert "in the 2026 archive" in hits[0].help
