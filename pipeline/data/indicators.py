"""Indicators (chỉ tiêu): what units report back on, defined by the plan's data.

Table ``chi_tieu`` of a plan: ``Mã`` (short code, used in placeholders such as
``{tổng hoi_thao}``), ``Tên chỉ tiêu`` (the column header of the response form),
``Đơn vị tính`` (``cuộc``, ``bài`` …), and optionally ``Tối đa``: the largest count one
unit may report (default :data:`DEFAULT_MAXIMUM`); a larger figure in a returned file
is refused as a typing mistake. ``Kiểu`` = ``chữ`` makes an indicator text-only: units
write what they did in words (no count, no ``Đơn vị tính``), and the report gathers
those texts by kind and by unit. Which indicators exist is data, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.common.errors import InputError
from pipeline.data.tables import Source, fold_key
from pipeline.common.vnformat import format_number

INDICATORS_TABLE = "chi_tieu"
INDICATOR_COLS = ("Mã", "Tên chỉ tiêu", "Đơn vị tính")
MAXIMUM_COL = "Tối đa"
KIND_COL = "Kiểu"
TEXT_KIND, NUMBER_KIND = "chữ", "số"
DEFAULT_MAXIMUM = 1_000_000
"""Largest count of one unit for an indicator without ``Tối đa``."""
MAXIMUM_CEILING = 10**12
"""Largest ``Tối đa`` accepted: the totals of a million units stay exact integers (below 2**63)."""


@dataclass(frozen=True)
class Indicator:
    """One thing units count and report.

    Attributes:
        code: ``Mã``, ASCII letters, digits and ``_`` (``hoi_thao``).
        name: ``Tên chỉ tiêu`` (``Số hội thảo khoa học``).
        unit: ``Đơn vị tính`` (``cuộc``).
        maximum: ``Tối đa``, the largest count one unit may report.
        text: ``Kiểu`` = ``chữ``: units answer in words, not with a count.
    """

    code: str
    name: str
    unit: str
    maximum: int = DEFAULT_MAXIMUM
    text: bool = False

    @property
    def header(self) -> str:
        """The response form's column header: ``Số hội thảo khoa học (cuộc)``; a text
        indicator's is its name alone."""
        return self.name if self.text else f"{self.name} ({self.unit})"


def load_indicators(source: Source) -> list[Indicator]:
    """Read the plan's ``chi_tieu`` table.

    Args:
        source: the plan's data source.

    Returns:
        The indicators in table order.

    Raises:
        InputError: missing table or columns, an empty table, a bad or repeated
            code, a repeated name, a ``Tối đa`` that is not a whole number from 1 to
            :data:`MAXIMUM_CEILING`.
    """
    table = source.table(INDICATORS_TABLE, INDICATOR_COLS, (MAXIMUM_COL, KIND_COL))
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
        kind = fold_key(row.text(KIND_COL)) or NUMBER_KIND
        if kind not in (TEXT_KIND, NUMBER_KIND):
            raise InputError(row.at(KIND_COL), f"kiểu chỉ tiêu «{row.text(KIND_COL)}»: cần «{NUMBER_KIND}» (đơn vị "
                             f"báo cáo một số đếm, mặc định) hoặc «{TEXT_KIND}» (đơn vị ghi bằng lời việc đã làm)")
        if kind == TEXT_KIND:
            if row.text("Đơn vị tính") or row.text(MAXIMUM_COL):
                raise InputError(row.at("Đơn vị tính" if row.text("Đơn vị tính") else MAXIMUM_COL),
                                 "chỉ tiêu kiểu «chữ» không có đơn vị tính hay số tối đa: để trống ô này")
            indicators.append(Indicator(code, name, "", text=True))
        else:
            indicators.append(Indicator(code, name, row.required("Đơn vị tính"), _maximum(row)))
    return indicators


def counted(indicators: list[Indicator]) -> list[Indicator]:
    """The indicators units answer with a count (not ``Kiểu`` = ``chữ``), in order."""
    return [i for i in indicators if not i.text]


def _maximum(row) -> int:
    """``Tối đa`` of a row: digits, ``.`` or spaces between thousands allowed (``1.000.000``)."""
    text = row.text(MAXIMUM_COL)
    if not text:
        return DEFAULT_MAXIMUM
    digits = re.sub(r"[.\s]", "", text) if re.fullmatch(r"\d{1,3}(?:[.\s]\d{3})+|\d+", text) else ""
    if not digits or not 1 <= int(digits) <= MAXIMUM_CEILING:
        raise InputError(row.at(MAXIMUM_COL), f"«{text}»: cần một số nguyên từ 1 đến {format_number(MAXIMUM_CEILING)} "
                         "(số lớn nhất một đơn vị có thể báo cáo), hoặc để trống để dùng "
                         f"{format_number(DEFAULT_MAXIMUM)}")
    return int(digits)
