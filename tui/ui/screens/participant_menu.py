"""The actions menu for one participant: move, mute, message, kick, rights, hand, permissions.

Offers only what makes sense for that person right now (no "stop sharing" when they share
nothing), and says plainly that nobody can be unmuted remotely instead of offering it. Whether
an action is *allowed* is not decided here: the screen plans the choice and shows a refusal.

Each line is picked by the main screen's key for the same action (:mod:`tui.ui.keymap`), so a
letter means one thing everywhere (issue 13: ``m`` muted here and moved there) -- the user's
key where ``[keys]`` remaps that action (:class:`~tui.ui.user_keys.UserKeys`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.model.conference import Conference, Media
from tui.ui.keymap import ACTIONS, ConsoleAction, key_label
from tui.ui.screens.modal import ConsoleModal
from tui.ui.text import literal
from tui.ui.user_keys import UserKeys

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


def menu_items(
    conference: Conference, pid: str, keys: UserKeys | None = None
) -> tuple[MenuItem, ...]:
    """The lines of ``pid``'s menu, in the order shown, picked by ``keys`` (default: defaults)."""
    person = conference.participants.get(pid)
    if person is None:
        return ()
    keys = keys or UserKeys()

    def _key(action: str) -> str:
        """The main screen's (first) key for ``action``: the menu never invents its own letters."""
        return keys.first_key(_ACTION[action])

    # Already-off media are shown greyed out: muting them again would only be refused.
    items = [
        MenuItem("move", _key("move"), "Move to…"),
        MenuItem("mute:audio", _key("mute_audio"), "Mute microphone", disabled=person.audio_muted),
        MenuItem("mute:video", _key("mute_video"), "Turn camera off", disabled=person.video_muted),
    ]
    if person.screen_sharing:
        items.append(MenuItem("mute:desktop", _key("stop_share"), "Stop screen sharing"))
    items.append(MenuItem("unmute", "", NO_REMOTE_UNMUTE, disabled=True))
    for media, key in ((Media.AUDIO, _key("allow_unmute")), (Media.VIDEO, _key("allow_camera"))):
        if media in conference.av_moderation:
            allowed = pid in conference.av_approved.get(media, frozenset())
            what = "microphone" if media is Media.AUDIO else "camera"
            if allowed:
                items.append(MenuItem(f"disallow:{media.value}", key, f"Disallow {what}"))
            else:
                items.append(MenuItem(f"allow:{media.value}", key, f"Allow to unmute {what}"))
    items.append(MenuItem("message", _key("private_message"), "Private message…"))
    if person.hand_raised:
        items.append(MenuItem("lower_hand", _key("lower_hand"), "Lower hand"))
    moderator = _key("toggle_moderator")
    if person.is_moderator:
        items.append(MenuItem("revoke", moderator, "Revoke moderator"))
    else:
        items.append(MenuItem("grant", moderator, "Make moderator"))
    items.append(MenuItem("kick", _key("kick"), "Kick from the meeting…"))
    return tuple(items)


_ACTION: dict[str, ConsoleAction] = {a.action: a for a in ACTIONS if a.scope == "console"}


class ParticipantMenu(ConsoleModal[str | None]):
    """Pick an action for one participant; dismisses with its :attr:`MenuItem.id` or ``None``."""

    DEFAULT_CSS = """
    ParticipantMenu OptionList {
        height: auto;
        max-height: 16;
    }
    """

    def __init__(self, conference: Conference, pid: str, keys: UserKeys | None = None) -> None:
        """The menu for participant ``pid`` as they are in ``conference``, on ``keys``."""
        super().__init__()
        person = conference.participants.get(pid)
        self._person_name = (person.name or pid) if person else pid
        self._items = menu_items(conference, pid, keys)

    @property
    def items(self) -> tuple[MenuItem, ...]:
        """The lines offered."""
        return self._items

    def compose(self) -> ComposeResult:
        """The person's name and the actions."""
        options = []
        width = max((len(key_label(item.key)) for item in self._items), default=1)
        for item in self._items:
            prompt = Text(f"{key_label(item.key) if item.key else '':<{width}} ", style="bold")
            prompt.append(item.label, style="dim italic" if item.disabled else "")
            options.append(Option(prompt, id=item.id, disabled=item.disabled))
        with self.frame():
            yield Label(Text.assemble("Actions for ", literal(self._person_name, "bold"), ":"))
            yield OptionList(*options)
            yield Label(Text("a letter or Enter picks, Escape cancels", style="dim"))

    def on_key(self, event: events.Key) -> None:
        """A line's key picks it at once (a letter, or a control key such as ctrl+u)."""
        for item in self._items:
            if item.key in (event.key, event.character) and item.key and not item.disabled:
                event.stop()
                self.dismiss(item.id)
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click picks the highlighted line."""
        event.stop()
        self.dismiss(event.option.id)
