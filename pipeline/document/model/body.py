"""Đọc phần nội dung (noi_dung): đoạn văn, cấp và đánh số.

The body table, one row per paragraph: its level, bold mark and text with names
filled in, data tables placed, and the numbering of each level (``I.``, ``1.``,
``1.1.``, ``a)`` …) computed.
"""

from __future__ import annotations

from pipeline.common import vnformat
from pipeline.common.errors import InputError
from pipeline.data.tables import Row, Source, fold_key
from pipeline.document.markup import parse_inline
from pipeline.document.model.cells import _flag
from pipeline.document.model.data_tables import data_table_names, read_data_table
from pipeline.document.model.document import DataTable, Paragraph
from pipeline.document.model.levels import LITERAL_LABELS, Level, parse_level
from pipeline.document.model.placeholders import _expand
from pipeline.document.model.tables import BODY_TABLE, BOLD_COL, LEVEL_COL, TEXT_COL


def _body(source: Source, values: dict[str, str], lists: dict[str, list[str]],
          tables: dict[str, DataTable]) -> list[Paragraph]:
    table = source.table(BODY_TABLE, [LEVEL_COL, TEXT_COL], [BOLD_COL])
    if not table.rows:
        raise InputError(table.location, "phần nội dung không có đoạn nào")
    numbering = _Numbering()
    body = []
    for row in table:
        try:
            level = parse_level(row.text(LEVEL_COL))
        except ValueError as exc:
            raise InputError(row.at(LEVEL_COL), str(exc)) from None
        bold = _flag(row, BOLD_COL)
        if level.kind == "table":
            body.append(Paragraph(level, "", bold, [], row.location, _table(source, row, tables)))
            continue
        for text in _expand(row, values, lists):
            try:
                pieces = parse_inline(text)
            except ValueError as exc:
                raise InputError(row.at(TEXT_COL), str(exc)) from None
            label = numbering.label(level, row)
            body.append(Paragraph(level, label, bold, pieces, row.location))
    return body


def _table(source: Source, row: Row, tables: dict[str, DataTable]) -> DataTable:
    """The table a ``bảng`` row names: one the program computed (a report's results) or a data
    table of the document (:mod:`pipeline.document.model.data_tables`)."""
    name = fold_key(row.required(TEXT_COL))
    if name in tables:
        return tables[name]
    own = {fold_key(n): n for n in data_table_names(source)}
    if name in own:
        return read_data_table(source, own[name])
    known = ", ".join([f"«{t}»" for t in tables] + [f"«{t}»" for t in own.values()]) or "không có"
    where = "các tệp CSV trong thư mục" if source.path.is_dir() else "các trang tính của tệp Excel"
    raise InputError(row.at(TEXT_COL), f"không có bảng «{row.text(TEXT_COL)}» ({where} của văn bản, hay bảng kết "
                     f"quả của báo cáo); các bảng có: {known}")


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
