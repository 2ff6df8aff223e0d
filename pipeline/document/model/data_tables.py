"""Đọc bảng số liệu của văn bản: a clerk's own table, printed where ``noi_dung`` says ``bảng``.

Any document can print a table kept as its own CSV file or sheet (``nhiem_vu.csv``), placed
in the body by a ``noi_dung`` row with ``Cấp`` = ``bảng`` and ``Nội dung`` = the table's name.
Its columns are the clerk's, printed in their order (``Ghi chú…`` columns are the clerk's
notes, as in every table). An optional column ``Loại dòng`` says what a row is:

==============  ==================================================================
(empty)         a data row
``kiểu``        each column's type: ``chữ`` (default, left), ``số`` (a number: right-aligned,
                written ``1.234,5``, summed in the total), ``stt`` (centred), ``ngày`` (a date,
                centred, ``05/3/2024``)
``rộng``        a column's width in mm (empty: from the content)
``canh``        a column's alignment: ``trái``, ``giữa``, ``phải`` (default: by type)
``nhóm``        a group heading: its one filled cell, printed bold across all columns
``tổng``        the total row, last: each ``số`` column left empty is computed, one filled
                in is checked against the sum of the rows above
==============  ==================================================================

A column no row fills is left out. Every problem is an InputError at the file, row and column.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.common import vnformat
from pipeline.common.errors import InputError, Location
from pipeline.data.tables import Row, Source, fold_key
from pipeline.document.model.document import Column, DataTable, GroupRow
from pipeline.document.model.tables import (BASIS_TABLE, BODY_TABLE, DATES_TABLE, FOOTNOTES_TABLE, GENERAL_TABLE,
                                            LISTS_TABLE, RECIPIENTS_TABLE)

ROW_KIND_COL = "Loại dòng"
TYPES = {"chữ": "left", "số": "right", "stt": "center", "ngày": "center"}
ALIGNS = {"trái": "left", "giữa": "center", "phải": "right"}
SPEC_KINDS = ("kiểu", "rộng", "canh")
ROW_KINDS = ("", *SPEC_KINDS, "nhóm", "tổng")
RESERVED = (GENERAL_TABLE, BODY_TABLE, BASIS_TABLE, DATES_TABLE, LISTS_TABLE, FOOTNOTES_TABLE, RECIPIENTS_TABLE,
            "chi_tieu", "bao_cao_nhap", "thay_doi_tu_word")
"""Tables of a document folder that are not data tables: its own, the plan's indicators
(``chi_tieu``), and the reports ``vanban import`` writes there."""
WIDTH_MM = (5, 165)
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_NUMBER_HINT = "cần một số viết kiểu Việt Nam, ví dụ 1.234 hoặc 2,5 (dấu chấm phân cách hàng nghìn, dấu phẩy thập phân)"


def data_table_names(source: Source) -> list[str]:
    """The names of the data tables ``source`` holds: its tables that are not the document's own."""
    return [name for name in source.names() if fold_key(name) not in {fold_key(r) for r in RESERVED}]


def read_data_table(source: Source, name: str) -> DataTable:
    """Read the data table ``name`` of ``source`` (see the module docstring for its rows).

    Args:
        source: the document's folder or workbook.
        name: a name from :func:`data_table_names`.

    Returns:
        The table, cells written as printed: numbers ``1.234,5``, dates ``05/3/2024``, the
        total row computed.

    Raises:
        InputError: at the file, row and column: a ragged CSV row, an unknown ``Loại dòng``
            or type, a bad width or alignment, a number column holding text, a bad date, a
            group row with several cells, a total that does not add up or is not last, no
            data row.
    """
    headers, table = source.free_table(name)
    kind_col = next((h for h in headers if fold_key(h) == fold_key(ROW_KIND_COL)), None)
    columns = [h for h in headers if h != kind_col]
    if not columns:
        raise InputError(table.location.at(row=1), "bảng không có cột nào để in")
    specs: dict[str, Row] = {}
    body: list[Row] = []
    for row in table:
        kind = fold_key(row.text(kind_col)) if kind_col else ""
        if kind not in ROW_KINDS:
            raise InputError(row.at(kind_col), f"loại dòng «{row.text(kind_col)}» không có; cần để trống (dòng số "
                             "liệu) hoặc một trong: " + ", ".join(f"«{k}»" for k in ROW_KINDS if k))
        if kind in SPEC_KINDS:
            if kind in specs:
                raise InputError(row.at(kind_col), f"bảng đã có một dòng «{kind}» ở dòng {specs[kind].location.row}")
            specs[kind] = row
        else:
            body.append(row)
    types = _types(specs.get("kiểu"), columns)
    layout = [_column(specs, column, types[column]) for column in columns]
    rows = _rows(body, columns, kind_col, types)
    if not any(isinstance(r, list) for r in rows):
        raise InputError(table.location, "bảng không có dòng số liệu nào (chỉ có dòng tiêu đề, dòng nhóm hay "
                         "dòng khai báo)")
    total = bool(body) and kind_col is not None and fold_key(body[-1].text(kind_col)) == "tổng"
    return DataTable(header=columns, rows=rows, columns=layout, total_row=total, location=table.location)


