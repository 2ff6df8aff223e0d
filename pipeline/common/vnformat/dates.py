"""Viết ngày tháng trong văn bản hành chính.

Dates in administrative documents (ND30): reading a date typed by a clerk
(:func:`parse_date`), the date line, long and short dates, deadlines and periods.
Errors are ``ValueError`` with a Vietnamese message.
"""

from __future__ import annotations

import datetime as _dt
import numbers
import re
from typing import Any

from pipeline.common.vnformat.values import _is_int, _is_nan, _nfc

#: Blank left for the day/month in a draft date line and for the number in a
#: draft reference ("Số:      /KH-SKHCN"); filled in by Văn thư after signing
#: (nd30.md §5, ND30 Phụ lục III mẫu 1.4/1.5).
DRAFT_BLANK = " " * 6
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
"""Days of the week as written in a sentence, Monday first (``date.weekday()`` order)."""

_DATE_HINT = "cần dạng ngày/tháng/năm, ví dụ 05/02/2024"

# Day-first: d/m/yyyy with one separator (/, - or .) used twice.
_DMY_RE = re.compile(r"^([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]+)$")
# ISO 8601 calendar date: yyyy-mm-dd (year first, always 4 digits, unambiguous).
_ISO_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# Year first with another separator or with 1-digit parts: 2024/12/31, 2024.2.5.
_YEAR_FIRST_RE = re.compile(r"^([0-9]{4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,2})$")


# --------------------------------------------------------------------------- helpers


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


