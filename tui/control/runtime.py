"""Where the control socket lives, and the checks both ends make before trusting it.

``ctl password`` sends a room password over the socket, and any request moves or removes
people, so the socket must be the user's own console and nobody else's:

* The default directory is ``$XDG_RUNTIME_DIR/jitsi-tui`` (the XDG runtime directory is the
  user's, mode 0700, cleaned at logout), else ``/tmp/jitsi-tui-<uid>``. Both ends check it with
  ``lstat`` before use: a real directory (not a symlink), owned by this user, mode 0700, in a
  parent that others cannot rename things in (not writable by others, or sticky like /tmp).
  The fallback's name is predictable, so someone else may have made it first; then both ends
  refuse with one line instead of handing the password to that directory's owner. The server
  creates the directory (0700) if it is missing, and never changes an existing one.
* A path the user names (``--socket PATH``) is theirs: its directory is never chmod-ed. The
  socket is created 0600 (umask) so only this user can connect; the directory must exist or be
  creatable, be owned by this user or root, and not be writable by others unless sticky
  (``/tmp`` is fine): otherwise another user could swap the socket for their own.
* An existing file at the socket path is replaced only if it is a socket of this user's that
  nobody answers on; anything else is refused, never unlinked.
* After connecting, each end asks the kernel who is on the other side (``SO_PEERCRED``, Linux):
  the server drops other users with a log line, ``ctl`` sends nothing to a server run by
  someone else. Where the kernel cannot say, the file checks above are what protects.
"""

from __future__ import annotations

import os
import socket
import stat
import struct
from collections.abc import Mapping
from pathlib import Path

SOCKET_NAME = "control.sock"


class UnsafeSocketPath(OSError):
    """The socket or its directory cannot be trusted; ``str()`` is one line for the user."""


def our_uid() -> int:
    """The user id of this process (a function, so tests can pose as another user)."""
    return os.getuid()


def runtime_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_RUNTIME_DIR/jitsi-tui`` if that is an absolute path, else ``/tmp/jitsi-tui-<uid>``."""
    env = os.environ if env is None else env
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime).is_absolute():  # the spec says to ignore a relative one
        return Path(runtime) / "jitsi-tui"
    return Path("/tmp") / f"jitsi-tui-{os.getuid()}"


def default_socket_path(env: Mapping[str, str] | None = None) -> Path:
    """The control socket both the console and ``ctl`` use unless told otherwise."""
    return runtime_dir(env) / SOCKET_NAME


def _owner(info: os.stat_result) -> str:
    return "you" if info.st_uid == our_uid() else f"uid {info.st_uid}"


def check_parent(directory: Path) -> None:
    """``directory`` may hold our socket: owned by us or root, not writable by others unless sticky.

    Symlinks are followed here: this is a directory the user named (or ``XDG_RUNTIME_DIR``).

    Raises:
        UnsafeSocketPath: someone else could rename or replace what we put there.
    """
    try:
        info = directory.stat()
    except OSError as exc:
        raise UnsafeSocketPath(f"cannot use {directory}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeSocketPath(f"{directory} is not a directory")
    if info.st_uid not in (our_uid(), 0):
        raise UnsafeSocketPath(
            f"{directory} belongs to {_owner(info)}, who could replace the control socket; "
            "use a directory of your own"
        )
    writable_by_others = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if writable_by_others and not info.st_mode & stat.S_ISVTX:
        raise UnsafeSocketPath(
            f"{directory} is writable by other users (mode {stat.S_IMODE(info.st_mode):o}, "
            "not sticky), who could replace the control socket; use a directory of your own"
        )


def check_private_dir(directory: Path) -> None:
    """``directory`` is a real directory (not a symlink) owned by us with mode 0700.

    Raises:
        UnsafeSocketPath: one line saying what is wrong and what to do.
    """
    try:
        info = directory.lstat()
    except FileNotFoundError:
        raise UnsafeSocketPath(f"{directory} does not exist (is the console running?)") from None
    except OSError as exc:
        raise UnsafeSocketPath(f"cannot use {directory}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise UnsafeSocketPath(f"{directory} is not a plain directory (a symlink?); remove it")
    if info.st_uid != our_uid():
        raise UnsafeSocketPath(
            f"{directory} belongs to {_owner(info)}, not you; someone may be waiting for your "
            "requests there: remove it (or set XDG_RUNTIME_DIR) and start the console again"
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise UnsafeSocketPath(
            f"{directory} is open to other users (mode {stat.S_IMODE(info.st_mode):o}); "
            f"run: chmod 700 {directory}"
        )
    check_parent(directory.parent)


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` 0700 if missing (its parent must exist), then check it.

    Raises:
        UnsafeSocketPath: it cannot be created, or what is there is not ours and private.
    """
    check_parent(directory.parent)
    try:
        directory.mkdir(mode=0o700)
    except FileExistsError:
        pass  # checked below, never changed
    except OSError as exc:
        raise UnsafeSocketPath(f"cannot create {directory}: {exc.strerror or exc}") from None
    check_private_dir(directory)


def check_socket_file(path: Path) -> bool:
    """Whether a socket of ours exists at ``path`` (``False``: nothing there).

    Raises:
        UnsafeSocketPath: something else is there (a file, a symlink, another user's socket).
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise UnsafeSocketPath(f"cannot use {path}: {exc.strerror or exc}") from None
    if not stat.S_ISSOCK(info.st_mode):
        raise UnsafeSocketPath(f"{path} exists and is not a socket; not touching it")
    if info.st_uid != our_uid():
        raise UnsafeSocketPath(f"{path} belongs to {_owner(info)}, not you; not using it")
    return True


def peer_uid(sock: socket.socket) -> int | None:
    """The user id of the process on the other end of a Unix socket, if the kernel says."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None  # not Linux: the file checks are what protects
    try:
        data = sock.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return None
    _pid, uid, _gid = struct.unpack("3i", data)
    return int(uid)


def foreign_peer(sock: socket.socket) -> int | None:
    """The other end's user id when it is not ours; ``None`` when it is ours or unknown."""
    uid = peer_uid(sock)
    return uid if uid is not None and uid != our_uid() else None
