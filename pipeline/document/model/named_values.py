"""Đọc các bảng mà phần nội dung gọi tên.

The optional tables the body refers to by name: the legal basis (``can_cu``,
``{căn cứ}``), named dates (``moc_thoi_gian``), named lists (``danh_muc``) and
footnotes (``chu_thich``, ``[^n]``), with the check that every footnote is used.
"""

from __future__ import annotations

from datetime import date

from pipeline.common import vnformat
from pipeline.common.errors import InputError, Location
from pipeline.data.tables import Row, Source, fold_key
from pipeline.document.markup import FootnoteMark, Piece, footnote_keys, parse_inline
from pipeline.document.model.cells import _checked, _flag
from pipeline.document.model.document import Paragraph
from pipeline.document.model.placeholders import _fill_scalars
from pipeline.document.model.tables import (BASIS_COLS, BASIS_DATE_STYLES, BASIS_PLACEHOLDER, BASIS_TABLE, BODY_TABLE,
                                   DATES_TABLE, DATE_COLS, DATE_STYLES, FOOTNOTES_TABLE, FOOTNOTE_COLS,
                                   LISTS_TABLE, LIST_COLS, TEXT_COL, UPDATE_COL, YEAR_PLACEHOLDER)


def _optional_table(source: Source, name: str, columns: tuple[str, ...],
                    optional: tuple[str, ...] = ()) -> list[Row]:
    return source.table(name, columns, optional).rows if source.has_table(name) else []


def _legal_basis(source: Source, values: dict[str, str], final: bool, warnings: list[str]) -> str:
    """Render the legal-basis table as one ``; ``-joined citation string.

    A row marked ``Cần cập nhật`` (left by ``vanban new-year``) is a warning in a
    draft and an error in a final document (one with a number).
    """
    citations: list[str] = []
    rows = _optional_table(source, BASIS_TABLE, BASIS_COLS, (UPDATE_COL,))
    marked = [row for row in rows if _flag(row, UPDATE_COL)]
    if marked and final:
        raise InputError(marked[0].at(UPDATE_COL), "văn bản căn cứ " + ", ".join(
            f"{row.text('Số')}/{row.text('Ký hiệu')} (dòng {row.location.row})" for row in marked)
            + " còn đánh dấu «cần cập nhật» (từ năm trước); hãy thay bằng văn bản của năm nay rồi xoá dấu")
    warnings.extend(f"{row.at(UPDATE_COL)}: văn bản căn cứ {row.text('Số')}/{row.text('Ký hiệu')} còn đánh dấu "
                    "«cần cập nhật» (từ năm trước); hãy thay bằng văn bản của năm nay rồi xoá dấu"
                    for row in marked)
    for row in rows:
        issued = row.date("Ngày")
        if issued is None:
            raise InputError(row.at("Ngày"), "ô này không được để trống")
        style = fold_key(row.text("Cách ghi ngày") or "đầy đủ")
        if style not in BASIS_DATE_STYLES:
            raise InputError(row.at("Cách ghi ngày"), "cần «ngắn» (22/11/2023) hoặc «đầy đủ» "
                             "(20 tháng 11 năm 2023)")
        ref = _checked(vnformat.doc_ref, row.at("Số"), row.required("Số"), row.required("Ký hiệu"))
        text = (f"{row.required('Loại văn bản')} số {ref} ngày {BASIS_DATE_STYLES[style](issued)}"
                f" của {row.required('Cơ quan ban hành')}")
        if row.text("Trích yếu"):
            text += f" về {_fill_scalars(row.text('Trích yếu'), values, row.at('Trích yếu'))}"
        if text in citations:
            raise InputError(row.at("Số"), f"văn bản {ref} đã có ở một dòng trên")
        citations.append(text)
    return "; ".join(citations)


