"""The repeatable blocks of a results report: per activity kind, per unit, per group,
and the late and missing units, built from the aggregation.

A report's ``noi_dung`` prints them with ``Lặp theo`` (see
:mod:`pipeline.document.model.blocks`): a sentence pattern per record, nested
patterns per nested record. The fields (``{tổng}``, ``{đơn vị}``, ``{số lượng}`` …)
are listed in :data:`BLOCK_FIELDS` with their meaning, for the template reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.common.vnformat import format_count, short_date
from pipeline.data.indicators import Indicator
from pipeline.data.tables import fold_key
from pipeline.document.model.blocks import Block, Record
from pipeline.results.aggregate import LATE, MISSING, Summary

if TYPE_CHECKING:
    import pandas as pd

UNIT_FIELDS = {
    "đơn vị": "tên ngắn của đơn vị (`Sở Y tế`)",
    "tên đơn vị": "tên đầy đủ của đơn vị",
    "khối": "tên khối của đơn vị",
    "tình hình": "`đúng hạn`, `trễ hạn` hoặc `chưa báo cáo`",
    "ngày gửi": "ngày gửi báo cáo (`20/5/2024`), rỗng nếu chưa gửi",
    "điểm nổi bật": "điểm nổi bật đơn vị ghi, rỗng nếu không có",
    "<mã chỉ tiêu>": "số đơn vị báo cáo cho chỉ tiêu đó (`{hoi_thao}`); chỉ tiêu kiểu «chữ»: lời đơn vị ghi",
}
KIND_FIELDS = {
    "mã": "mã chỉ tiêu (`hoi_thao`)",
    "tên chỉ tiêu": "tên chỉ tiêu (`Số hội thảo, tọa đàm khoa học`)",
    "loại hoạt động": "tên chỉ tiêu bỏ chữ «Số» đầu (`hội thảo, tọa đàm khoa học`)",
    "đơn vị tính": "đơn vị tính (`cuộc`), rỗng cho chỉ tiêu kiểu «chữ»",
    "tổng": "tổng số của mọi đơn vị (bằng tổng `{số lượng}` của từng đơn vị); rỗng cho chỉ tiêu kiểu «chữ»",
    "số đơn vị": "số đơn vị đã thực hiện (số lớn hơn 0 hoặc có ghi lời)",
    "ghi bằng lời": "`x` cho chỉ tiêu kiểu «chữ», rỗng cho chỉ tiêu số (dùng với `Chỉ khi có`)",
    "các đơn vị": "tên ngắn các đơn vị đã thực hiện, cách nhau bởi dấu phẩy",
}
DONE_FIELDS = {
    "số lượng": "số đơn vị này báo cáo cho loại hoạt động này; rỗng cho chỉ tiêu kiểu «chữ»",
    "nội dung": "lời đơn vị ghi cho chỉ tiêu kiểu «chữ»; rỗng cho chỉ tiêu số",
}
GROUP_FIELDS = {
    "khối": "tên khối",
    "phải báo cáo": "số đơn vị của khối phải báo cáo",
    "đã báo cáo": "số đơn vị của khối đã báo cáo",
    "đúng hạn": "số đơn vị của khối gửi đúng hạn",
    "trễ hạn": "số đơn vị của khối gửi trễ hạn",
    "chưa báo cáo": "số đơn vị của khối chưa báo cáo",
    "<mã chỉ tiêu>": "tổng của khối cho chỉ tiêu số đó (bằng tổng của các đơn vị trong khối)",
}
BLOCK_FIELDS = {
    "loại hoạt động": ("mỗi chỉ tiêu, theo thứ tự bảng chi_tieu", KIND_FIELDS),
    "loại hoạt động > đơn vị": ("mỗi đơn vị đã thực hiện loại hoạt động đó (số lớn hơn 0 hoặc có ghi lời)",
                                {**UNIT_FIELDS, **DONE_FIELDS}),
    "đơn vị": ("mỗi đơn vị đã báo cáo, theo thứ tự khối rồi tên", UNIT_FIELDS),
    "đơn vị > hoạt động": ("mỗi loại hoạt động đơn vị đó đã thực hiện", {**KIND_FIELDS, **DONE_FIELDS}),
    "khối": ("mỗi khối có đơn vị phải báo cáo", GROUP_FIELDS),
    "khối > đơn vị": ("mỗi đơn vị của khối đã báo cáo", UNIT_FIELDS),
    "khối > đơn vị chưa báo cáo": ("mỗi đơn vị của khối chưa báo cáo", UNIT_FIELDS),
    "đơn vị trễ hạn": ("mỗi đơn vị gửi trễ hạn", UNIT_FIELDS),
    "đơn vị chưa báo cáo": ("mỗi đơn vị chưa báo cáo", UNIT_FIELDS),
}
"""Block (``outer > nested``) -> (what it repeats over, {field: meaning}); Vietnamese, for the reference."""


def report_blocks(summary: Summary, two_digits: bool = False) -> dict[str, Block]:
    """The blocks a report can repeat over (folded names), from ``summary``.

    Args:
        summary: the aggregation.
        two_digits: counts below 10 written ``01`` … ``09``
            (:func:`pipeline.common.vnformat.format_count`).

    Returns:
        ``{"loại hoạt động", "đơn vị", "khối", "đơn vị trễ hạn", "đơn vị chưa báo cáo"}``
        as :class:`~pipeline.document.model.blocks.Block` s (fields: :data:`BLOCK_FIELDS`).
    """
    units = summary.units[summary.units["expected"]]
    builder = _Builder(summary, two_digits, units[units["status"] != MISSING])
    rows = units.to_dict("records")  # plain dicts: a pandas Series per row costs ten times more
    reported = [row for row in rows if row["status"] != MISSING]
    return {
        fold_key("loại hoạt động"): builder.kinds(reported),
        fold_key("đơn vị"): builder.units(reported, with_kinds=True),
        fold_key("khối"): builder.groups(rows),
        fold_key("đơn vị trễ hạn"): builder.units([row for row in rows if row["status"] == LATE]),
        fold_key("đơn vị chưa báo cáo"): builder.units([row for row in rows if row["status"] == MISSING]),
    }


def kind_name(indicator: Indicator) -> str:
    """``Số hội thảo, tọa đàm khoa học`` → ``hội thảo, tọa đàm khoa học`` (the name without a leading «Số»)."""
    name = indicator.name
    if fold_key(name).startswith("số "):
        name = name[3:].lstrip()
    return name[:1].lower() + name[1:] if name[1:2].islower() or len(name) == 1 else name


class _Builder:
    """Makes the records; each kind's own figures are computed once, over the units that reported."""

    def __init__(self, summary: Summary, two_digits: bool, reported: pd.DataFrame):
        self.summary = summary
        self.two_digits = two_digits
        self.unit_fields = tuple(fold_key(name) for name in UNIT_FIELDS if not name.startswith("<")) + \
            tuple(i.code for i in summary.indicators)
        self.kind_fields = tuple(fold_key(name) for name in KIND_FIELDS)
        self.done_fields = tuple(fold_key(name) for name in DONE_FIELDS)
        self.highlights = dict(summary.highlights)
        self.kind_figures = {i.code: self._kind_figures(i, reported) for i in summary.indicators}

    def count(self, n: int) -> str:
        return format_count(int(n), self.two_digits)

    def unit_record(self, row: dict) -> Record:
        values = {"đơn vị": row["short_name"], "tên đơn vị": row["name"], "khối": row["group_name"],
                  "tình hình": row["status"], "điểm nổi bật": self.highlights.get(row["short_name"], ""),
                  "ngày gửi": short_date(row["sent"]) if row["status"] != MISSING else ""}
        numbers = {}
        for indicator in self.summary.indicators:
            if indicator.text:
                values[indicator.code] = row[indicator.code]
            else:
                numbers[indicator.code] = int(row[indicator.code])
                values[indicator.code] = self.count(numbers[indicator.code])
        return Record(values, numbers)

    def units(self, rows: list[dict], with_kinds: bool = False) -> Block:
        """The block of units ``rows`` (rows of :attr:`Summary.units` as dicts), each with the kinds
        it did as nested records with ``with_kinds``."""
        records = []
        for row in rows:
            record = self.unit_record(row)
            if with_kinds:
                record.children[fold_key("hoạt động")] = Block(
                    self.kind_fields + self.done_fields,
                    [self.kind_record(i, done=row) for i in self.summary.indicators if _did(row, i)])
            records.append(record)
        nested = {fold_key("hoạt động"): Block(self.kind_fields + self.done_fields, [])} if with_kinds else {}
        return Block(self.unit_fields, records, nested)

    def _kind_figures(self, indicator: Indicator, reported: pd.DataFrame) -> tuple[dict[str, str], dict[str, int]]:
        column = reported[indicator.code]
        doers = reported[column.astype(bool) if indicator.text else column > 0]
        values = {"mã": indicator.code, "tên chỉ tiêu": indicator.name, "loại hoạt động": kind_name(indicator),
                  "đơn vị tính": indicator.unit, "số đơn vị": self.count(len(doers)),
                  "các đơn vị": ", ".join(doers["short_name"]), "tổng": "",
                  "ghi bằng lời": "x" if indicator.text else ""}
        numbers = {"số đơn vị": len(doers)}
        if not indicator.text:
            numbers["tổng"] = int(column.sum())
            values["tổng"] = self.count(numbers["tổng"])
        return values, numbers

    def kind_record(self, indicator: Indicator, done: dict | None = None) -> Record:
        """A kind's record; with ``done`` (a unit's row), with that unit's ``{số lượng}``, ``{nội dung}``."""
        values, numbers = (dict(figures) for figures in self.kind_figures[indicator.code])
        if done is not None:
            values.update(self.done(indicator, done, numbers))
        return Record(values, numbers)

    def done(self, indicator: Indicator, row: dict, numbers: dict[str, int]) -> dict[str, str]:
        """``{số lượng}`` and ``{nội dung}`` of one unit for one kind (numbers updated)."""
        if indicator.text:
            return {"số lượng": "", "nội dung": row[indicator.code]}
        numbers["số lượng"] = int(row[indicator.code])
        return {"số lượng": self.count(numbers["số lượng"]), "nội dung": ""}

    def kinds(self, reported: list[dict]) -> Block:
        unit_block = fold_key("đơn vị")
        records = []
        for indicator in self.summary.indicators:
            record = self.kind_record(indicator)
            units = []
            for row in reported:
                if _did(row, indicator):
                    unit = self.unit_record(row)
                    unit.values.update(self.done(indicator, row, unit.numbers))
                    units.append(unit)
            record.children[unit_block] = Block(self.unit_fields + self.done_fields, units)
            records.append(record)
        return Block(self.kind_fields, records, {unit_block: Block(self.unit_fields + self.done_fields, [])},
                     sums={"tổng": (unit_block, "số lượng")})

    def groups(self, units: list[dict]) -> Block:
        codes = [i.code for i in self.summary.counted]
        fields = tuple(fold_key(name) for name in GROUP_FIELDS if not name.startswith("<")) + tuple(codes)
        columns = {"phải báo cáo": "expected", "đã báo cáo": "reported", "đúng hạn": "on_time", "trễ hạn": "late",
                   "chưa báo cáo": "missing", **{code: code for code in codes}}
        records = []
        for group, row in self.summary.totals.drop(index="").iterrows():
            numbers = {name: int(row[column]) for name, column in columns.items()}
            values = {"khối": row["group_name"], **{name: self.count(n) for name, n in numbers.items()}}
            members = [unit for unit in units if unit["group"] == group]
            children = {fold_key("đơn vị"): self.units([unit for unit in members if unit["status"] != MISSING]),
                        fold_key("đơn vị chưa báo cáo"): self.units([unit for unit in members
                                                                     if unit["status"] == MISSING])}
            records.append(Record(values, numbers, children))
        nested = {name: Block(self.unit_fields, []) for name in (fold_key("đơn vị"), fold_key("đơn vị chưa báo cáo"))}
        return Block(fields, records, nested, sums={code: (fold_key("đơn vị"), code) for code in codes})


def _did(row: dict, indicator: Indicator) -> bool:
    """Whether a unit's row (column -> value) reports something for ``indicator`` (a count above 0 or words)."""
    return bool(row[indicator.code]) if indicator.text else int(row[indicator.code]) > 0
