"""Quy tắc viết tiếng Việt trong văn bản hành chính, gom vào một module.

Vietnamese writing rules for administrative documents (Nghị định 30/2020/NĐ-CP,
abbreviated ND30), in one module of pure functions: dates and the date line,
document numbers and symbols, Roman numerals, điểm letters and numbers.

Rule sources are cited as "ND30 Phụ lục I ..." (the decree text) and
"nd30.md §N" (the project fact sheet, /work/shared/nd30.md).

Every error raised by this module is a ``ValueError`` (also for a value of the
wrong type), with a Vietnamese message that names the bad value and says what
was expected, so a caller reporting bad input cells catches one exception type.

Only the standard library and Babel are used; pandas is never imported
(pandas ``Timestamp`` values are recognised by duck typing).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import numbers
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Callable

from babel.numbers import format_decimal

__all__ = [
    "parse_date",
    "pad_day",
    "pad_month",
    "date_line",
    "long_date",
    "short_date",
    "month_year",
    "deadline",
    "period",
    "short_period",
    "doc_number",
    "doc_ref",
    "number_line",
    "roman",
    "point_letter",
    "format_number",
    "sort_key",
    "DOCUMENT_TYPES",
    "type_abbreviation",
    "FILTERS",
]

#: Blank left for the day/month in a draft date line and for the number in a
#: draft reference ("Số:      /KH-SKHCN"); filled in by Văn thư after signing
#: (nd30.md §5, ND30 Phụ lục III mẫu 1.4/1.5).
DRAFT_BLANK = " " * 6

_DATE_HINT = "cần dạng ngày/tháng/năm, ví dụ 05/02/2024"

# Day-first: d/m/yyyy with one separator (/, - or .) used twice.
_DMY_RE = re.compile(r"^([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]+)$")
# ISO 8601 calendar date: yyyy-mm-dd (year first, always 4 digits, unambiguous).
_ISO_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# Year first with another separator or with 1-digit parts: 2024/12/31, 2024.2.5.
_YEAR_FIRST_RE = re.compile(r"^([0-9]{4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,2})$")

# Ký hiệu: groups of letters/digits joined by single ASCII hyphens (KH-SKHCN, QyĐ-UBND, SY).
_SYMBOL_RE = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")

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


# --------------------------------------------------------------------------- helpers


def _is_int(value: Any) -> bool:
    """True for int-like values (int, numpy integers), False for bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_nan(value: Any) -> bool:
    """True for a float NaN (how pandas represents an empty cell)."""
    return isinstance(value, float) and math.isnan(value)


def _require_date(value: Any, what: str = "ngày") -> _dt.date:
    """Return ``value`` as a ``datetime.date`` or raise ValueError.

    ``datetime.datetime`` (and pandas ``Timestamp``, a datetime subclass) is
    reduced to its date part. Strings are not accepted here: call
    :func:`parse_date` first (the template filters in :data:`FILTERS` do this).
    """
    if isinstance(value, _dt.date):
        return _plain_date(value)
    raise ValueError(
        f"{what} phải là một giá trị ngày (datetime.date), không phải {type(value).__name__}: "
        f"{value!r}; hãy chuyển bằng parse_date() trước"
    )


def _plain_date(value: Any) -> _dt.date:
    """Reduce a date, datetime or pandas Timestamp to a plain ``datetime.date``.

    pandas ``NaT`` is an instance of ``datetime`` whose year is NaN; it is
    reported as an empty date.
    """
    try:
        return _dt.date(value.year, value.month, value.day)
    except (TypeError, ValueError, AttributeError):
        raise ValueError(f"ngày bị bỏ trống hoặc không hợp lệ ({value!r}); {_DATE_HINT}") from None


def _nfc(text: str) -> str:
    """Normalise to Unicode NFC (nd30.md §8, trap 23)."""
    return unicodedata.normalize("NFC", text)


