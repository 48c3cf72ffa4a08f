"""Realistic data for the benchmarks: thousands of items across every state.

The records are what Chief itself writes (stamps included), a third of the
titles in Chinese, notes on some, 20 team members, spread over two years.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from chief.store.sync.hlc import make_stamp
from chief.store.domain.ids import new_id
from chief.store.domain.model import DEFAULT_CATEGORIES, Item
from chief.store.datafile.storage import serialize, write_atomic

CHINESE = ("关于年度预算的请示", "起草会议纪要", "接待来访代表团", "审核保密文件", "安排车辆与会场", "回复办公厅来函")
ENGLISH = ("Reply to the Finance department", "Prepare the briefing notes", "Book the meeting room", "Review the visitor list", "Draft the duty roster", "Call back the district office")
STATUSES = ("inbox", "open", "open", "open", "doing", "waiting", "done", "done", "dropped")


def iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))


def generate(path: Path, count: int, *, seed: int = 7, now_ms: int | None = None) -> Path:
    """``count`` items as of ``now_ms`` (now by default: the bench runs at the real clock, and what it measures must not age)."""
    if now_ms is None:
        now_ms = int(time.time() * 1000)
    rng = random.Random(seed)
    device = "benchbench"
    team = {}
    for n in range(20):
        team[new_id()] = {"name": f"成员{n}" if n % 3 == 0 else f"Member {n}", "role": "", "capacity": rng.choice([1200, 2400]),
                          "categories": [], "away": n == 19, "_stamps": {"*": make_stamp(now_ms - 10**9, 0, device)}}
    members = list(team)
    # closed within the archive's reach (14 days by default): housekeeping, five seconds after the dashboard opens,
    # finds nothing to move, so every figure is taken on a file of ``count`` items, not on what is left once it has run
    closed_since = now_ms - 13 * 86_400_000
    items = {}
    for n in range(count):
        age_ms = rng.randint(0, 730 * 86_400_000)
        created = now_ms - age_ms
        stamp = make_stamp(created, 0, device)
        status = rng.choice(STATUSES)
        title = f"{rng.choice(CHINESE)} 第{n}号" if n % 3 == 0 else f"{rng.choice(ENGLISH)} #{n}"
        due_roll = rng.random()
        due = None
        if due_roll < 0.3:
            due = f"2026-{rng.randint(10, 12):02d}-{rng.randint(1, 28):02d}"
        elif due_roll < 0.5:
            due = f"2026-{rng.randint(11, 12):02d}-{rng.randint(1, 28):02d}T0{rng.randint(1, 9)}:00:00Z"
        record = Item(
            id="", title=title, notes=("备注：" + title) if rng.random() < 0.2 else "",
            kind="interrupt" if rng.random() < 0.05 else "task",
            important=rng.random() < 0.5, urgent=rng.random() < 0.2, due=due,
            category=rng.choice((None, *DEFAULT_CATEGORIES)), assignee=rng.choice((None, None, *members)),
            status=status, effort=rng.choice((None, 15, 30, 60, 120)), created=iso(created), updated=iso(created),
            done_at=iso(rng.randint(max(created, closed_since), now_ms)) if status in ("done", "dropped") else None,
            taken_at=iso(created + 60_000) if rng.random() < 0.5 else None,
        ).to_record()
        record["_stamps"] = {"*": stamp}
        items[new_id()] = record
    meta = {"chief": {"schema": 2, "database_id": new_id(), "clock": make_stamp(now_ms, 0, device)}}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, serialize({"items": items, "team": team, "meta": meta}))
    return path
