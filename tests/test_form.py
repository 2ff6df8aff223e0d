"""The response form a unit fills in (pipeline/results/form.py), built from the bundled 2024 indicators."""

from __future__ import annotations

import time
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import PLAN_2024
from pipeline.results.form import form_bytes
from pipeline.data.indicators import Indicator, load_indicators
from pipeline.data.tables import Source

TITLE = ("BÁO CÁO KẾT QUẢ TỔ CHỨC CÁC HOẠT ĐỘNG CHÀO MỪNG NGÀY KHOA HỌC VÀ CÔNG NGHỆ "
         "VIỆT NAM NĂM 2024")
HEADERS_2024 = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Số hội thảo, tọa đàm khoa học (cuộc)",
    "Số bài viết, tin bài, phóng sự (bài)",
    "Số băng rôn, khẩu hiệu đã treo (cái)",
    "Số hoạt động văn hóa, văn nghệ, thể thao (hoạt động)",
    "Số tập thể được khen thưởng (tập thể)",
    "Số cá nhân được khen thưởng (cá nhân)",
    "Số hoạt động khác (hoạt động)",
    "Điểm nổi bật",
    "Ngày gửi",
    "Người liên hệ",
]


@pytest.fixture(scope="module")
def indicators() -> list[Indicator]:
    return load_indicators(Source(PLAN_2024))


@pytest.fixture
def form(tmp_path: Path, indicators) -> Path:
    path = tmp_path / "bieu_mau" / "bao_cao_2024.xlsx"
    path.parent.mkdir()
    path.write_bytes(form_bytes(indicators, 2024, TITLE))
    return path


@pytest.fixture
def sheet(form: Path):
    book = openpyxl.load_workbook(form)
    assert book.sheetnames == ["Báo cáo"]
    return book["Báo cáo"]


def test_header_row_in_order(sheet):
    assert [cell.value for cell in sheet[3]] == HEADERS_2024
    assert sheet.max_column == len(HEADERS_2024)


def test_title_and_instruction(sheet):
    assert sheet["A1"].value == TITLE
    assert sheet["A1"].font.b
    ranges = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:L1" in ranges and "A2:L2" in ranges
    instruction = sheet["A2"].value
    assert "một dòng" in instruction and "dd/mm/yyyy" in instruction and "số" in instruction
    assert all(cell.value is None for cell in sheet[1][1:])


def test_header_style(sheet):
    for cell in sheet[3]:
        assert cell.font.b
        assert cell.alignment.wrap_text
    assert sheet.column_dimensions["B"].width >= 30  # unit names are long
    assert sheet.column_dimensions["C"].width >= 15
    assert sheet.row_dimensions[3].height >= 45  # wrapped headers are visible


def test_validations(sheet):
    validations = {dv.type: dv for dv in sheet.data_validations.dataValidation}
    assert set(validations) == {"whole", "date"}

    numbers = validations["whole"]
    assert numbers.operator == "greaterThanOrEqual"
    assert numbers.formula1 == "0"
    assert str(numbers.sqref) == "C4:I53"  # the seven indicator columns, every data row
    assert numbers.showErrorMessage and numbers.errorStyle == "stop"
    assert "số nguyên" in numbers.error and numbers.errorTitle
    assert len(numbers.error) <= 255 and len(numbers.errorTitle) <= 32  # Excel's limits

    dates = validations["date"]
    assert dates.operator == "between"
    assert (dates.formula1, dates.formula2) == ("DATE(2024,1,1)", "DATE(2025,12,31)")
    assert str(dates.sqref) == "K4:K53"  # Ngày gửi
    assert dates.showErrorMessage
    assert "01/01/2024" in dates.error and "31/12/2025" in dates.error
    assert len(dates.error) <= 255 and len(dates.errorTitle) <= 32


def test_number_formats(sheet):
    for row in (4, 53):
        assert sheet.cell(row, 1).number_format == "@"  # Mã đơn vị keeps a leading zero
        for column in range(3, 10):
            assert sheet.cell(row, column).number_format == "0"
        assert sheet.cell(row, 11).number_format == "dd/mm/yyyy"
    assert sheet.cell(54, 1).number_format == "General"  # only the 50 data rows


def test_frozen_below_header(sheet):
    assert sheet.freeze_panes == "A4"


def test_repeatable_bytes(tmp_path: Path, indicators, form: Path):
    again = tmp_path / "again.xlsx"
    time.sleep(2.1)  # zip timestamps have a 2-second resolution
    again.write_bytes(form_bytes(indicators, 2024, TITLE))
    assert again.read_bytes() == form.read_bytes()
    with zipfile.ZipFile(form) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 1, 1, 0, 0, 0)}
    book = openpyxl.load_workbook(form)
    assert book.properties.created == book.properties.modified == datetime(2024, 1, 1)
    assert form_bytes(indicators, 2025, TITLE) != form.read_bytes()


def test_indicator_columns_follow_the_data(tmp_path: Path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(form_bytes([Indicator("a", "Số cuộc thi", "cuộc")], 2025, "BÁO CÁO"))
    sheet = openpyxl.load_workbook(path)["Báo cáo"]
    assert [c.value for c in sheet[3]] == ["Mã đơn vị", "Tên đơn vị", "Số cuộc thi (cuộc)",
                                           "Điểm nổi bật", "Ngày gửi", "Người liên hệ"]
    validations = {dv.type: dv for dv in sheet.data_validations.dataValidation}
    assert str(validations["whole"].sqref) == "C4:C53"
    assert str(validations["date"].sqref) == "E4:E53"
    assert validations["date"].formula2 == "DATE(2026,12,31)"


@pytest.mark.parametrize("indicators_, year, title", [([], 2024, "BÁO CÁO"),
                                                       ([Indicator("a", "A", "b")], 2024, "  "),
                                                       ([Indicator("a", "A", "b")], 1979, "BÁO CÁO")])
def test_refuses_bad_arguments(indicators_, year, title):
    with pytest.raises(ValueError):
        form_bytes(indicators_, year, title)
