"""Reading the units' results reports (báo cáo kết quả) from a folder, as clerks receive them.

The plan is sent to dozens of units; each unit fills in the response form and sends
it back by e-mail or on the document system. The clerk saves every file it receives
into one folder, and :func:`read_responses` reads that folder:

* ``.xlsx`` / ``.xlsm`` workbooks (every sheet; cached values of formulas) and
  ``.csv`` files (``,`` ``;`` or tab; UTF-8 with or without BOM, UTF-16 with BOM,
  or Windows-1258 as legacy Vietnamese Windows saves it);
* one unit's row per file, or a combined sheet with many units' rows;
* the form's columns in any order, with extra columns, under headers typed a little
  differently (``Mã ĐV``, ``Đơn vị``, ``Ngày báo cáo``, an indicator without its
  ``(unit)`` …), below title rows, or over two header rows;
* dates and numbers typed as text in the ways people type them.

The expected form (:func:`form_headers`): ``Mã đơn vị``, ``Tên đơn vị``, one column per
indicator headed :attr:`Indicator.header`, ``Điểm nổi bật``, ``Ngày gửi``, ``Người liên hệ``.

Nothing is dropped or guessed silently: every value that cannot be read exactly is a
problem located at file, sheet, row and column (as written in the file), and all
problems of all files are raised together as one :class:`ResponseErrors`. What was
done that the clerk should know about (a legacy encoding, a skipped sheet or total
row, a unit that sent twice) is returned as :attr:`ResponseSet.notes`.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

import codecs
import csv
import difflib
import io
import itertools
import math
import re
import stat
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence


from pipeline.errors import InputError, Location, VanbanError
from pipeline.indicators import Indicator
from pipeline.inputs import cell_text, fold_key, open_workbook, read_date
from pipeline.registry import Registry, Unit
from pipeline.vnformat import format_number

CODE_HEADER = "Mã đơn vị"
NAME_HEADER = "Tên đơn vị"
HIGHLIGHTS_HEADER = "Điểm nổi bật"
SENT_HEADER = "Ngày gửi"
CONTACT_HEADER = "Người liên hệ"

HEADER_SEARCH_ROWS = 10
"""The header row is looked for within this many rows at the top of a sheet."""

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIX = ".csv"
IGNORED_NAMES = ("thumbs.db", "desktop.ini")
"""Files Windows puts in folders by itself (hidden there, visible once copied elsewhere)."""

# Field identifiers of the fixed columns; indicator columns use the indicator code
# (ASCII letters first), so the two can never collide.
_CODE, _NAME, _SENT, _HIGHLIGHTS, _CONTACT = "@code", "@name", "@sent", "@highlights", "@contact"

_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # field: (header of the form, other headers accepted for it)
    _CODE: (CODE_HEADER, ("Mã ĐV", "Mã", "Mã số", "Mã số đơn vị", "Mã đơn vị báo cáo")),
    _NAME: (NAME_HEADER, ("Tên ĐV", "Đơn vị", "Tên", "Đơn vị báo cáo", "Tên đơn vị báo cáo",
                          "Cơ quan, đơn vị", "Tên cơ quan, đơn vị")),
    _SENT: (SENT_HEADER, ("Ngày báo cáo", "Ngày gửi báo cáo")),
    _HIGHLIGHTS: (HIGHLIGHTS_HEADER, ("Những điểm nổi bật", "Các điểm nổi bật", "Nổi bật",
                                      "Kết quả nổi bật")),
    _CONTACT: (CONTACT_HEADER, ("Người liên lạc", "Cán bộ liên hệ")),
}

_TOTAL_WORDS = ("tổng", "tổng cộng", "cộng", "tổng số", "tổng hợp", "tổng cộng chung", "tổng số chung",
                "toàn tỉnh", "tổng toàn tỉnh")
"""A row named like this (with no unit code) is a total row of a combined sheet."""

_NUMBER_HINT = "cần một số không âm, ví dụ 5, 1.200 hoặc 2,5 (để trống hoặc ghi «-» nếu không có)"


# --------------------------------------------------------------------------- results


@dataclass
class Response:
    """One unit's results report: one row of a returned form.

    Attributes:
        unit: the registry unit the row was matched to (by code, else by name).
        sent: ``Ngày gửi``; ``None`` when the unit left it empty (or the column is absent).
        values: indicator code -> number, one entry per indicator (an empty cell is 0);
            an ``int`` when whole, else an exact ``Decimal`` (never a float).
        highlights: ``Điểm nổi bật``, "" if none (line breaks kept).
        contact: ``Người liên hệ``, "" if none.
        location: file, sheet (workbooks) and Excel row number of the unit's row.
    """

    unit: Unit
    sent: date | None
    values: dict[str, int | Decimal]
    highlights: str
    contact: str
    location: Location


@dataclass
class ResponseSet:
    """Everything read from a folder of returned forms.

    Attributes:
        responses: one per unit, the latest submission, in registry order.
        superseded: ``(older, newer)`` for every submission replaced by a later one of
            the same unit (``newer`` is the one kept in ``responses``).
        notes: Vietnamese notes for the clerk, in reading order (legacy encodings,
            skipped sheets and rows, units that sent twice …).
    """

    responses: list[Response]
    superseded: list[tuple[Response, Response]]
    notes: list[str]


class ResponseErrors(VanbanError):
    """All problems found in a folder of returned forms, not just the first.

    Args:
        problems: the problems, in reading order (files by name, then sheets, rows, columns).
        notes: the notes gathered while reading (they often explain a problem, e.g.
            the encoding a CSV file was read with).

    ``str()`` lists the problems one per line (``tệp …, dòng 4, cột «…»: …``).
    """

    def __init__(self, problems: list[InputError], notes: list[str] | None = None):
        self.problems = list(problems)
        self.notes = list(notes or [])
        super().__init__("\n".join(str(problem) for problem in self.problems))


def form_headers(indicators: Sequence[Indicator]) -> list[str]:
    """The column headers of the response form, in the order the tool sends them.

    Args:
        indicators: the plan's indicators (:func:`pipeline.indicators.load_indicators`).

    Returns:
        ``["Mã đơn vị", "Tên đơn vị", <Indicator.header …>, "Điểm nổi bật", "Ngày gửi",
        "Người liên hệ"]``.
    """
    return [CODE_HEADER, NAME_HEADER, *(i.header for i in indicators),
            HIGHLIGHTS_HEADER, SENT_HEADER, CONTACT_HEADER]


def read_responses(folder: Path, indicators: list[Indicator], registry: Registry) -> ResponseSet:
    """Read every returned form in ``folder``.

    Args:
        folder: the folder the clerk saved the returned files in. Read: ``.xlsx``,
            ``.xlsm`` (every sheet whose first 10 rows hold a recognisable header;
            other sheets are skipped with a note) and ``.csv``. Ignored: Office lock
            files ``~$…``, hidden files, ``Thumbs.db``/``desktop.ini``, ``README*``,
            ``*.md`` and ``*.txt``. Any other file (``.xls``, ``.pdf``, ``.docx`` …)
            or a subfolder is a problem.
        indicators: the plan's indicators, in table order; every one must have a column.
        registry: the unit registry; rows are matched to its units by code (exact,
            then digit strings compared as integers: ``4`` is ``00004``), else by full
            or short name (NFC, case, spaces and tone-mark position ignored).

    Returns:
        The responses, one per unit in registry order (latest ``Ngày gửi`` wins; if
        equal or missing, the one read later: files by name, then sheets, then rows),
        the superseded submissions and the notes (legacy encoding, skipped sheets,
        total and column-numbering rows, a code read by name, units that sent twice).

    Raises:
        ResponseErrors: at least one problem in any file (each an :class:`InputError`
            naming file, sheet, row and column): missing folder, no file, unsupported
            or unreadable file, no usable sheet, missing columns, a value that is not a
            number or a valid day-first date, an unknown or contradictory unit, a row
            with data but no unit.
    """
    return _Reader(indicators, registry).read(Path(folder))


# --------------------------------------------------------------------------- text keys

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """Comparison key of a header or unit name.

    :func:`fold_key` (NFC, case-folded, single spaces), with the spacing around
    ``,`` ``;`` ``:`` and parentheses made regular, a trailing ``:`` or ``*`` removed,
    and the tone mark of each syllable moved to its end, so that the old and new
    tone placements (``hóa``/``hoá``, ``thủy``/``thuỷ``) give the same key.
    """
    key = fold_key(text)
    key = re.sub(r"\s*([,;:])\s*", r"\1 ", key)
    key = re.sub(r"\s*\(\s*", " (", key)
    key = re.sub(r"\s*\)", ")", key)
    key = " ".join(key.split()).strip(" :*")
    return _WORD.sub(_tone_last, key)


def _tone_last(match: re.Match) -> str:
    letters = unicodedata.normalize("NFD", match.group())
    tones = "".join(c for c in letters if c in _TONE_MARKS)
    if not tones:
        return match.group()
    return "".join(c for c in letters if c not in _TONE_MARKS) + tones


_TOTAL_KEYS = frozenset(_key(word) for word in _TOTAL_WORDS)


def _strip_unit(key: str) -> str:
    """``key`` without a trailing ``(…)`` part: ``số hội thảo (cuộc)`` → ``số hội thảo``."""
    return re.sub(r"\s*\([^()]*\)$", "", key)


def _one_line(text: str) -> str:
    """A header or name as written, on one line with single spaces."""
    return " ".join(text.split())


def _column_letter(position: int) -> str:
    """Excel's letter of the column at 0-based ``position``: 0 → A, 26 → AA."""
    return get_column_letter(position + 1)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _preview(row: Sequence[Any], limit: int = 3) -> str:
    """The first non-empty cells of a row, for a message: «A»; «B»."""
    texts = [_one_line(cell_text(v)) for v in row if not _is_blank(v)]
    shown = "; ".join(f"«{t[:40]}»" for t in texts[:limit])
    return shown + ("; …" if len(texts) > limit else "")


