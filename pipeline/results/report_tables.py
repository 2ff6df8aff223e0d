"""The tables a results report can place (``Cấp`` = ``bảng``), built from the aggregation
as header + rows; how they are drawn is the render stage's business.

Counts are written with :func:`pipeline.common.vnformat.format_count` (``01`` … when the
report asks for two digits); a table with a total row has it last, and the body
checks that it is the sum of the rows above (:func:`pipeline.document.model.blocks.check_total_row`).
"""

from __future__ import annotations

from pipeline.common.vnformat import format_count, short_date
from pipeline.data.tables import fold_key
from pipeline.document.model import Column, DataTable
from pipeline.results.aggregate import MISSING, Summary
from pipeline.results.blocks import kind_name

TABLES = {
    "tình hình báo cáo": "mỗi đơn vị phải báo cáo: STT, đơn vị, tình hình (đúng hạn, trễ hạn, chưa báo cáo), ngày gửi",
    "kết quả theo khối": "mỗi khối: số đơn vị phải báo cáo, đã báo cáo và tổng từng chỉ tiêu số; dòng tổng cộng",
    "kết quả theo đơn vị": "mỗi đơn vị đã báo cáo: số của từng chỉ tiêu số; dòng tổng cộng",
    "kết quả theo loại hoạt động": "mỗi chỉ tiêu số: tên, đơn vị tính, tổng, số đơn vị thực hiện",
    "đơn vị thực hiện theo khối": "khối × loại hoạt động: số đơn vị của khối đã thực hiện từng chỉ tiêu; dòng tổng cộng",
}
"""Table name -> what it holds (Vietnamese, for the template reference)."""


def report_tables(summary: Summary, two_digits: bool = False) -> dict[str, DataTable]:
    """The tables of :data:`TABLES` by folded name.

    Args:
        summary: the aggregation.
        two_digits: counts below 10 written ``01`` … ``09``.

    Returns:
        ``{folded name: DataTable}``; rows in the aggregation's order (group, then name).
    """
    def count(n) -> str:
        return format_count(int(n), two_digits)

    indicators = summary.counted
    units = summary.units[summary.units["expected"]]
    reported = units[units["status"] != MISSING]
    by_group = DataTable(
        header=["TT", "Khối đơn vị", "Phải báo cáo", "Đã báo cáo"] + [i.header for i in indicators],
        rows=[], columns=_columns("center", "left", *["right"] * (2 + len(indicators))), total_row=True)
    for number, (code, row) in enumerate(summary.totals.iterrows(), start=1):
        first = "" if code == "" else str(number)
        by_group.rows.append([first, row["group_name"], count(row["expected"]), count(row["reported"])]
                             + [count(row[i.code]) for i in indicators])
    status = DataTable(header=["STT", "Đơn vị", "Tình hình", "Ngày gửi"], rows=[], columns=_columns("center", "left", "center", "center"))
    for number, row in enumerate(units.itertuples(), start=1):
        sent = short_date(row.sent) if row.status != MISSING else ""
        status.rows.append([str(number), row.name, row.status.capitalize(), sent])
    by_unit = DataTable(header=["TT", "Đơn vị"] + [i.header for i in indicators], rows=[],
                        columns=_columns("center", "left", *["right"] * len(indicators)), total_row=True)
    for number, (_, row) in enumerate(reported.iterrows(), start=1):
        by_unit.rows.append([str(number), row["short_name"]] + [count(row[i.code]) for i in indicators])
    by_unit.rows.append(["", "Tổng cộng"] + [count(reported[i.code].sum()) for i in indicators])
    by_kind = DataTable(header=["TT", "Loại hoạt động", "Đơn vị tính", "Tổng số", "Số đơn vị thực hiện"], rows=[],
                        columns=_columns("center", "left", "left", "right", "right"))
    for number, indicator in enumerate(indicators, start=1):
        by_kind.rows.append([str(number), kind_name(indicator).capitalize(), indicator.unit,
                             count(reported[indicator.code].sum()), count((reported[indicator.code] > 0).sum())])
    return {fold_key("tình hình báo cáo"): status, fold_key("kết quả theo khối"): by_group,
            fold_key("kết quả theo đơn vị"): by_unit, fold_key("kết quả theo loại hoạt động"): by_kind,
            fold_key("đơn vị thực hiện theo khối"): _doers_by_group(summary, reported, count)}


def _doers_by_group(summary: Summary, reported, count) -> DataTable:
    """Group × kind: how many units of each group did each counted kind (a count above 0)."""
    indicators = summary.counted
    table = DataTable(header=["TT", "Khối đơn vị", "Đã báo cáo"] + [kind_name(i).capitalize() for i in indicators],
                      rows=[], columns=_columns("center", "left", *["right"] * (1 + len(indicators))), total_row=True)
    groups = summary.totals.drop(index="")
    for number, (group, row) in enumerate(groups.iterrows(), start=1):
        members = reported[reported["group"] == group]
        table.rows.append([str(number), row["group_name"], count(len(members))]
                          + [count((members[i.code] > 0).sum()) for i in indicators])
    table.rows.append(["", "Tổng cộng", count(len(reported))] + [count((reported[i.code] > 0).sum())
                                                                 for i in indicators])
    return table


def _columns(*aligns: str) -> list[Column]:
    """One :class:`Column` per alignment (``left``, ``center``, ``right``); widths come from the text."""
    return [Column(align) for align in aligns]
