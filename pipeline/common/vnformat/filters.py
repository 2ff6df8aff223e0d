"""Bộ lọc Jinja cho các mẫu văn bản.

The Jinja filters of the templates (:data:`FILTERS`): the writing rules of
:mod:`pipeline.common.vnformat`, with date arguments parsed by :func:`parse_date` first.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from pipeline.common.vnformat.dates import (date_line, deadline, long_date, month_year, parse_date, period,
                                     short_date, short_period)
from pipeline.common.vnformat.numerals import format_count, format_number, point_letter, roman
from pipeline.common.vnformat.references import doc_ref, number_line
from pipeline.common.vnformat.values import _is_nan


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
    "count": format_count,
}
