"""The participants filter: Textual's Input, minus a screen layout per keystroke."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    """An :class:`~textual.widgets.Input` whose text length never re-lays out the screen.

    Input sets its ``virtual_size`` to the text's width on every change, and Widget declares
    ``virtual_size`` with ``layout=True``: each letter typed laid out the whole console (about
    half of a filter keystroke's frame at 1,000 people). The filter's box has a fixed size (one
    line, the pane's width) and no scrollbars, so nothing a layout would place can change; the
    Input still scrolls its text by the virtual width it reads.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
