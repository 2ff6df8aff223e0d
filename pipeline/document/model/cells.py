"""Đọc một ô của bảng dữ liệu.

Helpers for one cell of the clerk's tables: an «x» flag column, and a writing rule
of :mod:`pipeline.common.vnformat` whose ``ValueError`` becomes an ``InputError`` located
at the cell.
"""

from __future__ import annotations

from pipeline.common.errors import InputError, Location
from pipeline.data.tables import Row, fold_key
from pipeline.document.model.tables import TRUE_MARKS


def _checked(function, location: Location, *args):
    """Call a vnformat function, turning its ValueError into a located InputError."""
    try:
        return function(*args)
    except ValueError as exc:
        raise InputError(location, str(exc)) from None


def _flag(row: Row, column: str) -> bool:
    value = fold_key(row.text(column))
    if value and value not in TRUE_MARKS:
        raise InputError(row.at(column), f"cần «x» hoặc để trống (đang là «{row.text(column)}»)")
    return bool(value)