def _build_date(year: int, month: int, day: int, raw: str) -> _dt.date:
    """Build a date from parts, explaining in Vietnamese why it is impossible."""
    if not 1 <= month <= 12:
        raise ValueError(
            f"ngày không hợp lệ: {raw!r} (tháng {month} không tồn tại; "
            f"ngày viết trước, tháng viết sau); {_DATE_HINT}"
        )
    if year < 1000:
        raise ValueError(
            f"ngày không hợp lệ: {raw!r} (năm {year} không hợp lệ, cần 4 chữ số); {_DATE_HINT}"
        )
    try:
        return _dt.date(year, month, day)
    except ValueError:
        if day < 1:
            reason = f"ngày {day} không tồn tại"
        else:
            reason = f"tháng {month} năm {year} không có ngày {day}"
        raise ValueError(f"ngày không hợp lệ: {raw!r} ({reason}); {_DATE_HINT}") from None


# --------------------------------------------------------------------------- dates


def parse_date(value: Any) -> _dt.date:
    """Chuyển một giá trị ngày về ``datetime.date`` (không bao giờ đoán tháng trước).

    Args:
        value: one of
            * ``datetime.date`` - returned unchanged;
            * ``datetime.datetime`` - its date part;
            * a pandas ``Timestamp`` or any object with ``.date()`` and ``.year``
              (duck typing; pandas is not imported) - its date part;
            * ``str`` - surrounding whitespace ignored; either day-first
              ``d/m/yyyy`` / ``dd/mm/yyyy`` with ``/``, ``-`` or ``.`` as the
              separator (the same separator both times, e.g. ``05/02/2024``,
              ``5-2-2024``, ``05.02.2024``), or ISO 8601 ``yyyy-mm-dd``
              (``2024-02-05``).

    Returns:
        datetime.date: the calendar date.

    Raises:
        ValueError: (Vietnamese message) for None, NaN, pandas ``NaT``, an empty
            string, a two-digit year (``5/2/24``), a month-first date
            (``12/31/2024``), a year-first date other than ISO ``yyyy-mm-dd``
            (``2024/31/12``), an impossible date (``31/02/2024``), any other
            text (``abc``) and any other type (numbers such as Excel serial
            dates are not accepted).

    Rule: dates are written day first, then month, then year with four
    digits (ND30 Phụ lục I Phần I, mục II.4.b; nd30.md §4). The order is never guessed.
    """
    if value is None or _is_nan(value):
        raise ValueError(f"ngày bị bỏ trống; {_DATE_HINT}")
    if isinstance(value, _dt.date):  # also datetime and pandas Timestamp / NaT
        return _plain_date(value)
    if isinstance(value, str):
        return _parse_date_text(value)
    if isinstance(value, (bool, numbers.Number)):
        raise ValueError(
            f"ngày không hợp lệ: {value!r} là một số, không phải ngày; {_DATE_HINT}"
        )
    date_method = getattr(value, "date", None)
    if callable(date_method) and hasattr(value, "year"):
        return _plain_date(date_method())
    raise ValueError(
        f"ngày không hợp lệ: {value!r} (kiểu {type(value).__name__} không phải ngày); {_DATE_HINT}"
    )


def _parse_date_text(value: str) -> _dt.date:
    """Parse the string forms accepted by :func:`parse_date`."""
    text = value.strip()
    if not text:
        raise ValueError(f"ngày bị bỏ trống; {_DATE_HINT}")

    match = _ISO_RE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _build_date(year, month, day, value)

    match = _DMY_RE.match(text)
    if match:
        day_s, _sep, month_s, year_s = match.groups()
        if len(year_s) != 4:
            raise ValueError(
                f"ngày không hợp lệ: {value!r} (năm phải viết đủ 4 chữ số); {_DATE_HINT}"
            )
        return _build_date(int(year_s), int(month_s), int(day_s), value)

    if _YEAR_FIRST_RE.match(text):
        raise ValueError(
            f"ngày không hợp lệ: {value!r} (năm đứng trước chỉ được nhận theo dạng "
            f"ISO năm-tháng-ngày, ví dụ 2024-02-05); {_DATE_HINT}"
        )
    raise ValueError(f"ngày không hợp lệ: {value!r} (không đọc được); {_DATE_HINT}")


