"""Cấp của đoạn văn trong phần nội dung.

The paragraph levels of the body (``I.``, ``1.``, ``1.1.``, ``a)``, ``-`` …, a data
table), their paragraph styles, and :func:`parse_level`, which reads the marker a
clerk typed in the ``Cấp`` column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.data.tables import fold_key


@dataclass(frozen=True)
class Level:
    """A paragraph level of the body.

    Attributes:
        kind: ``section`` (I.), ``clause`` (1., 1.1., …), ``point`` (a)),
            ``dash`` (-), ``plus`` (+), ``star`` (*), ``plain``, or ``join`` (``nối``:
            no paragraph of its own, its text continues the paragraph above).
        depth: for clauses, 1 for ``1.``, 2 for ``1.1.``, …; 0 otherwise.
    """

    kind: str
    depth: int = 0

    @property
    def style(self) -> str:
        """The template's paragraph style for this level (it must exist in the template)."""
        if self.kind == "clause":
            return f"VB Khoan {self.depth}"
        return LEVEL_STYLES[self.kind]


LEVEL_STYLES = {"section": "VB Muc", "point": "VB Diem", "dash": "VB Gach dau dong",
                "plus": "VB Dau cong", "star": "VB Dau sao", "plain": "VB Doan van", "table": "VB Doan van"}
LITERAL_LABELS = {"dash": "-", "plus": "+", "star": "*"}
ACCEPTED_MARKERS = ("«I.», «1.», «1.1.», «1.1.1.», «a)», «-», «+», «*», «bảng» (một bảng số liệu), «nối» "
                    "(viết tiếp vào đoạn ngay trên) hoặc để trống (đoạn văn thường); số thứ tự được đánh tự động")


def parse_level(marker: str) -> Level:
    """Read a ``Cấp`` cell.

    Args:
        marker: ``I.``, ``1.``, ``1.1.`` (any depth), ``a)``, ``-``, ``+``, ``*``, ``bảng``,
            ``nối`` or ``""``;
            the final ``.`` or ``)`` may be left out.

    Returns:
        The level. Numbers are not taken from the marker: the body is numbered
        automatically (sections I, II…; clauses restart in each section).

    Raises:
        ValueError: any other marker (message in Vietnamese).
    """
    value = marker.strip()
    if value in ("", "đoạn"):
        return Level("plain")
    if value in ("I", "I."):
        return Level("section")
    if re.fullmatch(r"1(\.1)*\.?", value):
        return Level("clause", value.count("1"))
    if value in ("a", "a)"):
        return Level("point")
    if fold_key(value) == "bảng":
        return Level("table")
    if fold_key(value) == "nối":
        return Level("join")
    for kind, label in LITERAL_LABELS.items():
        if value == label:
            return Level(kind)
    raise ValueError(f"cấp «{marker}» không hợp lệ; cần một trong: {ACCEPTED_MARKERS}")