# --------------------------------------------------------------------------- the form


class _Form:
    """Matches header cells to the form's fields (fixed columns and indicators)."""

    def __init__(self, indicators: Sequence[Indicator]):
        self.indicators = list(indicators)
        self.expected: dict[str, str] = {f: header for f, (header, _) in _FIELDS.items()}
        self.exact: dict[str, tuple[str, int]] = {}
        for name, (header, variants) in _FIELDS.items():
            self.exact[_key(header)] = (name, 4)
            for variant in variants:
                self.exact.setdefault(_key(variant), (name, 3))
        for indicator in self.indicators:
            self.expected[indicator.code] = indicator.header
            self.exact[_key(indicator.header)] = (indicator.code, 4)
            self.exact.setdefault(_key(indicator.name), (indicator.code, 3))
        # Longest names first: a header containing two names is the longer one's.
        self.names = sorted(((_key(i.name), i.code) for i in self.indicators), key=lambda p: -len(p[0]))

    def match(self, text: str) -> tuple[str, int] | None:
        """``(field, quality)`` of a header cell, or ``None``.

        Quality: 4 the form's own header; 3 an accepted variant or an indicator name
        without its unit; 2 the same with some other ``(…)`` at the end; 1 an
        indicator name contained in a longer header.
        """
        key = _key(text)
        if not key:
            return None
        hit = self.exact.get(key)
        if hit:
            return hit
        stripped = _strip_unit(key)
        if stripped != key and stripped in self.exact:
            return self.exact[stripped][0], 2
        for name, code in self.names:
            if name in key:
                return code, 1
        return None