def pad_day(d: int) -> str:
    """Viết số ngày theo quy tắc số 0 của Nghị định 30.

    Args:
        d (int): day of the month, 1-31.

    Returns:
        str: ``"01"``..``"09"`` for 1-9, the number itself from 10 on
        (``5 -> "05"``, ``20 -> "20"``).

    Raises:
        ValueError: (Vietnamese message) if ``d`` is not an integer in 1-31.

    Rule: "đối với những số chỉ ngày nhỏ hơn 10 ... phải ghi thêm số 0 ở
    trước" (ND30 Phụ lục I Phần I, mục II.4.b; nd30.md §4, trap 1).
    """
    if not _is_int(d) or not 1 <= d <= 31:
        raise ValueError(f"ngày trong tháng phải là số nguyên từ 1 đến 31, nhận được {d!r}")
    return f"{int(d):02d}"


def pad_month(m: int) -> str:
    """Viết số tháng theo quy tắc số 0 của Nghị định 30.

    Args:
        m (int): month, 1-12.

    Returns:
        str: ``"01"`` and ``"02"`` for January and February; ``"3"``..``"12"``
        (no leading zero) for the other months.

    Raises:
        ValueError: (Vietnamese message) if ``m`` is not an integer in 1-12.

    Rule: only months 1 and 2 get a leading zero (ND30 Phụ lục I Phần I, mục II.4.b;
    nd30.md §4, trap 1: ``tháng 8``, never ``tháng 08``).
    """
    if not _is_int(m) or not 1 <= m <= 12:
        raise ValueError(f"tháng phải là số nguyên từ 1 đến 12, nhận được {m!r}")
    return f"{int(m):02d}" if m <= 2 else str(int(m))


def _check_year(year: Any) -> int:
    if not _is_int(year) or not 1000 <= year <= 9999:
        raise ValueError(f"năm phải là số nguyên có 4 chữ số, ví dụ 2024, nhận được {year!r}")
    return int(year)


def long_date(d: _dt.date) -> str:
    """Viết ngày dạng đầy đủ: ``ngày 05 tháng 02 năm 2024``.

    Args:
        d (datetime.date): the date (a ``datetime`` is reduced to its date).

    Returns:
        str: ``"ngày DD tháng M năm YYYY"`` with the ND30 zero rule,
        e.g. ``"ngày 20 tháng 11 năm 2023"``, ``"ngày 05 tháng 02 năm 2024"``.

    Raises:
        ValueError: (Vietnamese message) if ``d`` is not a date.

    Rule: ND30 Phụ lục I Phần I, mục II.4.b (zero rule); citation style "ngày 08 tháng 4
    năm 2004" in the decree's own text (nd30.md §3.6, §4).
    """
    d = _require_date(d)
    return f"ngày {pad_day(d.day)} tháng {pad_month(d.month)} năm {d.year}"


