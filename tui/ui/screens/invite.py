"""The invite pane: an invitation to the current meeting, previewed live, copied or saved.

Fields for subject, room, meeting type, language, format, start, end (or duration) and time
zone, kept in an :class:`~tui.ui.invite_target.InviteDraft` the app holds, so closing and
reopening the pane loses nothing. The preview re-renders :data:`DEBOUNCE` seconds after the last
change (rendering takes well under a millisecond, so input never waits). Dial-in numbers are
fetched in a worker when the deployment has dial-in services; the preview works without them.
Copy goes the way :func:`tui.ui.invite_output.copy_way` says (HTML as ``text/html`` on a local
desktop, OSC 52 text over SSH) and says so in one line. Show prints the invitation to the plain
terminal (the app suspended), where the terminal wraps and selects URLs whole; Save writes a file.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Select, Static

from tui.clipboard import copy_html, pyperclip_copy
from tui.invite import DialIn, Invitation, InviteFormat, InviteRequest, InviteSettings, render
from tui.invite.dialin import format_pin
from tui.invite.links import LinkError, room_path
from tui.invite.render import inert
from tui.invite.slug import ROOM_RULE
from tui.invite.strings import LANGUAGES
from tui.invite.times import (
    TimeError,
    end_or_duration,
    meeting_times,
    system_zone,
    zone_named,
)
from tui.ui.invite_layout import INVITE_CSS
from tui.ui.invite_output import (
    CopyKind,
    CopyWay,
    copy_detail,
    copy_notice,
    copy_way,
    default_file_name,
    print_for_selection,
    write_text_file,
)
from tui.ui.invite_target import InviteDraft, InviteTarget
from tui.ui.keymap import INVITE_ACTIONS
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.name_prompt import NamePrompt
from tui.ui.screens.text_view import TextView
from tui.ui.text import literal

log = logging.getLogger(__name__)

DEBOUNCE = 0.15
"""Seconds of quiet typing before the preview is redrawn."""

FORMAT_LABELS = {
    InviteFormat.TEXT: "plain text",
    InviteFormat.HTML: "Outlook HTML",
    InviteFormat.ICS: "calendar .ics",
}


class InviteScreen(Screen[None]):
    """Write an invitation to ``target``; copy it, show it or save it."""

    BINDINGS: ClassVar[list[BindingType]] = [action.binding() for action in INVITE_ACTIONS]

    AUTO_FOCUS = "#invite-subject"

    DEFAULT_CSS = INVITE_CSS

    def __init__(
        self,
        target: InviteTarget,
        settings: InviteSettings,
        settings_warnings: list[str] | tuple[str, ...] = (),
        draft: InviteDraft | None = None,
    ) -> None:
        """An invitation to ``target``, shaped by ``settings``.

        Args:
            target: The meeting (base URL, room, subject, dial-in services).
            settings: The ``[invite]`` section.
            settings_warnings: Problems found in that section, shown above the preview.
            draft: What the fields held when the pane was last closed (the app keeps it); the
                pane writes every change into it.
        """
        super().__init__()
        self._target = target
        self._settings = settings
        self._settings_warnings = tuple(settings_warnings)
        self.draft = draft or InviteDraft.first(target, settings)
        if self.draft.meeting_type not in settings.types:
            self.draft.meeting_type = settings.default_type
        self._copy_detail = ""
        self._timer: Timer | None = None
        self._invitation: Invitation | None = None
        self._problem = ""
        self._room = target.room
        self._dial_in_room: str | None = None
        """The room the dial-in data (or its failure) belongs to; ``None``: not asked yet."""
        self._dial_in: DialIn | None = None
        self._dial_in_warnings: tuple[str, ...] = ()
        self.renders = 0
        """How many times the preview was redrawn (typing bursts coalesce)."""

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Heading, the fields, notes, the preview and the footer."""
        settings, draft = self._settings, self.draft
        yield Static(self._heading(), id="invite-heading")
        with Horizontal(classes="invite-row"):
            yield Label("Subject", classes="-field")
            yield Input(draft.subject, id="invite-subject", compact=True)
        with Horizontal(classes="invite-row"):
            yield Label("Room", classes="-field")
            yield Input(
                draft.room,
                placeholder="empty: a new room named after the subject",
                id="invite-room",
                compact=True,
            )
        others = sorted(t for t in settings.types if t != settings.default_type)
        types = [settings.default_type, *others]
        with Horizontal(classes="invite-row"):
            yield Label("Type", classes="-field")
            yield Select(
                [(Text(name), name) for name in types],
                value=draft.meeting_type,
                allow_blank=False,
                compact=True,
                id="invite-type",
            )
            yield Label("Language")
            yield Select(
                [(Text(lang), lang) for lang in LANGUAGES],
                value=draft.language if draft.language in LANGUAGES else "en",
                allow_blank=False,
                compact=True,
                id="invite-language",
            )
            yield Label("Format")
            yield Select(
                [(Text(FORMAT_LABELS[fmt]), fmt.value) for fmt in FORMAT_LABELS],
                value=InviteFormat(draft.format).value,
                allow_blank=False,
                compact=True,
                id="invite-format",
            )
        minutes = int(settings.duration.total_seconds() // 60)
        with Horizontal(classes="invite-row"):
            yield Label("Start", classes="-field")
            yield Input(
                draft.start, placeholder="2026-12-03 14:00", id="invite-start", compact=True
            )
            yield Label("End")
            yield Input(
                draft.end, placeholder=f"15:00 or {minutes}m", id="invite-end", compact=True
            )
            yield Label("Zone")
            yield Input(draft.zone, placeholder="Europe/Stockholm", id="invite-zone", compact=True)
        yield Static(id="invite-notes")
        with VerticalScroll(id="invite-preview"):
            yield Static(id="invite-preview-text")
        yield Footer()

    def _heading(self) -> Text:
        target = self._target
        heading = Text.assemble(
            ("Invitation", "bold"),
            " to ",
            literal(target.room, "bold"),
            " at ",
            literal(target.base_url),
        )
        if target.demo:
            heading.append("  (demo: a made-up address, the meeting is simulated)", "italic")
        return heading

    def on_mount(self) -> None:
        """Draw the first preview at once."""
        self.refresh_preview()

    # -- the request ----------------------------------------------------------------------

    def _select(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else ""

    @property
    def format(self) -> InviteFormat:
        """The chosen format."""
        return InviteFormat(self._select("invite-format") or InviteFormat.TEXT.value)

    @property
    def invitation(self) -> Invitation | None:
        """The invitation the preview shows (``None`` while the fields cannot make one)."""
        return self._invitation

    def _field(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def _keep_draft(self) -> None:
        draft = self.draft
        draft.subject = self._field("invite-subject")
        draft.room = self._field("invite-room")
        draft.meeting_type = self._select("invite-type") or draft.meeting_type
        draft.language = self._select("invite-language") or draft.language
        draft.format = self._select("invite-format") or draft.format
        draft.start = self._field("invite-start")
        draft.end = self._field("invite-end")
        draft.zone = self._field("invite-zone")

    def request(self) -> InviteRequest:
        """What the fields ask for right now, with the dial-in data of the room if known.

        Raises:
            TimeError: the start, end, duration or zone cannot be used.
        """
        draft = self.draft
        end, duration = end_or_duration(draft.end)
        # An emptied Zone field means the system's zone, as the command's default.
        zone = zone_named(draft.zone) if draft.zone.strip() else system_zone()
        times = meeting_times(
            draft.start, end, duration, zone=zone, default_duration=self._settings.duration
        )
        return InviteRequest(
            subject=draft.subject,
            base_url=self._target.base_url,
            room=draft.room.strip() or None,
            meeting_type=draft.meeting_type or None,
            language=draft.language or None,
            start=times.start if times else None,
            end=times.end if times else None,
            random_part=draft.random,
            settings=self._settings,
        )

    # -- the preview ----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing reschedules the preview."""
        event.stop()
        self._schedule()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new type, language or format reschedules the preview."""
        event.stop()
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.refresh_preview, name="invite-preview")

    def refresh_preview(self) -> None:
        """Render the invitation from the fields now and show it."""
        self._timer = None
        self.renders += 1
        self._keep_draft()
        try:
            request = self.request()
            room = render(request).room  # names the new room; cheap (well under a millisecond)
            room_path(room)
        except (KeyError, LinkError, TimeError) as exc:
            self._invitation = None
            self._problem = str(exc.args[0] if exc.args else exc)
            self._show()
            return
        self._room = room
        self._problem = ""
        if room == self._dial_in_room:
            request = replace(
                request, room=room, dial_in=self._dial_in, warnings=self._dial_in_warnings
            )
        elif self._target.dial_in is not None:
            self._dial_in_room = None
            self._fetch_dial_in(room)
        self._invitation = render(request)
        self._show()

    def _notes(self) -> Text:
        notes = Text()
        lines: list[str] = list(self._settings_warnings)
        if self._problem:
            lines.append(f"no invitation: {self._problem}")
        elif self._invitation is not None:
            lines.extend(self._invitation.warnings_for(self.format))
            named = self.draft.room.strip()
            if named and self._invitation.room != named:
                lines.append(f"room {named!r} is {self._invitation.room!r}: {ROOM_RULE}")
        for line in lines:
            notes.append("⚠ " + inert(line) + "\n")
        if self._copy_detail:
            notes.append(inert(self._copy_detail) + "\n", "dim")
        dial_in = self._target.dial_in
        if dial_in is not None and self._dial_in_room != self._room:
            notes.append("fetching dial-in numbers…\n", "italic")
        elif self._dial_in is not None and self._dial_in_room == self._room:
            number = self._dial_in.default_number.number
            pin = format_pin(self._dial_in.pin)
            notes.append(f"dial-in: {inert(number)}, PIN {inert(pin)}#\n", "dim")
        notes.rstrip()
        return notes

    def _show(self) -> None:
        notes = self._notes()
        box = self.query_one("#invite-notes", Static)
        box.update(notes)
        box.display = bool(notes.plain)
        if self._invitation is None:
            body = Text(f"(no invitation: {inert(self._problem)})", "italic")
        else:
            text = self._invitation.as_format(self.format)
            body = Text(inert(text.replace("\r\n", "\n")), no_wrap=False)
        self.query_one("#invite-preview-text", Static).update(body)
        preview = self.query_one("#invite-preview", VerticalScroll)
        preview.border_title = f"Preview · {FORMAT_LABELS[self.format]}"
        preview.border_subtitle = "ctrl+y copy · ctrl+o show · ctrl+s save"

    # -- dial-in --------------------------------------------------------------------------

    @work(exclusive=True, group="invite-dial-in", exit_on_error=False)
    async def _fetch_dial_in(self, room: str) -> None:
        from tui.jitsi.dialin import fetch_room_dial_in

        sources = self._target.dial_in
        if sources is None:
            return
        result = await fetch_room_dial_in(sources, room=room, base_url=self._target.base_url)
        self._dial_in_room = room
        self._dial_in = result.dial_in
        self._dial_in_warnings = result.warnings
        if room == self._room:
            self.refresh_preview()

    # -- copy, show, save -----------------------------------------------------------------

    def current_text(self) -> str | None:
        """The invitation in the chosen format, rendered from the fields as they are now."""
        if self._timer is not None:
            self._timer.stop()
        self.refresh_preview()
        if self._invitation is None:
            self.notify(f"no invitation: {self._problem}", severity="error", markup=False)
            return None
        return self._invitation.as_format(self.format)

    def action_copy(self) -> None:
        """Put the invitation on the clipboard the best way there is, and say which in a line."""
        text = self.current_text()
        if text is None:
            return
        fmt = self.format
        way = copy_way(fmt, os.environ)
        if way.kind is CopyKind.OSC52:
            self.app.copy_to_clipboard(text)  # OSC 52, and app.clipboard for paste inside the app
            self._report_copy(way, fmt, "")
            return
        if way.kind is CopyKind.DESKTOP:
            self.app.copy_to_clipboard(text)
        self._copy_desktop(text, fmt, way)

    @work(thread=True, exit_on_error=False, group="invite-clipboard")
    def _copy_desktop(self, text: str, fmt: InviteFormat, way: CopyWay) -> None:
        # wl-copy, xclip (or pyperclip running them) are subprocesses: not on the event loop.
        try:
            if way.kind is CopyKind.HTML_DESKTOP:
                copy_html(text, way.command, os.environ)
            else:
                pyperclip_copy(text)
        except Exception as exc:  # pyperclip raises its own types, or OSError, or worse
            log.info("desktop clipboard failed: %s", exc)
            self.app.call_from_thread(self._copy_by_osc52, text, way, fmt, type(exc).__name__)
            return
        self.app.call_from_thread(self._report_copy, way, fmt, "")

    def _copy_by_osc52(self, text: str, way: CopyWay, fmt: InviteFormat, failed: str) -> None:
        self.app.copy_to_clipboard(text)
        self._report_copy(way, fmt, failed)

    def _report_copy(self, way: CopyWay, fmt: InviteFormat, failed: str) -> None:
        self._copy_detail = copy_detail(way, fmt, os.environ, failed)
        self._show()
        notice = copy_notice(way, fmt, os.environ, failed)
        severity: Literal["information", "warning"] = "warning" if failed else "information"
        self.notify(notice, markup=False, timeout=6, severity=severity)

    async def action_show(self) -> None:
        """Show the whole invitation on the plain terminal, for the terminal's own selection.

        The app is suspended (no mouse capture, no alternate screen) while the event loop keeps
        the meeting connected; Enter comes back. Where the app cannot be suspended (a headless
        run, Textual web), a full-screen view that never wraps lines instead.
        """
        text = self.current_text()
        if text is None:
            return
        title = f"Invitation · {FORMAT_LABELS[self.format]} · {self._room}"
        try:
            with self.app.suspend():
                print_for_selection(text, title, sys.__stdout__ or sys.stdout)
                await asyncio.to_thread(sys.stdin.readline)
        except SuspendNotSupported:
            self.app.push_screen(TextView(text, title))

    def action_save(self) -> None:
        """Ask for a path, then write the invitation there."""
        if self.current_text() is None:
            return
        name = default_file_name(self._room, self.format)
        prompt = NamePrompt(Text("Save the invitation to:"), value=name)
        self.app.push_screen(prompt, self._save_to)

    def _save_to(self, answer: str | None) -> None:
        if answer is None or not answer.strip():
            return
        path = Path(answer.strip()).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        text = self.current_text()
        if text is None:
            return
        if path.is_dir():
            path = path / default_file_name(self._room, self.format)
        if path.exists():
            question = Text.assemble("Replace ", literal(str(path), "bold"), "?")

            def replace_it(yes: bool | None) -> None:
                if yes:
                    self._write(path, text)

            self.app.push_screen(ConfirmDialog(question), replace_it)
            return
        self._write(path, text)

    @work(thread=True, exit_on_error=False, group="invite-save")
    def _write(self, path: Path, text: str) -> None:
        try:
            write_text_file(path, text)
        except OSError as exc:
            message = f"cannot write {path}: {exc.strerror or exc}"
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify, f"Saved the invitation to {path}", title="Saved", markup=False
        )

    def action_close(self) -> None:
        """Back to the console."""
        self.dismiss(None)
