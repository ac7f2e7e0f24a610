"""The moderator actions of the main screen: per participant and meeting-wide.

:class:`ModerationScreen` is the base of :class:`~tui.ui.screens.console.ConsoleScreen`; it holds
every action that is not about rooms (mute, kick, rights, hands, AV moderation, lobby, password,
end, chat), so the console module stays about its panes. Each action builds an intent and posts
it as :class:`~tui.ui.messages.IntentRequested`; the console screen plans it and shows refusals.
Destructive ones (kick, mute everyone, end the meeting) ask first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text

from tui.model.conference import Media
from tui.model.intents import (
    AllowUnmute,
    Broadcast,
    EndMeeting,
    Intent,
    Kick,
    LowerHand,
    Mute,
    MuteEveryone,
    SendChat,
    SetLobby,
    SetModerator,
    SetPassword,
)
from tui.model.text import every, plural, word
from tui.ui.host import ConferenceHost
from tui.ui.messages import IntentRequested
from tui.ui.read_only import unavailable
from tui.ui.screens.broadcast import BroadcastDialog
from tui.ui.screens.chat import ChatScreen
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.hands import HandsScreen
from tui.ui.screens.lobby import LobbyScreen
from tui.ui.screens.name_prompt import NamePrompt
from tui.ui.screens.participant_menu import ParticipantMenu, menu_items
from tui.ui.screens.password_prompt import PasswordPrompt
from tui.ui.screens.workshop_keys import WorkshopKeys
from tui.ui.text import literal
from tui.ui.user_keys import user_keys

NOBODY = "nobody under the cursor: the table is empty"


class ModerationScreen(WorkshopKeys):
    """Moderator actions on the participant under the cursor (or the selection) and the meeting.

    Subclasses provide :meth:`_targets` and :meth:`_cursor_pid` from their table.
    """

    _host: ConferenceHost

    def _targets(self) -> tuple[str, ...]:
        """The selection, or the cursor row."""
        raise NotImplementedError

    def _cursor_pid(self) -> str | None:
        """The participant under the cursor."""
        raise NotImplementedError

    def ask_move(self, ids: tuple[str, ...]) -> None:
        """Pick a room from a list, then move ``ids`` there."""
        raise NotImplementedError

    def _post_intent(self, intent: Intent) -> None:
        self.post_message(IntentRequested(intent))

    def _who(self, ids: Sequence[str]) -> str:
        people = self._host.conference.participants
        if len(ids) == 1:
            person = people.get(ids[0])
            return person.name if person and person.name else ids[0]
        return plural(len(ids), "person", "people")

    def _confirm(self, question: Text, intent: Intent) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._post_intent(intent)

        self.app.push_screen(ConfirmDialog(question), answered)

    def _with_cursor(self, act: Callable[[str], None]) -> None:
        pid = self._cursor_pid()
        if pid is None:
            self.notify(NOBODY, severity="error")
            return
        act(pid)

    # -- one participant --------------------------------------------------------------------

    def open_menu(self, pid: str) -> None:
        """Open the actions menu for ``pid`` (once: a second click does not stack another)."""
        if (
            isinstance(self.app.screen, ParticipantMenu)
            or pid not in self._host.conference.participants
        ):
            return
        menu = ParticipantMenu(self._host.conference, pid, user_keys(self.app))
        self.app.push_screen(menu, lambda choice: self._menu_chosen(pid, choice))

    def _menu_chosen(self, pid: str, choice: str | None) -> None:
        if choice is None:
            return
        if self._host.read_only:  # every line changes something: say so before any prompt
            items = menu_items(self._host.conference, pid, user_keys(self.app))
            label = next((i.label for i in items if i.id == choice), choice)
            self.notify(unavailable(label.removesuffix("…")), severity="warning", markup=False)
            return
        verb, _, media = choice.partition(":")
        match verb:
            case "move":
                self.ask_move((pid,))
            case "mute":
                self._post_intent(Mute((pid,), Media(media)))
            case "allow" | "disallow":
                self._post_intent(AllowUnmute(pid, Media(media), allow=verb == "allow"))
            case "message":
                self.ask_private_message(pid)
            case "lower_hand":
                self._post_intent(LowerHand(pid))
            case "grant" | "revoke":
                self._post_intent(SetModerator(pid, grant=verb == "grant"))
            case "kick":
                self.ask_kick(pid)

    def action_participant_menu(self) -> None:
        """Actions for the participant under the cursor."""
        self._with_cursor(self.open_menu)

    def _mute(self, media: Media) -> None:
        ids = self._targets()
        if not ids:
            self.notify(NOBODY, severity="error")
            return
        self._post_intent(Mute(ids, media))

    def action_mute_audio(self) -> None:
        """Mute the selection's (or the cursor row's) microphone."""
        self._mute(Media.AUDIO)

    def action_mute_video(self) -> None:
        """Turn off the selection's (or the cursor row's) camera."""
        self._mute(Media.VIDEO)

    def action_stop_share(self) -> None:
        """Stop the cursor row's screen sharing."""
        self._with_cursor(lambda pid: self._post_intent(Mute((pid,), Media.DESKTOP)))

    def ask_private_message(self, pid: str) -> None:
        """Ask for a line, then send it privately to ``pid``."""
        question = Text.assemble("Private message to ", literal(self._who([pid]), "bold"), ":")

        def send(text: str | None) -> None:
            if text is not None:
                self._post_intent(SendChat(text, to=pid))

        self.app.push_screen(NamePrompt(question, placeholder="message…"), send)

    def action_private_message(self) -> None:
        """Send a private message to the cursor row."""
        self._with_cursor(self.ask_private_message)

    def ask_kick(self, pid: str) -> None:
        """Ask for an optional reason, then confirm, then remove ``pid`` from the meeting."""
        name = self._who([pid])
        question = Text.assemble(
            "Reason for removing ", literal(name, "bold"), " (optional, they will see it):"
        )

        def reason_given(reason: str | None) -> None:
            if reason is None:
                return
            confirm = Text.assemble("Remove ", literal(name, "bold"), " from the meeting?")
            if reason.strip():
                confirm.append_text(Text.assemble("\nThey will read: ", literal(reason.strip())))
            self._confirm(confirm, Kick(pid, reason))

        self.app.push_screen(NamePrompt(question, placeholder="no reason"), reason_given)

    def action_kick(self) -> None:
        """Remove the cursor row from the meeting, after a reason and a confirmation."""
        self._with_cursor(self.ask_kick)

    def action_toggle_moderator(self) -> None:
        """Make the cursor row a moderator, or take the rights back."""

        def toggle(pid: str) -> None:
            person = self._host.conference.participants[pid]
            self._post_intent(SetModerator(pid, grant=not person.is_moderator))

        self._with_cursor(toggle)

    def action_lower_hand(self) -> None:
        """Lower the cursor row's hand."""
        self._with_cursor(lambda pid: self._post_intent(LowerHand(pid)))

    def action_allow_unmute(self) -> None:
        """Allow the cursor row to unmute (audio, else video moderation), or take it back."""

        def toggle(pid: str) -> None:
            conference = self._host.conference
            moderated = [m for m in (Media.AUDIO, Media.VIDEO) if m in conference.av_moderation]
            media = moderated[0] if moderated else Media.AUDIO
            allowed = pid in conference.av_approved.get(media, frozenset())
            self._post_intent(AllowUnmute(pid, media, allow=not allowed))

        self._with_cursor(toggle)

    def action_allow_camera(self) -> None:
        """Allow the cursor row's camera under video moderation, or take it back."""

        def toggle(pid: str) -> None:
            allowed = pid in self._host.conference.av_approved.get(Media.VIDEO, frozenset())
            self._post_intent(AllowUnmute(pid, Media.VIDEO, allow=not allowed))

        self._with_cursor(toggle)

    # -- the meeting ------------------------------------------------------------------------

    def _people_count(self) -> int:
        conference = self._host.conference
        return sum(
            1
            for p in conference.participants.values()
            if p.id != conference.me and not p.kind.is_bot
        )

    def action_mute_everyone(self) -> None:
        """Ask, then mute everyone's microphone."""
        count = self._people_count()
        mics = word(count, "microphone", "microphones")
        question = Text(
            f"Mute the {mics} of {every(count, 'person', 'people')}? They can unmute again."
        )
        self._confirm(question, MuteEveryone(Media.AUDIO))

    def action_mute_everyone_video(self) -> None:
        """Ask, then turn off everyone's camera."""
        count = self._people_count()
        cameras, them = word(count, "camera", "cameras"), word(count, "it", "them")
        whom = every(count, "person", "people")
        question = Text(f"Turn off the {cameras} of {whom}? They can turn {them} on again.")
        self._confirm(question, MuteEveryone(Media.VIDEO))

    def action_hands(self) -> None:
        """The raised-hands queue (and who asks to unmute)."""
        self.app.push_screen(HandsScreen(self._host))

    def action_av_moderation(self) -> None:
        """Ask to unmute: the same queue, where AV moderation is switched on and off."""
        self.action_hands()

    def action_lobby(self) -> None:
        """The lobby panel."""
        self.app.push_screen(LobbyScreen(self._host))

    def action_toggle_lobby(self) -> None:
        """Switch the lobby on or off."""
        self._post_intent(SetLobby(not self._host.conference.lobby_enabled))

    def action_password(self) -> None:
        """Ask for a password (masked), then lock the meeting with it."""

        def chosen(password: str | None) -> None:
            if password:
                self._post_intent(SetPassword(password))

        self.app.push_screen(PasswordPrompt(self._host.conference.locked), chosen)

    def action_clear_password(self) -> None:
        """Remove the meeting password."""
        self._post_intent(SetPassword(""))

    def action_end_meeting(self) -> None:
        """Ask, then end the meeting for everyone."""
        count = self._people_count()
        question = Text.assemble(
            ("End the meeting for everyone?", "bold"),
            f"\n{every(count, 'person', 'people').capitalize()} {word(count, 'is', 'are')}"
            " disconnected and every breakout room closes. "
            "This cannot be undone.",
        )
        self._confirm(question, EndMeeting())

    def action_chat(self) -> None:
        """The chat screen."""
        self.app.push_screen(ChatScreen(self._host))

    def action_broadcast(self) -> None:
        """Write one message for all rooms, or for chosen breakout rooms."""

        def chosen(intent: Broadcast | None) -> None:
            if intent is not None:
                self._post_intent(intent)

        self.app.push_screen(BroadcastDialog(self._host.conference), chosen)