def date_line(place: str, date: _dt.date | None, year: int | None = None) -> str:
    """Dòng địa danh và ngày tháng năm ban hành (ô số 4).

    Args:
        place (str): place name (địa danh), e.g. ``"Thanh Hóa"``; surrounding
            whitespace is removed, text normalised to NFC. Write it in full,
            as officially named (``Thành phố Hồ Chí Minh``, nd30.md §4).
        date (datetime.date | None): the issue date, or ``None`` for a draft
            whose day and month are filled in after signing.
        year (int | None): required when ``date`` is None (the draft still shows
            the year); when both are given they must agree.

    Returns:
        str: ``"Thanh Hóa, ngày 05 tháng 02 năm 2024"``; draft:
        ``"Thanh Hóa, ngày      tháng      năm 2024"`` (six spaces after
        "ngày" and after "tháng").

    Raises:
        ValueError: (Vietnamese message) if ``place`` is empty or not text,
            ``date`` is not a date, ``date`` is None and ``year`` is missing or
            invalid, or ``year`` contradicts ``date.year``.

    Rule: "<Địa danh>, ngày DD tháng M năm YYYY", comma after the place, zero
    rule for day 1-9 and months 1-2 (ND30 Phụ lục I Phần I, mục II.4.b-c; nd30.md §4);
    blank day/month in drafts as in ND30 Phụ lục III mẫu 1.4 (nd30.md §7).
    """
    if not isinstance(place, str) or not place.strip():
        raise ValueError(f"địa danh không được để trống, nhận được {place!r}")
    place_text = _nfc(place.strip())
    if date is None:
        if year is None:
            raise ValueError(
                "dự thảo chưa có ngày ban hành thì phải cho biết năm (tham số year), ví dụ 2024"
            )
        checked_year = _check_year(year)
        return f"{place_text}, ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm {checked_year}"
    d = _require_date(date, "ngày ban hành")
    if year is not None and _check_year(year) != d.year:
        raise ValueError(f"năm {year!r} không khớp với ngày ban hành {short_date(d)}")
    return f"{place_text}, {long_date(d)}"


def short_date(d: _dt.date) -> str:
    """Viết ngày dạng ngắn trong nội dung: ``22/11/2023``, ``05/3/2020``.

    Args:
        d (datetime.date): the date.

    Returns:
        str: ``"DD/M/YYYY"`` with the ND30 zero rule: ``"29/3/2024"``,
        ``"10/01/2024"``, ``"01/11/2012"``.

    Raises:
        ValueError: (Vietnamese message) if ``d`` is not a date.

    Rule: ND30 has no rule for dates inside the body; the common short form is
    used with the same zero rule as the date line (nd30.md §4, last bullet;
    ND30 Phụ lục I Phần I, mục II.4.b).
    """
    d = _require_date(d)
    return f"{pad_day(d.day)}/{pad_month(d.month)}/{d.year}"


def month_year(d: _dt.date) -> str:
    """Viết tháng và năm: ``tháng 4/2024``, ``tháng 01/2024``.

    Args:
        d (datetime.date): any date in the month.

    Returns:
        str: ``"tháng M/YYYY"`` with the month zero rule.

    Raises:
        ValueError: (Vietnamese message) if ``d`` is not a date.

    Rule: month zero rule of ND30 Phụ lục I Phần I, mục II.4.b (nd30.md §4).
    """
    d = _require_date(d)
    return f"tháng {pad_month(d.month)}/{d.year}"


def deadline(d: _dt.date) -> str:
    """Viết hạn chót: ``trước 18/5/2024``.

    Args:
        d (datetime.date): the deadline.

    Returns:
        str: ``"trước "`` + :func:`short_date`.

    Raises:
        ValueError: (Vietnamese message) if ``d`` is not a date.

    Rule: house style for a schedule deadline (GLOSSARY "thời gian thực hiện"),
    zero rule of ND30 Phụ lục I Phần I, mục II.4.b (nd30.md §4).
    """
    return f"trước {short_date(d)}"


def _check_order(start: _dt.date, end: _dt.date) -> tuple[_dt.date, _dt.date]:
    start = _require_date(start, "ngày bắt đầu")
    end = _require_date(end, "ngày kết thúc")
    if end < start:
        raise ValueError(
            f"ngày kết thúc {short_date(end)} đứng trước ngày bắt đầu {short_date(start)}"
        )
    return start, end


