"""Changing the unit registry from the command line: record that a unit ended (merged
into, renamed to, split into, dissolved), and the safe rewrite of ``don_vi.csv`` that
every change (also the import of communes, :mod:`pipeline.data.divisions`) goes through.

The same changes can be made by editing ``don_vi.csv`` in Excel: these commands only
fill the columns ``Hiệu lực đến``, ``Kế thừa bởi``, ``Hình thức`` and ``Văn bản quyết
định`` of the row in force, or add the renamed unit's row just below the old one.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from pipeline.common.errors import InputError, Location
from pipeline.common.files import atomic_write
from pipeline.data.registry import (DECISION_COL, FORM_COL, FORMS, FROM_COL, GROUPS_TABLE, HISTORY_COLS, SUCCESSOR_COL,
                               TO_COL, UNITS_TABLE, Unit, load_registry)
from pipeline.common.spreadsheet import csv_cell, csv_file
from pipeline.common.vnformat import parse_date, short_date

T = TypeVar("T")


def edit_units(registry_dir: Path, edit: Callable[[list[str], list[dict[str, str]]], T]) -> T:
    """Read ``registry_dir/don_vi.csv``, let ``edit(header, rows)`` change it in place, check
    that the result is a valid registry, and replace the file atomically (UTF-8 with BOM,
    CRLF). Columns and notes ``edit`` does not touch are kept as they were.

    Returns:
        What ``edit`` returns.

    Raises:
        InputError: no ``don_vi.csv`` there, or the edited registry would be invalid
            (the file is then left as it was; the message names the row and column).
    """
    path = registry_dir / f"{UNITS_TABLE}.csv"
    if not path.is_file():
        raise InputError(Location(path), f"không có {UNITS_TABLE}.csv ở đây; lệnh này sửa danh bạ dạng CSV "
                         "(danh bạ dạng Excel thì sửa trực tiếp trong Excel)")
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    result = edit(header, rows)
    data = csv_file(({column: csv_cell(row.get(column, "")) for column in header} for row in rows), header)
    _check_before_writing(registry_dir, data)
    atomic_write(path, data)
    return result


def _check_before_writing(registry_dir: Path, data: bytes) -> None:
    """Load the would-be registry from a scratch copy; refuse to write an invalid one."""
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copy(registry_dir / f"{GROUPS_TABLE}.csv", scratch)
        Path(scratch, f"{UNITS_TABLE}.csv").write_bytes(data)
        try:
            load_registry(Path(scratch))
        except InputError as exc:
            location = Location(registry_dir / f"{UNITS_TABLE}.csv", None, exc.location.row,
                                exc.location.column)
            if exc.location.file.name == f"{GROUPS_TABLE}.csv":
                location = Location(registry_dir / f"{GROUPS_TABLE}.csv", None, exc.location.row,
                                    exc.location.column)
            raise InputError(location, f"sau khi sửa, danh bạ sẽ không hợp lệ nên chưa ghi gì: "
                             f"{exc.message}") from None


def end_unit(registry_dir: Path, code: str, last_day: date, form: str, successors: list[str],
             decision: str) -> int:
    """Record that unit ``code`` ended on ``last_day``: fill ``Hiệu lực đến``, ``Kế thừa bởi``,
    ``Hình thức`` and ``Văn bản quyết định`` of its row in force that day.

    Args:
        form: one of :data:`pipeline.data.registry.FORMS` (``sáp nhập``, ``hợp nhất`` …).
        successors: the successor unit codes (they must exist and be in force the next day).
        decision: the deciding document, e.g. ``Nghị quyết số 1686/NQ-UBTVQH15 ngày 16/6/2025``.

    Returns:
        The row number (as Excel shows it) that was changed.

    Raises:
        InputError: no row of ``code`` in force on ``last_day``, a row that already ends
            on another day, or a history that would be invalid (see :func:`load_registry`).
    """
    unit = _in_force(registry_dir, code, last_day)
    if form not in FORMS:
        raise InputError(unit.location.at(column=FORM_COL), "cần một trong: " + ", ".join(f"«{f}»" for f in FORMS))

    def edit(header: list[str], rows: list[dict[str, str]]) -> int:
        add_history_columns(header)
        index = _row_of(unit, rows)
        rows[index].update({TO_COL: _cell(last_day), SUCCESSOR_COL: "; ".join(successors), FORM_COL: form,
                            DECISION_COL: decision})
        return index + 2

    return edit_units(registry_dir, edit)


def rename_unit(registry_dir: Path, code: str, new_code: str, full_name: str, short_name: str, first_day: date,
                decision: str) -> int:
    """Record a rename from ``first_day``: the row of ``code`` in force the day before ends
    then (``Hình thức`` = ``đổi tên``, ``Kế thừa bởi`` = ``new_code``) and a row for the new
    name is added just below it, with the same group, address and e-mail.

    Returns:
        The row number of the new row.

    Raises:
        InputError: as :func:`end_unit`; ``new_code`` already used at that date.
    """
    last_day = first_day - timedelta(days=1)
    unit = _in_force(registry_dir, code, last_day)

    def edit(header: list[str], rows: list[dict[str, str]]) -> int:
        add_history_columns(header)
        index = _row_of(unit, rows)
        old = rows[index]
        old.update({TO_COL: _cell(last_day), SUCCESSOR_COL: new_code, FORM_COL: "đổi tên", DECISION_COL: decision})
        new = {column: old.get(column, "") for column in header if column in ("Khối", "Địa chỉ", "Email")}
        new.update({"Mã": new_code, "Tên đầy đủ": full_name, "Tên viết tắt": short_name, FROM_COL: _cell(first_day),
                    DECISION_COL: decision})
        rows.insert(index + 1, new)
        return index + 3

    return edit_units(registry_dir, edit)


def _in_force(registry_dir: Path, code: str, last_day: date) -> Unit:
    """The version of unit ``code`` in force on ``last_day`` and not ending on another day."""
    registry = load_registry(registry_dir)
    unit = registry.unit_on(code, last_day)
    if unit is None:
        raise InputError(Location(registry_dir / f"{UNITS_TABLE}.csv", column="Mã"),
                         f"không có đơn vị mã «{code}» còn hiệu lực vào ngày {short_date(last_day)}"
                         + registry.suggest(code))
    if unit.valid_to not in (None, last_day):
        raise InputError(unit.location.at(column=TO_COL), f"đơn vị «{unit.full_name}» đã ghi hết hiệu lực "
                         f"{short_date(unit.valid_to)}; sửa trực tiếp trong tệp nếu cần đổi")
    return unit


def _row_of(unit: Unit, rows: list[dict[str, str]]) -> int:
    """Index in ``rows`` of ``unit``'s row: same code and same start."""
    for index, row in enumerate(rows):
        start = row.get(FROM_COL, "").strip()
        if row.get("Mã", "").strip() == unit.code and (parse_date(start) if start else None) == unit.valid_from:
            return index
    raise InputError(unit.location, f"không tìm lại được dòng của đơn vị «{unit.code}»")


def add_history_columns(header: list[str]) -> None:
    """Add the history columns a registry made before them lacks (before the notes)."""
    notes = next((i for i, column in enumerate(header) if column.casefold().startswith("ghi chú")), len(header))
    for column in HISTORY_COLS:
        if column not in header:
            header.insert(notes, column)
            notes += 1


def _cell(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
