"""Viết số La Mã, chữ cái thứ tự điểm và số theo cách viết Việt Nam.

Roman numerals (phần, mục), điểm letters (a, b, c, d, đ …) and numbers with a full
stop as thousands separator and a comma as decimal separator (Babel, ``vi_VN``).
Errors are ``ValueError`` with a Vietnamese message.
"""

from __future__ import annotations

import functools
import numbers
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_decimal

from pipeline.common.vnformat.values import _is_int

# Vietnamese alphabet letters used for điểm: no f, j, w, z; đ right after d.
_POINT_LETTERS = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
)

_ROMAN_TABLE = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"),
    (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
    (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def roman(n: int) -> str:
    """Viết số La Mã (số thứ tự phần, mục, phụ lục): ``14 -> "XIV"``.

    Args:
        n (int): 1-3999.

    Returns:
        str: upper-case Roman numeral in subtractive form (4 -> ``"IV"``).

    Raises:
        ValueError: (Vietnamese message) if ``n`` is not an integer in 1-3999.

    Rule: Phần and Chương are numbered with Roman numerals (ND30 Phụ lục I
    Phần I, mục II.6.đ); so are the mục of Kế hoạch/Báo cáo (``I.``) and
    appendices when there are two or more (nd30.md §3.1, §3.6).
    """
    if not _is_int(n) or not 1 <= n <= 3999:
        raise ValueError(f"số La Mã chỉ viết được số nguyên từ 1 đến 3999, nhận được {n!r}")
    rest = int(n)
    parts = []
    for value, letters in _ROMAN_TABLE:
        count, rest = divmod(rest, value)
        parts.append(letters * count)
    return "".join(parts)


def point_letter(n: int) -> str:
    """Chữ cái đánh số điểm: ``1 -> "a"``, ``5 -> "đ"``, ``6 -> "e"``, ``7 -> "g"``.

    Args:
        n (int): 1-based position of the điểm, 1-23.

    Returns:
        str: the letter (without the closing parenthesis) from
        a b c d đ e g h i k l m n o p q r s t u v x y.

    Raises:
        ValueError: (Vietnamese message) if ``n`` is not an integer in 1-23.

    Rule: điểm follow the order of the Vietnamese alphabet, followed by ")"
    (ND30 Phụ lục I Phần I, mục II.6.đ): no f, j, w, z; đ after d
    (nd30.md §3.6, trap 18).
    """
    if not _is_int(n) or not 1 <= n <= len(_POINT_LETTERS):
        raise ValueError(
            f"thứ tự điểm phải là số nguyên từ 1 đến {len(_POINT_LETTERS)} "
            f"(a đến y theo bảng chữ cái tiếng Việt), nhận được {n!r}"
        )
    return _POINT_LETTERS[int(n) - 1]


def format_number(x: int | float | Decimal, decimals: int | None = None) -> str:
    """Viết số theo cách viết Việt Nam: ``1.234.567,5``.

    Args:
        x (int | float | decimal.Decimal): the number (numpy numbers accepted).
            Strings are refused: ``"1.234"`` means 1234 in Vietnamese but 1.234
            in Python, so text must be converted by the caller.
        decimals (int | None): None: at most 3 decimals, trailing zeros dropped
            (CLDR pattern ``#,##0.###``; ``5.0 -> "5"``); an integer >= 0:
            exactly that many decimals (pattern ``#,##0.00`` for 2).

    Returns:
        str: full stop as thousands separator, comma as decimal separator,
        e.g. ``"1.250.000.000"``, ``"3,14"``. Rounding is half up
        (``2.5 -> "3"``, ``1.005 -> "1,01"`` with 2 decimals); the value is
        rounded before Babel formats it (Babel alone rounds half to even) and
        a result of zero never shows a minus sign.

    Raises:
        ValueError: (Vietnamese message) for bool, strings, None, NaN,
            infinity, other types, or ``decimals`` that is not an integer >= 0.

    Rule: no ND30 rule on number format; ND30 itself writes ``1,27 cm``;
    Vietnamese convention via Babel ``format_decimal(..., locale="vi_VN")``
    (nd30.md §9, trap 25).
    """
    if isinstance(x, bool) or not isinstance(x, (numbers.Real, Decimal)):
        raise ValueError(f"cần một số (int, float, Decimal) để định dạng, nhận được {x!r}")
    if decimals is not None and (not _is_int(decimals) or decimals < 0):
        raise ValueError(f"số chữ số thập phân phải là số nguyên không âm, nhận được {decimals!r}")
    if _is_int(x):
        value = Decimal(int(x))
    elif isinstance(x, Decimal):
        value = x
    else:
        # str() gives the shortest repr, so 1.005 stays 1.005 (not 1.00499...).
        value = Decimal(str(float(x)))
    if not value.is_finite():
        raise ValueError(f"không định dạng được giá trị không phải số hữu hạn: {x!r}")

    places = 3 if decimals is None else int(decimals)
    if decimals is None:
        pattern = "#,##0.###"
    elif decimals == 0:
        pattern = "#,##0"
    else:
        pattern = "#,##0." + "0" * places
    # Enough precision for large values (Babel quantizes in the current context too).
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + places + 2)
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if value.is_zero():
            value = abs(value)
        return format_decimal(value, format=pattern, locale="vi_VN")


def format_count(n: int, two_digits: bool = False) -> str:
    """Viết một số đếm: ``1.469``; với ``two_digits``, số từ 1 đến 9 có số 0 đứng trước (``01``).

    Args:
        n (int): a whole count, 0 or more.
        two_digits (bool): the agency writes counts below 10 with two digits, as
            many results reports do (``01 bài viết``, ``05 hội thảo``); 0 stays ``0``.

    Returns:
        str: the count in Vietnamese number format (:func:`format_number`).

    Raises:
        ValueError: (Vietnamese message) ``n`` is not a whole number of 0 or more.

    Rule: no ND30 rule; agencies' usage (Sở KH&CN results reports write ``01``, ``02`` …).
    """
    if isinstance(n, bool) or int(n) != n or n < 0:
        raise ValueError(f"số đếm phải là số nguyên không âm (đang là {n!r})")
    return f"{int(n):02d}" if two_digits and 0 < n < 10 else _whole_number(int(n))


@functools.lru_cache(maxsize=4096)
def _whole_number(n: int) -> str:
    """:func:`format_number` of the whole number ``n``, kept: a report writes the same few counts
    thousands of times (one per block record), and Babel takes about 50 µs each."""
    return format_number(n)
