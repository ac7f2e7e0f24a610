"""Moderator actions beyond breakout rooms, on a joined :class:`~tui.jitsi.client.JitsiClient`.

Outbound, each command becomes the stanzas of :mod:`tui.jitsi.moderation`; IQs are awaited and
answered with ``CommandSucceeded`` or ``CommandFailed`` carrying the server's reason (jicofo's
refusal to mute, Prosody's refusal to kick an owner ...). Commands aimed at a breakout room
(mute or kick someone there, broadcast a message) first make the console an occupant of that
room too, while it stays in the main room (doc §4.5), so no hopping between rooms.

Inbound, it turns the AV-moderation component's JSON, room chat, private chat, the lobby room's
presences and the main room's configuration (members-only, password) into model events.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Iq
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from tui.config.secret import Secret
from tui.jitsi import moderation as stanzas
from tui.jitsi.presence import split_jid
from tui.model.commands import (
    Command,
    SendAdmit,
    SendAffiliation,
    SendAvApproval,
    SendAvModeration,
    SendDeny,
    SendEndConference,
    SendGroupChat,
    SendKick,
    SendLowerHand,
    SendMembersOnly,
    SendMute,
    SendPrivateChat,
    SendRoomSecret,
)
from tui.model.conference import ChatMessage, Knocker
from tui.model.events import (
    AvApprovedChanged,
    AvModerationChanged,
    ChatReceived,
    CommandFailed,
    CommandSucceeded,
    KnockerArrived,
    KnockerLeft,
    LobbyChanged,
    LockChanged,
)
from tui.redact import REDACTOR

if TYPE_CHECKING:
    from tui.jitsi.client import JitsiClient

log = logging.getLogger(__name__)
IQ_TIMEOUT = 10.0
MUC_USER = "{http://jabber.org/protocol/muc#user}"
DISCO_INFO = "http://jabber.org/protocol/disco#info"
MAX_RECEIVED_CHAT = 20_000
"""Characters of a received chat message kept (the rest dropped): a stranger's message never
grows memory without bound. Above :data:`tui.model.moderation_plans.MAX_SENT_CHAT`, so the
console's own messages come back whole."""


