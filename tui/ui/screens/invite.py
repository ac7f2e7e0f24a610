"""The invite pane: an invitation to the current meeting, previewed live, copied or saved.

Fields for subject, room, meeting type, language and format; the preview re-renders
:data:`DEBOUNCE` seconds after the last change (rendering takes well under a millisecond, so
input never waits). Dial-in numbers are fetched in a worker when the deployment has dial-in
services; the preview works without them. Copy goes through ``App.copy_to_clipboard`` (OSC 52,
which reaches the user's own clipboard over SSH) and, on a local desktop, pyperclip as well;
Show and Save are always there for terminals that ignore OSC 52.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Select, Static

from tui.clipboard import TMUX_HINT, is_local_desktop, pyperclip_copy
from tui.invite import DialIn, Invitation, InviteFormat, InviteRequest, InviteSettings, render
from tui.invite.dialin import format_pin
from tui.invite.links import LinkError, room_path
from tui.invite.render import inert
from tui.invite.slug import random_part
from tui.invite.strings import LANGUAGES
from tui.ui.invite_target import InviteTarget
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
FILE_SUFFIX = {InviteFormat.TEXT: "txt", InviteFormat.HTML: "html", InviteFormat.ICS: "ics"}
HTML_NOTE = (
    "OSC 52 carries plain text: pasting gives the HTML source, not a formatted invitation. "
    "For Outlook, Save to file (ctrl+s) and insert the .html, or import the .ics format."
)


def copy_report(chars: int, fmt: InviteFormat, desktop: str | None, in_tmux: bool) -> str:
    """The sentence after a copy: which way the text went, and what to do if it did not arrive.

    Args:
        chars: Length of the copied text.
        fmt: Its format.
        desktop: ``None`` not on a local desktop; ``""`` pyperclip worked; else why it failed.
        in_tmux: The console runs inside tmux.
    """
    if desktop == "":
        how = f"Copied {chars} characters to the desktop clipboard (pyperclip) and with OSC 52."
    else:
        failed = f" The desktop clipboard failed ({desktop})." if desktop else ""
        tmux = f" ({TMUX_HINT})" if in_tmux else ""
        how = (
            f"Sent {chars} characters to your terminal's clipboard with OSC 52{tmux}.{failed} "
            "Nothing arrived? Your terminal ignores OSC 52: use Show (ctrl+o) or Save (ctrl+s)."
        )
    return f"{how} {HTML_NOTE}" if fmt is InviteFormat.HTML else how


def default_file_name(room: str, fmt: InviteFormat) -> str:
    """``invite-<room>.<ext>``, with anything unusual in a file name replaced by ``-``."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", room).strip(".-") or "meeting"
    return f"invite-{safe}.{FILE_SUFFIX[fmt]}"


