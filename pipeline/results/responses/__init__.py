"""Reading the units' results reports (báo cáo kết quả) from a folder, as clerks receive them.

The plan is sent to dozens of units; each unit fills in the response form and sends
it back by e-mail or on the document system. The clerk saves every file it receives
into one folder, and :func:`read_responses` reads that folder:

* ``.xlsx`` / ``.xlsm`` workbooks (every sheet; cached values of formulas) and
  ``.csv`` files (``,`` ``;`` or tab; UTF-8 with or without BOM, UTF-16 with BOM,
  or Windows-1258 as legacy Vietnamese Windows saves it);
* one unit's row per file, or a combined sheet with many units' rows;
* the form's columns in any order, with extra columns, under headers typed a little
  differently (``Mã ĐV``, ``Đơn vị``, ``Ngày báo cáo``, an indicator without its
  ``(unit)`` …), below title rows, or over two header rows;
* dates and numbers typed as text in the ways people type them.

The expected form (:func:`form_headers`): ``Mã đơn vị``, ``Tên đơn vị``, one column per
indicator headed :attr:`Indicator.header`, ``Điểm nổi bật``, ``Ngày gửi``, ``Người liên hệ``.

Nothing is dropped or guessed silently: every value that cannot be read exactly is a
problem located at file, sheet, row and column (as written in the file), and all
problems of all files are raised together as one :class:`ResponseErrors`. What was
done that the clerk should know about (a legacy encoding, a skipped sheet or total
row, a unit that sent twice) is returned as :attr:`ResponseSet.notes`.
"""

from __future__ import annotations

from pipeline.results.responses.files import CSV_SUFFIX, IGNORED_NAMES, WORKBOOK_SUFFIXES
from pipeline.results.responses.headers import (CODE_HEADER, CONTACT_HEADER, HEADER_SEARCH_ROWS, HIGHLIGHTS_HEADER,
                                        NAME_HEADER, SENT_HEADER, form_headers)
from pipeline.results.responses.reader import read_responses
from pipeline.results.responses.records import Response, ResponseErrors, ResponseSet

__all__ = [
    "CODE_HEADER",
    "NAME_HEADER",
    "HIGHLIGHTS_HEADER",
    "SENT_HEADER",
    "CONTACT_HEADER",
    "HEADER_SEARCH_ROWS",
    "WORKBOOK_SUFFIXES",
    "CSV_SUFFIX",
    "IGNORED_NAMES",
    "Response",
    "ResponseSet",
    "ResponseErrors",
    "form_headers",
    "read_responses",
]
