"""The desk's commands on steps, procedures and emergencies (mixed into ``Desk``).

Each command is one ``_apply``: one undo takes back one user action, however
many steps it touched (a procedure's six steps are one undo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from chief.store.domain import steps as st
from chief.store.domain.board import ITEMS
from chief.store.domain.model import STEPS, Item, Step
from chief.store.domain.procedures import Procedure, emergency_procedure
from chief.store.domain.quickadd import Capture, QuickAddError, parse_capture, resolve_choice
from chief.store.domain.when import Due
from chief.store.errors import CommandError
from chief.store.i18n import N_, _, pgettext
from chief.store.lazy_module import imported_at_first_use
from chief.store.structs import replace

_capture = imported_at_first_use("chief.store.datafile.capture")  # for the commands only (store/lazy_module.py)

if TYPE_CHECKING:
    from chief.store.reports.search import Found
    from chief.store.sync.replica import Tx

KEEP: Any = object()  # step_edit: leave this field as it is
_STAND_IN = "\u2063"  # INVISIBLE SEPARATOR: never typed, stands in for a step's words while its marks are read


class StepCommands:
    """Steps inside an item: add, edit, move, tick, untick, remove; procedures; the emergency flow."""

    settings: Any
    _apply: Callable[..., Any]

    # finding ----------------------------------------------------------------

    def search(self, words: str | list[str]) -> list[Found]:
        """Items holding every word (title, notes, steps): open, closed and archived, where each is."""
        from chief.store.reports.search import search

        wanted = words.split() if isinstance(words, str) else [w for part in words for w in part.split()]
        if not wanted:
            raise CommandError(_("say what to search for"))
        board = self.board()  # type: ignore[attr-defined]
        return search(board, wanted, self.archived())  # type: ignore[attr-defined]

    # reading the typed line ---------------------------------------------------

    def parse_step(self, text: str, *, marks_only: bool = False) -> tuple[str, str | None, Due | None]:
        """A step as typed: its text, who (``@name``, as typed) and due (``^WHEN``); other marks are refused.

        With ``marks_only`` the text may be marks alone ("@li ^fri": an edit of who
        and due that keeps the words); the text returned is then "".
        """
        from chief.store.domain import wallclock

        if not text.strip():
            raise CommandError(_("the step's text is empty"))
        # a stand-in title word, so that a line of marks alone reads (quick-add refuses an empty title)
        line = f"{text} {_STAND_IN}" if marks_only else text
        capture = parse_capture(line, wallclock.now(), day_start=self.settings.day_start, day_end=self.settings.day_end,
                                working_day=self.settings.is_working_day)
        if marks_only:
            capture = replace(capture, title=" ".join(capture.title.replace(_STAND_IN, " ").split()))
        extra = capture.important or capture.urgent or any(
            getattr(capture, name) is not None for name in ("category", "effort", "source", "repeat", "procedure"))
        if extra:
            raise QuickAddError(_("a step takes only @who and ^when besides its text"))
        return capture.title, capture.assignee, capture.due

    # the commands -------------------------------------------------------------

    def _step_command(self, item_id: str, description: str,
                      change: Callable[[Item, dict[str, Any], Tx], tuple[dict[str, Any], str | None, dict[str, Any]]],
                      *, ticking: bool = False) -> st.StepChange:
        """Find the item, let ``change`` compute its new steps (and other fields), save them as one undo."""
        said = [f"{description} '{item_id}'"]

        def command(tx: Tx) -> st.StepChange:
            board = tx.board(self.settings)
            item = board.find_item(item_id)
            said[0] = _("{action} '{title}'").format(action=pgettext("action", description), title=item.title)  # for undo
            record = tx.get(ITEMS, item.id) or {}
            steps, step_id, fields = change(item, record, tx)
            if steps or STEPS in record:
                fields = {STEPS: steps, **fields}
            tx.update(ITEMS, item.id, fields)
            after = tx.board(self.settings).item(item.id)
            step = after.step(step_id) if step_id else None
            all_done = ticking and after.is_open and bool(after.steps) and all(s.done for s in after.steps)
            return st.StepChange(after, step, all_done)

        return self._apply(lambda: said[0], command)

    def _who(self, tx: Tx, who: str | None) -> str | None:
        return _capture.resolve_member(tx.board(self.settings), who) if who else None

    def step_add(self, item_id: str, text: str, *, at: int | None = None, parse: bool = True) -> st.StepChange:
        """Add a step (``@name`` and ``^WHEN`` in the text when ``parse``), last or at position ``at``."""
        words, who, due = self.parse_step(text) if parse else (" ".join(text.split()), None, None)
        if not words:
            raise CommandError(_("the step's text is empty"))

        def change(item: Item, record: dict[str, Any], tx: Tx):
            new = Step(id="", text=words, who=self._who(tx, who), due=due.stored() if due else None)
            steps, step_id = st.added(record, item, new, at)
            return steps, step_id, {}

        return self._step_command(item_id, "add step", change)

    def step_edit(self, item_id: str, ref: int | str, text: str | None = None, *, who: Any = KEEP, due: Any = KEEP,
                  parse: bool = True) -> st.StepChange:
        """Change a step's text, who (a name, or None to clear) or due (a Due, WHEN text, or None to clear).

        With ``parse``, ``@name`` and ``^WHEN`` in the new text set who and due too.
        """
        if text is not None:
            if parse:
                text, typed_who, typed_due = self.parse_step(text, marks_only=True)
                who = typed_who if typed_who is not None else who
                due = typed_due if typed_due is not None else due
                text = " ".join(text.split()) or None  # marks alone: the words stay as they are
            elif not text.split():
                raise CommandError(_("the step's text is empty"))
            else:
                text = " ".join(text.split())
        if isinstance(due, str):
            due = self.read_when(due) if due.strip() else None  # type: ignore[attr-defined]

        def change(item: Item, record: dict[str, Any], tx: Tx):
            step = st.find_step(item, ref)
            fields: dict[str, Any] = {}
            if text is not None:
                fields["text"] = text
            if who is not KEEP:
                fields["who"] = self._who(tx, who)
            if due is not KEEP:
                fields["due"] = due.stored() if due else None
            return st.changed(record, step, fields), step.id, {}

        return self._step_command(item_id, "edit step", change)

    def step_move(self, item_id: str, ref: int | str, to: int) -> st.StepChange:
        """Move a step to position ``to`` (1-based; kept within the list)."""

        def change(item: Item, record: dict[str, Any], tx: Tx):
            step = st.find_step(item, ref)
            return st.moved(record, item, step, to), step.id, {}

        return self._step_command(item_id, "move step", change)

    def step_tick(self, item_id: str, ref: int | str) -> st.StepChange:
        """Tick a step done, with the time; ``all_done`` says the item's last open step was ticked."""

        def change(item: Item, record: dict[str, Any], tx: Tx):
            step = st.find_step(item, ref)
            if step.done:
                raise CommandError(_("step {number} of '{title}' is already done").format(
                    number=st.position(item, step), title=item.title))
            return st.changed(record, step, {"done": True, "done_at": tx.stamp}), step.id, {}

        return self._step_command(item_id, "tick step", change, ticking=True)

    def step_untick(self, item_id: str, ref: int | str) -> st.StepChange:
        def change(item: Item, record: dict[str, Any], tx: Tx):
            step = st.find_step(item, ref)
            if not step.done:
                raise CommandError(_("step {number} of '{title}' is not done").format(
                    number=st.position(item, step), title=item.title))
            return st.changed(record, step, {"done": False, "done_at": None}), step.id, {}

        return self._step_command(item_id, "untick step", change)

    def step_remove(self, item_id: str, ref: int | str) -> st.StepChange:
        def change(item: Item, record: dict[str, Any], tx: Tx):
            step = st.find_step(item, ref)
            return st.removed(record, step), None, {}

        return self._step_command(item_id, "remove step", change)

    def category(self, name: str) -> str:
        """A category of the config by name (or unique prefix), as quick-add's #NAME finds it."""
        return resolve_choice(name, {c: c for c in self.settings.categories}, N_("category"))

    # procedures ---------------------------------------------------------------

    def procedure(self, name: str) -> Procedure:
        """A procedure of the config by name (or unique prefix)."""
        if not self.settings.procedures:
            raise CommandError(_("no procedures in the config"))
        found = resolve_choice(name, {n: n for n in self.settings.procedures}, N_("procedure"))
        return self.settings.procedures[found]

    def apply_procedure(self, item_id: str, name: str) -> st.StepChange:
        """Add a procedure's steps after the item's own, due times from the item's (one undo)."""
        procedure = self.procedure(name)

        def change(item: Item, record: dict[str, Any], tx: Tx):
            return self._with_procedure(item, record, tx, procedure), None, {}

        return self._step_command(item_id, _("apply {procedure}").format(procedure=procedure.name), change)

    def _with_procedure(self, item: Item, record: dict[str, Any], tx: Tx, procedure: Procedure) -> dict[str, Any]:
        steps = st.raw_steps(record)
        start = max((s.order for s in item.steps), default=0)
        for n, step in enumerate(_capture.procedure_steps(procedure, item, tx.board(self.settings), self.settings), 1):
            steps[step.id] = {**step.to_record(), "order": start + n}
        return steps

    def _with_flow_first(self, item: Item, record: dict[str, Any], tx: Tx, procedure: Procedure) -> dict[str, Any]:
        """The emergency flow's steps before the item's own, and every report-back step last: an
        emergency starts with the calm first steps, whatever procedure the item already follows."""
        steps = st.raw_steps(record)
        flow = _capture.procedure_steps(procedure, item, tx.board(self.settings), self.settings)
        reporting = any(s.is_report and not s.done for s in item.steps)
        flow = [s for s in flow if not (s.is_report and reporting)]  # one open report-back is enough
        for step in flow:
            steps[step.id] = step.to_record()
        first = [s.id for s in flow if not s.is_report] + [s.id for s in item.steps if not s.is_report]
        last = [s.id for s in item.steps if s.is_report] + [s.id for s in flow if s.is_report]
        for order, step_id in enumerate(first + last, 1):
            steps[step_id] = {**steps[step_id], "order": order}
        return steps

    def report_back(self, item_id: str) -> st.StepChange:
        """Add "report back" as the last step of an item (to whoever raised it, when it says)."""

        def change(item: Item, record: dict[str, Any], tx: Tx):
            if any(s.is_report and not s.done for s in item.steps):
                raise CommandError(_("'{title}' already has a report-back step").format(title=item.title))
            text = (_("Report back to {source}").format(source=item.source) if item.source else _("Report back"))
            steps, step_id = st.added(record, item, Step(id="", text=text, kind="report"))
            return steps, step_id, {}

        return self._step_command(item_id, "report back", change)

    # the emergency flow -------------------------------------------------------

    def make_emergency(self, item_id: str) -> st.StepChange:
        """Important and urgent, first in Do now, taken out of the interrupt queue, with the emergency procedure's steps.

        The arrival time (``created``) stays as it was: the header's clock runs
        from it. Declaring an emergency twice changes nothing.
        """
        procedure = emergency_procedure(self.settings.procedures)

        def change(item: Item, record: dict[str, Any], tx: Tx):
            if item.emergency and item.is_open:
                raise CommandError(_("'{title}' is already an emergency").format(title=item.title))
            if not item.is_open:
                raise CommandError(_("'{title}' is closed: reopen it first").format(title=item.title))
            has_flow = procedure is not None and any(s.text == procedure.steps[0].text for s in item.steps)
            steps = self._with_flow_first(item, record, tx, procedure) if procedure and not has_flow else st.raw_steps(record)
            fields = {"emergency": tx.stamp, "important": True, "urgent": True,
                      "status": "doing" if item.status in ("inbox", "open", "waiting") else item.status,
                      "taken_at": item.taken_at or tx.stamp, "snoozed_until": None}
            if item.status == "waiting":
                fields["follow_up"] = None
            return steps, None, fields

        return self._step_command(item_id, "emergency", change)