def write_text_file(path: Path, text: str) -> None:
    """Write ``text`` exactly (the .ics CRLF line ends stay CRLF)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


class InviteScreen(Screen[None]):
    """Write an invitation to ``target``; copy it, show it or save it."""

    BINDINGS: ClassVar[list[BindingType]] = [action.binding() for action in INVITE_ACTIONS]

    AUTO_FOCUS = "#invite-subject"

    DEFAULT_CSS = """
    InviteScreen {
        layout: vertical;
    }
    InviteScreen #invite-heading {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    InviteScreen .invite-row {
        height: 1;
        margin: 1 1 0 1;
    }
    InviteScreen .invite-row Label {
        width: auto;
        padding: 0 1 0 0;
        color: $text-muted;
    }
    InviteScreen .invite-row Label.-field {
        width: 9;
    }
    InviteScreen #invite-subject {
        width: 1fr;
    }
    InviteScreen #invite-room {
        width: 1fr;
    }
    InviteScreen Select {
        width: 16;
        margin-right: 2;
    }
    InviteScreen #invite-language {
        width: 8;
    }
    InviteScreen #invite-format {
        width: 19;
        margin-right: 0;
    }
    InviteScreen #invite-notes {
        height: auto;
        max-height: 4;
        margin: 1 1 0 1;
        color: $warning;
    }
    InviteScreen #invite-preview {
        height: 1fr;
        margin-top: 1;
        border: round $panel-lighten-1;
        border-title-color: $text-muted;
        padding: 0 1;
    }
    InviteScreen #invite-preview:focus {
        border: round $accent;
        border-title-color: $accent;
    }
    """

    def __init__(
        self,
        target: InviteTarget,
        settings: InviteSettings,
        settings_warnings: list[str] | tuple[str, ...] = (),
    ) -> None:
        """An invitation to ``target``, shaped by ``settings``.

        Args:
            target: The meeting (base URL, room, subject, dial-in services).
            settings: The ``[invite]`` section.
            settings_warnings: Problems found in that section, shown above the preview.
        """
        super().__init__()
        self._target = target
        self._settings = settings
        self._settings_warnings = tuple(settings_warnings)
        self._random = random_part()  # the new-room name must not change on every keystroke
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
        target, settings = self._target, self._settings
        yield Static(self._heading(), id="invite-heading")
        with Horizontal(classes="invite-row"):
            yield Label("Subject", classes="-field")
            yield Input(target.subject, id="invite-subject", compact=True)
        with Horizontal(classes="invite-row"):
            yield Label("Room", classes="-field")
            yield Input(
                target.room,
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
                value=settings.default_type,
                allow_blank=False,
                compact=True,
                id="invite-type",
            )
            yield Label("Language")
            yield Select(
                [(Text(lang), lang) for lang in LANGUAGES],
                value=settings.language if settings.language in LANGUAGES else "en",
                allow_blank=False,
                compact=True,
                id="invite-language",
            )
            yield Label("Format")
            yield Select(
                [(Text(FORMAT_LABELS[fmt]), fmt.value) for fmt in FORMAT_LABELS],
                value=InviteFormat.TEXT.value,
                allow_blank=False,
                compact=True,
                id="invite-format",
            )
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

    def request(self) -> InviteRequest:
        """What the fields ask for right now, with the dial-in data of the room if known."""
        subject = self.query_one("#invite-subject", Input).value
        room = self.query_one("#invite-room", Input).value.strip() or None
        request = InviteRequest(
            subject=subject,
            base_url=self._target.base_url,
            room=room,
            meeting_type=self._select("invite-type") or None,
            language=self._select("invite-language") or None,
            random_part=self._random,
            settings=self._settings,
        )
        return request

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
        request = self.request()
        try:
            room = render(request).room  # names the new room; cheap (well under a millisecond)
            room_path(room)
        except (KeyError, LinkError) as exc:
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
        for line in lines:
            notes.append("⚠ " + inert(line) + "\n")
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
        from tui.jitsi.dialin import fetch_dial_in

        sources = self._target.dial_in
        if sources is None:
            return
        base = self._target.base_url
        result = await fetch_dial_in(
            numbers_url=sources.numbers_url,
            conference_code_url=sources.conference_code_url,
            muc_domain=sources.muc_domain,
            room=room,
            base_url=base,
            meeting_url=base + room_path(room),
            ssl=sources.verify_tls,
        )
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
        """Put the invitation on the clipboard and say which way it went."""
        text = self.current_text()
        if text is None:
            return
        self.app.copy_to_clipboard(text)  # OSC 52, and app.clipboard for paste inside the app
        if is_local_desktop(os.environ):
            self._copy_desktop(text, self.format)
        else:
            self._report_copy(len(text), self.format, None)

    @work(thread=True, exit_on_error=False, group="invite-clipboard")
    def _copy_desktop(self, text: str, fmt: InviteFormat) -> None:
        # pyperclip runs xclip/wl-copy/pbcopy: a subprocess, so not on the event loop.
        try:
            pyperclip_copy(text)
        except Exception as exc:  # pyperclip raises its own types, or OSError, or worse
            log.info("desktop clipboard failed: %s", exc)
            outcome = type(exc).__name__
        else:
            outcome = ""
        self.app.call_from_thread(self._report_copy, len(text), fmt, outcome)

    def _report_copy(self, chars: int, fmt: InviteFormat, desktop: str | None) -> None:
        report = copy_report(chars, fmt, desktop, in_tmux=bool(os.environ.get("TMUX")))
        self.notify(report, title="Copied", markup=False, timeout=10)

    def action_show(self) -> None:
        """Show the whole invitation full-screen."""
        text = self.current_text()
        if text is not None:
            title = f"Invitation · {FORMAT_LABELS[self.format]} · {self._room}"
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
