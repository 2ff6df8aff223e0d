"""Reading the clerk's tables: a folder of CSV files or one Excel workbook.

A document's data is a *source*: either a folder holding one CSV file per
table (``noi_dung.csv``, ``chu_thich.csv`` …) or an ``.xlsx`` workbook holding
one sheet per table, named like the CSV files without ``.csv``. Every value is
read as text (so ``05`` keeps its zero, and a number cell formatted ``000`` in
Excel reads as Excel shows it, ``005``) and normalised to Unicode NFC; every value
keeps its location so that errors can name file, sheet, row and column. Every
workbook is opened through :func:`open_workbook` (damaged files give a located
error), and every date through :func:`read_date` (the same rules in every table).
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Iterator, NamedTuple, Sequence

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from pipeline.common.errors import InputError, Location, VanbanError
from pipeline.common.once import once_per_run
from pipeline.common.package import PackageProblem, check_package
from pipeline.common.spreadsheet import csv_text
from pipeline.common.vnformat import parse_date

NOTE_PREFIX = "ghi chú"
"""Columns whose header starts with this (any case) are the clerk's notes and are ignored."""


def normalise_text(value: str) -> str:
    """Return ``value`` in Unicode NFC with Windows line ends and outer spaces removed.

    Names typed with different Vietnamese input methods (precomposed or combining
    marks) compare equal after this (nd30.md §8: normalise to NFC on input).
    """
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    if "\r" in value or "\x0b" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return value.strip()


def fold_key(value: str) -> str:
    """Return the comparison key of a header or name: NFC, case-folded, single spaces."""
    return " ".join(normalise_text(value).casefold().split())


def cell_text(value: object) -> str:
    """Turn one cell as pandas/openpyxl gives it into text: NFC, outer spaces removed,
    dates as dd/mm/yyyy, a whole float as an integer (``4.0`` → ``4``), empty/NaN as ""."""
    if isinstance(value, str):  # a CSV cell, the common case, first
        return normalise_text(value) if value else ""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime):  # pandas' Timestamp too
        value = value.date()
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalise_text(str(value))


@dataclass
class Row:
    """One data row of a table: text values by canonical column name.

    Attributes:
        values: ``{column header: cell text}``; missing optional columns read as "".
        location: the row's location (file, sheet, Excel row number).
        numbers: the cells that are numbers in a workbook, as Excel stores them
            (``1.234`` is one point two three four there, not the text ``1.234``).
        letters: column header -> its letter in Excel (``C``), shared by the rows of a table.
    """

    values: dict[str, str]
    location: Location
    numbers: dict[str, int | float] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)

    def text(self, column: str) -> str:
        """Return the cell text of ``column`` ("" when empty)."""
        return self.values.get(column, "")

    def required(self, column: str) -> str:
        """Return the cell text of ``column``.

        Raises:
            InputError: when the cell is empty.
        """
        value = self.text(column)
        if not value:
            raise InputError(self.at(column), "ô này không được để trống")
        return value

    def date(self, column: str) -> date | None:
        """Return the cell of ``column`` as a date, ``None`` when empty (see :func:`read_date`).

        Raises:
            InputError: when the cell holds something that is not a valid date.
        """
        try:
            return read_date(self.text(column))
        except ValueError as exc:
            raise InputError(self.at(column), str(exc)) from None

    def at(self, column: str) -> Location:
        """Return the location of this row's cell in ``column`` (with its Excel letter, ``Sheet1!C12``)."""
        return self.location.at(column=column, letter=self.letters.get(column))


@dataclass
class Table:
    """A table read from a CSV file or a workbook sheet.

    Attributes:
        location: the file (and sheet) it came from.
        rows: the non-empty data rows, in order.
    """

    location: Location
    rows: list[Row]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


class _Grid(NamedTuple):
    """A table as read, before its columns are checked: the header row (a column without header
    named ``Unnamed: <position>``) and the rows below it, each as long as the header."""

    columns: list[str]
    rows: list[list[Any]]


