"""Khối lặp của phần nội dung: một dòng mẫu câu lặp lại theo từng bản ghi.

A body row with ``Lặp theo`` = a block's name (``loại hoạt động``, ``đơn vị``,
``khối`` …) is a sentence pattern printed once per record of the block, its
``{tên}`` filled from the record (then from the document's values). Consecutive
rows naming the same block repeat together (a row over the block itself with
``Chỉ khi có`` or ``Sắp xếp`` filled starts a new repetition); a row naming
``<block> > <nested>`` (``loại hoạt động > đơn vị``) repeats inside each record of
the outer block over its nested records. ``Chỉ khi có`` = a field keeps only the
records where that field is not zero nor empty; ``Sắp xếp`` = ``<field> giảm dần`` /
``<field> tăng dần`` orders them (else the block's own order; records without the
figure come last when decreasing). Every repeated row may also use ``{thứ tự}``
(1, 2 … among the records printed), ``{dấu kết}`` (``;`` after each record but
the last, ``.`` after the last, as lists are punctuated) and ``{dấu phẩy}`` (``,``
then ``.``). A row with ``Cấp`` = ``nối`` prints no paragraph of its own: each
repetition continues the paragraph above (``Sở Y tế (03), Sở Tư pháp (02).``).
Which blocks exist is the results' business (:mod:`pipeline.results.blocks`); this module only expands them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.common.errors import InputError
from pipeline.common.vnformat import format_number, sort_key
from pipeline.data.tables import Row, fold_key
from pipeline.document.model.document import DataTable
from pipeline.document.model.tables import TEXT_COL

REPEAT_COL, ONLY_IF_COL, ORDER_COL = "Lặp theo", "Chỉ khi có", "Sắp xếp"
BLOCK_COLS = (REPEAT_COL, ONLY_IF_COL, ORDER_COL)
ORDINAL_FIELD, END_MARK_FIELD, COMMA_FIELD = "thứ tự", "dấu kết", "dấu phẩy"
AUTO_FIELDS = (ORDINAL_FIELD, END_MARK_FIELD, COMMA_FIELD)
NEST_MARK = ">"
_DIRECTIONS = {"giảm dần": True, "tăng dần": False}


@dataclass
class Record:
    """One repetition of a block.

    Attributes:
        values: folded field name -> printed text (``{tổng}`` → ``51``).
        numbers: folded field name -> the figure behind a count field (for
            ``Chỉ khi có``, ``Sắp xếp`` and the sum check).
        children: nested block name (folded) -> its records for this record.
    """

    values: dict[str, str]
    numbers: dict[str, int] = field(default_factory=dict)
    children: dict[str, "Block"] = field(default_factory=dict)


@dataclass
class Block:
    """A repeatable block: its field names, records and nested blocks.

    Attributes:
        fields: the folded field names every record has (a pattern is checked
            against them even when the block has no record).
        records: the records, in the block's own order.
        nested: nested block name (folded) -> an empty block giving its fields.
        sums: field -> (nested block, field): in every record, the figure equals the
            sum of that field over the nested records (checked before printing).
    """

    fields: tuple[str, ...]
    records: list[Record]
    nested: dict[str, "Block"] = field(default_factory=dict)
    sums: dict[str, tuple[str, str]] = field(default_factory=dict)


def block_path(row: Row, blocks: dict[str, Block]) -> tuple[str, str | None]:
    """The ``(block, nested block or None)`` a row repeats over (folded names).

    Raises:
        InputError: an unknown block or nested block (the known ones are named).
    """
    typed = row.text(REPEAT_COL)
    outer, _, inner = (part.strip() for part in typed.partition(NEST_MARK))
    key = fold_key(outer)
    if key not in blocks:
        raise InputError(row.at(REPEAT_COL), f"không có khối lặp «{outer}»; các khối: "
                         + (", ".join(f"«{name}»" for name in blocks) or "không có (văn bản chưa gắn với kế hoạch)"))
    if not inner:
        return key, None
    nested = fold_key(inner)
    if nested not in blocks[key].nested:
        known = ", ".join(f"«{outer} {NEST_MARK} {name}»" for name in blocks[key].nested) or "không có"
        raise InputError(row.at(REPEAT_COL), f"khối «{outer}» không có khối con «{inner}»; các khối con: {known}")
    return key, nested


def selected(row: Row, block: Block, records: list[Record]) -> list[Record]:
    """The records a row prints: filtered by ``Chỉ khi có``, ordered by ``Sắp xếp``.

    Raises:
        InputError: a field the block does not have, or an order that is not
            ``<field> giảm dần`` / ``<field> tăng dần``.
    """
    only = fold_key(row.text(ONLY_IF_COL))
    if only:
        _known_field(row, ONLY_IF_COL, block, only)
        records = [r for r in records if (r.numbers[only] != 0 if only in r.numbers else r.values.get(only))]
    order = fold_key(row.text(ORDER_COL))
    if order:
        direction = next((d for d in _DIRECTIONS if order.endswith(f" {d}")), None)
        if direction is None:
            raise InputError(row.at(ORDER_COL), f"«{row.text(ORDER_COL)}»: cần «<tên trường> giảm dần» hoặc "
                             "«<tên trường> tăng dần», ví dụ «số lượng giảm dần»")
        name = order[:-len(direction)].strip()
        _known_field(row, ORDER_COL, block, name)
        records = sorted(records, key=lambda r: (r.numbers[name],) if name in r.numbers else
                         (-1, sort_key(r.values.get(name, ""))), reverse=_DIRECTIONS[direction])
    return records


def numbered(records: list[Record]) -> list[dict[str, str]]:
    """The values of each record with ``{thứ tự}``, ``{dấu kết}`` and ``{dấu phẩy}`` added (module docstring)."""
    last = len(records)
    return [{**record.values, ORDINAL_FIELD: str(n), END_MARK_FIELD: "." if n == last else ";",
             COMMA_FIELD: "." if n == last else ","} for n, record in enumerate(records, start=1)]


def check_sums(row: Row, block: Block, records: list[Record]) -> None:
    """Refuse a record whose figure differs from the sum of its parts.

    Raises:
        InputError: located at the row, naming the record, the field and both figures.
    """
    for name, (nested, part) in block.sums.items():
        for record in records:
            if name not in record.numbers:
                continue
            children = record.children[nested].records
            total = sum(child.numbers[part] for child in children)
            if record.numbers[name] != total:
                label = next(iter(record.values.values()), "")
                raise InputError(row.at(REPEAT_COL), f"«{label}»: {{{name}}} là {format_number(record.numbers[name])} "
                                 f"nhưng cộng {{{part}}} của các dòng «{nested}» được {format_number(total)}; "
                                 "số liệu không khớp, không in")


def check_total_row(row: Row, table: DataTable) -> None:
    """Refuse a table whose total row is not the sum of the rows above it, column by column.

    Only columns where every cell is a whole number written the Vietnamese way
    (``1.469``, ``07``) are added up; a column with a blank total (``TT``) is left alone.

    Raises:
        InputError: located at the row placing the table, naming the column and both figures.
    """
    if not table.total_row or not table.rows:
        return
    *parts, total = table.rows
    for column, header in enumerate(table.header):
        figures = [_whole(cells[column]) for cells in (*parts, total)]
        if None in figures:
            continue
        if sum(figures[:-1]) != figures[-1]:
            raise InputError(row.at(TEXT_COL), f"bảng «{row.text(TEXT_COL)}», cột «{header}»: dòng tổng cộng ghi "
                             f"{total[column]} nhưng cộng các dòng được {format_number(sum(figures[:-1]))}; "
                             "số liệu không khớp, không in")


def _whole(text: str) -> int | None:
    """``1.469`` → 1469, ``07`` → 7; None for anything else."""
    return int(text.replace(".", "")) if re.fullmatch(r"\d{1,3}(?:\.\d{3})+|\d+", text) else None


def check_pattern(row: Row, names: list[str], fields: set[str], known: set[str]) -> None:
    """Every ``{name}`` of a block row is a field of its block or a name the document knows.

    Args:
        row: the body row; names: its placeholders as typed; fields: the block's folded
            fields (with :data:`AUTO_FIELDS`); known: the document's values and lists.

    Raises:
        InputError: at the row's ``Nội dung``, naming the unknown name and the block's fields.
    """
    for name in names:
        if fold_key(name) not in fields and fold_key(name) not in known:
            raise InputError(row.at(TEXT_COL), f"khối «{row.text(REPEAT_COL)}» không có trường «{name}»; các "
                             "trường: " + ", ".join(f"«{{{f}}}»" for f in sorted(fields, key=sort_key))
                             + " (và các tên chung của văn bản)")


def _known_field(row: Row, column: str, block: Block, name: str) -> None:
    if name not in block.fields:
        raise InputError(row.at(column), f"khối lặp không có trường «{name}»; các trường: "
                         + ", ".join(f"«{f}»" for f in block.fields))
