"""Cột của biểu mẫu báo cáo và tìm dòng tiêu đề trong tệp đơn vị gửi về.

The columns of the response form (:func:`form_headers`) and how a returned sheet's
header row is found: headers typed a little differently, below title rows, over two
rows, and a row of column numbers (A, B, 1, 2 …) under them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any, Sequence

from pipeline.data.indicators import Indicator
from pipeline.data.tables import cell_text
from pipeline.results.responses.text import _is_blank, _key, _one_line, _strip_unit


CODE_HEADER = "Mã đơn vị"
NAME_HEADER = "Tên đơn vị"
HIGHLIGHTS_HEADER = "Điểm nổi bật"
SENT_HEADER = "Ngày gửi"
CONTACT_HEADER = "Người liên hệ"

HEADER_SEARCH_ROWS = 10
"""The header row is looked for within this many rows at the top of a sheet."""


# Field identifiers of the fixed columns; indicator columns use the indicator code
# (ASCII letters first), so the two can never collide.
_CODE, _NAME, _SENT, _HIGHLIGHTS, _CONTACT = "@code", "@name", "@sent", "@highlights", "@contact"

_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # field: (header of the form, other headers accepted for it)
    _CODE: (CODE_HEADER, ("Mã ĐV", "Mã", "Mã số", "Mã số đơn vị", "Mã đơn vị báo cáo")),
    _NAME: (NAME_HEADER, ("Tên ĐV", "Đơn vị", "Tên", "Đơn vị báo cáo", "Tên đơn vị báo cáo",
                          "Cơ quan, đơn vị", "Tên cơ quan, đơn vị")),
    _SENT: (SENT_HEADER, ("Ngày báo cáo", "Ngày gửi báo cáo")),
    _HIGHLIGHTS: (HIGHLIGHTS_HEADER, ("Những điểm nổi bật", "Các điểm nổi bật", "Nổi bật",
                                      "Kết quả nổi bật")),
    _CONTACT: (CONTACT_HEADER, ("Người liên lạc", "Cán bộ liên hệ")),
}


def form_headers(indicators: Sequence[Indicator]) -> list[str]:
    """The column headers of the response form, in the order the tool sends them.

    Args:
        indicators: the plan's indicators (:func:`pipeline.data.indicators.load_indicators`).

    Returns:
        ``["Mã đơn vị", "Tên đơn vị", <Indicator.header …>, "Điểm nổi bật", "Ngày gửi",
        "Người liên hệ"]``.
    """
    return [CODE_HEADER, NAME_HEADER, *(i.header for i in indicators),
            HIGHLIGHTS_HEADER, SENT_HEADER, CONTACT_HEADER]


class _Form:
    """Matches header cells to the form's fields (fixed columns and indicators)."""

    def __init__(self, indicators: Sequence[Indicator]):
        self.indicators = list(indicators)
        self.expected: dict[str, str] = {f: header for f, (header, _) in _FIELDS.items()}
        self.exact: dict[str, tuple[str, int]] = {}
        for name, (header, variants) in _FIELDS.items():
            self.exact[_key(header)] = (name, 4)
            for variant in variants:
                self.exact.setdefault(_key(variant), (name, 3))
        for indicator in self.indicators:
            self.expected[indicator.code] = indicator.header
            self.exact[_key(indicator.header)] = (indicator.code, 4)
            self.exact.setdefault(_key(indicator.name), (indicator.code, 3))
        # Longest names first: a header containing two names is the longer one's.
        self.names = sorted(((_key(i.name), i.code) for i in self.indicators), key=lambda p: -len(p[0]))

    def match(self, text: str) -> tuple[str, int] | None:
        """``(field, quality)`` of a header cell, or ``None``.

        Quality: 4 the form's own header; 3 an accepted variant or an indicator name
        without its unit; 2 the same with some other ``(…)`` at the end; 1 an
        indicator name contained in a longer header.
        """
        key = _key(text)
        if not key:
            return None
        hit = self.exact.get(key)
        if hit:
            return hit
        stripped = _strip_unit(key)
        if stripped != key and stripped in self.exact:
            return self.exact[stripped][0], 2
        for name, code in self.names:
            if name in key:
                return code, 1
        return None