class Source:
    """Where one document's tables are: a CSV folder or an ``.xlsx`` workbook.

    Args:
        path: a folder of ``<table>.csv`` files, or an ``.xlsx`` file.

    Raises:
        InputError: when ``path`` is neither (for example a ``.docx`` or ``.xls`` file).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._book: Workbook | None = None
        if self.path.is_dir():
            return
        if not self.path.exists():
            raise InputError(Location(self.path), "không tìm thấy thư mục hoặc tệp dữ liệu này")
        suffix = self.path.suffix.lower()
        if suffix in (".xls", ".ods"):
            raise InputError(Location(self.path), f"tệp bảng tính dạng {suffix} không được hỗ trợ; "
                             "hãy mở bằng Excel (hoặc LibreOffice Calc) và lưu lại dạng .xlsx")
        if suffix not in WORKBOOK_SUFFIXES:  # a damaged workbook is reported by open_workbook
            raise InputError(Location(self.path), "không phải tệp Excel (.xlsx) hay thư mục các tệp CSV")

    def has_table(self, name: str) -> bool:
        """Return whether the source holds table ``name`` (a CSV file or a sheet)."""
        if self.path.is_dir():
            return (self.path / f"{name}.csv").is_file()
        return name in self._sheet_names()

    def table(self, name: str, required: Sequence[str], optional: Sequence[str] = (),
              multiline: Sequence[str] = ()) -> Table:
        """Read table ``name`` and check its columns and cells.

        Args:
            name: the CSV file stem / sheet name, e.g. ``"noi_dung"``.
            required: column headers that must be present (Vietnamese, with diacritics).
            optional: column headers that may be present.
            multiline: the columns whose cells may hold line breaks (Alt+Enter in
                Excel; Word's Shift+Enter character is read as a line break too).

        Returns:
            The table with rows keyed by the canonical headers given here.

        Raises:
            InputError: missing file or sheet, unreadable file, a missing column
                (with the closest header found, if any), an unknown or duplicated
                column, a value in a column without header, a line break in a
                one-line column, or a control character that cannot be printed.
        """
        location, grid = self._grid(name)
        return self._rows(location, grid, _match_columns(grid, location, list(required), list(optional)),
                          multiline)

    def names(self) -> list[str]:
        """The names of the tables the source holds: its CSV files' stems, or its sheets."""
        if self.path.is_dir():
            return sorted(path.stem for path in self.path.glob("*.csv"))
        return self._sheet_names()

    def free_table(self, name: str) -> tuple[list[str], Table]:
        """Read table ``name`` whatever its columns (a data table printed in a document).

        Returns:
            The column headers in their order (``Ghi chú`` columns left out) and the table,
            its rows keyed by those headers.

        Raises:
            InputError: as :meth:`table`; in a CSV file, also a row with fewer cells than
                the header (a missing separator would shift the cells after it).
        """
        location, grid = self._grid(name, exact=True)
        headers = [str(h) for h in grid.columns
                   if not str(h).startswith("Unnamed:") and not fold_key(str(h)).startswith(NOTE_PREFIX)]
        return headers, self._rows(location, grid, _match_columns(grid, location, headers, []), ())

    def _grid(self, name: str, exact: bool = False) -> tuple[Location, _Grid]:
        if self.path.is_dir():
            location = Location(self.path / f"{name}.csv")
            return location, _read_csv(location.file, exact)
        location = Location(self.path, sheet=name)
        return location, self._read_sheet(name, location)

    @staticmethod
    def _rows(location: Location, grid: _Grid, columns: dict[str, int], multiline: Sequence[str]) -> Table:
        unnamed = [position for position, header in enumerate(grid.columns)
                   if str(header).startswith("Unnamed:")]
        letters = {canonical: _column_letter(position) for canonical, position in columns.items()}
        rows = []
        for index, record in enumerate(grid.rows, start=2):
            for position in unnamed:
                if cell_text(record[position]):
                    cell = location.at(index, f"{_column_letter(position)} (không có tiêu đề)", _column_letter(position))
                    raise InputError(cell, "ô này có dữ liệu nhưng cột của nó chưa có tiêu đề ở dòng 1; "
                                           "hãy đặt tiêu đề cho cột (cột ghi chú thì bắt đầu bằng «Ghi chú») "
                                           "hoặc xoá dữ liệu")
            values = {canonical: cell_text(record[position])
                      for canonical, position in columns.items()}
            for column, value in values.items():
                if value and (_CONTROL.search(value) or "\n" in value):
                    _check_cell(value, column in multiline, location.at(index, column, letters[column]))
            numbers = {canonical: record[position] for canonical, position in columns.items()
                       if isinstance(record[position], (int, float)) and not isinstance(record[position], bool)}
            if any(values.values()):
                rows.append(Row(values, location.at(row=index), numbers=numbers, letters=letters))
        return Table(location, rows)

    def _sheet_names(self) -> list[str]:
        return list(self._workbook().sheetnames)

    def _workbook(self) -> Workbook:
        """The workbook, opened the first time a table of it is asked for (:func:`read_workbook`)."""
        if self._book is None:
            self._book = read_workbook(self.path)
        return self._book

    def _read_sheet(self, name: str, location: Location) -> _Grid:
        book = self._workbook()
        if name not in book.sheetnames:
            raise InputError(location, f"không có trang tính «{name}»; các trang tính hiện có: "
                             + ", ".join(f"«{s}»" for s in book.sheetnames))
        rows = book.rows(name)
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows] or [[]]
        columns = [header if header else f"Unnamed: {position}" for position, header in enumerate(rows[0])]
        return _Grid(columns, rows[1:])


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def named_source(folder: Path, name: str) -> Path:
    """The data of the document called ``name`` in ``folder``: the folder ``name/``, else the
    workbook ``name.xlsx`` (or ``.xlsm``) when there is one, else ``folder / name`` (which
    :class:`Source` then reports as missing). ``name`` may also be a workbook's full file name.
    """
    path = folder / name
    if path.exists():
        return path
    return next((folder / f"{name}{suffix}" for suffix in WORKBOOK_SUFFIXES if (folder / f"{name}{suffix}").is_file()),
                path)


