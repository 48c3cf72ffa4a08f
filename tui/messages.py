"""The messages the app's parts send each other, in one place.

Widgets keep their own nested messages (``QuickAdd.Submitted``,
``RowList.CursorMoved``); what crosses between the app and its helpers lives
here.
"""

from __future__ import annotations

from textual.message import Message


class FileChanged(Message):
    """The data file, a conflict copy beside it, or an unsaved change wants a fresh read.

    Posted by the file watcher's thread. A burst collapses into one: the app
    re-reads the whole file whatever changed, so a newer one replaces an older
    one still waiting in the queue.
    """

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FileChanged)
