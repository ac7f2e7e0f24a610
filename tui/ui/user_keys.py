"""The user's keys: ``[keys]`` of the config file, checked, applied, and shown where keys are shown.

``[keys]`` maps a binding id (``console.move``, ``table.last``, ``lobby.admit`` ...; every id is
in :data:`DEFAULT_KEYS` and in ``jitsi-tui config --sample``) to a key or a list of keys, which
replace that binding's default keys (harlequin's and lazygit's keymaps work the same way)::

    [keys]
    console.move = "n"
    table.last = ["end", "G"]

The keys reach Textual through :meth:`textual.app.App.set_keymap`, which rebinds every binding
with that id wherever it is declared; the footer follows by itself (it reads the bindings), and
the help screen, the palette and the participant menu ask :class:`UserKeys` for the key to show.

A bad ``[keys]`` is bad input, refused before the screen opens (:func:`check_keys`): an id that
does not exist (a typo would otherwise be ignored in silence), a key Textual has no name for (it
would never fire), or one key given to two bindings that are active together (one of them would
never run: Textual lets the later one win).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from tui.ui.keymap import (
    ACTIONS,
    CHAT_ACTIONS,
    HANDS_ACTIONS,
    HELP_ACTIONS,
    INVITE_ACTIONS,
    LOBBY_ACTIONS,
    QUICK_MOVES,
    TABLE_ACTIONS,
    ConsoleAction,
    key_label,
)

if TYPE_CHECKING:
    from textual.app import App

BINDABLE: tuple[tuple[str, tuple[ConsoleAction, ...]], ...] = (
    ("The main screen", (*ACTIONS, *QUICK_MOVES)),
    ("The participants table (it has the focus most of the time)", TABLE_ACTIONS),
    ("The key list (?)", HELP_ACTIONS),
    ("Chat (t)", CHAT_ACTIONS),
    ("Lobby (l)", LOBBY_ACTIONS),
    ("Raised hands / ask to unmute (H, v)", HANDS_ACTIONS),
    ("The invite pane (i)", INVITE_ACTIONS),
)
"""Every remappable binding, grouped as ``config --sample`` prints them."""

BY_ID: dict[str, ConsoleAction] = {
    action.binding_id: action for _heading, actions in BINDABLE for action in actions
}
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    binding_id: tuple(action.key.split(",")) for binding_id, action in BY_ID.items()
}
"""Binding id → its default keys."""

_TOGETHER: tuple[frozenset[str], ...] = (frozenset({"console", "table"}),)
"""Scopes whose bindings are active at the same time (the table sits on the console screen);
every other scope is a screen of its own."""

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(
    {key.value for key in Keys if "+" not in key.value} | set(KEY_NAME_REPLACEMENTS.values())
)
"""Key names besides characters' Unicode names: ``home``, ``f9``, ``slash``, ``minus`` ..."""


class KeysError(ValueError):
    """A ``[keys]`` entry cannot be used; the message is one line naming it."""


def normal_key(key: str) -> str:
    """``key`` as Textual names it: ``?`` is ``question_mark``, ``/`` is ``slash``."""
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return KEY_NAME_REPLACEMENTS.get(name, name)


def is_key(key: str) -> bool:
    """Whether Textual can deliver ``key`` (``n``, ``G``, ``f9``, ``ctrl+l``, ``question_mark``)."""
    if len(key) == 1:
        return key.isprintable()
    *modifiers, base = key.split("+")
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable()
    return base in _NAMED_KEYS or key_to_character(base) is not None


def check_keys(raw: Mapping[str, Sequence[str]], where: str) -> dict[str, str]:
    """The user's keymap (binding id → comma-separated keys), or the one line saying what is bad.

    Args:
        raw: Binding id → keys, as :func:`tui.config.load.load_keys` read them.
        where: The file, for the message.

    Raises:
        KeysError: An unknown id, a key Textual cannot name, or a key given to two bindings
            that are active together.
    """
    keymap: dict[str, str] = {}
    for binding_id, keys in raw.items():
        if binding_id not in BY_ID:
            raise KeysError(
                f"{where} [keys] {binding_id}: no such binding id "
                "('jitsi-tui config --sample' lists them all)"
            )
        if not keys:
            raise KeysError(f"{where} [keys] {binding_id}: give at least one key")
        for key in keys:
            if not is_key(key):
                raise KeysError(
                    f"{where} [keys] {binding_id}: {key!r} is not a key "
                    "(examples: 'n', 'N', 'f9', 'ctrl+n', 'question_mark')"
                )
        keymap[binding_id] = ",".join(normal_key(key) for key in keys)
    _refuse_clashes(keymap, where)
    return keymap


def _group(scope: str) -> frozenset[str]:
    return next((group for group in _TOGETHER if scope in group), frozenset({scope}))


def _refuse_clashes(keymap: Mapping[str, str], where: str) -> None:
    owners: dict[tuple[frozenset[str], str], str] = {}
    # The user's own lines first, so the message names the line they wrote.
    ordered = sorted(BY_ID, key=lambda binding_id: binding_id not in keymap)
    for binding_id in ordered:
        action = BY_ID[binding_id]
        group = _group(action.scope)
        for key in keymap.get(binding_id, action.key).split(","):
            other = owners.setdefault((group, normal_key(key)), binding_id)
            if other != binding_id:
                first, second = sorted((other, binding_id), key=lambda i: i not in keymap)
                raise KeysError(
                    f"{where} [keys] {first} and {second} are both on {key_label(key)!r}: "
                    "one of them would never run; give one another key"
                )


class UserKeys:
    """The keys in force: the user's where ``[keys]`` names the binding, else the defaults."""

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        """``keymap``: binding id → comma-separated keys, as :func:`check_keys` returned it."""
        self.keymap: dict[str, str] = dict(keymap or {})

    def key(self, action: ConsoleAction) -> str:
        """``action``'s keys (comma-separated), as bound now."""
        return self.keymap.get(action.binding_id, action.key)

    def label(self, action: ConsoleAction) -> str:
        """``action``'s keys as the help screen and the palette write them."""
        return key_label(self.key(action))

    def first_key(self, action: ConsoleAction) -> str:
        """The first of ``action``'s keys (the one a menu line shows and answers to)."""
        return self.key(action).split(",")[0]


def user_keys(app: App[object]) -> UserKeys:
    """The keys in force in ``app`` (the defaults for an app that keeps none)."""
    keys = getattr(app, "user_keys", None)
    return keys if isinstance(keys, UserKeys) else UserKeys()


def sample() -> str:
    """``jitsi-tui config --sample``: every binding id, its default keys and what it does."""
    lines = [
        "# jitsi-tui keys: copy the lines you want to change into [keys] of your config file",
        "# (jitsi-tui config --check tells whether it is right) and give them other keys.",
        '# A key is a character ("n", "N", "?"), a name ("f9", "home", "pageup", "enter",',
        '# "escape", "space", "question_mark") or a name with modifiers ("ctrl+n", "alt+g");',
        "# a list gives several keys. Keys given to two bindings of one screen are refused.",
        "",
        "[keys]",
    ]
    for heading, actions in BINDABLE:
        lines += ["", f"# --- {heading} ---"]
        for action in actions:
            keys = action.key.split(",")
            value = (
                f'"{keys[0]}"'
                if len(keys) == 1
                else "[" + ", ".join(f'"{key}"' for key in keys) + "]"
            )
            lines.append(f"# {action.binding_id} = {value}  # {action.help}")
    return "\n".join(lines) + "\n"