def period(start: _dt.date, end: _dt.date) -> str:
    """Viết một khoảng thời gian: ``từ ngày 21/4/2024 đến ngày 19/5/2024``.

    Args:
        start (datetime.date): first day.
        end (datetime.date): last day; may equal ``start``.

    Returns:
        str: ``"từ ngày <start> đến ngày <end>"`` in :func:`short_date` form.

    Raises:
        ValueError: (Vietnamese message) if an argument is not a date or
            ``end`` is before ``start``.

    Rule: house style (GLOSSARY "thời gian thực hiện"); zero rule of ND30
    Phụ lục I Phần I, mục II.4.b (nd30.md §4).
    """
    start, end = _check_order(start, end)
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def short_period(start: _dt.date, end: _dt.date) -> str:
    """Viết khoảng thời gian dạng gọn: ``từ 15/5-19/5/2024``.

    Args:
        start (datetime.date): first day.
        end (datetime.date): last day; may equal ``start``.

    Returns:
        str: same year: ``"từ DD/M-DD/M/YYYY"`` (start without its year);
        different years: ``"từ 20/12/2023-05/01/2024"`` (both full).

    Raises:
        ValueError: (Vietnamese message) if an argument is not a date or
            ``end`` is before ``start``.

    Rule: house style for tables and schedules; zero rule of ND30 Phụ lục I,
    Phần I, mục II.4.b (nd30.md §4).
    """
    start, end = _check_order(start, end)
    if start.year == end.year:
        first = f"{pad_day(start.day)}/{pad_month(start.month)}"
    else:
        first = short_date(start)
    return f"từ {first}-{short_date(end)}"


# --------------------------------------------------------------------------- numbers and symbols


def doc_number(number: int | str) -> str:
    """Viết số văn bản: ``5 -> "05"``, ``123 -> "123"``.

    Args:
        number (int | str): a positive integer (numpy integers accepted) or a
            string of ASCII digits; surrounding whitespace is stripped and
            extra leading zeros are dropped (``"005" -> "05"``).

    Returns:
        str: two digits with a leading zero for 1-9, the number as is from 10 on.

    Raises:
        ValueError: (Vietnamese message) for 0, negative numbers, ``bool``,
            floats, an empty string, a string with anything other than digits
            (``"5a"``) or any other type.

    Rule: numbers below 10 are written 01..09 (ND30 Phụ lục I Phần I, mục II.3.c;
    nd30.md §5, trap 2); the yearly sequence starts at 01 (ND30 Điều 15).
    """
    if _is_int(number):
        value = int(number)
    elif isinstance(number, str) and re.fullmatch(r"[0-9]+", number.strip()):
        value = int(number.strip())
    else:
        raise ValueError(
            f"số văn bản phải là số nguyên dương viết bằng chữ số, ví dụ 05 hoặc 123, "
            f"nhận được {number!r}"
        )
    if value < 1:
        raise ValueError(f"số văn bản phải bắt đầu từ 01 (số nguyên dương), nhận được {number!r}")
    return f"{value:02d}"


def _is_blank_number(number: Any) -> bool:
    return number is None or _is_nan(number) or (isinstance(number, str) and not number.strip())


def _check_symbol(symbol: Any) -> str:
    if not isinstance(symbol, str) or not symbol.strip():
        raise ValueError(f"ký hiệu văn bản không được để trống, nhận được {symbol!r}")
    text = _nfc(symbol.strip())
    if any(ch.isspace() for ch in text):
        raise ValueError(
            f"ký hiệu văn bản không được có dấu cách: {symbol!r}; viết liền, ví dụ KH-SKHCN"
        )
    if not _SYMBOL_RE.match(text):
        raise ValueError(
            f"ký hiệu văn bản không hợp lệ: {symbol!r}; chỉ gồm chữ và số, các nhóm nối bằng "
            f"một dấu gạch nối '-', không có '/' ở đầu, ví dụ KH-SKHCN hoặc UBND-NN"
        )
    return text


