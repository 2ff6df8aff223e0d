"""Writing the recognised document as the data tables ``vanban build`` reads, and the reports.

CSV, UTF-8 with BOM (Excel opens it intact), like the bundled data. No cell
starts a formula when the file is opened in Excel: a text Excel would read as a
formula is written as every CSV the tool writes (:func:`pipeline.common.spreadsheet.csv_cell`,
a leading ``'`` that the data reader removes); the level markers ``-``, ``+`` and
``*`` of ``Cấp`` are stored as the bundled data stores them (a lone sign is not a formula).
"""

from __future__ import annotations


from pipeline.importer.parts import ImportedDocument, Issue
from pipeline.importer.recognise import WRITTEN_GROUP
from pipeline.document.model import (BASIS_COLS, BASIS_TABLE, BODY_TABLE, BOLD_COL, DATE_COLS, DATES_TABLE, FOOTNOTE_COLS,
                            FOOTNOTES_TABLE,
                            GENERAL_TABLE, KEY_COL, LEVEL_COL, RECIPIENTS_TABLE, TEXT_COL, VALUE_COL)
from pipeline.document.recipients import PURPOSE_COL, TARGET_COL
from pipeline.document.recipients import TEXT_COL as LINE_TEXT_COL
from pipeline.common.spreadsheet import csv_cell, csv_file

LEVEL_MARKERS = ("-", "+", "*")
REPORT_NAME = "bao_cao_nhap.csv"
REPORT_COLS = ("Đoạn", "Những chữ đầu", "Điều mong đợi")
CHANGES_NAME = "thay_doi_tu_word.csv"
CHANGE_COLS = ("Bảng", "Dòng", "Cột", "Thay đổi", "Trước", "Sau")
RECIPIENT_COLS = (TARGET_COL, LINE_TEXT_COL, PURPOSE_COL)
BODY_COLS = (LEVEL_COL, BOLD_COL, TEXT_COL)


def safe_cell(value: str, column: str = "") -> str:
    """``value`` as stored in a CSV cell that Excel will not read as a formula (see module docstring)."""
    if column == LEVEL_COL and value in LEVEL_MARKERS:
        return value
    return csv_cell(value)


def csv_bytes(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    """A CSV file (UTF-8 with BOM, ``,``, ``\\r\\n`` line ends, as Excel writes it) with ``columns`` and ``rows``."""
    return csv_file([columns, *([safe_cell(row.get(column, ""), column) for column in columns] for row in rows)])


def body_rows(doc: ImportedDocument) -> list[dict[str, str]]:
    """The ``noi_dung`` rows of ``doc``."""
    return [{LEVEL_COL: row.level, BOLD_COL: "x" if row.bold else "", TEXT_COL: row.text} for row in doc.body]


def table_rows(doc: ImportedDocument) -> dict[str, tuple[tuple[str, ...], list[dict[str, str]]]]:
    """Table name -> (columns, rows) for every table the import writes (optional tables only when not empty)."""
    tables = {
        GENERAL_TABLE: ((KEY_COL, VALUE_COL), [{KEY_COL: k, VALUE_COL: v} for k, v in doc.general.items()]),
        BODY_TABLE: (BODY_COLS, body_rows(doc)),
        RECIPIENTS_TABLE: (RECIPIENT_COLS, doc.recipients),
    }
    if doc.basis:
        tables[BASIS_TABLE] = (BASIS_COLS, doc.basis)
    if doc.dates:
        tables[DATES_TABLE] = (DATE_COLS, doc.dates)
    if doc.footnotes:
        tables[FOOTNOTES_TABLE] = (FOOTNOTE_COLS, [dict(zip(FOOTNOTE_COLS, note)) for note in doc.footnotes])
    if doc.written_lines:
        tables["khoi_don_vi"] = (("Mã khối", "Tên khối", "Ghi trong nơi nhận", "Thứ tự", "Thành viên"), [{
            "Mã khối": WRITTEN_GROUP, "Tên khối": "Nơi nhận nhập từ Word", "Ghi trong nơi nhận": "Nơi nhận",
            "Thứ tự": "2", "Thành viên": "không liệt kê"}])
        tables["don_vi"] = (("Mã", "Tên đầy đủ", "Tên viết tắt", "Khối"), [
            {"Mã": f"{WRITTEN_GROUP}_{n:02d}", "Tên đầy đủ": line, "Tên viết tắt": line, "Khối": WRITTEN_GROUP}
            for n, line in enumerate(doc.written_lines, 1)])
    return tables


def report_bytes(issues: list[Issue]) -> bytes:
    """The import report: paragraph number (empty for the whole file), first words, what was expected."""
    return csv_bytes(REPORT_COLS, [{"Đoạn": str(i.paragraph or ""), "Những chữ đầu": i.first_words,
                                    "Điều mong đợi": i.expected} for i in issues])
