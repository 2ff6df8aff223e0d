"""Kết quả đọc báo cáo của các đơn vị.

What reading the returned files gives: one unit's :class:`Response`, the
:class:`ResponseSet` of a folder, and :class:`ResponseErrors`, all the problems
found in the files raised together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pipeline.common.errors import InputError, Location, VanbanError
from pipeline.data.registry import Unit


@dataclass
class Response:
    """One unit's results report: one row of a returned form.

    Attributes:
        unit: the registry unit the row was matched to (by code, else by name).
        sent: ``Ngày gửi``; ``None`` when the unit left it empty (or the column is absent).
        values: indicator code -> number, one entry per indicator (an empty cell is 0);
            an ``int`` when whole, else an exact ``Decimal`` (never a float).
        highlights: ``Điểm nổi bật``, "" if none (line breaks kept).
        contact: ``Người liên hệ``, "" if none.
        location: file, sheet (workbooks) and Excel row number of the unit's row.
        texts: text indicator code -> what the unit wrote (``Kiểu`` = ``chữ``), one
            entry per such indicator with a non-empty cell (line breaks kept).
    """

    unit: Unit
    sent: date | None
    values: dict[str, int | Decimal]
    highlights: str
    contact: str
    location: Location
    texts: dict[str, str] = field(default_factory=dict)


@dataclass
class ResponseSet:
    """Everything read from a folder of returned forms.

    Attributes:
        responses: one per unit, the latest submission, in registry order.
        superseded: ``(older, newer)`` for every submission replaced by a later one of
            the same unit (``newer`` is the one kept in ``responses``).
        notes: Vietnamese notes for the clerk, in reading order (legacy encodings,
            skipped sheets and rows, units that sent twice …).
    """

    responses: list[Response]
    superseded: list[tuple[Response, Response]]
    notes: list[str]


class ResponseErrors(VanbanError):
    """All problems found in a folder of returned forms, not just the first.

    Args:
        problems: the problems, in reading order (files by name, then sheets, rows, columns).
        notes: the notes gathered while reading (they often explain a problem, e.g.
            the encoding a CSV file was read with).

    ``str()`` lists the problems one per line (``tệp …, dòng 4, cột «…»: …``).
    """

    def __init__(self, problems: list[InputError], notes: list[str] | None = None):
        self.problems = list(problems)
        self.notes = list(notes or [])
        super().__init__("\n".join(str(problem) for problem in self.problems))
