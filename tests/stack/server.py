"""Start, probe and stop one Prosody of the test stack: :class:`ProsodyStack`.

The server runs in the foreground (``prosody --config FILE -F``) as our child process, is
stopped by its PID, and keeps every file in its own temporary directory, so parallel runs
cannot collide. Failures raise :class:`StackError` with the tail of Prosody's log.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from tests.stack.config import (
    Authentication,
    LogLevel,
    Ports,
    StackSettings,
    render_config,
    render_config_js,
)

log = logging.getLogger(__name__)

LUA_MODULES = Path(__file__).parent / "lua"
"""The project's own Prosody modules (loaded through ``plugin_paths``)."""

FOCUS_PASSWORD = "focus-secret"
"""The focus account's password: a throwaway account on a loopback test server."""

_PR_SET_PDEATHSIG = 1

READY_LINE = "jitsi-tui stack ready"
"""Logged by our mod_stack_ready once every host and module is loaded."""

# Log lines that mean a module or port failed although the process kept running.
_BAD_LOG_MARKERS = ("error loading", "unable to load", "failed to load", "failed to open server")

INSTALL_HINT = (
    "Prosody is not installed: the integration tests need Debian's prosody package "
    "(apt-get install prosody; tests/run.sh does it on a fresh machine)."
)