class Actions:
    """Sends moderation commands and reports the moderation facts the server sends back."""

    def __init__(self, client: JitsiClient) -> None:
        """Register the inbound handlers on ``client``'s XMPP stream."""
        self.client = client
        self.lobby_room = ""  # JID of the lobby MUC while the lobby is on and we sit in it
        self._clock: Callable[[], float] = lambda: asyncio.get_running_loop().time()
        xmpp = client.xmpp
        # "message" covers groupchat too while xep_0045 is not loaded (it would add a second
        # "groupchat_message" event for the same line).
        xmpp.add_event_handler("message", self._on_chat)
        xmpp.register_handler(
            Callback(
                "jitsi muc status",
                MatchXPath(f"{{jabber:client}}message/{MUC_USER}x"),
                self._on_room_status,
            )
        )

    @property
    def sink(self) -> Callable[[Any], None]:
        """Where events go (the client's sink)."""
        return self.client.sink

    # -- outbound ------------------------------------------------------------------------

    def handles(self, command: Command) -> bool:
        """Whether this class sends ``command`` (breakout commands are the client's)."""
        return isinstance(
            command,
            SendMute
            | SendKick
            | SendAffiliation
            | SendMembersOnly
            | SendAdmit
            | SendDeny
            | SendRoomSecret
            | SendEndConference
            | SendAvModeration
            | SendAvApproval
            | SendGroupChat
            | SendPrivateChat
            | SendLowerHand,
        )

    async def send(self, command: Command) -> None:
        """Send one command; failures become ``CommandFailed`` events, never exceptions."""
        from tui.jitsi.client import JoinError

        try:
            await self._send(command)
        except (ActionError, JoinError) as exc:
            self.sink(CommandFailed(command, str(exc)))

    async def _send(self, command: Command) -> None:
        main = self.client.settings.room_jid
        match command:
            case SendMute(room_jid=room_jid):
                await self.client.enter_room(room_jid)
                try:
                    await self._iq(command, stanzas.mute_iq(command))
                except ActionError as exc:
                    raise ActionError(_mute_refusal(exc)) from None
            case SendKick(room_jid=room_jid):
                await self.client.enter_room(room_jid)
                await self._iq(command, stanzas.kick_iq(command))
            case SendAffiliation():
                await self._iq(command, stanzas.affiliation_iq(command))
            case SendMembersOnly(enabled=enabled, members=members, keep_locked=locked):
                if enabled and members:
                    await self._iq(None, stanzas.members_iq(main, members))
                await self._iq(None, stanzas.config_get_iq(main))
                fields = stanzas.lobby_fields(enabled, locked)
                await self._iq(command, stanzas.config_submit_iq(main, fields), ack=False)
                await self.refresh_room_info()
            case SendRoomSecret(password=password, members_only=members_only):
                if password:
                    REDACTOR.register(Secret(password))  # never in a log line from here on
                await self._iq(None, stanzas.config_get_iq(main))
                fields = stanzas.secret_fields(password, members_only)
                await self._iq(command, stanzas.config_submit_iq(main, fields), ack=False)
                # read the new state before confirming, so a confirmed request shows it
                await self.refresh_room_info()
                self.sink(CommandSucceeded(command))
            case SendAdmit(knocker_jid=jid):
                self.client.xmpp.send_xml(stanzas.lobby_invite(main, jid))
            case SendDeny(knocker=nick):
                if not self.lobby_room:
                    raise ActionError("the console is not in the lobby room")
                # Jitsi's lobby module drops every IQ answer from the lobby domain on its way
                # to us (mod_muc_lobby_rooms.lua, filter_stanza: only presences, disco#info
                # and messages pass), so waiting for the kick's result could only time out.
                # The knocker's unavailable presence (status 307) confirms the deny instead:
                # it leaves conference.knocking, which is what SendDeny's check looks for.
                kick = stanzas.kick_iq(SendKick(nick, "", self.lobby_room))
                kick.set("id", self.client.xmpp.new_id())  # an IQ without an id is invalid
                self.client.xmpp.send_xml(kick)
            case SendEndConference():
                self.client.xmpp.send_xml(stanzas.end_conference(self._component("end_conference")))
            case SendAvModeration() | SendAvApproval():
                component = self._component("av_moderation")
                self.client.xmpp.send_xml(stanzas.av_message(component, command))
            case SendGroupChat(room_jid=room_jid, text=text):
                await self.client.enter_room(room_jid)
                self.client.xmpp.send_xml(stanzas.chat(room_jid, text, private=False))
            case SendPrivateChat(occupant_jid=jid, text=text):
                self.client.xmpp.send_xml(stanzas.chat(jid, text, private=True))
                self.sink(CommandSucceeded(command))  # no echo: the model records the line
            case SendLowerHand(occupant_jid=jid):
                self.client.xmpp.send_xml(stanzas.lower_hand(jid))

    def _component(self, kind: str) -> str:
        address = self.client.components.addresses.get(kind, "")
        if not address:
            raise ActionError(f"this server has no {kind.replace('_', ' ')} component")
        return address

    async def _iq(self, command: Command | None, element: Element, *, ack: bool = True) -> Any:
        iq = Iq(self.client.xmpp, xml=element)  # type: ignore[no-untyped-call]
        try:
            reply = await iq.send(timeout=IQ_TIMEOUT)  # type: ignore[no-untyped-call]
        except IqError as exc:
            text = f": {exc.text}" if exc.text else ""
            raise ActionError(f"the server refused: {exc.condition}{text}", exc.condition) from None
        except IqTimeout:
            raise ActionError("the server did not answer") from None
        if command is not None and ack:
            self.sink(CommandSucceeded(command))
        return reply

    # -- inbound -------------------------------------------------------------------------

    def on_component_json(self, sender: str, payload: str) -> bool:
        """Handle AV-moderation JSON from its component; ``True`` when it was ours."""
        component = self.client.components.addresses.get("av_moderation", "")
        if not component or sender.lower() != component.lower():
            return False
        for state in stanzas.parse_av_message(payload):
            if state.enabled is not None:
                self.sink(AvModerationChanged(state.media, state.enabled))
            if state.whitelist is not None:
                self.sink(AvApprovedChanged(state.media, state.whitelist))
        return True

    def _on_chat(self, stanza: Any) -> None:
        elem: Element = stanza.xml
        kind = elem.get("type", "normal")
        body = elem.findtext("{jabber:client}body")
        if body is None or kind not in ("groupchat", "chat"):
            return
        if elem.find("{urn:xmpp:delay}delay") is not None:
            return  # room history replayed on join: not news
        room, domain, nick = split_jid(elem.get("from", ""))
        if domain.lower() not in self.client.muc_domains or not nick:
            return
        text = body[:MAX_RECEIVED_CHAT]
        at = self._clock()
        if kind == "groupchat":
            mine = nick == self.client.nick
            self.sink(ChatReceived(ChatMessage(nick, "", text, room, mine=mine, at=at)))
        else:
            self.sink(ChatReceived(ChatMessage(nick, "", text, room, to=nick, at=at)))

    def _on_room_status(self, stanza: Any) -> None:
        elem: Element = stanza.xml
        if elem.get("from", "").lower() != self.client.settings.room_jid:
            return
        codes = {s.get("code") for s in elem.iter(MUC_USER + "status")}
        if "104" in codes:  # configuration changed: members-only or password may have moved
            task = asyncio.ensure_future(self.refresh_room_info())
            self.client.keep(task)

    async def refresh_room_info(self) -> None:
        """Read members-only, password and the lobby room from the main room's disco#info."""
        try:
            info = await self.client.xmpp.plugin["xep_0030"].get_info(
                jid=self.client.settings.room_jid, timeout=IQ_TIMEOUT, cached=False
            )
        except (IqError, IqTimeout) as exc:
            log.info("room disco failed: %s", exc)
            return
        features = set(info["disco_info"]["features"])
        self.sink(LockChanged("muc_passwordprotected" in features))
        members_only = "muc_membersonly" in features
        self.sink(LobbyChanged(members_only))
        lobby = _form_value(info.xml, "muc#roominfo_lobbyroom")
        if members_only and lobby and lobby != self.lobby_room:
            await self._enter_lobby(lobby)
        elif not members_only:
            self.lobby_room = ""

    async def _enter_lobby(self, lobby_jid: str) -> None:
        from tui.jitsi.client import JoinError

        self.lobby_room = lobby_jid.lower()
        self.client.watch_domain(split_jid(self.lobby_room)[1])
        try:
            await self.client.enter_room(self.lobby_room, conference=False)
        except JoinError as exc:
            # Not seeing knockers must not cost the meeting: say so and carry on.
            log.warning("could not watch the lobby: %s", exc)
            self.lobby_room = ""

    def on_lobby_presence(self, elem: Element) -> bool:
        """Lobby occupants → knockers; ``True`` when the presence was from the lobby room."""
        room_node, domain, nick = split_jid(elem.get("from", ""))
        lobby_host = self.client.components.addresses.get("lobbyrooms", "").lower()
        in_lobby = bool(self.lobby_room) and f"{room_node}@{domain}".lower() == self.lobby_room
        # a lobby room has the main room's node: never let its presences pass for the main
        # room's, even from a lobby the console no longer watches
        if not in_lobby and not (lobby_host and domain.lower() == lobby_host):
            return False
        if not in_lobby or not nick or nick == self.client.nick:
            return True
        if elem.get("type") == "unavailable":
            self.sink(KnockerLeft(nick))
            return True
        item = elem.find(f"{MUC_USER}x/{MUC_USER}item")
        if item is not None and item.get("affiliation") in ("owner", "admin"):
            return True  # other moderators watching the lobby are not knocking
        name = elem.findtext("{http://jabber.org/protocol/nick}nick") or ""
        email = elem.findtext("{jabber:client}email") or ""
        jid = item.get("jid", "") if item is not None else ""
        self.sink(KnockerArrived(Knocker(nick, name[:1000], jid, email[:320], self._clock())))
        return True


class ActionError(Exception):
    """A command could not be carried out; the message is the reason for the user."""

    def __init__(self, message: str, condition: str = "") -> None:
        """Keep the XMPP error condition behind the message, when there was one."""
        super().__init__(message)
        self.condition = condition


# jicofo answers a refused mute with a bare condition (no text): say what it means (doc §5.1)
_MUTE_REFUSALS = {
    "not-allowed": "jicofo did not allow it (the console is not a moderator there, "
    "or the target is jibri or jigasi)",
    "internal-server-error": "jicofo does not count the console or the target as a "
    "participant of that conference (no media session with jicofo)",
    "item-not-found": "jicofo does not know that conference",
}


def _mute_refusal(error: ActionError) -> str:
    meaning = _MUTE_REFUSALS.get(error.condition)
    return f"{error}: {meaning}" if meaning else str(error)


def _form_value(xml: Element, var: str) -> str:
    for field in xml.iter("{jabber:x:data}field"):
        if field.get("var") == var:
            return field.findtext("{jabber:x:data}value") or ""
    return ""