def _named_dates(source: Source, dates: dict[str, date]) -> dict[str, str]:
    """The named dates as printed; fills ``dates`` with each name's first date."""
    values: dict[str, str] = {}
    for row in _optional_table(source, DATES_TABLE, DATE_COLS):
        name = fold_key(row.required("Tên"))
        _unique(values, name, row)
        style = fold_key(row.required("Cách ghi"))
        if style not in DATE_STYLES:
            raise InputError(row.at("Cách ghi"), "cách ghi không hợp lệ; cần một trong: "
                             + ", ".join(f"«{s}»" for s in DATE_STYLES))
        start = row.date("Từ ngày")
        if start is None:
            raise InputError(row.at("Từ ngày"), "ô này không được để trống")
        end = row.date("Đến ngày")
        needs_end = style.startswith("khoảng")
        if needs_end and end is None:
            raise InputError(row.at("Đến ngày"), f"cách ghi «{style}» cần cả ngày kết thúc")
        if not needs_end and end is not None:
            raise InputError(row.at("Đến ngày"), f"cách ghi «{style}» chỉ dùng «Từ ngày»; "
                             "để trống ô này hoặc chọn cách ghi «khoảng»")
        values[name] = _checked(DATE_STYLES[style], row.at("Đến ngày"), start, end)
        dates[name] = start
    return values


def _unique(seen: dict, name: str, row: Row, taken: dict | None = None) -> None:
    """Refuse a name declared twice, or already used by a built-in or a named date."""
    if name in (fold_key(BASIS_PLACEHOLDER), fold_key(YEAR_PLACEHOLDER)):
        raise InputError(row.at("Tên"), f"tên «{row.text('Tên')}» trùng với giá trị có sẵn "
                         f"{{{BASIS_PLACEHOLDER}}} / {{{YEAR_PLACEHOLDER}}}; hãy đặt tên khác")
    if taken and name in taken:
        raise InputError(row.at("Tên"), f"tên «{row.text('Tên')}» đã là một mốc thời gian "
                         f"({DATES_TABLE}); hãy đặt tên khác")
    if name in seen:
        raise InputError(row.at("Tên"), f"tên «{row.text('Tên')}» bị khai hai lần")


def _named_lists(source: Source, taken: dict[str, str]) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for row in _optional_table(source, LISTS_TABLE, LIST_COLS):
        name = fold_key(row.required("Tên"))
        if name not in lists:
            _unique(lists, name, row, taken)
        lists.setdefault(name, []).append(_fill_scalars(row.required("Nội dung"), taken, row.at("Nội dung")))
    return lists


def _footnotes(source: Source) -> dict[str, Row]:
    notes: dict[str, Row] = {}
    for row in _optional_table(source, FOOTNOTES_TABLE, FOOTNOTE_COLS):
        key = row.required("Số")
        if key in notes:
            raise InputError(row.at("Số"), f"chú thích số {key} bị khai hai lần")
        row.required("Nội dung")
        notes[key] = row
    return notes


def _resolve_footnotes(body: list[Paragraph], table: dict[str, Row],
                       values: dict[str, str]) -> dict[str, list[Piece]]:
    """Check that each reference has a footnote and each footnote one reference."""
    used: dict[str, Location] = {}
    for paragraph in body:
        for piece in paragraph.pieces:
            if not isinstance(piece, FootnoteMark):
                continue
            location = paragraph.location.at(column=TEXT_COL)
            if piece.key not in table:
                raise InputError(location, f"chú thích [^{piece.key}] không có trong bảng chú thích "
                                 f"({FOOTNOTES_TABLE}); cần một dòng có «Số» = {piece.key}")
            if piece.key in used:
                raise InputError(location, f"chú thích [^{piece.key}] đã được dùng ở dòng "
                                 f"{used[piece.key].row}; mỗi chú thích chỉ dùng một lần")
            used[piece.key] = location
    notes: dict[str, list[Piece]] = {}
    for key, row in table.items():
        if key not in used:
            raise InputError(row.at("Số"), f"chú thích số {key} không được dùng ở đâu trong nội dung "
                             f"(cần «[^{key}]» trong cột «{TEXT_COL}» của {BODY_TABLE})")
    for key in used:
        row = table[key]
        text = _fill_scalars(row.text("Nội dung"), values, row.at("Nội dung"))
        if footnote_keys(text):
            raise InputError(row.at("Nội dung"), "chú thích không được chứa chú thích khác")
        try:
            notes[key] = parse_inline(text)
        except ValueError as exc:
            raise InputError(row.at("Nội dung"), str(exc)) from None
    return notes
