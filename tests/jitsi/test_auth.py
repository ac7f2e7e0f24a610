"""Credentials and tokens: exact claims, string-only user context, expiry, log redaction."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest

from tui.config.secret import Secret
from tui.config.settings import AuthMode, AuthSettings
from tui.jitsi.auth import (
    NBF_BACKDATE,
    AuthError,
    TokenRequest,
    build_claims,
    choose_mode,
    inspect_token,
    mint_token,
    resolve_credentials,
    token_problems,
)
from tui.jitsi.discovery import Deployment
from tui.redact import REDACTED, RedactingFilter, install_redaction

NOW = 1_767_225_600  # 2026-01-01T00:00:00Z
SECRET = Secret("an-app-secret-long-enough-for-hs512-" + "x" * 32)
DOCKER = Deployment(
    "meet.jitsi",
    "muc.meet.jitsi",
    "wss://meet.example.org/xmpp-websocket",
    anonymous_domain="guest.meet.jitsi",
)


def decode(token: str, key: Secret = SECRET, audience: str = "myapp") -> dict[str, object]:
    return jwt.decode(
        token,
        key.reveal(),
        algorithms=["HS256", "HS384", "HS512"],
        audience=audience,
        options={"verify_exp": False, "verify_nbf": False},
    )


# --- claims --------------------------------------------------------------------------------------


def test_claims_are_exactly_what_prosody_checks() -> None:
    request = TokenRequest(
        app_id="myapp",
        room="StandUp",
        sub="meet.jitsi",
        name="Moderator Console",
        user_id="console-1",
        moderator=True,
    )
    assert build_claims(request, now=NOW) == {
        "iss": "myapp",
        "aud": "myapp",
        "sub": "meet.jitsi",
        "room": "standup",
        "nbf": NOW - NBF_BACKDATE,
        "exp": NOW + 7200,
        "context": {
            "user": {
                "id": "console-1",
                "name": "Moderator Console",
                "moderator": "true",
                "affiliation": "owner",
            }
        },
    }


def test_minimal_claims_have_wildcards_and_no_context() -> None:
    claims = build_claims(TokenRequest(app_id="myapp", audience="jitsi"), now=NOW)
    assert claims == {
        "iss": "myapp",
        "aud": "jitsi",
        "sub": "*",
        "room": "*",
        "nbf": NOW - 60,
        "exp": NOW + 7200,
    }


def test_user_context_values_are_all_strings() -> None:
    request = TokenRequest(
        app_id="a",
        name="Anna",
        email="anna@example.org",
        avatar="https://example.org/a.png",
        user_id="42",
        moderator=True,
    )
    user = build_claims(request, now=NOW)["context"]["user"]
    assert set(user) == {"id", "name", "email", "avatar", "moderator", "affiliation"}
    assert all(isinstance(value, str) for value in user.values())


@pytest.mark.parametrize("lifetime", [0, -5])
def test_lifetime_must_be_positive(lifetime: int) -> None:
    with pytest.raises(AuthError, match="lifetime"):
        build_claims(TokenRequest(app_id="a", lifetime=lifetime))


def test_minted_token_verifies_with_the_secret() -> None:
    token = mint_token(TokenRequest(app_id="myapp", room="standup", lifetime=600), SECRET, now=NOW)
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    claims = decode(token)
    assert claims["exp"] == NOW + 600
    assert claims["room"] == "standup"
    with pytest.raises(jwt.InvalidSignatureError):
        decode(token, key=Secret("y" * 64))


@pytest.mark.parametrize("algorithm", ["HS384", "HS512", "hs512"])
def test_other_hmac_algorithms(algorithm: str) -> None:
    token = mint_token(TokenRequest(app_id="myapp"), SECRET, algorithm=algorithm, now=NOW)
    assert jwt.get_unverified_header(token)["alg"] == algorithm.upper()
    assert decode(token)["iss"] == "myapp"


def test_unknown_algorithm_and_rs_without_kid_are_refused() -> None:
    with pytest.raises(AuthError, match="unsupported"):
        mint_token(TokenRequest(app_id="a"), SECRET, algorithm="none")
    with pytest.raises(AuthError, match="kid"):
        mint_token(TokenRequest(app_id="a"), SECRET, algorithm="RS256")


def test_rs256_is_signed_with_the_key_and_carries_kid() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    token = mint_token(
        TokenRequest(app_id="a"), Secret(pem), algorithm="RS256", key_id="k1", now=NOW
    )
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT", "kid": "k1"}
    claims = jwt.decode(
        token,
        key.public_key(),
        algorithms=["RS256"],
        audience="a",
        options={"verify_exp": False, "verify_nbf": False},
    )
    assert claims["iss"] == "a"


def test_short_secret_warning_is_logged_not_printed(caplog: pytest.LogCaptureFixture) -> None:
    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        mint_token(TokenRequest(app_id="a"), Secret("short"), now=NOW)
    assert escaped == []
    assert "HMAC key is 5 bytes long" in caplog.text


# --- reading given tokens ------------------------------------------------------------------------


def test_inspect_reads_claims_without_the_key() -> None:
    token = mint_token(
        TokenRequest(app_id="myapp", room="standup", name="Anna", lifetime=600), SECRET, now=NOW
    )
    info = inspect_token(Secret(token))
    assert (info.algorithm, info.issuer, info.audience) == ("HS256", "myapp", "myapp")
    assert (info.room, info.name, info.subject) == ("standup", "Anna", "*")
    assert (info.not_before, info.expires) == (NOW - 60, NOW + 600)
    assert not info.expired(now=NOW + 599)
    assert info.expired(now=NOW + 600)


def test_problems_expired_other_room_and_not_yet_valid() -> None:
    token = mint_token(TokenRequest(app_id="a", room="standup", lifetime=600), SECRET, now=NOW)
    info = inspect_token(token)
    assert token_problems(info, "StandUp", now=NOW) == []
    assert token_problems(info, "standup", now=NOW + 3600) == ["the token expired 50 min ago"]
    assert token_problems(info, "retro", now=NOW) == [
        "the token is for room 'standup', not 'retro'"
    ]
    assert token_problems(info, "standup", now=NOW - 300) == ["the token is valid only in 4 min"]
    wildcard = inspect_token(mint_token(TokenRequest(app_id="a"), SECRET, now=NOW))
    assert token_problems(wildcard, "anything", now=NOW) == []


def test_token_without_exp_is_flagged() -> None:
    token = jwt.encode({"room": "*"}, SECRET.reveal(), algorithm="HS256")
    assert token_problems(inspect_token(token), "r", now=NOW) == [
        "the token has no expiry (exp); some deployments refuse that"
    ]


@pytest.mark.parametrize("text", ["", "not-a-token", "a.b.c"])
def test_inspect_rejects_non_tokens(text: str) -> None:
    with pytest.raises(AuthError, match="not a valid JWT"):
        inspect_token(text)


# --- credentials ---------------------------------------------------------------------------------


def test_mode_is_guessed_from_what_is_at_hand() -> None:
    assert choose_mode(AuthSettings()) is AuthMode.ANONYMOUS
    assert choose_mode(AuthSettings(username="mod")) is AuthMode.PASSWORD
    assert choose_mode(AuthSettings(app_id="myapp")) is AuthMode.JWT
    assert choose_mode(AuthSettings(), url_token=Secret("eyJ...")) is AuthMode.JWT
    assert choose_mode(AuthSettings(mode=AuthMode.ANONYMOUS, app_id="x")) is AuthMode.ANONYMOUS


def test_anonymous_logs_in_on_the_guest_domain_when_there_is_one() -> None:
    assert resolve_credentials(AuthSettings(), DOCKER, "standup").jid == "guest.meet.jitsi"
    open_deployment = Deployment("meet.example.org", "conference.meet.example.org", "wss://x/ws")
    creds = resolve_credentials(AuthSettings(), open_deployment, "standup")
    assert (creds.mode, creds.jid, creds.password, creds.token) == (
        AuthMode.ANONYMOUS,
        "meet.example.org",
        None,
        None,
    )


def test_password_from_settings_or_prompt() -> None:
    settings = AuthSettings(mode=AuthMode.PASSWORD, username="mod", password=Secret("pw-1234"))
    creds = resolve_credentials(settings, DOCKER, "standup", prompt=None)
    assert (creds.jid, creds.password) == ("mod@meet.jitsi", Secret("pw-1234"))

    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "typed-pw"

    no_password = AuthSettings(username="mod@other.domain")
    creds = resolve_credentials(no_password, DOCKER, "standup", prompt=prompt)
    assert asked == ["Password for mod@other.domain: "]
    assert creds.password == Secret("typed-pw")
    with pytest.raises(AuthError, match="JITSI_TUI_PASSWORD"):
        resolve_credentials(no_password, DOCKER, "standup", prompt=None)
    with pytest.raises(AuthError, match="username"):
        resolve_credentials(AuthSettings(mode=AuthMode.PASSWORD), DOCKER, "standup", prompt=None)


def test_jwt_is_minted_for_the_room_and_domain() -> None:
    settings = AuthSettings(app_id="myapp", app_secret=SECRET, token_lifetime=900, email="c@x.org")
    creds = resolve_credentials(settings, DOCKER, "standup", display_name="Console", now=NOW)
    assert (creds.mode, creds.jid, creds.warnings) == (AuthMode.JWT, "meet.jitsi", ())
    assert creds.token is not None
    claims = decode(creds.token.reveal())
    assert claims["sub"] == "meet.jitsi"
    assert claims["room"] == "standup"
    assert claims["exp"] == NOW + 900
    assert claims["context"] == {
        "user": {"name": "Console", "email": "c@x.org", "moderator": "true", "affiliation": "owner"}
    }


def test_jwt_for_a_tenant_uses_the_tenant_as_sub() -> None:
    tenant = Deployment("meet.jitsi", "muc.acme.meet.jitsi", "wss://x/acme/ws", tenant="acme")
    settings = AuthSettings(app_id="myapp", app_secret=SECRET, moderator=False)
    creds = resolve_credentials(settings, tenant, "standup", now=NOW)
    assert creds.token is not None
    claims = decode(creds.token.reveal())
    assert claims["sub"] == "acme"
    assert "context" not in claims


def test_given_token_is_checked_and_warned_about() -> None:
    old = mint_token(TokenRequest(app_id="myapp", room="retro", lifetime=60), SECRET, now=NOW)
    creds = resolve_credentials(AuthSettings(jwt=Secret(old)), DOCKER, "standup", now=NOW + 3600)
    assert creds.token == Secret(old)
    assert creds.warnings == (
        "the token expired 59 min ago",
        "the token is for room 'retro', not 'standup'",
    )
    from_link = resolve_credentials(AuthSettings(), DOCKER, "retro", url_token=Secret(old), now=NOW)
    assert from_link.token == Secret(old) and from_link.warnings == ()


def test_jwt_mode_without_token_or_secret_explains() -> None:
    with pytest.raises(AuthError, match="app id"):
        resolve_credentials(AuthSettings(mode=AuthMode.JWT), DOCKER, "r")
    with pytest.raises(AuthError, match="JITSI_TUI_APP_SECRET"):
        resolve_credentials(AuthSettings(app_id="myapp"), DOCKER, "r")
    rs = AuthSettings(app_id="myapp", algorithm="RS256", key_id="k")
    with pytest.raises(AuthError, match="--key-file"):
        resolve_credentials(rs, DOCKER, "r")


def test_unreadable_key_file(tmp_path: Path) -> None:
    rs = AuthSettings(app_id="a", algorithm="RS256", key_id="k", key_file=tmp_path / "nope.pem")
    with pytest.raises(AuthError, match="cannot read key file"):
        resolve_credentials(rs, DOCKER, "r")


# --- redaction -----------------------------------------------------------------------------------


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO, RedactingFilter]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    redactor = RedactingFilter()
    handler.addFilter(redactor)
    parent = logging.getLogger("test_redaction")
    parent.addHandler(handler)
    parent.setLevel(logging.DEBUG)
    parent.propagate = False
    try:
        yield parent, stream, redactor
    finally:
        parent.removeHandler(handler)


def test_jwts_in_log_records_are_redacted(
    captured: tuple[logging.Logger, io.StringIO, RedactingFilter],
) -> None:
    logger, stream, _ = captured
    token = mint_token(TokenRequest(app_id="a"), SECRET, now=NOW)
    # A child logger's record propagates to the parent's handler, where the filter sits.
    logger.getChild("xmpp").info("connecting to wss://x/xmpp-websocket?room=r&token=%s", token)
    text = stream.getvalue()
    assert token not in text
    assert token.split(".")[2] not in text
    assert f"token={REDACTED}" in text
    assert "test_redaction.xmpp INFO connecting" in text


def test_registered_secrets_are_redacted_in_args_and_tracebacks(
    captured: tuple[logging.Logger, io.StringIO, RedactingFilter],
) -> None:
    logger, stream, redactor = captured
    redactor.register(Secret("pa ss/word"))
    logger.warning("login with %r failed", "pa ss/word")
    logger.warning("url form: pa%20ss%2Fword")
    try:
        raise RuntimeError("server said: bad password pa ss/word")
    except RuntimeError:
        logger.exception("login failed")
    text = stream.getvalue()
    assert "pa ss/word" not in text
    assert "pa%20ss%2Fword" not in text
    # message, URL form, the traceback's source line and the exception text
    assert text.count(REDACTED) == 4
    assert "RuntimeError: server said: bad password <redacted>" in text


def test_short_secrets_do_not_garble_logs(
    captured: tuple[logging.Logger, io.StringIO, RedactingFilter],
) -> None:
    logger, stream, redactor = captured
    redactor.register("ab")
    logger.info("about a cab")
    assert stream.getvalue().strip().endswith("about a cab")


def test_install_redaction_on_root_handlers() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        install_redaction()
        install_redaction()  # idempotent
        assert len([f for f in handler.filters if isinstance(f, RedactingFilter)]) == 1
        creds = resolve_credentials(
            AuthSettings(username="mod", password=Secret("registered-pw")), DOCKER, "r"
        )
        assert creds.password is not None
        logging.getLogger("tui.somewhere").warning("echo registered-pw")
        assert stream.getvalue() == f"echo {REDACTED}\n"
    finally:
        root.removeHandler(handler)
