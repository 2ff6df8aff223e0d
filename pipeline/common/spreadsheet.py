"""Cells of the files the tool makes for Excel: text from data never becomes a formula.

Excel and LibreOffice Calc start a formula at a cell whose text begins with ``=``,
``+``, ``-`` or ``@``, also after a tab or a carriage return, and Excel takes the
full-width ``＝ ＋ － ＠`` that Asian input methods type the same way. Text from the
clerk's data or a unit's file can begin so (``- Lưu``, ``+84 …``, or a hostile
``=HYPERLINK(…)``), and must stay text (OWASP, "CSV Injection").

- In .xlsx files (the response form) the cell is written as a string (``t="inlineStr"``)
  with Excel's "quote prefix" style: that is how Excel itself stores text typed after
  an apostrophe. The clerk sees the text unchanged, editing the cell keeps it text,
  and reading the file back gives the same text.
- A CSV file has no cell types, so such a text is written with a leading ``'`` (the
  OWASP recommendation): Excel shows ``'=HYPERLINK(…)`` and computes nothing. Used for
  every CSV the tool writes (the manifest, the new-year change report, the registry
  of ``import-divisions``). The tool's own table reader removes that apostrophe again
  (:func:`csv_text`), so a registry it wrote reads back as it was.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from openpyxl.writer.excel import ExcelWriter

from pipeline.common.package import repeatable_zip

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""First characters that make Excel read a cell as a formula (OWASP CSV Injection)."""

QUOTE = "'"


def starts_formula(text: str) -> bool:
    """Whether Excel would read ``text`` typed in a cell as a formula: ``=1+1``, ``-2+3``, ``@SUM(A1)``."""
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` as it must be written in a CSV file made for Excel.

    ``"=HYPERLINK(…)"`` → ``"'=HYPERLINK(…)"``, ``"- Lưu"`` → ``"'- Lưu"``; other
    values (and non-text values) are returned unchanged.
    """
    if isinstance(value, str) and starts_formula(value):
        return QUOTE + value
    return value


def csv_text(text: str) -> str:
    """A CSV cell as the clerk meant it: the apostrophe :func:`csv_cell` adds is removed.

    ``"'=HYPERLINK(…)"`` → ``"=HYPERLINK(…)"``; ``"'05"`` and every other text are unchanged.
    """
    if text.startswith(QUOTE) and starts_formula(text[1:]):
        return text[1:]
    return text



def csv_file(rows: Iterable, header: Sequence[str] | None = None) -> bytes:
    """The bytes of a CSV file as the tool writes every one (the form Excel writes and the
    bundled data keeps): UTF-8 with BOM, ``,``, CRLF line ends. Cells are written as given:
    protect text from becoming a formula first (:func:`csv_cell`).

    Args:
        rows: lists of cells; with ``header``, dicts keyed by its columns (a missing key is
            an empty cell; an unknown key raises ``ValueError``, as :class:`csv.DictWriter`).
        header: the column names, written as the first row.
    """
    buffer = io.StringIO(newline="")
    if header is None:
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    else:
        writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def set_text(cell: Any, value: str) -> None:
    """Put text ``value`` into an openpyxl ``cell`` so that Excel never reads it as a formula.

    openpyxl makes any text starting with ``=`` a formula; the cell is set back to a
    string and given the quote-prefix style when :func:`starts_formula` says so.
    """
    cell.value = value
    if starts_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def workbook_bytes(book: Any, stamp: datetime) -> bytes:
    """The .xlsx bytes of an openpyxl workbook, the same for the same content: created and
    modified ``stamp``, author ``vanban``, every zip entry dated ``stamp``.

    Raises:
        PackageProblem: the package is not sound (:func:`pipeline.common.package.repeatable_zip`).
    """
    book.properties.creator = book.properties.lastModifiedBy = "vanban"
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the properties with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return repeatable_zip(buffer.getvalue(), stamp)
