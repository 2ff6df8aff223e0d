"""Đọc phần nội dung (noi_dung): đoạn văn, cấp, khối lặp và đánh số.

The body table, one row per paragraph: its level, bold mark and text with names
filled in, data tables placed (their total rows checked), rows that repeat over a
block expanded (:mod:`pipeline.document.model.blocks`), and the numbering of each
level (``I.``, ``1.``, ``1.1.``, ``a)`` …) computed.
"""

from __future__ import annotations

from pipeline.common import vnformat
from pipeline.common.errors import InputError
from pipeline.data.tables import Row, Source, fold_key
from pipeline.document.markup import parse_inline, placeholders
from pipeline.document.model.cells import _flag
from pipeline.document.model.data_tables import data_table_names, read_data_table
from pipeline.document.model.document import DataTable, Paragraph
from pipeline.document.model.levels import LITERAL_LABELS, Level, parse_level
from pipeline.document.model.blocks import (AUTO_FIELDS, BLOCK_COLS, ONLY_IF_COL, ORDER_COL, REPEAT_COL, Block,
                                            block_path, check_pattern, check_sums, check_total_row, numbered,
                                            selected)
from pipeline.document.model.placeholders import _expand
from pipeline.document.model.tables import BODY_TABLE, BOLD_COL, LEVEL_COL, TEXT_COL


def _body(source: Source, values: dict[str, str], lists: dict[str, list[str]],
          tables: dict[str, DataTable], blocks: dict[str, Block] | None = None) -> list[Paragraph]:
    table = source.table(BODY_TABLE, [LEVEL_COL, TEXT_COL], [BOLD_COL, *BLOCK_COLS])
    if not table.rows:
        raise InputError(table.location, "phần nội dung không có đoạn nào")
    blocks = blocks or {}
    numbering = _Numbering()
    body: list[Paragraph] = []
    rows = [(row, block_path(row, blocks) if row.text(REPEAT_COL) else None) for row in table]
    index = 0
    while index < len(rows):
        row, path = rows[index]
        index += 1
        if path is None:
            if _present(row, values, lists):
                _paragraphs(source, row, values, lists, tables, numbering, body)
            else:  # left out today, but a mistake in it shows now, not the day it prints
                _level(row)
            continue
        group = [(row, path[1])]
        while index < len(rows) and rows[index][1] and rows[index][1][0] == path[0] \
                and not _starts_repetition(*rows[index]):
            group.append((rows[index][0], rows[index][1][1]))
            index += 1
        _repeat(source, group, blocks[path[0]], values, lists, tables, numbering, body)
    return body


def _table(source: Source, row: Row, tables: dict[str, DataTable]) -> DataTable:
    """The table a ``bảng`` row names: one the program computed (a report's results) or a data
    table of the document (:mod:`pipeline.document.model.data_tables`)."""
    name = fold_key(row.required(TEXT_COL))
    if name in tables:
        check_total_row(row, tables[name])
        return tables[name]
    own = {fold_key(n): n for n in data_table_names(source)}
    if name in own:
        return read_data_table(source, own[name])
    known = ", ".join([f"«{t}»" for t in tables] + [f"«{t}»" for t in own.values()]) or "không có"
    where = "các tệp CSV trong thư mục" if source.path.is_dir() else "các trang tính của tệp Excel"
    raise InputError(row.at(TEXT_COL), f"không có bảng «{row.text(TEXT_COL)}» ({where} của văn bản, hay bảng kết "
                     f"quả của báo cáo); các bảng có: {known}")


def _present(row: Row, values: dict[str, str], lists: dict[str, list[str]]) -> bool:
    """Whether a row that repeats over no block is printed: always, unless its ``Chỉ khi có``
    names a value or list of the document that is empty or zero (``{số đơn vị trễ hạn}`` = 0,
    ``{đơn vị trễ hạn}`` with no item), so that a sentence or a heading about nothing is left out.

    Raises:
        InputError: ``Chỉ khi có`` names no value or list of the document; ``Sắp xếp`` without
            ``Lặp theo`` (there is nothing to order).
    """
    if row.text(ORDER_COL):
        raise InputError(row.at(ORDER_COL), "«Sắp xếp» chỉ dùng cho dòng có «Lặp theo» (sắp thứ tự các bản ghi "
                         "được lặp); dòng này không lặp: hãy xóa ô này hoặc ghi «Lặp theo»")
    typed = row.text(ONLY_IF_COL)
    if not typed:
        return True
    name = fold_key(typed.strip("{} "))
    if name in lists:
        return bool(lists[name])
    if name in values:
        text = values[name].strip()
        return bool(text) and not set(text) <= {"0"}
    known = ", ".join(f"«{n}»" for n in [*values, *lists]) or "không có"
    raise InputError(row.at(ONLY_IF_COL), f"không có giá trị hay danh mục «{typed}» để xét «Chỉ khi có» (dòng "
                     f"không lặp: in khi giá trị khác 0 và không trống, hay danh mục có mục); có: {known}")