def doc_ref(number: int | str | None, symbol: str) -> str:
    """Viết số và ký hiệu văn bản: ``05/KH-SKHCN``; dự thảo: ``      /KH-SKHCN``.

    Args:
        number (int | str | None): the document number (see :func:`doc_number`);
            None, NaN or a blank string gives the draft form.
        symbol (str): the ký hiệu, e.g. ``"KH-SKHCN"``, ``"UBND-NN"``,
            ``"QyĐ-UBND"`` (mixed case kept as given). Surrounding whitespace
            is stripped; inside, only letters/digits in groups joined by single
            ASCII hyphens are allowed.

    Returns:
        str: ``"<number>/<symbol>"``, or six spaces + ``"/<symbol>"`` for a draft.

    Raises:
        ValueError: (Vietnamese message) if the number is invalid (see
            :func:`doc_number`), or the symbol is empty, contains spaces
            (``"KH - SKHCN"``), a slash, an en dash or other punctuation.

    Rule: "/" between number and ký hiệu, "-" between the groups, no spaces
    (ND30 Phụ lục I Phần I, mục II.3.c; nd30.md §5, trap 7); blank number in drafts
    (ND30 Phụ lục III mẫu 1.4; nd30.md §5).
    """
    checked_symbol = _check_symbol(symbol)
    if _is_blank_number(number):
        return f"{DRAFT_BLANK}/{checked_symbol}"
    return f"{doc_number(number)}/{checked_symbol}"


def number_line(number: int | str | None, symbol: str) -> str:
    """Dòng số, ký hiệu (ô số 3): ``Số: 05/KH-SKHCN``; dự thảo ``Số:      /KH-SKHCN``.

    Args:
        number (int | str | None): as for :func:`doc_ref`.
        symbol (str): as for :func:`doc_ref`.

    Returns:
        str: ``"Số: " + doc_ref`` or, for a draft, ``"Số:"`` + six spaces +
        ``"/<symbol>"``.

    Raises:
        ValueError: (Vietnamese message) as :func:`doc_ref`.

    Rule: "Số" followed by a colon (ND30 Phụ lục I Phần I, mục II.3.c; nd30.md §3.1, §5).
    """
    ref = doc_ref(number, symbol)
    if _is_blank_number(number):
        return f"Số:{ref}"
    return f"Số: {ref}"


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


# --------------------------------------------------------------------------- Jinja filters


#: The administrative document types and the abbreviations used in their ký hiệu
#: (ND30 Điều 7 and Phụ lục III mục I; nd30.md §5.1). Công văn and thư công have
#: none. Mixed-case abbreviations (QyĐ, CTr, TTr) are official and kept as written.
DOCUMENT_TYPES: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH", "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr", "HỢP ĐỒNG": "HĐ", "CÔNG ĐIỆN": "CĐ", "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT", "GIẤY ỦY QUYỀN": "GUQ", "GIẤY MỜI": "GM", "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP", "PHIẾU GỬI": "PG", "PHIẾU CHUYỂN": "PC", "PHIẾU BÁO": "PB",
}
_NEW_STYLE_WORDS = {"THOẢ": "THỎA", "UỶ": "ỦY"}  # the words of DOCUMENT_TYPES that have two tone styles


def type_abbreviation(doc_type: str) -> str | None:
    """Return the ký hiệu abbreviation of a document type, or ``None`` if it is not one of ND30's.

    ``"KẾ HOẠCH"`` → ``"KH"``, ``"Tờ trình"`` → ``"TTr"``; either tone-mark style is
    accepted (``THOẢ``/``THỎA``).

    Rule: ND30 Phụ lục III mục I (nd30.md §5.1).

    Args:
        doc_type: the document type as printed (any case).

    Returns:
        The abbreviation, or ``None`` for anything else (including công văn).
    """
    words = [_NEW_STYLE_WORDS.get(word, word) for word in _nfc(doc_type).upper().split()]
    return DOCUMENT_TYPES.get(" ".join(words))


