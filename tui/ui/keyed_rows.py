"""Keep a small keyed ``DataTable`` (lobby, hands queue) in step with an ordered list of rows.

Short lists whose order carries meaning (first come, first raised) are redrawn whole when the
order changes, keeping the cursor on the same key; otherwise only cells are updated, so a ticking
"waiting for" column does not reset the cursor or scroll position.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable


def sync_rows(
    table: DataTable[Text],
    rows: Sequence[tuple[str, Sequence[Text]]],
    columns: Sequence[str],
) -> None:
    """Show ``rows`` (key, cells in ``columns`` order) in ``table``, in that order."""
    wanted = [key for key, _ in rows]
    shown = [str(row.key.value) for row in table.ordered_rows]
    if shown != wanted:
        cursor = cursor_key(table)
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if cursor in wanted:
            table.move_cursor(row=wanted.index(cursor), scroll=False)
        return
    for key, cells in rows:
        for column, cell in zip(columns, cells, strict=True):
            table.update_cell(key, column, cell)


def cursor_key(table: DataTable[Text]) -> str | None:
    """The row key under the cursor, or ``None`` for an empty table."""
    if not table.row_count:
        return None
    row = min(max(table.cursor_row, 0), table.row_count - 1)
    return str(table.ordered_rows[row].key.value)
