"""Work a save leaves to a thread, so that the keystroke that saved does not wait for it.

Only work that no guarantee waits for comes here: the note of the bytes a save
wrote (``chief.store.datafile.fingerprints``: some 5 ms of checksum at 20,000
items) and, in the dashboard, the removal of the old file a save swapped out
(``chief.store.datafile.storage``: freeing a large file's blocks takes
milliseconds). ``zlib.crc32`` and ``unlink`` let other threads run, so this
work goes on beside the paint, on the other core.

The jobs run in order, in one thread at a time; a job given under the key of
one still waiting replaces it (only the newest note of a file matters). The
thread is not a daemon: a process that ends finishes its jobs first. Code that
must see their effect (``is_known``, a test looking for temp files) calls
:func:`settle`. A job that fails is dropped: each one only ever saves time or
space, and whatever it would have done is done again by the next save.
"""

from __future__ import annotations

import _thread

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Hashable

_jobs: dict[Hashable, tuple[Callable[..., Any], tuple[Any, ...]]] = {}
_lock = _thread.allocate_lock()  # guards _jobs and _idle's changes; threading itself loads at the first job
_idle: Any = None  # a threading.Event, set while no thread is at work; None until the first job


def _idle_event() -> Any:
    """The event that says no thread is at work, made with the first job (``chief add`` never gives one)."""
    global _idle
    with _lock:
        if _idle is None:
            import threading

            _idle = threading.Event()
            _idle.set()
        return _idle


def later(key: Hashable, job: Callable[..., Any], *args: Any) -> None:
    """Run ``job(*args)`` in the thread; a job waiting under ``key`` is replaced by this one."""
    idle = _idle_event()
    with _lock:
        _jobs.pop(key, None)  # to the end of the line: the jobs keep the order they were given in
        _jobs[key] = (job, args)
        if not idle.is_set():
            return  # the thread at work takes it
        idle.clear()
    try:
        import threading

        threading.Thread(target=_work, name="chief-afterwards").start()
    except RuntimeError:  # no new thread now (the interpreter is closing): do it here
        _work()


def _work() -> None:
    while True:
        with _lock:
            if not _jobs:
                _idle.set()
                return
            key = next(iter(_jobs))
            job, args = _jobs.pop(key)
        try:
            job(*args)
        except Exception:  # noqa: BLE001 - see the module docstring; the thread must go on to set _idle
            pass


def settle() -> None:
    """Wait until every job given so far in this process is done."""
    if _idle is not None:
        _idle.wait()
