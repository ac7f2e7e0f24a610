"""Logging in: anonymous, password (secure domain) or JWT.

Provides :func:`mint_token` (a Jitsi JWT from an app id and secret, PROTOCOL.md §1.7),
:func:`inspect_token` and :func:`token_problems` (read a given token without its key, to warn
before connecting) and :func:`resolve_credentials` (settings + deployment → what the XMPP session
logs in with). Every secret handled here is registered with :data:`tui.redact.REDACTOR`, the
log filter that keeps it out of every record.

Why ``nbf`` is back-dated: Prosody checks ``nbf`` and ``exp`` with no clock leeway, so a token
stamped ``nbf=now`` is refused by a server whose clock runs even a second behind ours.
``nbf = now - 60 s`` tolerates a minute of skew; it cannot widen a token's real use, because the
token did not exist before it was minted. ``exp`` is always sent (PROTOCOL.md §1.7).
"""

from __future__ import annotations

import getpass
import logging
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt

from tui.config.secret import Secret
from tui.config.settings import DEFAULT_TOKEN_LIFETIME, AuthMode, AuthSettings
from tui.jitsi.discovery import Deployment
from tui.redact import REDACTOR

log = logging.getLogger(__name__)

NBF_BACKDATE = 60
"""Seconds ``nbf`` lies before the minting time, to survive a server clock that runs behind."""

HMAC_ALGORITHMS = ("HS256", "HS384", "HS512")
RSA_ALGORITHMS = ("RS256", "RS384", "RS512")


class AuthError(Exception):
    """Credentials are missing or unusable; the message is one user-facing line."""


# --- minting -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenRequest:
    """What a minted token should say. User fields are sent only when given."""

    app_id: str
    room: str = "*"
    """The room node (lower-cased when minted) or ``*`` for any room."""
    sub: str = "*"
    """The XMPP domain (or tenant) checked with ``enable_domain_verification``, or ``*``."""
    audience: str | None = None
    """``aud``; ``None`` means the app id."""
    lifetime: int = DEFAULT_TOKEN_LIFETIME
    name: str | None = None
    user_id: str | None = None
    email: str | None = None
    avatar: str | None = None
    moderator: bool = False
    """Add ``context.user.moderator="true"`` and ``affiliation="owner"`` (read by
    ``token_affiliation``-style modules; stock Prosody ignores them, PROTOCOL.md §1.8)."""


def build_claims(request: TokenRequest, now: float | None = None) -> dict[str, Any]:
    """The JWT payload for ``request`` at time ``now`` (default: the current time).

    Raises:
        AuthError: no app id, or a lifetime that is not positive.
    """
    if not request.app_id:
        raise AuthError("minting a token needs an app id (--app-id or [auth] app_id)")
    if request.lifetime <= 0:
        raise AuthError("the token lifetime must be more than 0 seconds")
    issued = int(time.time() if now is None else now)
    user: dict[str, str] = {}
    for key, value in (
        ("id", request.user_id),
        ("name", request.name),
        ("email", request.email),
        ("avatar", request.avatar),
    ):
        if value:
            # mod_presence_identity copies every value into presence as text: strings only.
            user[key] = str(value)
    if request.moderator:
        user["moderator"] = "true"
        user["affiliation"] = "owner"
    claims: dict[str, Any] = {
        "iss": request.app_id,
        "aud": request.audience or request.app_id,
        "sub": request.sub or "*",
        "room": request.room.lower() if request.room else "*",
        "nbf": issued - NBF_BACKDATE,
        "exp": issued + request.lifetime,
    }
    if user:
        claims["context"] = {"user": user}
    return claims