class StackError(RuntimeError):
    """The test stack could not be started or used; the message says why."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Resolved here, in the parent, so the forked child only makes one plain libc call.
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if the test process dies without stopping us."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _port_accepts(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass(frozen=True, slots=True)
class User:
    """An account registered on the stack."""

    jid: str
    password: str


class ProsodyStack:
    """One Jitsi-shaped Prosody on loopback.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`::

        with ProsodyStack() as stack:
            print(stack.ws_url)
    """

    def __init__(
        self,
        *,
        domain: str = "meet.jitsi",
        authentication: Authentication = "anonymous",
        external_components: Sequence[str] | None = None,
        extra_modules: Sequence[str] = ("jitsi_web_query",),
        directory: Path | None = None,
        breakout_component: bool = True,
        moderation_components: bool = True,
        app_id: str = "jitsi-tui-stack",
        app_secret: str = "stack-app-secret-for-loopback-tests-only-long-enough-for-hs256-384-512",
        log_level: LogLevel = "debug",
    ) -> None:
        """Prepare (but do not start) a stack.

        Args:
            domain: The XMPP domain of the participants.
            authentication: How participants on ``domain`` log in.
            external_components: Component hosts served over the component port; by
                default ``focus.<domain>`` (a stand-in for jicofo's client_proxy).
            extra_modules: Our own modules from ``tests/stack/lua`` to load globally
                (``stack_ready``, which marks readiness in the log, is always loaded).
            directory: Where to keep files; a fresh temporary directory by default.
            breakout_component: Serve ``breakout.<domain>`` with our breakout-rooms stand-in
                (``lua/mod_jitsi_breakout_rooms.lua``) and advertise it on the domain.
            moderation_components: Serve the lobby, AV-moderation and end-conference stand-ins
                (``lua/mod_jitsi_lobby_rooms.lua`` …) and advertise them on the domain.
            app_id: With ``authentication="token"``: the accepted ``iss`` and ``aud``.
            app_secret: With ``authentication="token"``: the HS256 key tokens are signed with.
            log_level: Prosody's log level: ``debug`` (every stanza, for the tests that read
                it) or ``info``, what docker-jitsi-meet and Debian log.
        """
        self._own_directory = directory is None
        path = directory or Path(tempfile.mkdtemp(prefix="jitsi-tui-prosody-"))
        components = (
            (f"focus.{domain}",) if external_components is None else tuple(external_components)
        )
        self.settings = StackSettings(
            directory=path,
            ports=Ports(c2s=free_port(), http=free_port(), component=free_port()),
            domain=domain,
            authentication=authentication,
            external_components=components,
            plugin_paths=(LUA_MODULES,),
            extra_modules=("stack_ready", *extra_modules),
            breakout_component=breakout_component,
            moderation_components=moderation_components,
            log_level=log_level,
            app_id=app_id,
            app_secret=app_secret,
        )
        self._process: subprocess.Popen[bytes] | None = None
        self.startup_seconds: float | None = None
        """How long the last :meth:`start` took until the server was ready."""

    # -- addresses ----------------------------------------------------------------------------

    @property
    def domain(self) -> str:
        """The participants' XMPP domain."""
        return self.settings.domain

    @property
    def muc(self) -> str:
        """The main-room MUC host (``conference.<domain>``)."""
        return self.settings.muc

    @property
    def breakout_muc(self) -> str:
        """The breakout-room MUC host (``breakout.<domain>``)."""
        return self.settings.breakout_muc

    @property
    def lobby_muc(self) -> str:
        """The lobby-room MUC host (``lobby.<domain>``)."""
        return self.settings.lobby_muc

    @property
    def av_moderation(self) -> str:
        """The AV-moderation component (``avmoderation.<domain>``)."""
        return self.settings.av_moderation

    @property
    def end_conference(self) -> str:
        """The end-conference component (``endconference.<domain>``)."""
        return self.settings.end_conference

    @property
    def focus_jid(self) -> str:
        """The focus account's bare JID (an admin: it may create rooms)."""
        return self.settings.focus_jid

    @property
    def focus_password(self) -> str:
        """The focus account's password."""
        return FOCUS_PASSWORD

    @property
    def c2s_port(self) -> int:
        """The plain client-to-server TCP port (no TLS)."""
        return self.settings.ports.c2s

    @property
    def http_port(self) -> int:
        """The HTTP port (WebSocket and BOSH)."""
        return self.settings.ports.http

    @property
    def component_port(self) -> int:
        """The XEP-0114 external component port."""
        return self.settings.ports.component

    @property
    def component_secret(self) -> str:
        """The shared secret of every external component."""
        return self.settings.component_secret

    @property
    def external_components(self) -> tuple[str, ...]:
        """The hosts an external component may connect as."""
        return tuple(self.settings.external_components)

    @property
    def http_url(self) -> str:
        """The HTTP base URL, e.g. ``http://127.0.0.1:5280``."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def ws_url(self) -> str:
        """The XMPP WebSocket endpoint (without query parameters)."""
        return f"ws://127.0.0.1:{self.http_port}/xmpp-websocket"

    @property
    def bosh_url(self) -> str:
        """The BOSH endpoint."""
        return f"{self.http_url}/http-bind"

    @property
    def config_js_url(self) -> str:
        """Where the stack serves its Jitsi ``config.js``."""
        return f"{self.http_url}/config.js"

    def meeting_url(self, room: str) -> str:
        """The meeting URL a person gives the console: ``http://127.0.0.1:<port>/<room>``."""
        return f"{self.http_url}/{room}"

    @property
    def hidden_domain(self) -> str:
        """The hidden domain ``config.js`` names (jibri, transcribers)."""
        return self.settings.hidden_domain

    @property
    def app_id(self) -> str:
        """The JWT app id (issuer and audience) of a ``token`` stack."""
        return self.settings.app_id

    @property
    def app_secret(self) -> str:
        """The JWT HS256 secret of a ``token`` stack (a throwaway loopback value)."""
        return self.settings.app_secret

    @property
    def log_path(self) -> Path:
        """Prosody's log file."""
        return self.settings.log_path

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    # -- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> ProsodyStack:
        """Start the stack."""
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the stack."""
        self.stop()

    def start(self, timeout: float = 15.0) -> None:
        """Write the config, register the focus account, start Prosody and wait until ready.

        Raises:
            StackError: Prosody is missing, exited, logged a load error or did not open its
                ports within ``timeout`` seconds.
        """
        if shutil.which("prosody") is None or shutil.which("prosodyctl") is None:
            raise StackError(INSTALL_HINT)
        began = time.monotonic()
        directory = self.settings.directory
        (directory / "data").mkdir(parents=True, exist_ok=True)
        (directory / "certs").mkdir(exist_ok=True)
        self.settings.web_dir.mkdir(exist_ok=True)
        (self.settings.web_dir / "config.js").write_text(
            render_config_js(self.settings), encoding="utf-8"
        )
        self.settings.config_path.write_text(render_config(self.settings), encoding="utf-8")
        self.register_user("focus", self.settings.focus_domain, FOCUS_PASSWORD)
        with open(directory / "prosody.stdout", "wb") as out:
            self._process = subprocess.Popen(
                ["prosody", "--config", str(self.settings.config_path), "-F"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self._env(),
                start_new_session=True,  # Ctrl-C in a terminal reaches us, not Prosody
                # No orphaned server when a test run is killed; the hook makes one libc call.
                preexec_fn=_die_with_parent,  # noqa: PLW1509
            )
        try:
            self._wait_ready(began + timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        log.info("prosody ready in %.2f s at %s", self.startup_seconds, self.ws_url)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL) and remove our temp directory."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        if self._own_directory and os.environ.get("JITSI_TUI_KEEP_STACK") is None:
            shutil.rmtree(self.settings.directory, ignore_errors=True)

    def register_user(self, user: str, host: str | None = None, password: str = "") -> User:
        """Create an account (works before and while the server runs).

        Args:
            user: The localpart.
            host: The VirtualHost; the participants' domain by default.
            password: The password; a generated one when empty.

        Returns:
            The account's JID and password.
        """
        host = host or self.domain
        password = password or f"pw-{user}-{os.urandom(4).hex()}"
        result = subprocess.run(
            [
                "prosodyctl",
                "--config",
                str(self.settings.config_path),
                "register",
                user,
                host,
                password,
            ],
            capture_output=True,
            text=True,
            env=self._env(),
            check=False,
            timeout=30,
        )
        if result.returncode != 0:
            raise StackError(
                f"prosodyctl register {user}@{host} failed: "
                f"{(result.stderr or result.stdout).strip()}"
            )
        return User(jid=f"{user}@{host}", password=password)

    def log_tail(self, lines: int = 30) -> str:
        """The last ``lines`` lines of Prosody's log and console output, for error messages."""
        parts = []
        for path in (self.log_path, self.settings.directory / "prosody.stdout"):
            with contextlib.suppress(OSError):
                text = path.read_text(encoding="utf-8", errors="replace").splitlines()
                if text:
                    parts.append(f"--- {path.name}\n" + "\n".join(text[-lines:]))
        return "\n".join(parts) or "(no log written)"

    def log_text(self) -> str:
        """The whole log so far (tests search it for lines our Lua modules write)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    # -- internals ----------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        # prosodyctl refuses to run as root unless told the config allows it; it also reads
        # this to find the data directory.
        env.setdefault("PROSODY_CONFIG", str(self.settings.config_path))
        return env

    def _bad_log_line(self) -> str | None:
        for line in self.log_text().splitlines():
            lowered = line.lower()
            if any(marker in lowered for marker in _BAD_LOG_MARKERS):
                return line
        return None

    def _wait_ready(self, deadline: float) -> None:
        ports = (self.c2s_port, self.http_port, self.component_port)
        while True:
            assert self._process is not None
            code = self._process.poll()
            if code is not None:
                raise StackError(f"prosody exited with status {code}:\n{self.log_tail()}")
            bad = self._bad_log_line()
            if bad is not None:
                raise StackError(f"prosody logged a load error: {bad}\n{self.log_tail()}")
            if READY_LINE in self.log_text() and all(_port_accepts(port) for port in ports):
                return
            if time.monotonic() > deadline:
                raise StackError(f"prosody did not open ports {ports} in time:\n{self.log_tail()}")
            # A bounded poll of a child process; there is no event to wait on.
            time.sleep(0.02)
