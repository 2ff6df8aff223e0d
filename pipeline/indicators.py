"""Indicators (chỉ tiêu): what units report back on, defined by the plan's data.

Table ``chi_tieu`` of a plan: ``Mã`` (short code, used in placeholders such as
``{tổng hoi_thao}``), ``Tên chỉ tiêu`` (the column header of the response form),
``Đơn vị tính`` (``cuộc``, ``bài`` …). Which indicators exist is data, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import InputError
from pipeline.inputs import Source, fold_key

INDICATORS_TABLE = "chi_tieu"
INDICATOR_COLS = ("Mã", "Tên chỉ tiêu", "Đơn vị tính")


@dataclass(frozen=True)
class Indicator:
    """One thing units count and report.

    Attributes:
        code: ``Mã``, ASCII letters, digits and ``_`` (``hoi_thao``).
        name: ``Tên chỉ tiêu`` (``Số hội thảo khoa học``).
        unit: ``Đơn vị tính`` (``cuộc``).
    """

    code: str
    name: str
    unit: str

    @property
    def header(self) -> str:
        """The response form's column header: ``Số hội thảo khoa học (cuộc)``."""
        return f"{self.name} ({self.unit})"


def load_indicators(source: Source) -> list[Indicator]:
    """Read the plan's ``chi_tieu`` table.

    Args:
        source: the plan's data source.

    Returns:
        The indicators in table order.

    Raises:
        InputError: missing table or columns, an empty table, a bad or repeated
            code, a repeated name.
    """
    table = source.table(INDICATORS_TABLE, INDICATOR_COLS)
    if not table.rows:
        raise InputError(table.location, "chưa có chỉ tiêu nào để các đơn vị báo cáo")
    indicators: list[Indicator] = []
    for row in table:
        code = row.required("Mã")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", code):
            raise InputError(row.at("Mã"), f"mã chỉ tiêu «{code}» chỉ gồm chữ không dấu, số và «_», "
                             "bắt đầu bằng chữ (ví dụ hoi_thao)")
        name = row.required("Tên chỉ tiêu")
        for other in indicators:
            if other.code == code or fold_key(other.name) == fold_key(name):
                raise InputError(row.at("Mã" if other.code == code else "Tên chỉ tiêu"),
                                 f"chỉ tiêu «{code}» / «{name}» bị trùng với chỉ tiêu «{other.code}»")
        indicators.append(Indicator(code, name, row.required("Đơn vị tính")))
    return indicators