def mint_token(
    request: TokenRequest,
    key: Secret,
    *,
    algorithm: str = "HS256",
    key_id: str | None = None,
    now: float | None = None,
) -> str:
    """Sign a Jitsi JWT. HS* sign with the app secret; RS* with a PEM private key and a ``kid``.

    Raises:
        AuthError: unknown algorithm, RS* without ``kid`` or without the crypto backend.
    """
    algorithm = algorithm.upper()
    if algorithm not in HMAC_ALGORITHMS + RSA_ALGORITHMS:
        raise AuthError(f"unsupported JWT algorithm {algorithm}; use HS256, HS384 or HS512")
    headers: dict[str, str] = {"typ": "JWT"}
    if algorithm in RSA_ALGORITHMS:
        if not key_id:
            raise AuthError(f"{algorithm} tokens need a key id (--key-id): Prosody requires kid")
        headers["kid"] = key_id
    elif key_id:
        headers["kid"] = key_id
    claims = build_claims(request, now)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            token = jwt.encode(claims, key.reveal(), algorithm=algorithm, headers=headers)
    except NotImplementedError:
        raise AuthError(f"{algorithm} needs the 'cryptography' package; install it") from None
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        # PyJWT raises these for a key that is not a valid PEM; never echo the key itself.
        raise AuthError(
            f"cannot sign with {algorithm}: the key is not usable ({type(exc).__name__})"
        ) from None
    # PyJWT warns about short HMAC keys through `warnings`, which would print to the terminal;
    # the deployment chose the secret, so it becomes one log line instead.
    for warning in caught:
        log.warning("signing: %s", str(warning.message).split(". ")[0])
    return token


# --- reading a given token -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What a token claims, read without verifying its signature (we do not hold the key)."""

    algorithm: str | None
    issuer: str | None
    audience: str | None
    subject: str | None
    room: str | None
    name: str | None
    not_before: int | None
    expires: int | None

    def expired(self, now: float | None = None) -> bool:
        """True if ``exp`` has passed."""
        return self.expires is not None and (time.time() if now is None else now) >= self.expires


