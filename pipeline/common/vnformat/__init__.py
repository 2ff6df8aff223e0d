"""Quy tắc viết tiếng Việt trong văn bản hành chính.

Vietnamese writing rules for administrative documents (Nghị định 30/2020/NĐ-CP,
abbreviated ND30), as pure functions: dates and the date line
(:mod:`~pipeline.common.vnformat.dates`), document numbers, symbols and types
(:mod:`~pipeline.common.vnformat.references`), Roman numerals, điểm letters and numbers
(:mod:`~pipeline.common.vnformat.numerals`), Vietnamese dictionary order
(:mod:`~pipeline.common.vnformat.sorting`) and the Jinja filters of the templates
(:mod:`~pipeline.common.vnformat.filters`). This package re-exports their public names,
so callers write ``from pipeline.common.vnformat import parse_date``.

Rule sources are cited as "ND30 Phụ lục I ..." (the decree text) and
"nd30.md §N" (the project fact sheet, /work/shared/nd30.md).

Every error raised by this package is a ``ValueError`` (also for a value of the
wrong type), with a Vietnamese message that names the bad value and says what
was expected, so a caller reporting bad input cells catches one exception type.

Only the standard library and Babel are used; pandas is never imported
(pandas ``Timestamp`` values are recognised by duck typing).
"""

from __future__ import annotations

from . import dates, filters, numerals, references, sorting

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
    "format_count",
    "sort_key",
    "DOCUMENT_TYPES",
    "type_abbreviation",
    "FILTERS",
]

# Public names of the submodules (``from . import`` keeps this package importing only
# its own submodules, the standard library and Babel).
DRAFT_BLANK = dates.DRAFT_BLANK
WEEKDAYS = dates.WEEKDAYS
parse_date = dates.parse_date
pad_day = dates.pad_day
pad_month = dates.pad_month
date_line = dates.date_line
long_date = dates.long_date
short_date = dates.short_date
month_year = dates.month_year
deadline = dates.deadline
period = dates.period
short_period = dates.short_period
doc_number = references.doc_number
doc_ref = references.doc_ref
number_line = references.number_line
DOCUMENT_TYPES = references.DOCUMENT_TYPES
type_abbreviation = references.type_abbreviation
roman = numerals.roman
point_letter = numerals.point_letter
format_number = numerals.format_number
format_count = numerals.format_count
sort_key = sorting.sort_key
FILTERS = filters.FILTERS