@dataclass
class _Header:
    """Where a sheet's header is and which column holds which field."""

    row: int                                  # 0-based index of the (first) header row
    span: int                                 # 1 or 2 header rows
    columns: dict[str, tuple[int, str]]       # field -> (0-based column, header as written)
    duplicates: list[tuple[str, list[tuple[int, str]]]]  # field -> columns read as it
    quality: int

    @property
    def score(self) -> tuple:
        fields = len(self.columns) + len(self.duplicates)
        return (fields, self.quality, -self.span, -self.row)

    @property
    def excel_row(self) -> int:
        """Excel number of the (last) header row."""
        return self.row + self.span


def _find_header(rows: Sequence[Sequence[Any]], form: _Form) -> _Header | None:
    """The best header within the first rows, one row or two rows combined.

    A header is recognised when it holds at least one indicator column and one other
    field. Two rows are combined (``Ngày`` / ``gửi``, a merged ``Kết quả thực hiện``
    above the indicator names) only when that recognises more than either row alone.
    """
    best: _Header | None = None
    for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
        for span in (1, 2):
            if index + span > len(rows):
                continue
            header = _header_at(rows, index, span, form)
            if header and span == 2:
                # Two rows only when the upper one adds something to the lower one alone.
                lower = _header_at(rows, index + 1, 1, form)
                if lower and lower.score[:2] >= header.score[:2]:
                    continue
            if header and (best is None or header.score > best.score):
                best = header
    return best


def _header_at(rows: Sequence[Sequence[Any]], index: int, span: int, form: _Form) -> _Header | None:
    top = rows[index]
    bottom = rows[index + 1] if span == 2 else ()
    found: dict[str, list[tuple[int, int, str]]] = {}
    for column in range(max(len(top), len(bottom))):
        upper = _one_line(cell_text(top[column])) if column < len(top) else ""
        lower = _one_line(cell_text(bottom[column])) if column < len(bottom) else ""
        if span == 1:
            options = [upper]
        else:
            options = [f"{upper} {lower}" if upper and lower else upper or lower, lower, upper]
        best: tuple[int, str, str] | None = None
        for text in options:
            hit = form.match(text) if text else None
            if hit and (best is None or hit[1] > best[0]):
                best = (hit[1], hit[0], text)
        if best:
            found.setdefault(best[1], []).append((best[0], column, best[2]))
    if not any(name in found for name in (i.code for i in form.indicators)) or len(found) < 2:
        return None
    columns: dict[str, tuple[int, str]] = {}
    duplicates = []
    quality = 0
    for name, hits in found.items():
        top_quality = max(q for q, _, _ in hits)
        quality += top_quality
        best_hits = [(column, text) for q, column, text in hits if q == top_quality]
        if len(best_hits) > 1:
            duplicates.append((name, best_hits))
        else:
            columns[name] = best_hits[0]
    return _Header(index, span, columns, duplicates, quality)


def _is_numbering_row(row: Sequence[Any], columns: int) -> bool:
    """A row numbering the columns under the header, as official forms do: ``(1) (2) (3) …``,
    ``1 2 3 …`` or ``A B C 1 2 …`` (letters for text columns, then numbers), at least one
    label for each of the ``columns`` recognised columns."""
    labels = []
    for value in row:
        if _is_blank(value):
            continue
        match = re.fullmatch(r"\(?(\d{1,3}|[A-Z])\)?", cell_text(value))
        if not match:
            return False
        labels.append(match.group(1))
    letters = list(itertools.takewhile(str.isalpha, labels))
    numbers = labels[len(letters):]
    return (len(labels) >= max(3, columns)
            and letters == [chr(ord("A") + i) for i in range(len(letters))]
            and numbers == [str(n) for n in range(1, len(numbers) + 1)])


# --------------------------------------------------------------------------- tables


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
    (read through :func:`pipeline.inputs.open_workbook`: a damaged file is a problem
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


# --------------------------------------------------------------------------- values


_NUMBER = re.compile(r"(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?(?:\s*(?P<word>[^\W\d_][^\d]*))?")
_DASHES = ("-", "–", "—")


def _number(value: Any, indicator: Indicator) -> int | Decimal:
    """A cell of an indicator column as an exact number; empty or ``-`` is 0.

    Returns:
        An ``int`` for a whole number, else a ``Decimal`` (``2,5``): never a float,
        so that sums are exact (the aggregation refuses what is not whole).

    Raises:
        ValueError: (Vietnamese message) anything else than one non-negative number,
            optionally followed by the indicator's unit word, or a number above the
            indicator's ``Tối đa`` (:attr:`Indicator.maximum`).
    """
    if value is None:
        return 0
    if isinstance(value, bool):
        raise ValueError(f"ô này là giá trị đúng/sai ({value}), không phải số; {_NUMBER_HINT}")
    if isinstance(value, (int, float)):
        if value != value:  # NaN
            return 0
        if value < 0:
            raise ValueError(f"không được ghi số âm («{cell_text(value)}»); {_NUMBER_HINT}")
        return _bounded(value if isinstance(value, int) or not math.isfinite(value) else Decimal(repr(value)),
                        cell_text(value), indicator)
    if isinstance(value, (date, datetime)):
        raise ValueError(f"ô này là ngày tháng ({cell_text(value)}), không phải số (có thể Excel đã tự đổi "
                         f"số gõ vào thành ngày: hãy định dạng ô là Number rồi gõ lại); {_NUMBER_HINT}")
    text = _one_line(cell_text(value))
    if not text or text in _DASHES:
        return 0
    if text.startswith("#"):
        raise ValueError(f"ô có lỗi công thức «{text}»; hãy sửa công thức hoặc ghi số; {_NUMBER_HINT}")
    match = _NUMBER.fullmatch(text)
    if not match:
        if re.match(r"[-−–]\s*\d", text):
            raise ValueError(f"không được ghi số âm («{text}»); {_NUMBER_HINT}")
        if re.fullmatch(r"\d+(?:\.\d+)+(?:,\d+)?", text):
            raise ValueError(f"«{text}»: dấu chấm chỉ dùng để phân cách hàng nghìn (1.200), số thập phân "
                             f"viết bằng dấu phẩy (2,5); {_NUMBER_HINT}")
        if any(c.isdigit() for c in text):
            raise ValueError(f"«{text}» không phải một số cụ thể; {_NUMBER_HINT}")
        raise ValueError(f"«{text}» không phải là số; {_NUMBER_HINT}")
    whole, fraction, word = match.group("int"), match.group("frac"), match.group("word")
    if fraction is not None and len(fraction) == 3 and "." not in whole and whole.lstrip("0"):
        decimal = f"{whole},{fraction.rstrip('0') or '0'}"
        raise ValueError(f"«{text}» không rõ là {decimal} hay {whole}.{fraction}: dấu phẩy là dấu "
                         f"thập phân, dấu chấm phân cách hàng nghìn; hãy ghi lại cho rõ; {_NUMBER_HINT}")
    if word and not _is_unit_word(word, indicator):
        raise ValueError(f"«{text}»: sau số chỉ được ghi đơn vị tính «{indicator.unit}» của chỉ tiêu này; "
                         f"{_NUMBER_HINT}")
    digits = whole.replace(".", "")
    return _bounded(Decimal(f"{digits}.{fraction}") if fraction else int(digits), text, indicator)


def _bounded(number: int | float | Decimal, text: str, indicator: Indicator) -> int | Decimal:
    """``number`` as an int when whole (else as it is), refused above the indicator's ``Tối đa``."""
    if number > indicator.maximum:
        raise ValueError(f"«{text}» lớn hơn mức tối đa {format_number(indicator.maximum)} {indicator.unit} một đơn "
                         f"vị có thể báo cáo cho chỉ tiêu này (cột «Tối đa» của bảng chi_tieu); có phải gõ nhầm?")
    return int(number) if number == int(number) else number


def _is_unit_word(word: str, indicator: Indicator) -> bool:
    """Whether ``word`` after a number names what the indicator counts: its unit
    (``bài``) or a word of its name (``tin bài`` in ``Số bài viết, tin bài, phóng sự``)."""
    key = _key(word)
    if key == _key(indicator.unit):
        return True
    return re.search(rf"(?:^|[\s,;(]){re.escape(key)}(?:$|[\s,;)])", _key(indicator.name)) is not None


# --------------------------------------------------------------------------- reading


class _Reader:
    """One reading of a folder: collects submissions, problems and notes."""

    def __init__(self, indicators: Sequence[Indicator], registry: Registry):
        self.form = _Form(indicators)
        self.indicators = list(indicators)
        self.registry = registry
        self.problems: list[InputError] = []
        self.notes: list[str] = []
        self.submissions: list[Response] = []  # in reading order: files by name, sheets, rows
        self.by_folded_code: dict[str, list[Unit]] = {}
        self.by_number: dict[int, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in registry.units.values():
            self.by_folded_code.setdefault(fold_key(unit.code), []).append(unit)
            if re.fullmatch(r"[0-9]+", unit.code):
                self.by_number.setdefault(int(unit.code), []).append(unit)
            for name in {_key(unit.full_name), _key(unit.short_name)}:
                self.by_name.setdefault(name, []).append(unit)

    # ---- folder and files

    def read(self, folder: Path) -> ResponseSet:
        if not folder.is_dir():
            what = "đây là một tệp, không phải thư mục" if folder.exists() else "không tìm thấy thư mục này"
            raise ResponseErrors([InputError(Location(folder), f"{what}; cần thư mục chứa các tệp báo cáo "
                                             "kết quả các đơn vị gửi về")])
        files = []
        for path in sorted(folder.iterdir(), key=lambda p: (p.name.casefold(), p.name)):
            name = path.name
            if name.startswith("~$"):
                opened = folder / name[2:]
                what = f"tệp {opened}" if opened.is_file() else "một tệp trong thư mục"
                self.notes.append(f"bỏ qua tệp khoá {path}: {what} có thể đang được mở trong Excel; hãy lưu "
                                  "và đóng tệp trước khi tổng hợp để đọc được số liệu mới nhất")
                continue
            if _is_hidden(path) or name.casefold() in IGNORED_NAMES:
                continue
            if path.is_dir():
                self.problems.append(InputError(Location(path), "thư mục con không được đọc; các tệp báo cáo phải "
                                                f"nằm ngay trong thư mục {folder}; hãy chuyển các tệp cần tổng "
                                                "hợp ra ngoài, hoặc chuyển thư mục con đi nơi khác"))
                continue
            suffix = path.suffix.lower()
            if name.casefold().startswith("readme") or suffix in (".md", ".txt"):
                continue
            files.append(path)
        if not files and not self.problems:
            self.problems.append(InputError(Location(folder), "thư mục không có tệp báo cáo nào (.xlsx, .xlsm "
                                            "hoặc .csv)"))
        for path in files:
            try:
                self._read_file(path)
            except _FileProblem as exc:
                self.problems.append(exc.problem)
            except OSError as exc:
                self.problems.append(InputError(Location(path), "không mở được tệp (có thể tệp đang được mở "
                                                f"trong chương trình khác): {exc.strerror or exc}"))
        if self.problems:
            raise ResponseErrors(self.problems, self.notes)
        return self._resolve()

    def _read_file(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix in WORKBOOK_SUFFIXES:
            tables = _read_workbook(path)
        elif suffix == CSV_SUFFIX:
            tables = [_read_csv(path, self.form)]
            if tables[0].legacy_encoding:
                self.notes.append(f"tệp {path} đọc theo bảng mã Windows-1258")
        else:
            raise _FileProblem(InputError(Location(path), _unsupported(suffix)))
        headers = [(table, _find_header(table.rows, self.form)) for table in tables]
        usable = [(table, header) for table, header in headers if header]
        if not usable:
            raise _FileProblem(InputError(Location(path), self._no_header_message(tables)))
        rows_read = 0
        for table, header in headers:
            if header is None:
                self.notes.append(f"{table.location}: không có dòng tiêu đề của mẫu báo cáo trong "
                                  f"{HEADER_SEARCH_ROWS} dòng đầu nên không đọc trang tính này")
                continue
            count = self._read_table(table, header)
            if count == 0 and len(usable) > 1:
                self.notes.append(f"{table.location}: có dòng tiêu đề nhưng không có dòng số liệu nào")
            rows_read += count
        if rows_read == 0:
            raise _FileProblem(InputError(Location(path), "tệp có dòng tiêu đề nhưng không có dòng số liệu "
                                          "nào của đơn vị (mẫu còn trống); đề nghị đơn vị điền số liệu và "
                                          "gửi lại"))

    def _no_header_message(self, tables: list[_Table]) -> str:
        example = self.indicators[0].header if self.indicators else ""
        where = f"{HEADER_SEARCH_ROWS} dòng đầu"
        if tables and tables[0].location.sheet is not None:
            where += " của trang tính nào (" + ", ".join(f"«{t.location.sheet}»" for t in tables) + ")"
        message = (f"không tìm thấy dòng tiêu đề của mẫu báo cáo trong {where}; cần một dòng có cột "
                   f"«{CODE_HEADER}» hoặc «{NAME_HEADER}» và các cột chỉ tiêu như «{example}»")
        if any(t.legacy_encoding for t in tables):
            message += (" (tệp được đọc theo bảng mã Windows-1258; nếu chữ tiếng Việt trong tệp bị lỗi phông "
                        "thì hãy lưu lại từ Excel dạng «CSV UTF-8 (Comma delimited)»)")
        return message

    # ---- one table

    def _read_table(self, table: _Table, header: _Header) -> int:
        """Read the rows below ``header``; returns how many unit rows it found."""
        loc = table.location
        header_loc = loc.at(row=header.excel_row)
        columns = header.columns
        usable = True
        for name, hits in header.duplicates:
            texts = " và ".join(f"«{text}» (cột {_column_letter(column)})" for column, text in hits)
            self.problems.append(InputError(header_loc.at(column=hits[-1][1]),
                                            f"các cột {texts} đều được hiểu là cột «{self.form.expected[name]}»; "
                                            "hãy xoá hoặc đổi tên cho chỉ còn một cột"))
            usable = False
        duplicated = {name for name, _ in header.duplicates}
        if not {_CODE, _NAME} & (set(columns) | duplicated):
            self.problems.append(InputError(header_loc, f"dòng tiêu đề không có cột «{CODE_HEADER}» hay "
                                            f"«{NAME_HEADER}»; cần ít nhất một trong hai cột để biết số liệu "
                                            "là của đơn vị nào"))
            return sum(1 for row in table.rows[header.excel_row:] if not all(_is_blank(v) for v in row))
        unmatched = self._unmatched_headers(table, header)
        for indicator in self.indicators:
            if indicator.code not in columns and indicator.code not in duplicated:
                close = difflib.get_close_matches(_key(indicator.header), list(unmatched), n=1, cutoff=0.6)
                hint = f" (có cột «{unmatched[close[0]]}», có phải là cột này?)" if close else ""
                self.problems.append(InputError(
                    header_loc.at(column=indicator.header),
                    f"thiếu cột «{indicator.header}»{hint}; nếu đơn vị không có số liệu thì vẫn giữ cột "
                    "và để trống hoặc ghi 0"))
                usable = False
        start = header.row + header.span
        if start < len(table.rows) and _is_numbering_row(table.rows[start], len(columns)):
            self.notes.append(f"{loc.at(row=start + 1)}: bỏ qua dòng đánh số cột ({_preview(table.rows[start])})")
            start += 1
        count = 0
        for index in range(start, len(table.rows)):
            row = table.rows[index]
            if all(_is_blank(value) for value in row):
                continue
            count += 1
            self._read_row(table, index, columns, usable)
        return count

    def _unmatched_headers(self, table: _Table, header: _Header) -> dict[str, str]:
        used = {column for column, _ in header.columns.values()}
        texts = {}
        for r in range(header.row, header.row + header.span):
            for column, value in enumerate(table.rows[r]):
                text = _one_line(cell_text(value))
                if text and column not in used:
                    texts[_key(text)] = text
        return texts

    def _cell(self, table: _Table, index: int, columns: dict[str, tuple[int, str]], name: str) -> Any:
        """The raw cell of field ``name`` in row ``index`` (None when the column is absent).

        Raises:
            ValueError: a formula cell saved without its calculated value.
        """
        if name not in columns:
            return None
        column = columns[name][0]
        row = table.rows[index]
        value = row[column] if column < len(row) else None
        if value is None and (index, column) in table.uncalculated:
            raise ValueError("ô có công thức nhưng tệp không lưu kết quả tính (tệp không được lưu bằng Excel); "
                             "hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại")
        return value

    def _read_row(self, table: _Table, index: int, columns: dict[str, tuple[int, str]], usable: bool) -> None:
        row_loc = table.location.at(row=index + 1)
        before = len(self.problems)

        def cell(name: str, convert=lambda v: v) -> Any:
            try:
                return convert(self._cell(table, index, columns, name))
            except ValueError as exc:
                self.problems.append(InputError(row_loc.at(column=columns[name][1]), str(exc)))
                return None

        code = _one_line(cell_text(cell(_CODE))).lstrip("'‘’`").strip()
        name = _one_line(cell_text(cell(_NAME)))
        if not code and (_key(name) in _TOTAL_KEYS or not name and self._is_total(table.rows[index])):
            self.notes.append(f"{row_loc}: bỏ qua dòng tổng cộng ({_preview(table.rows[index])})")
            return
        if not code and not name:
            if len(self.problems) == before:
                column = columns.get(_CODE, columns.get(_NAME))
                self.problems.append(InputError(
                    row_loc.at(column=column[1]) if column else row_loc,
                    f"dòng này có dữ liệu ({_preview(table.rows[index])}) nhưng không có mã đơn vị hay tên đơn "
                    "vị; hãy ghi mã đơn vị theo danh bạ (hoặc tên đơn vị), hoặc xoá dòng nếu không phải số liệu "
                    "của đơn vị nào"))
            return
        sent = cell(_SENT, read_date) if _SENT in columns else None
        unit = self._identify(code, name, sent, row_loc, columns)
        values: dict[str, int | Decimal] = {}
        for indicator in self.indicators:
            if indicator.code in columns:
                number = cell(indicator.code, lambda v, i=indicator: _number(v, i))
                if number is not None:
                    values[indicator.code] = number
        highlights = cell_text(cell(_HIGHLIGHTS)) if _HIGHLIGHTS in columns else ""
        contact = _one_line(cell_text(cell(_CONTACT))) if _CONTACT in columns else ""
        if usable and unit is not None and len(self.problems) == before:
            self.submissions.append(Response(unit, sent, values, highlights, contact, row_loc))

    @staticmethod
    def _is_total(row: Sequence[Any]) -> bool:
        """Whether the first text of a row without unit says it is a total (``Tổng cộng``)."""
        for value in row:
            if not _is_blank(value):
                return _key(cell_text(value)) in _TOTAL_KEYS
        return False

    # ---- units

    def _identify(self, code: str, name: str, sent: date | None, row_loc: Location,
                  columns: dict[str, tuple[int, str]]) -> Unit | None:
        """The registry unit of a row: by code first, else by name; problems appended."""
        code_loc = row_loc.at(column=columns[_CODE][1]) if _CODE in columns else row_loc
        name_loc = row_loc.at(column=columns[_NAME][1]) if _NAME in columns else row_loc
        by_code: list[Unit] = []
        if code:
            if code in self.registry.units:
                by_code = [self.registry.units[code]]
            else:
                by_code = self.by_folded_code.get(fold_key(code), [])
                if not by_code and re.fullmatch(r"[0-9]+", code):
                    by_code = self.by_number.get(int(code), [])
            if len(by_code) > 1:
                self.problems.append(InputError(code_loc, f"mã «{code}» có thể là của nhiều đơn vị ("
                                                + ", ".join(u.code for u in by_code) + "); hãy ghi đủ mã như "
                                                "trong danh bạ, kể cả các số 0 ở đầu"))
                return None
        by_name: list[Unit] = []
        if name:
            by_name = self.by_name.get(_key(name), [])
            if len(by_name) > 1 and sent is not None:
                valid = [u for u in by_name if u.valid_on(sent)]
                by_name = valid if len(valid) == 1 else by_name
        if by_code:
            unit = by_code[0]
            if by_name and unit not in by_name:
                other = by_name[0]
                self.problems.append(InputError(code_loc, f"mã «{code}» là của «{unit.full_name}» nhưng tên "
                                                f"«{name}» là của «{other.full_name}» (mã {other.code}); hãy sửa "
                                                "mã hoặc tên cho cùng một đơn vị"))
                return None
            return unit
        if len(by_name) > 1:
            self.problems.append(InputError(name_loc, f"tên «{name}» là của nhiều đơn vị ("
                                            + ", ".join(u.code for u in by_name) + "); hãy ghi mã đơn vị"))
            return None
        if by_name:
            unit = by_name[0]
            if code:
                self.notes.append(f"{code_loc}: mã «{code}» không có trong danh bạ đơn vị; đã nhận theo tên "
                                  f"«{name}» là đơn vị {unit.code} ({unit.short_name})")
            return unit
        typed = " hay ".join(part for part in (f"mã «{code}»" if code else "", f"tên «{name}»" if name else "")
                             if part)
        suggestion = (self.registry.suggest(name) if name else "") or (self.registry.suggest(code) if code else "")
        self.problems.append(InputError(code_loc if code else name_loc,
                                        f"không tìm thấy đơn vị có {typed} trong danh bạ đơn vị{suggestion}"))
        return None

    # ---- duplicates

    def _resolve(self) -> ResponseSet:
        """Keep one submission per unit: later ``Ngày gửi``; if equal or missing, later in reading order."""
        kept: dict[str, Response] = {}
        older: dict[str, list[Response]] = {}
        for new in self.submissions:
            code = new.unit.code
            current = kept.get(code)
            if current is None:
                kept[code] = new
                continue
            if current.sent == new.sent and (current.values, current.highlights) != (new.values, new.highlights):
                self.problems.append(InputError(new.location, f"đơn vị {new.unit.short_name} gửi hai bản khác "
                                                f"nhau cùng {_sent_text(new.sent)} (bản kia ở {current.location}); "
                                                "không biết bản nào mới hơn: hãy bỏ bản cũ khỏi thư mục hoặc sửa "
                                                "ngày gửi của bản mới"))
                continue
            if current.sent and new.sent and current.sent > new.sent:
                winner, loser = current, new
            else:
                winner, loser = new, current
            kept[code] = winner
            older.setdefault(code, []).append(loser)
        order = {code: position for position, code in enumerate(self.registry.units)}
        responses = sorted(kept.values(), key=lambda r: order.get(r.unit.code, len(order)))
        superseded = []
        for response in responses:
            for old in older.get(response.unit.code, []):
                superseded.append((old, response))
                self.notes.append(f"đơn vị {response.unit.short_name} ({response.unit.code}) gửi nhiều lần: "
                                  f"dùng bản ở {response.location} ({_sent_text(response.sent)}), "
                                  f"bỏ bản ở {old.location} ({_sent_text(old.sent)})")
        if self.problems:
            raise ResponseErrors(self.problems, self.notes)
        return ResponseSet(responses, superseded, self.notes)


def _sent_text(sent: date | None) -> str:
    return f"ngày gửi {sent.day:02d}/{sent.month:02d}/{sent.year}" if sent else "không ghi ngày gửi"


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
