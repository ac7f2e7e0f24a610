"""Fetch a meeting's phone dial-in numbers and PIN from the deployment's dial-in services.

Provides :class:`DialInResult`, :func:`fetch_room_dial_in` (the one call both the ``invite``
command and the invite pane make) and :func:`fetch_dial_in`, which asks ``dialInNumbersUrl`` and
``dialInConfCodeUrl`` (both from ``config.js``, see :mod:`tui.jitsi.discovery`) for
``<room>@<muc>`` at the same time, as Jitsi Meet does (``react/features/invite/_utils.ts``).
Whatever goes wrong (no answer in time, an HTTP error, JSON that is not one of the known shapes)
gives a result without dial-in and a one-sentence warning; this function never raises, because
an invitation without a phone number is still an invitation. Parsing is the pure
:mod:`tui.invite.dialin`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass

import aiohttp

from tui.invite.dialin import (
    DialIn,
    DialInDataError,
    conference_code_request_url,
    info_page_url,
    numbers_request_url,
    parse_conference_code,
    parse_numbers,
)
from tui.invite.links import room_path
from tui.jitsi.discovery import backend_safe_room_name
from tui.model.gateway import DialInSources

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0
"""Seconds for both requests together; an invitation should not wait long for a phone number."""
MAX_ANSWER_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class DialInResult:
    """Dial-in data, or ``None`` and the reason why not."""

    dial_in: DialIn | None
    warnings: tuple[str, ...] = ()


class _FetchError(Exception):
    """One request failed; the message is one sentence for the user."""


async def _get_json(session: aiohttp.ClientSession, url: str, what: str) -> object:
    try:
        async with session.get(url, headers={"Accept": "application/json"}) as response:
            if response.status == 402:
                raise _FetchError(f"the {what} service says the dial-in limit is reached (402)")
            if response.status >= 400:
                raise _FetchError(f"the {what} service answered {response.status}")
            body = await response.content.read(MAX_ANSWER_BYTES + 1)
    except aiohttp.ClientError as exc:
        raise _FetchError(f"the {what} service cannot be reached ({type(exc).__name__})") from None
    if len(body) > MAX_ANSWER_BYTES:
        raise _FetchError(f"the {what} service answered far too much")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _FetchError(f"the {what} service did not answer JSON") from None


async def fetch_dial_in(
    *,
    numbers_url: str | None,
    conference_code_url: str | None,
    muc_domain: str | None,
    room: str,
    base_url: str,
    meeting_url: str,
    timeout: float = DEFAULT_TIMEOUT,
    ssl: bool = True,
    session: aiohttp.ClientSession | None = None,
) -> DialInResult:
    """Ask the deployment's dial-in services about ``room``; never raises.

    Args:
        numbers_url: ``config.dialInNumbersUrl``; ``None``: the deployment has no dial-in.
        conference_code_url: ``config.dialInConfCodeUrl``.
        muc_domain: ``config.hosts.muc``, the domain of the room's JID.
        room: The room as it appears in the link.
        base_url: ``https://host[/tenant]/``, for the dial-in info page.
        meeting_url: The link without hash, sent to the PIN service as ``url``.
        timeout: Seconds for both requests together.
        ssl: Verify TLS certificates (off only for a test deployment).
        session: An aiohttp session to reuse (closed by the caller).

    Returns:
        The dial-in data, or none and a warning saying why.
    """
    if not (numbers_url and conference_code_url and muc_domain):
        # Jitsi Meet shows no dial-in either unless all three are configured.
        return DialInResult(None)
    jid_room = backend_safe_room_name(room)
    urls = (
        numbers_request_url(numbers_url, jid_room, muc_domain),
        conference_code_request_url(conference_code_url, jid_room, muc_domain, meeting_url),
    )
    own = session is None
    client = session or aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=timeout),
        connector=aiohttp.TCPConnector(ssl=ssl),
    )
    try:
        async with asyncio.timeout(timeout):
            numbers_data, code_data = await asyncio.gather(
                _get_json(client, urls[0], "dial-in numbers"),
                _get_json(client, urls[1], "conference code"),
            )
        numbers = parse_numbers(numbers_data)
        pin = parse_conference_code(code_data)
    except TimeoutError:
        return _without(f"the dial-in services did not answer within {timeout:g} s")
    except (_FetchError, DialInDataError) as exc:
        return _without(str(exc))
    except Exception as exc:  # a surprise must not cost the user the invitation itself
        log.exception("unexpected failure fetching dial-in data")
        return _without(f"fetching dial-in data failed ({type(exc).__name__})")
    finally:
        if own:
            await client.close()
    return DialInResult(
        DialIn(numbers=numbers, pin=pin, info_page_url=info_page_url(base_url, room))
    )


async def fetch_room_dial_in(
    sources: DialInSources, *, room: str, base_url: str, timeout: float = DEFAULT_TIMEOUT
) -> DialInResult:
    """Dial-in for ``room`` of the meeting at ``base_url`` (``https://host[/tenant]/``).

    Never raises, like :func:`fetch_dial_in`.
    """
    return await fetch_dial_in(
        numbers_url=sources.numbers_url,
        conference_code_url=sources.conference_code_url,
        muc_domain=sources.muc_domain,
        room=room,
        base_url=base_url,
        meeting_url=base_url + room_path(room),
        timeout=timeout,
        ssl=sources.verify_tls,
    )


def _without(reason: str) -> DialInResult:
    log.warning("no dial-in in the invitation: %s", reason)
    return DialInResult(None, (f"no dial-in numbers in the invitation: {reason}",))
