"""Mở các tệp đơn vị gửi về: sổ tính Excel và tệp CSV.

The returned files as raw tables: every sheet of an ``.xlsx``/``.xlsm`` workbook
(cached values of formulas, uncalculated ones marked), ``.csv`` files in any of the
encodings and delimiters clerks' machines save, and which files of a folder are
skipped or refused.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import stat
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, Sequence

from pipeline.common.errors import InputError, Location
from pipeline.data.tables import open_workbook
from pipeline.results.responses.headers import HEADER_SEARCH_ROWS, _Form, _find_header


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIX = ".csv"
IGNORED_NAMES = ("thumbs.db", "desktop.ini")
"""Files Windows puts in folders by itself (hidden there, visible once copied elsewhere)."""


@dataclass
class _Table:
    """One sheet of a workbook, or a CSV file, as read: raw cells, rows[i] is Excel row i + 1."""

    location: Location
    rows: list[Sequence[Any]]
    uncalculated: set[tuple[int, int]] = field(default_factory=set)
    """(row, column) 0-based of formula cells saved without a calculated value."""
    legacy_encoding: bool = False


class _FileProblem(Exception):
    """A problem that stops reading one file (the others are still read)."""

    def __init__(self, problem: InputError):
        self.problem = problem


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")
_BINARY_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")


def _read_workbook(path: Path) -> list[_Table]:
    """Every worksheet of an .xlsx/.xlsm workbook, with cached values of formulas
    (read through :func:`pipeline.data.tables.open_workbook`: a damaged file is a problem
    of that file, the others are still read)."""
    try:
        with open_workbook(path) as book:
            tables = []
            for sheet in book.worksheets:
                sheet.reset_dimensions()  # do not trust the stored used range
                tables.append(_Table(Location(path, sheet.title), list(sheet.iter_rows(values_only=True))))
        if any(_FORMULA_TAG.search(part) for part in _sheet_parts(path)):
            _mark_uncalculated(path, tables)
    except InputError as exc:
        raise _FileProblem(exc) from None
    return tables


def _sheet_parts(path: Path) -> list[bytes]:
    """The worksheets' XML (the package is already checked whole)."""
    with zipfile.ZipFile(path) as archive:
        return [archive.read(name) for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")]


def _mark_uncalculated(path: Path, tables: list[_Table]) -> None:
    """Find formula cells saved without a calculated value (files written by programs).

    Only workbooks whose sheets hold formulas at all are read a second time.
    """
    with open_workbook(path, data_only=False) as book:
        for sheet, table in zip(book.worksheets, tables):
            sheet.reset_dimensions()
            for r, row in enumerate(sheet.iter_rows(values_only=True)):
                cached = table.rows[r] if r < len(table.rows) else ()
                for c, value in enumerate(row):
                    formula = (isinstance(value, str) and value.startswith("=")) or \
                              (value is not None and not isinstance(value, (str, int, float, bool, date, time,
                                                                            timedelta)))
                    if formula and (c >= len(cached) or cached[c] is None):
                        table.uncalculated.add((r, c))


def _decode_csv(path: Path) -> tuple[str, bool]:
    """The text of a CSV file and whether a legacy encoding (Windows-1258) was used.

    Tried in order: UTF-8 with BOM, UTF-16 with BOM, UTF-8, Windows-1258 (then NFC,
    because Windows-1258 writes most tone marks as combining characters).
    """
    location = Location(path)
    raw = path.read_bytes()
    if raw.startswith(_BINARY_SIGNATURES):
        raise _FileProblem(InputError(location, "tệp có đuôi .csv nhưng không phải tệp CSV (có thể là tệp "
                                      "Excel hoặc PDF đã đổi tên); hãy đổi lại đúng đuôi tệp hoặc lưu lại từ "
                                      "Excel dạng «CSV UTF-8 (Comma delimited)»"))
    legacy = False
    try:
        if raw.startswith(codecs.BOM_UTF8):
            text = raw[len(codecs.BOM_UTF8):].decode("utf-8")
        elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = raw.decode("utf-16")
        elif b"\x00" in raw[:4096]:
            raise _FileProblem(InputError(location, "tệp CSV có ký tự rỗng (có thể là UTF-16 không có BOM "
                                          "hoặc tệp nhị phân); hãy lưu lại từ Excel dạng «CSV UTF-8 "
                                          "(Comma delimited)»"))
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as not_utf8:
                try:
                    text = raw.decode("cp1258")
                except UnicodeDecodeError:
                    raise not_utf8 from None  # name the line where UTF-8 fails: the likelier intent
                legacy = True
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        raise _FileProblem(InputError(location.at(row=line), "không đọc được bảng mã của tệp CSV (không phải "
                                      "UTF-8, UTF-16 hay Windows-1258); hãy lưu lại từ Excel dạng «CSV UTF-8 "
                                      "(Comma delimited)»")) from None
    return unicodedata.normalize("NFC", text), legacy


def _read_csv(path: Path, form: _Form) -> _Table:
    """A CSV file as one table; the delimiter (``,`` ``;`` tab) is the one that shows a header."""
    text, legacy = _decode_csv(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

    def records(delimiter: str, limit: int | None = None) -> list[list[str]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            return list(itertools.islice(reader, limit))
        except csv.Error as exc:
            problem = InputError(Location(path, row=reader.line_num), f"tệp CSV bị hỏng ({exc})")
            raise _FileProblem(problem) from None

    def rank(delimiter: str) -> tuple:
        head = records(delimiter, HEADER_SEARCH_ROWS + 1)
        header = _find_header(head, form)
        return (header.score if header else (0,), max((len(r) for r in head), default=0))

    delimiter = max((",", ";", "\t"), key=rank)
    return _Table(Location(path), records(delimiter), legacy_encoding=legacy)


def _is_hidden(path: Path) -> bool:
    """A hidden file: name starting with a dot, or the Windows hidden attribute."""
    if path.name.startswith("."):
        return True
    try:
        attributes = getattr(path.stat(), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


_UNSUPPORTED_HINTS = {
    ".xls": "tệp Excel đời cũ (.xls) không đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx (Excel Workbook)",
    ".xlsb": "tệp Excel dạng nhị phân (.xlsb) không đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx "
             "(Excel Workbook)",
    ".ods": "tệp LibreOffice (.ods) không đọc được; hãy mở bằng LibreOffice Calc và lưu lại dạng .xlsx",
    ".zip": "tệp nén không được đọc; hãy giải nén và để các tệp báo cáo trực tiếp trong thư mục",
    ".rar": "tệp nén không được đọc; hãy giải nén và để các tệp báo cáo trực tiếp trong thư mục",
}


def _unsupported(suffix: str) -> str:
    if suffix in _UNSUPPORTED_HINTS:
        return _UNSUPPORTED_HINTS[suffix]
    kind = f"tệp {suffix}" if suffix else "tệp không có đuôi"
    return (f"{kind} không phải bảng số liệu theo mẫu (cần tệp .xlsx, .xlsm hoặc .csv); nếu đơn vị gửi "
            "báo cáo dạng văn bản (Word, PDF) thì hãy nhập số liệu vào mẫu, hoặc chuyển tệp này ra khỏi "
            "thư mục tổng hợp")
