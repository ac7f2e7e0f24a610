"""A scripted Jitsi deployment on loopback, for the CPU benchmark: ``config.js`` and XMPP over WS.

``python -m bench.replay N RATE`` serves, on a free 127.0.0.1 port, what the console's real
gateway path needs to join a meeting of N people: ``/config.js`` (read by discovery) and
``/xmpp-websocket``, where it plays the server side of an RFC 7395 session the way Prosody
and jicofo answer it (SASL ANONYMOUS, bind, disco, the focus's ``ready="true"``, the MUC join:
every occupant's presence, then the console's own with status 110). Each occupant's presence
is what :mod:`bench.stream` builds (lib-jitsi-meet's extensions). After the join it waits for
``go`` on stdin, then sends RATE presence changes a second (mute toggles, hands) of random
occupants until ``stop``; then it prints ``{"sent": K}`` and exits.

It runs in its own process, so none of its work lands in the console's CPU figure. Anything
it does not know is answered with an empty ``result`` (pings, room disco).
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from xml.etree import ElementTree as ET

from aiohttp import WSMsgType, web

from bench.stream import DOMAIN, ME, MUC, ROOM, Person, people, presence

FRAMING = "urn:ietf:params:xml:ns:xmpp-framing"
SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
BIND = "urn:ietf:params:xml:ns:xmpp-bind"
FOCUS = "http://jitsi.org/protocol/focus"
CONSOLE_USER = "c0ffee42beef"


def config_js(port: int) -> str:
    """What a Debian-style ``config.js`` names: the domain, the MUC, the WebSocket."""
    return (
        "var config = {\n"
        f"    hosts: {{ domain: '{DOMAIN}', muc: '{MUC}' }},\n"
        f"    websocket: 'ws://127.0.0.1:{port}/xmpp-websocket',\n"
        "};\n"
    )


def _open_frame(stream_id: str) -> str:
    return f'<open xmlns="{FRAMING}" from="{DOMAIN}" id="{stream_id}" version="1.0" xml:lang="en"/>'


def _features(inner: str) -> str:
    return f'<stream:features xmlns:stream="http://etherx.jabber.org/streams">{inner}</stream:features>'


class Meeting:
    """One console's session: answers its stanzas and, when told, streams presence changes."""

    def __init__(self, crowd: list[Person], rate: float) -> None:
        self.crowd = crowd
        self.rate = rate
        self.me = ""
        self.nick = ""
        self.authenticated = False
        self.joined = asyncio.Event()
        self.sent = 0
        self.rng = random.Random(11)

    def answer(self, frame: str) -> list[str]:
        """The frames the server sends in reply to one frame of the console."""
        elem = ET.fromstring(frame)
        tag = elem.tag
        if tag == f"{{{FRAMING}}}open":
            if not self.authenticated:
                mechanisms = (
                    f'<mechanisms xmlns="{SASL}"><mechanism>ANONYMOUS</mechanism></mechanisms>'
                )
                return [_open_frame("s1"), _features(mechanisms)]
            return [_open_frame("s2"), _features(f'<bind xmlns="{BIND}"/>')]
        if tag == f"{{{SASL}}}auth":
            self.authenticated = True
            return [f'<success xmlns="{SASL}"/>']
        if tag == f"{{{FRAMING}}}close":
            return [f'<close xmlns="{FRAMING}"/>']
        if tag == "{jabber:client}iq":
            return [self._iq(elem)]
        if tag == "{jabber:client}presence":
            return self._presence(elem)
        return []

    def _iq(self, iq: ET.Element) -> str:
        iq_id = iq.get("id", "")
        sender = iq.get("to", DOMAIN)
        child = next(iter(iq), None)
        payload = ""
        if child is not None and child.tag == f"{{{BIND}}}bind":
            self.me = f"{CONSOLE_USER}@{DOMAIN}/bench"
            payload = f'<bind xmlns="{BIND}"><jid>{self.me}</jid></bind>'
        elif child is not None and child.tag == f"{{{FOCUS}}}conference":
            payload = f'<conference xmlns="{FOCUS}" ready="true" room="{child.get("room", "")}"/>'
        elif child is not None and iq.get("type") == "get":
            ns = child.tag[1:].split("}", 1)[0] if child.tag.startswith("{") else ""
            name = child.tag.rsplit("}", 1)[-1]
            if name != "ping":
                payload = f'<{name} xmlns="{ns}"/>'
        return (
            f'<iq xmlns="jabber:client" type="result" id="{iq_id}" from="{sender}" '
            f'to="{self.me}">{payload}</iq>'
        )

    def _presence(self, elem: ET.Element) -> list[str]:
        to = elem.get("to", "")
        if not to.lower().startswith(f"{ROOM}@{MUC}/") or elem.get("type") == "unavailable":
            return []
        self.nick = to.split("/", 1)[1]
        frames = [self._to_me(presence(p, seq=i)) for i, p in enumerate(self.crowd)]
        frames.append(
            f'<presence xmlns="jabber:client" from="{ROOM}@{MUC}/{self.nick}" to="{self.me}">'
            '<x xmlns="http://jabber.org/protocol/muc#user">'
            f'<item jid="{self.me}" affiliation="owner" role="moderator"/>'
            '<status code="110"/></x></presence>'
        )
        self.joined.set()
        return frames

    def change(self) -> str:
        """One presence change of a random occupant (mute toggled; a hand now and then)."""
        who = self.crowd[self.rng.randrange(len(self.crowd))]
        self.sent += 1
        frame = presence(
            who,
            audio_muted=self.rng.random() < 0.5,
            hand=1767225600000 + self.sent if self.rng.random() < 0.2 else 0,
            seq=len(self.crowd) + self.sent,
        )
        return self._to_me(frame)

    def _to_me(self, frame: str) -> str:
        return frame.replace(f'to="{ME}"', f'to="{self.me}"', 1)


async def serve(n: int, rate: float) -> None:
    crowd = people(n)
    loop = asyncio.get_running_loop()
    go = asyncio.Event()
    stop = asyncio.Event()
    meetings: list[Meeting] = []
    port_holder: list[int] = []

    async def config(_request: web.Request) -> web.Response:
        return web.Response(text=config_js(port_holder[0]), content_type="application/javascript")

    async def xmpp(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(protocols=("xmpp",))
        await ws.prepare(request)
        meeting = Meeting(crowd, rate)
        meetings.append(meeting)

        async def stream() -> None:
            await meeting.joined.wait()
            say(joined=True)
            await go.wait()
            if rate <= 0:
                return  # the idle floor: nothing arrives
            period = 1 / rate
            next_at = loop.time()
            while not stop.is_set() and not ws.closed:
                await ws.send_str(meeting.change())
                next_at += period
                await asyncio.sleep(next_at - loop.time())  # a late tick sleeps not at all

        streamer = asyncio.create_task(stream())
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                for frame in meeting.answer(message.data):
                    await ws.send_str(frame)
        finally:
            streamer.cancel()
        return ws

    app = web.Application()
    app.router.add_get("/config.js", config)
    app.router.add_get("/xmpp-websocket", xmpp)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert isinstance(server, asyncio.Server)
    port = server.sockets[0].getsockname()[1]
    port_holder.append(port)
    say(url=f"http://127.0.0.1:{port}/{ROOM}")
    while (line := await loop.run_in_executor(None, sys.stdin.readline)) not in ("", "stop\n"):
        if line == "go\n":
            go.set()
    stop.set()
    say(sent=sum(m.sent for m in meetings))
    await runner.cleanup()


def say(**fields: object) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), float(sys.argv[2])))