def _starts_repetition(row: Row, path: tuple[str, str | None]) -> bool:
    """A row over the block itself with ``Chỉ khi có`` or ``Sắp xếp`` starts a new repetition of it."""
    return path[1] is None and bool(row.text(ONLY_IF_COL) or row.text(ORDER_COL))


def _repeat(source: Source, group: list[tuple[Row, str | None]], block: Block, values: dict[str, str],
            lists: dict[str, list[str]], tables: dict[str, DataTable], numbering: _Numbering,
            body: list[Paragraph]) -> None:
    """Print consecutive rows once per record of ``block``; a nested row once per nested record.

    The first row that repeats over the block itself chooses its records (``Chỉ khi có``,
    ``Sắp xếp``; every record when only nested rows are given); each nested row chooses
    its nested records. Patterns are checked first, so that a mistake shows even when
    the block has no record.
    """
    for row, nested in group:
        _level(row)
        fields = set(block.fields) | (set(block.nested[nested].fields) if nested else set()) | set(AUTO_FIELDS)
        check_pattern(row, placeholders(row.required(TEXT_COL)), fields, set(values) | set(lists))
    first = next((row for row, nested in group if nested is None), None)
    records = selected(first, block, block.records) if first else block.records
    check_sums(first or group[0][0], block, records)
    for record, record_values in zip(records, numbered(records)):
        scope = {**values, **record_values}
        for row, nested in group:
            if nested is None:
                _paragraphs(source, row, scope, lists, tables, numbering, body)
                continue
            inner = record.children[nested]
            check_sums(row, inner, inner.records)
            for child_values in numbered(selected(row, inner, inner.records)):
                _paragraphs(source, row, {**scope, **child_values}, lists, tables, numbering, body)


def _level(row: Row) -> Level:
    """The row's ``Cấp``, or an error at its cell."""
    try:
        return parse_level(row.text(LEVEL_COL))
    except ValueError as exc:
        raise InputError(row.at(LEVEL_COL), str(exc)) from None


def _paragraphs(source: Source, row: Row, values: dict[str, str], lists: dict[str, list[str]], tables: dict[str, DataTable],
                numbering: _Numbering, body: list[Paragraph]) -> None:
    """Append the paragraphs of one body row: its table, or one paragraph per list item."""
    level = _level(row)
    bold = _flag(row, BOLD_COL)
    if level.kind == "table":
        body.append(Paragraph(level, "", bold, [], row.location, _table(source, row, tables)))
        return
    if level.kind == "join" and (not body or body[-1].table is not None):
        raise InputError(row.at(LEVEL_COL), "dòng cấp «nối» viết tiếp vào đoạn văn ngay trên nó, nhưng phía trên "
                         "không có đoạn văn nào (đầu nội dung, hoặc ngay sau một bảng)")
    for text in _expand(row, values, lists):
        try:
            pieces = parse_inline(text)
        except ValueError as exc:
            raise InputError(row.at(TEXT_COL), str(exc)) from None
        if level.kind == "join":  # the text continues the paragraph above, after a space
            body[-1].pieces.extend(parse_inline(" " + text))
            continue
        label = numbering.label(level, row)
        body.append(Paragraph(level, label, bold, pieces, row.location))


class _Numbering:
    """Automatic numbering: I., II. …; 1., 2. … restarting in each section; 1.1. …; a) b) …"""

    def __init__(self) -> None:
        self.section = 0
        self.clauses: list[int] = []
        self.point = 0

    def label(self, level: Level, row: Row) -> str:
        if level.kind == "section":
            self.section += 1
            self.clauses, self.point = [], 0
            return f"{vnformat.roman(self.section)}."
        if level.kind == "clause":
            if len(self.clauses) < level.depth - 1:
                parent = ".".join(["1"] * (level.depth - 1)) + "."
                raise InputError(row.at(LEVEL_COL), f"cấp «{'.'.join(['1'] * level.depth)}.» phải nằm "
                                 f"dưới một đoạn cấp «{parent}»")
            self.clauses = self.clauses[:level.depth]
            if len(self.clauses) < level.depth:
                self.clauses.append(0)
            self.clauses[-1] += 1
            self.point = 0
            return ".".join(str(n) for n in self.clauses) + "."
        if level.kind == "point":
            self.point += 1
            try:
                return f"{vnformat.point_letter(self.point)})"
            except ValueError as exc:
                raise InputError(row.at(LEVEL_COL), str(exc)) from None
        return LITERAL_LABELS.get(level.kind, "")