@contextlib.contextmanager
def open_workbook(path: Path, data_only: bool = True) -> Iterator[Any]:
    """Open an .xlsx/.xlsm workbook for reading, the one way every table and returned file is read.

    The package is checked whole first (:func:`pipeline.common.package.check_package`); any
    failure of the parser while the workbook is open becomes the same located error.

    Args:
        path: the workbook.
        data_only: ``True`` for the values Excel saved (formulas' cached results),
            ``False`` for the formulas.

    Yields:
        An openpyxl read-only workbook (closed afterwards).

    Raises:
        InputError: at ``path``: damaged or cut-short file, two entries of one name,
            a part that is not well-formed XML, a file that is not a workbook
            (a renamed Word file, a password-protected workbook), or unreadable.
    """
    book = _load_workbook(path, path, data_only)
    try:
        with _parsing(Location(path)):
            yield book
    finally:
        book.close()


class Workbook:
    """A workbook read into memory once (no file is left open): its sheet names, and each
    sheet's cells as Excel shows them (:func:`displayed`), read the first time they are asked for.

    Args:
        path: an .xlsx/.xlsm file.

    Raises:
        InputError: as :func:`open_workbook`.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            content = self.path.read_bytes()
        except OSError as exc:
            raise InputError(Location(self.path), _UNREADABLE + f"{exc.strerror or exc}") from None
        self._book = _load_workbook(self.path, content, True)
        self.sheetnames: list[str] = list(self._book.sheetnames)
        self._rows: dict[str, list[list[Any]]] = {}

    def rows(self, name: str) -> list[list[Any]]:
        """The cells of sheet ``name`` (one of :attr:`sheetnames`), row by row, as Excel shows them;
        the lists are shared by every caller (not to be changed).

        Raises:
            InputError: at the file, a sheet the parser cannot make sense of.
        """
        if name not in self._rows:
            with _parsing(Location(self.path)):
                sheet = self._book[name]
                sheet.reset_dimensions()  # do not trust the stored used range
                self._rows[name] = [[displayed(cell) for cell in row] for row in sheet.iter_rows()]
        return self._rows[name]


@once_per_run()
def read_workbook(path: Path) -> Workbook:
    """The :class:`Workbook` at ``path``, opened once per run (:mod:`pipeline.common.once`): the
    tables of one document, and a plan's indicators read again for its reports, share one opening."""
    return Workbook(path)


