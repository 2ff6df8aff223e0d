"""The response form (biểu mẫu báo cáo): the Excel workbook a unit fills in and
sends back with its results.

One sheet ``Báo cáo``: the title on row 1, a short instruction on row 2, the
header on row 3 (``Mã đơn vị``, ``Tên đơn vị``, one column per indicator headed
:attr:`Indicator.header`, ``Điểm nổi bật``, ``Ngày gửi``, ``Người liên hệ``), then
empty data rows with Excel data validation so that a unit cannot type a word where
a number is expected (a text indicator's column, ``Kiểu`` = ``chữ``, takes words
and is wider). The same inputs always give the same bytes. The title and the
headers come from the plan's data; one that Excel would read as a formula (an
indicator named ``=…`` or ``- …``) is written as text (:func:`pipeline.common.spreadsheet.set_text`).
"""

from __future__ import annotations

import math
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.data.indicators import INDICATORS_TABLE, Indicator, load_indicators
from pipeline.data.tables import Source
from pipeline.document.model import AdministrativeDocument
from pipeline.document.names import document_filename
from pipeline.common.spreadsheet import set_text, workbook_bytes

SHEET_NAME = "Báo cáo"
CODE_HEADER, NAME_HEADER = "Mã đơn vị", "Tên đơn vị"
HIGHLIGHT_HEADER, DATE_HEADER, CONTACT_HEADER = "Điểm nổi bật", "Ngày gửi", "Người liên hệ"
TITLE_ROW, INSTRUCTION_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW, LAST_DATA_ROW = 4, 53
DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "0"
TEXT_FORMAT = "@"

INSTRUCTION = ("Mỗi đơn vị ghi một dòng. Các cột chỉ tiêu chỉ ghi số nguyên (0, 1, 2…), không kèm chữ "
               "hay dấu chấm, dấu phẩy. Ngày gửi ghi theo thứ tự ngày/tháng/năm (dd/mm/yyyy), "
               "ví dụ 20/05/{year}.")
TEXT_INSTRUCTION = " Các cột {names} ghi bằng lời những việc đã làm, không ghi số."
NUMBER_ERROR_TITLE = "Số liệu không hợp lệ"
NUMBER_ERROR = ("Chỉ nhập số nguyên không âm (0, 1, 2…), không kèm chữ (như «bài», «cuộc») "
                "và không dùng dấu chấm, dấu phẩy.")
NUMBER_PROMPT_TITLE = "Chỉ nhập số"
NUMBER_PROMPT = "Số nguyên từ 0 trở lên, ví dụ 3."
DATE_ERROR_TITLE = "Ngày gửi không hợp lệ"
DATE_ERROR = ("Nhập ngày trong khoảng {first} đến {last}, theo thứ tự ngày/tháng/năm "
              "(dd/mm/yyyy), ví dụ 20/05/{year}.")

_CODE_WIDTH, _NAME_WIDTH, _INDICATOR_WIDTH = 16, 40, 18
_HIGHLIGHT_WIDTH, _DATE_WIDTH, _CONTACT_WIDTH = 45, 13, 28
_LINE_HEIGHT = 15.75  # points per wrapped line of 12 pt text


FORM_KIND = "Biểu mẫu báo cáo kết quả"
"""The form's document type in the manifest."""


def plan_form(plan: AdministrativeDocument) -> tuple[str, bytes] | None:
    """The response form of ``plan``: its file name and bytes, or ``None`` for a document
    without ``chi_tieu`` (not a plan that asks for results).

    The name follows the plan's (``bieu-mau-bao-cao_ke-hoach_du-thao_kh-skhcn_2024.xlsx``);
    the title is ``BÁO CÁO KẾT QUẢ`` + the plan's abstract in capitals. ``vanban build``
    makes it with the plan (so it is in the manifest and never overwritten without
    ``--force``); ``vanban responses form`` makes only the forms.

    Raises:
        InputError: a bad ``chi_tieu`` table (:func:`pipeline.data.indicators.load_indicators`).
    """
    source = Source(plan.source)
    if not source.has_table(INDICATORS_TABLE):
        return None
    name = f"bieu-mau-bao-cao_{document_filename(plan).removesuffix('.docx')}.xlsx"
    return name, form_bytes(load_indicators(source), plan.year, f"BÁO CÁO KẾT QUẢ {plan.abstract.upper()}")


