"""Errors the clerk sees: each one says where the problem is and what was expected.

Every error raised for bad input is an :class:`InputError` (data files) or a
:class:`TemplateProblem` (template files). The CLI prints ``str(error)`` in
Vietnamese and exits non-zero; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Location:
    """Where a value came from.

    Attributes:
        file: the data file (CSV or Excel workbook).
        sheet: the sheet name for a workbook, ``None`` for a CSV file.
        row: the row number as Excel shows it (header = row 1), or ``None``.
        column: the column header, or ``None``.
        letters: for a workbook sheet, Excel's column letter of each header
            (``{"Nội dung": "C"}``), so that a cell is also named as Excel does,
            ``noi_dung!C12``; empty for a CSV file.
    """

    file: Path
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    letters: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def at(self, row: int | None = None, column: str | None = None) -> "Location":
        """Return a copy pointing at ``row`` and/or ``column`` of the same table."""
        return Location(self.file, self.sheet,
                        self.row if row is None else row,
                        self.column if column is None else column, self.letters)

    @property
    def cell(self) -> str | None:
        """The cell as Excel names it, ``noi_dung!C12`` (``'Hướng dẫn'!A1`` when the sheet
        name has spaces), or ``None`` outside a workbook or without row and known column."""
        letter = self.letters.get(self.column or "")
        if not (self.sheet and letter and self.row is not None):
            return None
        sheet = self.sheet if self.sheet.replace("_", "").isalnum() else "'" + self.sheet.replace("'", "''") + "'"
        return f"{sheet}!{letter}{self.row}"

    def __str__(self) -> str:
        parts = [f"tệp {self.file}"]
        if self.sheet:
            parts.append(f"trang tính «{self.sheet}»")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột «{self.column}»")
        if self.cell:
            parts.append(f"ô {self.cell}")
        return ", ".join(parts)


class VanbanError(Exception):
    """Base class of the errors reported to the clerk (message in Vietnamese)."""


class InputError(VanbanError):
    """Bad input data.

    Args:
        location: where the bad value is (file, sheet, row, column).
        message: what is wrong and what was expected, in plain Vietnamese.
    """

    def __init__(self, location: Location, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


class TemplateProblem(VanbanError):
    """A template that cannot be rendered.

    Args:
        template: the template file.
        message: what is wrong, naming the paragraph text and the tag where known.
    """

    def __init__(self, template: Path, message: str):
        self.template = template
        self.message = message
        super().__init__(f"mẫu {template}: {message}")