# Vietnamese alphabetical order (CLDR "vi" collation): ă and â are letters after a,
# đ after d, ê after e, ô and ơ after o, ư after u; tones only break ties, in
# dictionary order: ngang < huyền < hỏi < ngã < sắc < nặng.
_ALPHABET = {letter: rank for rank, letter in enumerate(
    ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
     "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"])}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """Return a key that sorts Vietnamese text in dictionary order.

    Letters compare by the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n
    o ô ơ p q r s t u ư v x y, with f j w z in their Latin places), so ``Đông``
    sorts after ``Dương`` and before ``Eo``, ``Ư`` after ``U`` and before ``V``;
    tones are a secondary key (``ba`` < ``bà`` < ``bả`` < ``bã`` < ``bá`` < ``bạ``),
    case a tertiary one. Spaces and punctuation sort before digits, digits before
    letters, and a run of digits compares as a number (``Phường 2`` < ``Phường 10``,
    ICU's "numeric" option). Precomposed and decomposed input give the same key.

    Rule: the CLDR collation tailoring for Vietnamese (``vi``). ICU implements it,
    but PyICU has no wheels (it must be compiled, and not at all on a clerk's
    Windows machine), so the rule is written out here.

    Args:
        text: any string.

    Returns:
        A tuple ``(primary, secondary, tertiary)`` of tuples, for ``sorted(key=...)``
        (cached: registries sort the same names again and again).
    """
    primary, secondary, tertiary = [], [], []
    for token in re.findall(r"\d+|\D", unicodedata.normalize("NFC", text)):
        if token.isdecimal():  # a run of digits compares as a number: 2 < 10
            primary.append((2, int(token)))
            secondary.append(0)
            tertiary.append(0)
            continue
        decomposed = unicodedata.normalize("NFD", token)
        tone = next((_TONES[m] for m in decomposed[1:] if m in _TONES), 0)
        letter = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
        lower = letter.lower()
        if lower in _ALPHABET:
            primary.append((3, _ALPHABET[lower]))
        elif lower.isalpha():
            primary.append((4, ord(lower)))
        else:
            primary.append((1, ord(lower)))
        secondary.append(tone)
        tertiary.append(0 if letter == lower else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def _date_filter(func: Callable[[_dt.date], str]) -> Callable[[Any], str]:
    def wrapper(value: Any) -> str:
        return func(parse_date(value))

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = f"Jinja filter: parse_date(value), then {func.__name__}()."
    wrapper.__wrapped__ = func
    return wrapper


def _date_line_filter(place: str, date: Any = None, year: int | None = None) -> str:
    """Dòng địa danh, ngày tháng: ``{{ place|date_line(issue_date, year) }}``; ngày trống là dự thảo."""
    if date is None or _is_nan(date) or (isinstance(date, str) and not date.strip()):
        return date_line(place, None, year)
    return date_line(place, parse_date(date), year)


def _two_dates_filter(func: Callable[[_dt.date, _dt.date], str]) -> Callable[[Any, Any], str]:
    def wrapper(start: Any, end: Any) -> str:
        return func(parse_date(start), parse_date(end))

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = f"Jinja filter: {{{{ start|{func.__name__}(end) }}}}, both parsed with parse_date()."
    wrapper.__wrapped__ = func
    return wrapper


#: Jinja filters for the templates. Date filters accept anything parse_date()
#: accepts, e.g. ``{{ "22/11/2023"|short_date }}``, ``{{ start|period(end) }}``,
#: ``{{ "Thanh Hóa"|date_line(issue_date) }}``, ``{{ number|number_line("KH-SKHCN") }}``.
FILTERS: dict[str, Callable[..., str]] = {
    "date_line": _date_line_filter,
    "long_date": _date_filter(long_date),
    "short_date": _date_filter(short_date),
    "month_year": _date_filter(month_year),
    "deadline": _date_filter(deadline),
    "period": _two_dates_filter(period),
    "short_period": _two_dates_filter(short_period),
    "doc_ref": doc_ref,
    "number_line": number_line,
    "roman": roman,
    "point_letter": point_letter,
    "number": format_number,
}
