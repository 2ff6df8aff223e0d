"""Errors the clerk sees: each one says where the problem is and what was expected.

Every error raised for bad input is an :class:`InputError` (data files) or a
:class:`TemplateProblem` (template files). The CLI prints ``str(error)`` in
Vietnamese and exits non-zero; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Location:
    """Where a value came from.

    Attributes:
        file: the data file (CSV or Excel workbook).
        sheet: the sheet name for a workbook, ``None`` for a CSV file.
        row: the row number as Excel shows it (header = row 1), or ``None``.
        column: the column header, or ``None``.
        letter: the column's letter as Excel shows it (``C``), or ``None`` when not known.
    """

    file: Path
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    letter: str | None = None

    def at(self, row: int | None = None, column: str | None = None, letter: str | None = None) -> "Location":
        """Return a copy pointing at ``row`` and/or ``column`` (with its Excel ``letter`` when known)
        of the same table."""
        return Location(self.file, self.sheet,
                        self.row if row is None else row,
                        self.column if column is None else column,
                        letter if letter is not None or column is not None else self.letter)

    @property
    def cell(self) -> str | None:
        """The cell as typed in Excel's Name Box: ``Sheet1!C12``, ``'Báo cáo'!C12`` (a sheet name with
        spaces or signs is quoted, as Excel writes it), ``C12`` for a CSV file; ``None`` without row
        or letter."""
        if self.row is None or not self.letter:
            return None
        if not self.sheet:
            return f"{self.letter}{self.row}"
        plain = self.sheet.replace("_", "a").isalnum() and not self.sheet[0].isdigit()
        sheet = self.sheet if plain else "'" + self.sheet.replace("'", "''") + "'"
        return f"{sheet}!{self.letter}{self.row}"

    def __str__(self) -> str:
        parts = [f"tệp {self.file}"]
        if self.sheet:
            parts.append(f"trang tính «{self.sheet}»")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột «{self.column}»")
        text = ", ".join(parts)
        return f"{text} (ô {self.cell})" if self.cell else text


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
