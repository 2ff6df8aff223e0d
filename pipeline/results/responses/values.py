"""Đọc số liệu chỉ tiêu như người dùng gõ.

Reading an indicator value typed in a cell: Vietnamese thousands and decimal
separators, a unit word after the number, dashes for "none", and the indicator's
bounds.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pipeline.data.indicators import Indicator
from pipeline.data.tables import cell_text
from pipeline.results.responses.text import _key, _one_line
from pipeline.common.vnformat import format_number


_NUMBER_HINT = "cần một số không âm, ví dụ 5, 1.200 hoặc 2,5 (để trống hoặc ghi «-» nếu không có)"


_NUMBER = re.compile(r"(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?(?:\s*(?P<word>[^\W\d_][^\d]*))?")
_DASHES = ("-", "–", "—")


def _number(value: Any, indicator: Indicator) -> int | Decimal:
    """A cell of an indicator column as an exact number; empty or ``-`` is 0.

    Returns:
        An ``int`` for a whole number, else a ``Decimal`` (``2,5``): never a float,
        so that sums are exact (the aggregation refuses what is not whole).

    Raises:
        ValueError: (Vietnamese message) anything else than one non-negative number,
            optionally followed by the indicator's unit word, or a number above the
            indicator's ``Tối đa`` (:attr:`Indicator.maximum`).
    """
    if value is None:
        return 0
    if isinstance(value, bool):
        raise ValueError(f"ô này là giá trị đúng/sai ({value}), không phải số; {_NUMBER_HINT}")
    if isinstance(value, (int, float)):
        if value != value:  # NaN
            return 0
        if value < 0:
            raise ValueError(f"không được ghi số âm («{cell_text(value)}»); {_NUMBER_HINT}")
        return _bounded(value if isinstance(value, int) or not math.isfinite(value) else Decimal(repr(value)),
                        cell_text(value), indicator)
    if isinstance(value, (date, datetime)):
        raise ValueError(f"ô này là ngày tháng ({cell_text(value)}), không phải số (có thể Excel đã tự đổi "
                         f"số gõ vào thành ngày: hãy định dạng ô là Number rồi gõ lại); {_NUMBER_HINT}")
    text = _one_line(cell_text(value))
    if not text or text in _DASHES:
        return 0
    if text.startswith("#"):
        raise ValueError(f"ô có lỗi công thức «{text}»; hãy sửa công thức hoặc ghi số; {_NUMBER_HINT}")
    match = _NUMBER.fullmatch(text)
    if not match:
        if re.match(r"[-−–]\s*\d", text):
            raise ValueError(f"không được ghi số âm («{text}»); {_NUMBER_HINT}")
        if re.fullmatch(r"\d+(?:\.\d+)+(?:,\d+)?", text):
            raise ValueError(f"«{text}»: dấu chấm chỉ dùng để phân cách hàng nghìn (1.200), số thập phân "
                             f"viết bằng dấu phẩy (2,5); {_NUMBER_HINT}")
        if any(c.isdigit() for c in text):
            raise ValueError(f"«{text}» không phải một số cụ thể; {_NUMBER_HINT}")
        raise ValueError(f"«{text}» không phải là số; {_NUMBER_HINT}")
    whole, fraction, word = match.group("int"), match.group("frac"), match.group("word")
    if fraction is not None and len(fraction) == 3 and "." not in whole and whole.lstrip("0"):
        decimal = f"{whole},{fraction.rstrip('0') or '0'}"
        raise ValueError(f"«{text}» không rõ là {decimal} hay {whole}.{fraction}: dấu phẩy là dấu "
                         f"thập phân, dấu chấm phân cách hàng nghìn; hãy ghi lại cho rõ; {_NUMBER_HINT}")
    if word and not _is_unit_word(word, indicator):
        raise ValueError(f"«{text}»: sau số chỉ được ghi đơn vị tính «{indicator.unit}» của chỉ tiêu này; "
                         f"{_NUMBER_HINT}")
    digits = whole.replace(".", "")
    return _bounded(Decimal(f"{digits}.{fraction}") if fraction else int(digits), text, indicator)


def _bounded(number: int | float | Decimal, text: str, indicator: Indicator) -> int | Decimal:
    """``number`` as an int when whole (else as it is), refused above the indicator's ``Tối đa``."""
    if number > indicator.maximum:
        raise ValueError(f"«{text}» lớn hơn mức tối đa {format_number(indicator.maximum)} {indicator.unit} một đơn "
                         f"vị có thể báo cáo cho chỉ tiêu này (cột «Tối đa» của bảng chi_tieu); có phải gõ nhầm?")
    return int(number) if number == int(number) else number


def _is_unit_word(word: str, indicator: Indicator) -> bool:
    """Whether ``word`` after a number names what the indicator counts: its unit
    (``bài``) or a word of its name (``tin bài`` in ``Số bài viết, tin bài, phóng sự``)."""
    key = _key(word)
    if key == _key(indicator.unit):
        return True
    return re.search(rf"(?:^|[\s,;(]){re.escape(key)}(?:$|[\s,;)])", _key(indicator.name)) is not None
