"""The actions menu for one participant: mute, message, kick, rights, hand, unmute permission.

Offers only what makes sense for that person right now (no "stop sharing" when they share
nothing), and says plainly that nobody can be unmuted remotely instead of offering it. Whether
an action is *allowed* is not decided here: the screen plans the choice and shows a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.model.conference import Conference, Media
from tui.ui.screens.modal import ConsoleModal
from tui.ui.text import literal

NO_REMOTE_UNMUTE = "Unmute: not possible remotely — ask them, or allow them under AV moderation"
"""The disabled line shown where people look for "unmute"."""


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One line of the menu.

    Attributes:
        id: What the screen does with it, e.g. ``mute:audio``, ``kick``, ``allow:video``.
        key: The letter that picks it.
        label: What the line says.
        disabled: Shown greyed out, never picked.
    """

    id: str
    key: str
    label: str
    disabled: bool = False


def menu_items(conference: Conference, pid: str) -> tuple[MenuItem, ...]:
    """The lines of ``pid``'s menu, in the order shown."""
    person = conference.participants.get(pid)
    if person is None:
        return ()
    # Already-off media are shown greyed out: muting them again would only be refused.
    items = [
        MenuItem("mute:audio", "m", "Mute microphone", disabled=person.audio_muted),
        MenuItem("mute:video", "v", "Turn camera off", disabled=person.video_muted),
    ]
    if person.screen_sharing:
        items.append(MenuItem("mute:desktop", "s", "Stop screen sharing"))
    items.append(MenuItem("unmute", "", NO_REMOTE_UNMUTE, disabled=True))
    for media, key in ((Media.AUDIO, "a"), (Media.VIDEO, "c")):
        if media in conference.av_moderation:
            allowed = pid in conference.av_approved.get(media, frozenset())
            what = "microphone" if media is Media.AUDIO else "camera"
            if allowed:
                items.append(MenuItem(f"disallow:{media.value}", key, f"Disallow {what}"))
            else:
                items.append(MenuItem(f"allow:{media.value}", key, f"Allow to unmute {what}"))
    items.append(MenuItem("message", "w", "Private message…"))
    if person.hand_raised:
        items.append(MenuItem("lower_hand", "l", "Lower hand"))
    if person.is_moderator:
        items.append(MenuItem("revoke", "g", "Revoke moderator"))
    else:
        items.append(MenuItem("grant", "g", "Make moderator"))
    items.append(MenuItem("kick", "k", "Kick from the meeting…"))
    return tuple(items)


class ParticipantMenu(ConsoleModal[str | None]):
    """Pick an action for one participant; dismisses with its :attr:`MenuItem.id` or ``None``."""

    DEFAULT_CSS = """
    ParticipantMenu OptionList {
        height: auto;
        max-height: 16;
    }
    """

    def __init__(self, conference: Conference, pid: str) -> None:
        """The menu for participant ``pid`` as they are in ``conference``."""
        super().__init__()
        person = conference.participants.get(pid)
        self._person_name = (person.name or pid) if person else pid
        self._items = menu_items(conference, pid)

    @property
    def items(self) -> tuple[MenuItem, ...]:
        """The lines offered."""
        return self._items

    def compose(self) -> ComposeResult:
        """The person's name and the actions."""
        options = []
        for item in self._items:
            prompt = Text(f"{item.key} " if item.key else "  ", style="bold")
            prompt.append(item.label, style="dim italic" if item.disabled else "")
            options.append(Option(prompt, id=item.id, disabled=item.disabled))
        with self.frame():
            yield Label(Text.assemble("Actions for ", literal(self._person_name, "bold"), ":"))
            yield OptionList(*options)
            yield Label(Text("a letter or Enter picks, Escape cancels", style="dim"))

    def on_key(self, event: events.Key) -> None:
        """A letter picks its line at once."""
        for item in self._items:
            if event.character and item.key == event.character and not item.disabled:
                event.stop()
                self.dismiss(item.id)
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click picks the highlighted line."""
        event.stop()
        self.dismiss(event.option.id)