def _types(row: Row | None, columns: list[str]) -> dict[str, str]:
    types = {}
    for column in columns:
        value = fold_key(row.text(column)) if row else ""
        if value and value not in TYPES:
            raise InputError(row.at(column), f"kiểu cột «{row.text(column)}» không có; cần một trong: "
                             + ", ".join(f"«{t}»" for t in TYPES))
        types[column] = value or "chữ"
    return types


def _column(specs: dict[str, Row], column: str, kind: str) -> Column:
    align = TYPES[kind]
    if "canh" in specs and specs["canh"].text(column):
        word = fold_key(specs["canh"].text(column))
        if word not in ALIGNS:
            raise InputError(specs["canh"].at(column), f"cách canh «{specs['canh'].text(column)}» không có; cần "
                             "một trong: " + ", ".join(f"«{a}»" for a in ALIGNS))
        align = ALIGNS[word]
    width = None
    if "rộng" in specs and specs["rộng"].text(column):
        text = specs["rộng"].text(column)
        match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(?:mm)?", text.casefold())
        width = float(match.group(1).replace(",", ".")) if match else None
        if width is None or not WIDTH_MM[0] <= width <= WIDTH_MM[1]:
            raise InputError(specs["rộng"].at(column), f"độ rộng cột «{text}» không hợp lệ; cần số mi-li-mét từ "
                             f"{WIDTH_MM[0]} đến {WIDTH_MM[1]}, ví dụ 30 (để trống thì tự tính theo nội dung)")
    return Column(align, width, optional=True)


def _rows(body: list[Row], columns: list[str], kind_col: str | None,
          types: dict[str, str]) -> list[list[str] | GroupRow]:
    rows: list[list[str] | GroupRow] = []
    sums: dict[str, Decimal] = {c: Decimal(0) for c in columns if types[c] == "số"}
    filled: set[str] = set()
    first = None
    for index, row in enumerate(body):
        kind = fold_key(row.text(kind_col)) if kind_col else ""
        if kind == "nhóm":
            texts = [row.text(c) for c in columns if row.text(c)]
            if len(texts) != 1:
                raise InputError(row.at(kind_col), f"dòng nhóm ghi đúng một ô (tên nhóm), dòng này có {len(texts)} ô")
            rows.append(GroupRow(texts[0]))
        elif kind == "tổng":
            if index != len(body) - 1:
                raise InputError(row.at(kind_col), "dòng tổng phải là dòng cuối của bảng")
            rows.append(_total(row, columns, types, sums, filled, first, body[index - 1].location if index else None))
        else:
            first = first or row.location
            cells = []
            for column in columns:
                value = _cell(row, column, types[column])
                if types[column] == "số" and value is not None:
                    sums[column] += value
                    filled.add(column)
                cells.append(_printed(row, column, value))
            rows.append(cells)
    return rows


def _printed(row: Row, column: str, value: Decimal | str | None) -> str:
    if isinstance(value, Decimal):
        return vnformat.format_number(value)
    return row.text(column) if value is None else value


def _cell(row: Row, column: str, kind: str) -> Decimal | str | None:
    """A number (``số``), a date written ``05/3/2024`` (``ngày``), else None (the text as typed)."""
    if kind == "số":
        return _number(row, column)
    if kind == "ngày" and row.text(column):
        return vnformat.short_date(row.date(column))
    return None


def _number(row: Row, column: str) -> Decimal | None:
    if column in row.numbers:
        return Decimal(repr(row.numbers[column])) if isinstance(row.numbers[column], float) \
            else Decimal(row.numbers[column])
    text = row.text(column)
    if not text or text in ("-", "–", "—"):
        return None
    if not _NUMBER.fullmatch(text):
        raise InputError(row.at(column), f"cột «{column}» là cột số (dòng «kiểu» ghi «số») nhưng ô này ghi "
                         f"«{text}»; {_NUMBER_HINT}")
    return Decimal(text.replace(".", "").replace(",", "."))


def _total(row: Row, columns: list[str], types: dict[str, str], sums: dict[str, Decimal], filled: set[str],
           first: Location | None, last: Location | None) -> list[str]:
    cells = []
    for column in columns:
        if types[column] != "số":
            cells.append(row.text(column))
            continue
        typed = _number(row, column)
        if typed is not None and typed != sums[column]:
            span = f"các dòng {first.row}–{last.row}" if first and last else "các dòng trên"
            raise InputError(row.at(column), f"tổng cột «{column}» ghi {vnformat.format_number(typed)} nhưng cộng "
                             f"{span} được {vnformat.format_number(sums[column])}; hãy sửa số liệu hoặc để trống ô "
                             "tổng để chương trình tự cộng")
        cells.append(vnformat.format_number(sums[column]) if column in filled or typed is not None else "")
    return cells

