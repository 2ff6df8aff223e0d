"""The data model of an administrative document, and how it is read from the clerk's tables.

One folder (or workbook) holds one document. Its tables:

=====================  ==========================================================
``thong_tin_chung``    ``Mục`` / ``Giá trị``: letterhead, reference, type, abstract, signer
``noi_dung``           ``Cấp`` / ``In đậm`` / ``Nội dung``: the body, one row per paragraph
``can_cu``             the documents the plan implements (legal basis), ``{căn cứ}`` in the text
``moc_thoi_gian``      named dates and periods, ``{tên}`` in the text
``danh_muc``           named lists (themes, slogans); a row naming one repeats per item
``chu_thich``          footnotes, ``[^n]`` in the text
``noi_nhan``           the Nơi nhận lines, built from the unit registry (see :mod:`pipeline.document.recipients`)
=====================  ==========================================================

The column headers and keys are the contract with the clerk; they are listed in
the README. Every problem raises :class:`~pipeline.common.errors.InputError` naming the
file, sheet, row and column.
"""

from __future__ import annotations

from pipeline.document.model.tables import (BASIS_COLS, BASIS_DATE_STYLES, BASIS_PLACEHOLDER, BASIS_TABLE, BODY_TABLE,
                                   BOLD_COL, DATES_TABLE, DATE_COLS, DATE_STYLES, FOOTNOTES_TABLE,
                                   FOOTNOTE_COLS, GENERAL_KEYS, GENERAL_TABLE, KEY_COL, LEVEL_COL,
                                   LISTS_TABLE, LIST_COLS, MULTILINE_KEYS, RECIPIENTS_TABLE, SIGNING_MARKS,
                                   TEXT_COL, TRUE_MARKS, UPDATE_COL, VALUE_COL, YEAR_PLACEHOLDER)
from pipeline.document.model.levels import ACCEPTED_MARKERS, LEVEL_STYLES, LITERAL_LABELS, Level, parse_level
from pipeline.document.model.document import (AdministrativeDocument, Column, DataTable, GroupRow, Paragraph,
                                              ResultsLoader, Signer)
from pipeline.document.model.reader import read_document

__all__ = [
    "ACCEPTED_MARKERS",
    "AdministrativeDocument",
    "BASIS_COLS",
    "BASIS_DATE_STYLES",
    "BASIS_PLACEHOLDER",
    "BASIS_TABLE",
    "BODY_TABLE",
    "BOLD_COL",
    "DATES_TABLE",
    "DATE_COLS",
    "DATE_STYLES",
    "Column",
    "DataTable",
    "GroupRow",
    "FOOTNOTES_TABLE",
    "FOOTNOTE_COLS",
    "GENERAL_KEYS",
    "GENERAL_TABLE",
    "KEY_COL",
    "LEVEL_COL",
    "LEVEL_STYLES",
    "LISTS_TABLE",
    "LIST_COLS",
    "LITERAL_LABELS",
    "Level",
    "MULTILINE_KEYS",
    "Paragraph",
    "RECIPIENTS_TABLE",
    "ResultsLoader",
    "SIGNING_MARKS",
    "Signer",
    "TEXT_COL",
    "TRUE_MARKS",
    "UPDATE_COL",
    "VALUE_COL",
    "YEAR_PLACEHOLDER",
    "parse_level",
    "read_document",
]