def form_bytes(indicators: list[Indicator], year: int, title: str) -> bytes:
    """The bytes of the response form (.xlsx); the same inputs give the same bytes.

    Args:
        indicators: the plan's indicators (:func:`pipeline.data.indicators.load_indicators`),
            one column each, in this order.
        year: the plan's year: dates the workbook (1 January) and bounds ``Ngày gửi``
            to 01/01/``year`` – 31/12/``year + 1``.
        title: the title printed on row 1 (e.g. ``BÁO CÁO KẾT QUẢ … NĂM 2024``).

    Raises:
        ValueError: no indicators, an empty title or a year outside 1980–9998.
    """
    if not indicators:
        raise ValueError("biểu mẫu cần ít nhất một chỉ tiêu")
    if not title.strip():
        raise ValueError("biểu mẫu cần có tiêu đề")
    if not 1980 <= year <= 9998:  # zip dates start in 1980; year + 1 must be a valid year
        raise ValueError(f"năm {year} không hợp lệ cho biểu mẫu")

    headers = [CODE_HEADER, NAME_HEADER, *(i.header for i in indicators),
               HIGHLIGHT_HEADER, DATE_HEADER, CONTACT_HEADER]
    widths = [_CODE_WIDTH, _NAME_WIDTH, *(_HIGHLIGHT_WIDTH if i.text else _INDICATOR_WIDTH for i in indicators),
              _HIGHLIGHT_WIDTH, _DATE_WIDTH, _CONTACT_WIDTH]
    first_indicator = 3
    counted = {first_indicator + n for n, indicator in enumerate(indicators) if not indicator.text}
    date_column = headers.index(DATE_HEADER) + 1
    last_column = len(headers)
    last_letter = get_column_letter(last_column)

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME

    set_text(sheet.cell(TITLE_ROW, 1), " ".join(title.split()))
    sheet.cell(TITLE_ROW, 1).font = Font(name="Times New Roman", size=14, bold=True)
    sheet.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A{TITLE_ROW}:{last_letter}{TITLE_ROW}")
    sheet.row_dimensions[TITLE_ROW].height = 2 * _LINE_HEIGHT + 6

    texts = [f"«{i.name}»" for i in indicators if i.text]
    instruction = INSTRUCTION.format(year=year) + (TEXT_INSTRUCTION.format(names=", ".join(texts)) if texts else "")
    sheet.cell(INSTRUCTION_ROW, 1, instruction).font = Font(name="Times New Roman",
                                                                              size=12, italic=True)
    sheet.cell(INSTRUCTION_ROW, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A{INSTRUCTION_ROW}:{last_letter}{INSTRUCTION_ROW}")
    sheet.row_dimensions[INSTRUCTION_ROW].height = 2 * _LINE_HEIGHT

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name="Times New Roman", size=12, bold=True)
    header_fill = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, (header, width) in enumerate(zip(headers, widths), start=1):
        cell = sheet.cell(HEADER_ROW, column)
        set_text(cell, header)
        cell.font, cell.fill, cell.alignment, cell.border = header_font, header_fill, header_alignment, border
        sheet.column_dimensions[get_column_letter(column)].width = width
    lines = max(math.ceil(len(h) / (w - 2)) for h, w in zip(headers, widths))
    sheet.row_dimensions[HEADER_ROW].height = lines * _LINE_HEIGHT + 4

    data_font = Font(name="Times New Roman", size=12)
    for row in range(FIRST_DATA_ROW, LAST_DATA_ROW + 1):
        for column in range(1, last_column + 1):
            cell = sheet.cell(row, column)
            cell.font, cell.border = data_font, border
            if column == 1:
                cell.number_format = TEXT_FORMAT
            elif column in counted:
                cell.number_format = NUMBER_FORMAT
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif column == date_column:
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.alignment = Alignment(vertical="top", wrap_text=True)

    numbers = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorStyle="stop", errorTitle=NUMBER_ERROR_TITLE,
                             error=NUMBER_ERROR, showInputMessage=True, promptTitle=NUMBER_PROMPT_TITLE,
                             prompt=NUMBER_PROMPT)
    for first, last in _runs(sorted(counted)):
        numbers.add(f"{get_column_letter(first)}{FIRST_DATA_ROW}:{get_column_letter(last)}{LAST_DATA_ROW}")
    first_day, last_day = date(year, 1, 1), date(year + 1, 12, 31)
    dates = DataValidation(type="date", operator="between", formula1=f"DATE({year},1,1)",
                           formula2=f"DATE({year + 1},12,31)", allow_blank=True, showErrorMessage=True,
                           errorStyle="stop", errorTitle=DATE_ERROR_TITLE,
                           error=DATE_ERROR.format(first=first_day.strftime("%d/%m/%Y"),
                                                   last=last_day.strftime("%d/%m/%Y"), year=year))
    date_letter = get_column_letter(date_column)
    dates.add(f"{date_letter}{FIRST_DATA_ROW}:{date_letter}{LAST_DATA_ROW}")
    if counted:
        sheet.add_data_validation(numbers)
    sheet.add_data_validation(dates)

    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    book.properties.title = " ".join(title.split())
    return workbook_bytes(book, datetime(year, 1, 1))


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    """Consecutive column numbers as ``(first, last)`` ranges: ``[3, 4, 6]`` → ``[(3, 4), (6, 6)]``."""
    runs: list[tuple[int, int]] = []
    for column in columns:
        if runs and runs[-1][1] == column - 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs
