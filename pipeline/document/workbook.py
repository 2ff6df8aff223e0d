"""Sổ Excel của một văn bản: a document's CSV folder as one workbook made for people, and back.

:func:`folder_to_workbook` puts every ``<table>.csv`` of a document's folder on a sheet of
the same name (what :class:`pipeline.data.tables.Source` reads), with a first sheet
``Hướng dẫn`` (:mod:`pipeline.document.workbook_guide`), a frozen, bold header row,
column widths fitted to the text, and drop-down lists where a value is a choice (the
level, the bold mark, date styles, recipients from the unit registry …), kept on a hidden
sheet ``danh_sach`` because a list written in the rule itself is limited to 255
characters. :func:`workbook_to_folder` does the reverse. Neither loses anything:

- every cell is written as text exactly as typed (``05`` keeps its zero, a date stays
  ``05/02/2024``), and a text Excel would take for a formula is a text cell with Excel's
  quote prefix (:func:`pipeline.common.spreadsheet.set_text`), never a formula;
- the CSV files are written like the bundled ones: UTF-8 with BOM, ``,``, CRLF line
  ends, a text that starts a formula with a leading ``'``
  (:func:`pipeline.common.spreadsheet.csv_cell`) except the level marks ``-`` ``+``
  ``*``, which are stored bare as in the bundled data. A folder in that form comes
  back byte for byte; a workbook gives the same document as its folder.

The same inputs give the same bytes (the workbook is dated 1 January 2000).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.common.errors import InputError, Location
from pipeline.common.spreadsheet import csv_cell, csv_file, set_text, workbook_bytes
from pipeline.data.registry import GROUPS_TABLE, UNITS_TABLE, Registry, find_registry, load_registry
from pipeline.data.tables import WORKBOOK_SUFFIXES, cell_text, displayed, fold_key, open_workbook, read_csv_rows
from pipeline.document.model.levels import LITERAL_LABELS
from pipeline.document.model.tables import (BASIS_DATE_STYLES, BASIS_TABLE, BODY_TABLE, BOLD_COL, DATES_TABLE,
                                            DATE_STYLES, GENERAL_KEYS, GENERAL_TABLE, KEY_COL, LEVEL_COL,
                                            RECIPIENTS_TABLE, TRUE_MARKS, UPDATE_COL)
from pipeline.document.recipients import PURPOSE_COL, TARGET_COL
from pipeline.document.workbook_guide import EXAMPLES, HEADERS, INTRO, SHEETS, TITLE

GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "danh_sach"
HELPER_SHEETS = (GUIDE_SHEET, LISTS_SHEET)
"""Sheets of a document's workbook that are not tables: the reader and the conversion skip them."""

STAMP = datetime(2000, 1, 1)
VALIDATED_ROWS = 1000
"""The drop-down lists cover the rows up to this one."""

MARKS = ("x", *sorted(TRUE_MARKS - {"x"}))
LEVELS = ("I.", "1.", "1.1.", "1.1.1.", "a)", "-", "+", "*", "bảng")
PURPOSES = ("để báo cáo", "để chỉ đạo", "để phối hợp", "để thực hiện", "để biết", "b/c", "p/h", "t/h")
RECIPIENTS_LIST = "Mã khối, mã đơn vị"

# (table, column) -> (list title, values or None for the registry's codes, only these values?)
CHOICES: dict[tuple[str, str], tuple[str, tuple[str, ...] | None, bool]] = {
    (GENERAL_TABLE, KEY_COL): ("Mục", tuple(GENERAL_KEYS), False),
    (BODY_TABLE, LEVEL_COL): ("Cấp", LEVELS, False),
    (BODY_TABLE, BOLD_COL): ("Đánh dấu", MARKS, True),
    (BASIS_TABLE, UPDATE_COL): ("Đánh dấu", MARKS, True),
    (BASIS_TABLE, "Cách ghi ngày"): ("Cách ghi ngày (căn cứ)", tuple(BASIS_DATE_STYLES), True),
    (DATES_TABLE, "Cách ghi"): ("Cách ghi (mốc thời gian)", tuple(DATE_STYLES), True),
    (RECIPIENTS_TABLE, PURPOSE_COL): ("Mục đích", PURPOSES, False),
    (RECIPIENTS_TABLE, TARGET_COL): (RECIPIENTS_LIST, None, False),
}

WIDE = 60
"""Columns wider than this (characters) are this wide, with wrapped text."""
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)


def folder_to_workbook(folder: Path) -> bytes:
    """The workbook (.xlsx bytes) of a document's CSV folder; the same folder gives the same bytes.

    Args:
        folder: a document's folder: ``thong_tin_chung.csv`` and its other tables; every
            ``*.csv`` file in it becomes a sheet (any table, known or not).

    Returns:
        The workbook: ``Hướng dẫn`` first (open when the file is opened), then one
        sheet per CSV file (the known tables in the guide's order, then the others by
        name), then the hidden ``danh_sach``. Recipients' drop-down lists the codes of the unit
        registry found for the folder (:func:`pipeline.data.registry.find_registry`),
        none when there is no registry.

    Raises:
        InputError: the folder has no ``thong_tin_chung.csv``, holds its own unit registry
            (a workbook reads the registry of the folder it is in), or a CSV file cannot be
            read (:func:`pipeline.data.tables.read_csv_rows`); a registry that exists but is
            wrong (:func:`pipeline.data.registry.load_registry`).
    """
    if not (folder / f"{GENERAL_TABLE}.csv").is_file():
        raise InputError(Location(folder), f"không phải thư mục dữ liệu của một văn bản: thiếu {GENERAL_TABLE}.csv")
    own = [name for name in (UNITS_TABLE, GROUPS_TABLE) if (folder / f"{name}.csv").is_file()]
    if own:
        raise InputError(Location(folder / f"{own[0]}.csv"),
                         "thư mục văn bản có danh bạ đơn vị riêng; tệp Excel của văn bản dùng danh bạ của thư mục "
                         "chứa nó, nên hãy đưa " + ", ".join(f"{name}.csv" for name in own)
                         + " ra thư mục đó (hoặc giữ dạng thư mục CSV)")
    order = [name for name, _ in SHEETS]
    paths = sorted(folder.glob("*.csv"), key=lambda p: (order.index(p.stem) if p.stem in order else len(order), p.name))
    tables = {path.stem: read_csv_rows(path) for path in paths}
    book = Workbook()
    _guide(book.active, set(tables))
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    codes = _registry_codes(folder)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        _fill(sheet, rows)
        for position, header in enumerate(rows[0]):
            choice = next((c for (table, column), c in CHOICES.items()
                           if table == name and fold_key(column) == fold_key(header)), None)
            values = choice and (choice[1] if choice[1] is not None else codes)
            if values:
                source = ranges.get(choice[0]) or _add_list(lists, choice[0], values, ranges)
                _validate(sheet, position, source, strict=choice[2])
    book.move_sheet(lists, offset=len(book.sheetnames) - 1 - book.sheetnames.index(LISTS_SHEET))
    return workbook_bytes(book, STAMP)


def workbook_to_folder(path: Path) -> dict[str, bytes]:
    """The CSV files of a document's workbook: ``{"noi_dung.csv": bytes, …}``, one per sheet.

    Every sheet but ``Hướng dẫn`` and ``danh_sach`` is a table; its cells are written as
    the reader reads them (a number cell as its digits, a date cell as dd/mm/yyyy, a code
    formatted ``000`` with its zeros), text exactly as typed. Empty rows and columns after
    the last value are left out.

    Raises:
        InputError: a damaged or unreadable workbook (:func:`pipeline.data.tables.open_workbook`),
            or no sheet ``thong_tin_chung``.
    """
    files = {}
    with open_workbook(path) as book:
        if GENERAL_TABLE not in book.sheetnames:
            raise InputError(Location(path), f"không phải tệp dữ liệu của một văn bản: thiếu trang tính "
                             f"«{GENERAL_TABLE}»")
        for name in book.sheetnames:
            if name in HELPER_SHEETS:
                continue
            sheet = book[name]
            sheet.reset_dimensions()  # do not trust the stored used range
            rows = [[_text(cell) for cell in row] for row in sheet.iter_rows()]
            files[f"{name}.csv"] = csv_bytes(rows)
    return files


def csv_bytes(rows: list[list[str]]) -> bytes:
    """A table as the bundled CSV files are written (see the module docstring); trailing
    empty rows and columns are left out, shorter rows padded."""
    while rows and not any(rows[-1]):
        rows = rows[:-1]
    width = max((max((i + 1 for i, value in enumerate(row) if value), default=0) for row in rows), default=0)
    labels = set(LITERAL_LABELS.values())
    return csv_file([value if value in labels else csv_cell(value) for value in (row + [""] * width)[:width]]
                    for row in rows)


def _text(cell: object) -> str:
    """A workbook cell as CSV text: a text cell exactly as typed, any other value as the reader reads it."""
    value = displayed(cell)
    return value if isinstance(value, str) else cell_text(value)


def _fill(sheet, rows: list[list[str]]) -> None:
    """Write ``rows`` as text cells, the header bold on a tint and frozen, columns fitted to their text."""
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value:
                set_text(sheet.cell(row_number, column), value)
    width = max((len(row) for row in rows), default=0)
    for column in range(1, width + 1):
        cell = sheet.cell(1, column)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        longest = max((len(line) for row in rows if len(row) >= column for line in row[column - 1].split("\n")),
                      default=0)
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 8), WIDE)
        if longest + 2 > WIDE or any(len(row) >= column and "\n" in row[column - 1] for row in rows):
            for row_number in range(2, len(rows) + 1):
                sheet.cell(row_number, column).alignment = TOP_WRAP
    sheet.freeze_panes = "A2"