@dataclass
class _Header:
    """Where a sheet's header is and which column holds which field."""

    row: int                                  # 0-based index of the (first) header row
    span: int                                 # 1 or 2 header rows
    columns: dict[str, tuple[int, str]]       # field -> (0-based column, header as written)
    duplicates: list[tuple[str, list[tuple[int, str]]]]  # field -> columns read as it
    quality: int

    @property
    def score(self) -> tuple:
        fields = len(self.columns) + len(self.duplicates)
        return (fields, self.quality, -self.span, -self.row)

    @property
    def excel_row(self) -> int:
        """Excel number of the (last) header row."""
        return self.row + self.span


def _find_header(rows: Sequence[Sequence[Any]], form: _Form) -> _Header | None:
    """The best header within the first rows, one row or two rows combined.

    A header is recognised when it holds at least one indicator column and one other
    field. Two rows are combined (``Ngày`` / ``gửi``, a merged ``Kết quả thực hiện``
    above the indicator names) only when that recognises more than either row alone.
    """
    best: _Header | None = None
    for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
        for span in (1, 2):
            if index + span > len(rows):
                continue
            header = _header_at(rows, index, span, form)
            if header and span == 2:
                # Two rows only when the upper one adds something to the lower one alone.
                lower = _header_at(rows, index + 1, 1, form)
                if lower and lower.score[:2] >= header.score[:2]:
                    continue
            if header and (best is None or header.score > best.score):
                best = header
    return best


def _header_at(rows: Sequence[Sequence[Any]], index: int, span: int, form: _Form) -> _Header | None:
    top = rows[index]
    bottom = rows[index + 1] if span == 2 else ()
    found: dict[str, list[tuple[int, int, str]]] = {}
    for column in range(max(len(top), len(bottom))):
        upper = _one_line(cell_text(top[column])) if column < len(top) else ""
        lower = _one_line(cell_text(bottom[column])) if column < len(bottom) else ""
        if span == 1:
            options = [upper]
        else:
            options = [f"{upper} {lower}" if upper and lower else upper or lower, lower, upper]
        best: tuple[int, str, str] | None = None
        for text in options:
            hit = form.match(text) if text else None
            if hit and (best is None or hit[1] > best[0]):
                best = (hit[1], hit[0], text)
        if best:
            found.setdefault(best[1], []).append((best[0], column, best[2]))
    if not any(name in found for name in (i.code for i in form.indicators)) or len(found) < 2:
        return None
    columns: dict[str, tuple[int, str]] = {}
    duplicates = []
    quality = 0
    for name, hits in found.items():
        top_quality = max(q for q, _, _ in hits)
        quality += top_quality
        best_hits = [(column, text) for q, column, text in hits if q == top_quality]
        if len(best_hits) > 1:
            duplicates.append((name, best_hits))
        else:
            columns[name] = best_hits[0]
    return _Header(index, span, columns, duplicates, quality)


def _is_numbering_row(row: Sequence[Any], columns: int) -> bool:
    """A row numbering the columns under the header, as official forms do: ``(1) (2) (3) …``,
    ``1 2 3 …`` or ``A B C 1 2 …`` (letters for text columns, then numbers), at least one
    label for each of the ``columns`` recognised columns."""
    labels = []
    for value in row:
        if _is_blank(value):
            continue
        match = re.fullmatch(r"\(?(\d{1,3}|[A-Z])\)?", cell_text(value))
        if not match:
            return False
        labels.append(match.group(1))
    letters = list(itertools.takewhile(str.isalpha, labels))
    numbers = labels[len(letters):]
    return (len(labels) >= max(3, columns)
            and letters == [chr(ord("A") + i) for i in range(len(letters))]
            and numbers == [str(n) for n in range(1, len(numbers) + 1)])
