"""Kiểm tra kiểu giá trị dùng chung cho các quy tắc viết.

Value-type checks shared by the Vietnamese writing rules of :mod:`pipeline.common.vnformat`:
int-like values, a pandas NaN cell, Unicode NFC.
"""

from __future__ import annotations

import math
import numbers
import unicodedata
from typing import Any


def _is_int(value: Any) -> bool:
    """True for int-like values (int, numpy integers), False for bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_nan(value: Any) -> bool:
    """True for a float NaN (how pandas represents an empty cell)."""
    return isinstance(value, float) and math.isnan(value)


def _nfc(text: str) -> str:
    """Normalise to Unicode NFC (nd30.md §8, trap 23)."""
    return unicodedata.normalize("NFC", text)

