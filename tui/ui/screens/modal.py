"""The base of the console's dialogs: one frame, one way to cancel, no dismissing from below.

Every modal (a prompt, a yes/no question, the key list, the actions menu, the broadcast
dialog) draws the same centred frame; its looks are the "Modals" section of
``tui/ui/app.tcss``, where each dialog only sets its width. A dialog composes its content inside
:meth:`ConsoleModal.frame` (or :meth:`ConsoleModal.scrolling_frame` when it can grow taller than
the terminal) and gets Escape-cancels from here.

Textual's ``dismiss`` pops whatever screen is on top, not necessarily the one dismissing: a
dialog that reacts to a key or click it received before another screen covered it would close
that other screen and hand its own result to the wrong callback. :meth:`ConsoleModal.dismiss`
does nothing unless the dialog is the active screen (harlequin's ``HarlequinModal`` guards its
modals the same way).
"""

from __future__ import annotations

from typing import ClassVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, ScreenResultType

FRAME = "modal-frame"
"""The class of the container drawn as the dialog's frame (styled in ``app.tcss``)."""
DANGER = "-danger"
"""A dialog class for questions about actions that disturb people: the frame turns red."""


class ConsoleModal(ModalScreen[ScreenResultType]):
    """A dialog over the console; Escape dismisses it with ``None`` unless a subclass says more."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    @staticmethod
    def frame(*, id: str | None = None) -> Vertical:
        """The container holding the dialog's content, drawn as its frame."""
        return Vertical(classes=FRAME, id=id)

    @staticmethod
    def scrolling_frame(*, id: str | None = None) -> VerticalScroll:
        """:meth:`frame` for content that may be taller than the terminal."""
        return VerticalScroll(classes=FRAME, id=id)

    def dismiss(self, result: ScreenResultType | None = None) -> AwaitComplete:
        """Close this dialog with ``result``, only while it is the screen on top."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)