def _add_list(lists, title: str, values: tuple[str, ...], ranges: dict[str, str]) -> str:
    """Put one choice list in a column of the hidden list sheet; return its absolute range."""
    column = len(ranges) + 1
    set_text(lists.cell(1, column), title)
    for row, value in enumerate(values, start=2):
        set_text(lists.cell(row, column), value)
    letter = get_column_letter(column)
    ranges[title] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges[title]


def _validate(sheet, position: int, source: str, strict: bool) -> None:
    """A drop-down list on the data cells of the column at 0-based ``position``.

    Strict lists refuse another value; the others warn and let the clerk keep it (a
    level may be typed ``I`` or ``1.2.``, a recipient by its name).
    """
    letter = get_column_letter(position + 1)
    rule = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                          errorStyle="stop" if strict else "warning", errorTitle="Giá trị không có trong danh sách",
                          error="Hãy chọn một giá trị trong danh sách (bấm mũi tên bên phải ô)." if strict else
                          "Giá trị này không có trong danh sách chọn. Chọn «Yes» để vẫn giữ, nếu chắc là đúng "
                          "(xem trang «Hướng dẫn»).")
    rule.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    sheet.add_data_validation(rule)


def _registry_codes(folder: Path) -> tuple[str, ...]:
    """The group codes, then the unit codes, of the registry found for ``folder`` (none without one)."""
    try:
        location = find_registry(folder)
    except InputError:
        return ()
    registry: Registry = load_registry(location)
    return tuple(dict.fromkeys([*(g.code for g in registry.group_rows), *(u.code for u in registry.unit_rows)]))


def _guide(sheet, tables: set[str]) -> None:
    """The instructions sheet: what the workbook is, each sheet present, an example of every markup."""
    sheet.title = GUIDE_SHEET
    sheet.cell(1, 1, TITLE).font = Font(bold=True, size=14)
    sheet.cell(2, 1, INTRO).alignment = TOP_WRAP
    sheet.merge_cells("A2:C2")
    sheet.row_dimensions[2].height = 110
    row = 4
    for name, text in SHEETS:
        if name in tables:
            sheet.cell(row, 1, name).font = HEADER_FONT
            sheet.cell(row, 2, text).alignment = TOP_WRAP
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            sheet.row_dimensions[row].height = 45
            row += 1
    row += 1
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row, column, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for example in EXAMPLES:
        row += 1
        for column, value in enumerate(example, start=1):
            set_text(sheet.cell(row, column), value)
            sheet.cell(row, column).alignment = TOP_WRAP
    for letter, width in zip("ABC", (45, 40, 50)):
        sheet.column_dimensions[letter].width = width


def conversion(source: Path, target: Path) -> tuple[dict[Path, bytes], list[Path]]:
    """What ``vanban convert SOURCE TARGET`` writes: a CSV folder as a workbook, or a workbook as a CSV folder.

    Args:
        source: a document's CSV folder, or its ``.xlsx``/``.xlsm`` workbook.
        target: for a folder, the workbook to make (``….xlsx``; an existing folder
            gets ``<source's name>.xlsx`` inside); for a workbook, the folder to fill.

    Returns:
        ``({path: bytes}, [CSV files of the target folder that the workbook no longer
        has])``, for :func:`pipeline.common.files.write_all` (``remove``): a folder made
        from a workbook holds exactly its tables.

    Raises:
        InputError: the source is neither, the target is of the wrong kind, or anything
            :func:`folder_to_workbook` / :func:`workbook_to_folder` raises.
    """
    if source.is_dir():
        if target.is_dir():
            target = target / f"{source.name}.xlsx"
        if target.suffix.lower() != ".xlsx":
            raise InputError(Location(target), "thư mục CSV được chuyển thành tệp Excel: tên tệp đích phải có "
                             f"đuôi .xlsx, ví dụ {source.name}.xlsx")
        return {target: folder_to_workbook(source)}, []
    if not source.is_file():
        raise InputError(Location(source), "không tìm thấy thư mục hoặc tệp dữ liệu này")
    if source.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError(Location(source), "cần một thư mục các tệp CSV hoặc một tệp Excel .xlsx của một văn bản")
    if target.suffix.lower() in (*WORKBOOK_SUFFIXES, ".xls", ".ods", ".csv", ".docx", ".pdf") or target.is_file():
        raise InputError(Location(target), "tệp Excel được chuyển thành thư mục các tệp CSV: đích phải là một "
                         f"thư mục, ví dụ {source.with_suffix('')}")
    files = {target / name: data for name, data in workbook_to_folder(source).items()}
    stale = sorted(path for path in target.glob("*.csv") if path not in files) if target.is_dir() else []
    return files, stale