_FIX = "hãy mở tệp bằng Excel và lưu lại dạng .xlsx (Excel Workbook), không đặt mật khẩu"
_UNREADABLE = "không mở được tệp (có thể tệp đang được mở trong chương trình khác): "


def _load_workbook(path: Path, source: Path | bytes, data_only: bool) -> Any:
    """``source`` (the file at ``path`` or its bytes) checked whole, then opened read-only by openpyxl.

    Raises:
        InputError: at ``path``, as :func:`open_workbook`.
    """
    location = Location(path)
    try:
        check_package(source)
    except PackageProblem as exc:
        raise InputError(location, f"không đọc được tệp Excel: {exc}; {_FIX}") from None
    except OSError as exc:
        raise InputError(location, _UNREADABLE + f"{exc.strerror or exc}") from None
    try:
        return openpyxl.load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source,
                                      read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types for a package that is not a workbook
        raise InputError(location, f"không đọc được tệp Excel: không phải bảng tính .xlsx hợp lệ (có thể là "
                         f"tệp Word đã đổi tên) ({type(exc).__name__}: {exc}); {_FIX}") from None


@contextlib.contextmanager
def _parsing(location: Location) -> Iterator[None]:
    """A failure of the parser inside (a part it reads lazily) becomes a located error."""
    try:
        yield
    except VanbanError:
        raise
    except Exception as exc:  # a part the parser cannot make sense of, read lazily
        raise InputError(location, f"không đọc được tệp Excel: nội dung bảng tính bị hỏng ({type(exc).__name__}: "
                         f"{exc}); {_FIX}") from None


_ZEROS_FORMAT = re.compile(r'"?(0+)"?')


def displayed(cell: Any) -> Any:
    """A workbook cell's value, a whole number as Excel shows it under a zeros format.

    A code kept as a number formatted ``000`` or ``00000`` (Format Cells → Custom,
    or Special → Zip Code) shows its leading zeros in Excel: ``7`` → ``"007"``. Any
    other value is returned as openpyxl gives it (dates as datetimes).
    """
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        zeros = _ZEROS_FORMAT.fullmatch((getattr(cell, "number_format", "") or "").split(";")[0])
        if zeros:
            return str(int(value)).zfill(len(zeros.group(1)))
    return value


_WRITTEN_DATE = re.compile(r"(?:.*,\s*)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_NO_YEAR = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}")
_TIME_PART = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:AM|PM|SA|CH))?$", re.IGNORECASE)
_SERIAL = re.compile(r"\d{5}(?:[.,]\d+)?")
SERIAL_MIN, SERIAL_MAX = 36526, 73050
"""Excel serial numbers accepted as dates: 01/01/2000 … 31/12/2099."""
DATE_HINT = "cần dạng ngày/tháng/năm, ví dụ 20/05/2024"


