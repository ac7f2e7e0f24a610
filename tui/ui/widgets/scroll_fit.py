"""Give a scroll view a new virtual size without laying out the whole screen when it can.

Textual lays out the whole screen on every ``virtual_size`` change (it can show or hide a
scrollbar): ~half of each filter keystroke's frame at 1,000 people in the participants table.
Only a change of whether the content overflows the view needs that; otherwise the size is set
without a layout and the scrollbar is told its new range.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def fit_virtual_size(view: ScrollView, size: Size) -> bool:
    """Set ``view``'s virtual size to ``size``; ``True`` when no screen layout was needed."""
    old = view.virtual_size
    if size == old:
        return False
    height = view.container_size.height
    if not view.is_mounted or (old.height > height) != (size.height > height):
        view.virtual_size = size
        return False
    view.set_reactive(ScrollView.virtual_size, size)
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    if view.show_vertical_scrollbar:
        bar = view.vertical_scrollbar
        bar.window_virtual_size = size.height
        bar.position = view.scroll_y
        bar.refresh()
    return True
