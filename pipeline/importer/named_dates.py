"""Named dates the clerk asks for (``vanban import --ngay "hạn báo cáo=25/5/2024"``).

Dates in an imported text stay text, except a date the clerk names: wherever the body
prints it in one of the written forms of ``moc_thoi_gian`` (``Cách ghi``), the text
gets ``{tên}`` and ``moc_thoi_gian`` a row, so next year's plan moves it by itself.
"""

from __future__ import annotations

import re

from pipeline.common import vnformat
from pipeline.common.errors import InputError, Location
from pipeline.importer.parts import ImportedDocument, Issue
from pipeline.document.model import DATE_COLS, DATE_STYLES

SINGLE_DATE_STYLES = ("ngày đầy đủ", "trước", "ngày", "tháng")
"""The ``Cách ghi`` of one date, longest written form first (``khoảng`` needs two dates)."""


def parse_named_date(option: str) -> tuple[str, str]:
    """``"hạn báo cáo=25/5/2024"`` -> ``("hạn báo cáo", "25/5/2024")``.

    Raises:
        InputError: no ``=``, an empty name, or a date that is not a valid day-first date.
    """
    name, _, typed = option.partition("=")
    if not name.strip() or not typed.strip():
        raise InputError(Location(option), "--ngay cần dạng «tên=ngày», ví dụ --ngay \"hạn báo cáo=25/5/2024\"")
    try:
        vnformat.parse_date(typed.strip())
    except ValueError as exc:
        raise InputError(Location(option), str(exc)) from None
    return name.strip(), typed.strip()


def apply_named_dates(doc: ImportedDocument, named: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Put ``{tên}`` where the body prints each named date; return the ``moc_thoi_gian`` rows.

    Args:
        doc: the recognised document (its body texts are changed; a date not found is reported).
        named: ``(name, day-first date)`` pairs from :func:`parse_named_date`.
    """
    rows = []
    for name, typed in named:
        day = vnformat.parse_date(typed)
        for style in SINGLE_DATE_STYLES:
            written = DATE_STYLES[style](day, None)
            pattern = re.compile(rf"(?<![\d/]){re.escape(written)}(?![\d/])")
            hits = [row for row in doc.body if pattern.search(row.text)]
            if hits:
                for row in hits:
                    row.text = pattern.sub("{" + name + "}", row.text)
                rows.append(dict(zip(DATE_COLS, (name, f"{day.day:02d}/{day.month:02d}/{day.year}", "", style))))
                break
        else:
            doc.issues.append(Issue(0, typed, f"không thấy ngày «{name}» ({typed}) trong nội dung theo cách viết nào "
                                    "(ngày đầy đủ, trước …, ngày/tháng/năm, tháng …); không tạo mốc thời gian"))
    return rows