def read_date(value: Any) -> date | None:
    """A cell as a date (day first, never guessed), ``None`` when empty: the one date
    reading of every table (the plan's own, the registry, the returned files).

    Accepted: an Excel date (or date and time) cell; an Excel serial number of the
    years 2000–2099 (``45432``, a date cell whose format was lost), as a number or
    as text; text ``20/05/2024``, ``20-5-2024``, ``20.05.2024``, ``2024-05-20``
    (:func:`pipeline.common.vnformat.parse_date`), with or without a time after it, or
    ``ngày 20 tháng 5 năm 2024``.

    Raises:
        ValueError: (Vietnamese message) any other value: an impossible or
            month-first date, a date without year, a number out of range.
    """
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return parse_date(value)
    if isinstance(value, bool) or isinstance(value, (time, timedelta)):
        raise ValueError(f"ô này không phải ngày ({cell_text(value)}); {DATE_HINT}")
    if isinstance(value, (int, float)):
        return _serial_date(value, cell_text(value))
    text = " ".join(cell_text(value).split())
    if not text:
        return None
    if _SERIAL.fullmatch(text):
        return _serial_date(float(text.replace(",", ".")), text)
    written = _WRITTEN_DATE.fullmatch(fold_key(text))
    if written:
        day, month, year = (int(part) for part in written.groups())
        return _checked_date(year, month, day, text)
    if _NO_YEAR.fullmatch(text):
        raise ValueError(f"ngày «{text}» thiếu năm; {DATE_HINT}")
    return parse_date(_TIME_PART.sub("", text))


def _serial_date(number: float, text: str) -> date:
    if not SERIAL_MIN <= number < SERIAL_MAX + 1:
        raise ValueError(f"«{text}» là một số, không phải ngày (số ngày kiểu Excel chỉ nhận cho các năm "
                         f"2000–2099); {DATE_HINT}")
    return from_excel(number).date()


def _checked_date(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"ngày không hợp lệ: «{text}» (tháng {month} không tồn tại); {DATE_HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày không hợp lệ: «{text}» (tháng {month} năm {year} không có ngày {day}); "
                         f"{DATE_HINT}") from None


_CONTROL = re.compile(r"[\x00-\x08\x0c-\x1f\x7f\ufeff\ufffe\uffff\ud800-\udfff]")


def _check_cell(value: str, multiline: bool, location: Location) -> None:
    """Refuse characters a document cannot hold, and line breaks where one line is expected."""
    bad = _CONTROL.search(value)
    if bad:
        raise InputError(location, f"ô này có ký tự điều khiển không in được (mã U+{ord(bad.group()):04X}, "
                         f"sau «{value[:bad.start()][-30:]}»), thường do dán từ nơi khác; hãy gõ lại đoạn đó")
    if "\n" in value and not multiline:
        raise InputError(location, "ô này chỉ được có một dòng (không xuống dòng bằng Alt+Enter); "
                         "muốn tách đoạn thì thêm một dòng mới trong bảng")


def _column_letter(position: int) -> str:
    """Excel's letter of the column at 0-based ``position``: 0 → A, 26 → AA."""
    return get_column_letter(position + 1)


def _read_csv(path: Path, exact: bool = False) -> _Grid:
    """Read a CSV file as text (:func:`read_csv_rows`) into a grid; a column without header
    is named ``Unnamed: <position>``."""
    header, *rows = read_csv_rows(path, exact)
    columns = [name if name.strip() else f"Unnamed: {position}" for position, name in enumerate(header)]
    return _Grid(columns, rows)