def inspect_token(token: Secret | str) -> TokenInfo:
    """Decode ``token`` without verification.

    Raises:
        AuthError: the text is not a JWT.
    """
    text = token.reveal() if isinstance(token, Secret) else token
    try:
        header = jwt.get_unverified_header(text)
        claims = jwt.decode(text, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise AuthError("the given token is not a valid JWT") from None

    def text_claim(value: Any) -> str | None:
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        return str(value) if value is not None else None

    def int_claim(value: Any) -> int | None:
        return (
            int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        )

    context = claims.get("context")
    user = context.get("user") if isinstance(context, Mapping) else None
    name = user.get("name") if isinstance(user, Mapping) else None
    return TokenInfo(
        algorithm=text_claim(header.get("alg")),
        issuer=text_claim(claims.get("iss")),
        audience=text_claim(claims.get("aud")),
        subject=text_claim(claims.get("sub")),
        room=text_claim(claims.get("room")),
        name=text_claim(name),
        not_before=int_claim(claims.get("nbf")),
        expires=int_claim(claims.get("exp")),
    )


def token_problems(info: TokenInfo, room: str, now: float | None = None) -> list[str]:
    """Reasons the server will refuse ``info`` for ``room`` (expired, not yet valid, other room).

    ``room`` is the backend room name; the server compares lower-cased (PROTOCOL.md §1.7).
    """
    moment = time.time() if now is None else now
    problems: list[str] = []
    if info.expires is None:
        problems.append("the token has no expiry (exp); some deployments refuse that")
    elif info.expired(moment):
        ago = _human_duration(moment - info.expires)
        problems.append(f"the token expired {ago} ago")
    if info.not_before is not None and moment < info.not_before:
        problems.append(f"the token is valid only in {_human_duration(info.not_before - moment)}")
    if info.room and info.room != "*" and info.room.lower() != room.lower():
        problems.append(f"the token is for room {info.room!r}, not {room!r}")
    if info.algorithm and info.algorithm.lower() == "none":
        problems.append("the token is unsigned (alg none); Prosody refuses it")
    return problems


def _human_duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


# --- credentials ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the XMPP session logs in with (PROTOCOL.md §1.6)."""

    mode: AuthMode
    jid: str
    """Bare JID: a bare domain for ANONYMOUS (anonymous and JWT), ``user@domain`` for password."""
    password: Secret | None = None
    token: Secret | None = None
    """Goes into the WebSocket URL as ``?token=`` (:meth:`Deployment.join_url`)."""
    warnings: tuple[str, ...] = ()
    """Things to show the user before connecting (an expired or foreign-room token ...)."""


Prompt = Callable[[str], str]


def choose_mode(settings: AuthSettings, url_token: Secret | None = None) -> AuthMode:
    """The configured mode, or a guess: JWT with a token or app id, password with a username."""
    if settings.mode is not None:
        return settings.mode
    if settings.jwt or url_token or settings.app_id:
        return AuthMode.JWT
    if settings.username:
        return AuthMode.PASSWORD
    return AuthMode.ANONYMOUS


def resolve_credentials(
    settings: AuthSettings,
    deployment: Deployment,
    room: str,
    *,
    display_name: str | None = None,
    url_token: Secret | None = None,
    prompt: Prompt | None = getpass.getpass,
    now: float | None = None,
) -> Credentials:
    """Turn settings into credentials for ``room`` on ``deployment``.

    JWT: a given token (file or environment, else the meeting link's ``?jwt=``) is inspected
    and its problems returned as warnings; without one a token is minted from the app id and
    secret. Password: the password comes from the settings or, failing that, ``prompt``.
    Every secret is registered with :data:`REDACTOR`.

    Raises:
        AuthError: a needed secret is missing or unusable.
    """
    mode = choose_mode(settings, url_token)
    if mode is AuthMode.ANONYMOUS:
        return Credentials(mode, deployment.anonymous_domain or deployment.xmpp_domain)
    if mode is AuthMode.PASSWORD:
        if not settings.username:
            raise AuthError("password login needs a username (--username or [auth] username)")
        jid = settings.username
        if "@" not in jid:
            jid = f"{jid}@{deployment.auth_domain}"
        password = settings.password
        if password is None:
            if prompt is None:
                raise AuthError("no password: use --password-file or set JITSI_TUI_PASSWORD")
            password = Secret(prompt(f"Password for {jid}: "))
            if not password:
                raise AuthError("no password given")
        REDACTOR.register(password)
        return Credentials(mode, jid, password=password)

    # JWT logins use SASL ANONYMOUS on the main domain; the token travels in the URL.
    token = settings.jwt or url_token
    warnings: list[str] = []
    if token is not None:
        REDACTOR.register(token)
        info = inspect_token(token)
        warnings = token_problems(info, room, now)
    else:
        token = Secret(
            mint_token(
                *_request_and_key(settings, deployment, room, display_name),
                algorithm=settings.algorithm,
                key_id=settings.key_id,
                now=now,
            )
        )
        REDACTOR.register(token)
    for warning in warnings:
        log.warning("%s", warning)
    return Credentials(mode, deployment.xmpp_domain, token=token, warnings=tuple(warnings))


def _request_and_key(
    settings: AuthSettings, deployment: Deployment, room: str, display_name: str | None
) -> tuple[TokenRequest, Secret]:
    if not settings.app_id:
        raise AuthError(
            "JWT login needs a token (--jwt-file, JITSI_TUI_JWT) or an app id and secret"
        )
    key = load_signing_key(settings)
    request = TokenRequest(
        app_id=settings.app_id,
        room=room,
        # With enable_domain_verification, sub must be the tenant (for tenant rooms) or domain.
        sub=deployment.tenant or deployment.xmpp_domain,
        audience=settings.audience,
        lifetime=settings.token_lifetime,
        name=display_name,
        user_id=settings.user_id,
        email=settings.email,
        avatar=settings.avatar,
        moderator=settings.moderator,
    )
    return request, key


def load_signing_key(settings: AuthSettings) -> Secret:
    """The key that signs minted tokens: the app secret (HS*) or the private key file (RS*).

    Raises:
        AuthError: the key is missing or unreadable.
    """
    if settings.algorithm.upper() in RSA_ALGORITHMS:
        if settings.key_file is None:
            raise AuthError(f"{settings.algorithm} needs a private key file (--key-file)")
        return _read_key_file(settings.key_file)
    if not settings.app_secret:
        raise AuthError(
            "minting a token needs the app secret: --app-secret-file or JITSI_TUI_APP_SECRET"
        )
    REDACTOR.register(settings.app_secret)
    return settings.app_secret


def _read_key_file(path: Path) -> Secret:
    try:
        key = Secret(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AuthError(f"cannot read key file {path}: {exc.strerror or exc}") from None
    REDACTOR.register(key)
    return key