def read_csv_rows(path: Path, exact: bool = False) -> list[list[str]]:
    """Read a CSV file as rows of text exactly as typed: UTF-8 with or without BOM,
    ``,`` ``;`` or tab delimited.

    Records are numbered as Excel shows them: a blank line is an (empty) row, so
    row numbers in errors stay right. A row with more cells than the header
    (typically an unquoted ``,`` inside a cell) is an error, never shifted data; with
    ``exact``, so is a row with fewer cells (a blank line excepted). A cell
    the tool wrote with a leading ``'`` so that Excel keeps it text (``'=…``, ``'- …``)
    is read without it (:func:`pipeline.common.spreadsheet.csv_text`). Cells are not
    normalised (see :func:`normalise_text`).

    Returns:
        The header row, then one list per record, every one as long as the header
        (a short record is padded with "").

    Raises:
        InputError: missing file, UTF-16 or binary file, not UTF-8, a damaged
            record, no header, or a record longer than the header.
    """
    location = Location(path)
    if not path.is_file():
        raise InputError(location, "thiếu tệp này trong thư mục dữ liệu")
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(location, "tệp CSV ở bảng mã UTF-16 («Unicode Text» của Excel); "
                         "hãy lưu lại từ Excel dạng «CSV UTF-8 (Comma delimited)»")
    if raw.startswith(b"PK\x03\x04") or b"\x00" in raw[:4096]:
        raise InputError(location, "không phải tệp CSV (tệp nhị phân, có thể là Excel hay Word đã đổi tên); "
                         "hãy lưu lại từ Excel dạng «CSV UTF-8»")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1  # exc.start counts after the BOM
        raise InputError(location.at(row=line), "tệp CSV không ở bảng mã UTF-8; "
                         "hãy lưu lại từ Excel dạng «CSV UTF-8 (Comma delimited)»") from None
    header = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=header.count)
    if not header.count(delimiter):
        # A one-column table: no character of a row separates cells, whichever
        # delimiter the file was saved with (commas in «Các Sở, ban, ngành» stay text).
        delimiter = "\x1f"
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long cells are text, not an error
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise InputError(location.at(row=reader.line_num), f"tệp CSV bị hỏng ({exc})") from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise InputError(location.at(row=1), "tệp CSV rỗng hoặc dòng 1 không có tiêu đề cột")
    width = len(records[0])
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in record[width:]):
            raise InputError(location.at(row=number),
                             f"dòng này có {len(record)} ô nhưng dòng tiêu đề chỉ có {width} cột; "
                             f"ô nào có dấu «{delimiter}» thì cả ô phải đặt trong ngoặc kép \"…\"")
        if exact and 0 < len(record) < width:
            raise InputError(location.at(row=number),
                             f"dòng này chỉ có {len(record)} ô nhưng dòng tiêu đề có {width} cột; thiếu dấu "
                             f"«{delimiter}» nên các ô sau sẽ lệch cột: hãy mở bằng Excel và lưu lại")
        rows.append([csv_text(cell) for cell in record[:width]] + [""] * (width - len(record)))
    return [records[0], *rows]


def _match_columns(grid: _Grid, location: Location, required: list[str],
                   optional: list[str]) -> dict[str, int]:
    """Map each expected header to its column position; reject missing and unknown headers."""
    found: dict[str, int] = {}
    for position, header in enumerate(grid.columns):
        key = fold_key(str(header))
        if str(header).startswith("Unnamed:") or key.startswith(NOTE_PREFIX):
            continue
        if key in found:
            raise InputError(location.at(1, str(header), _column_letter(position)),
                             f"cột «{header}» có hai lần ở dòng tiêu đề; xoá hoặc đổi tên một cột")
        found[key] = position
    expected = {fold_key(header): header for header in required + optional}
    unknown = [header for header in grid.columns
               if not str(header).startswith("Unnamed:")
               and fold_key(str(header)) not in expected
               and not fold_key(str(header)).startswith(NOTE_PREFIX)]
    for header in required:
        if fold_key(header) not in found:
            typed = {fold_key(str(u)): str(u) for u in unknown}
            close = difflib.get_close_matches(fold_key(header), list(typed), n=1)
            hint = f" (có cột «{typed[close[0]]}», có phải bị đổi tên?)" if close else ""
            raise InputError(location.at(row=1, column=header),
                             f"thiếu cột «{header}»{hint}; các cột cần có: "
                             + ", ".join(f"«{h}»" for h in required))
    if unknown:
        header = str(unknown[0])
        letter = _column_letter(grid.columns.index(unknown[0]))
        close = difflib.get_close_matches(fold_key(header), list(expected), n=1)
        hint = f"; có phải là «{expected[close[0]]}»?" if close else ""
        raise InputError(location.at(1, header, letter),
                         f"cột «{header}» không thuộc bảng này{hint} "
                         f"(cột ghi chú riêng thì đặt tên bắt đầu bằng «Ghi chú»)")
    return {expected[key]: position for key, position in found.items() if key in expected}
