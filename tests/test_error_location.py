"""Errors point into Excel: ``Sheet1!C12`` (the Name Box form) as well as row and column header."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pipeline.common.errors import InputError, Location
from pipeline.data.tables import Source


@pytest.mark.parametrize("location, text", [
    (Location(Path("a.xlsx"), "Sheet1", 12, "Ngày", "C"), "tệp a.xlsx, trang tính «Sheet1», dòng 12, cột «Ngày» "
                                                          "(ô Sheet1!C12)"),
    (Location(Path("a.xlsx"), "Báo cáo", 4, "Số", "AB"), "tệp a.xlsx, trang tính «Báo cáo», dòng 4, cột «Số» "
                                                         "(ô 'Báo cáo'!AB4)"),
    (Location(Path("a.xlsx"), "don_vi", 3, "Mã", "A"), "tệp a.xlsx, trang tính «don_vi», dòng 3, cột «Mã» "
                                                       "(ô don_vi!A3)"),
    (Location(Path("b.csv"), None, 7, "Mã", "B"), "tệp b.csv, dòng 7, cột «Mã» (ô B7)"),
    (Location(Path("b.csv"), None, 7, "Mã"), "tệp b.csv, dòng 7, cột «Mã»"),
    (Location(Path("b.csv"), None, None, "Mã", "B"), "tệp b.csv, cột «Mã»"),
])
def test_location_text(location, text):
    assert str(location) == text


def test_moving_to_another_column_forgets_the_letter():
    cell = Location(Path("a.xlsx"), "S", 2, "Mã", "A")
    assert cell.at(column="Tên").cell is None
    assert cell.at(row=5).cell == "S!A5"
    assert cell.at(column="Tên", letter="B").cell == "S!B2"


def test_bad_cell_of_a_csv_table_names_its_cell(tmp_path):
    (tmp_path / "bang.csv").write_text("Mã,Tên\nA1,một\nA2,hai\x07ba\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        Source(tmp_path).table("bang", ["Mã", "Tên"])
    assert str(error.value.location) == f"tệp {tmp_path / 'bang.csv'}, dòng 3, cột «Tên» (ô B3)"


def test_required_cell_of_a_sheet_names_its_cell(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for row in (["Ghi chú", "Mã", "Tên"], ["", "A1", "một"], ["x", "", "hai"]):
        sheet.append(row)
    book.save(tmp_path / "bang.xlsx")
    row = Source(tmp_path / "bang.xlsx").table("Danh sách", ["Mã", "Tên"]).rows[1]
    with pytest.raises(InputError) as error:
        row.required("Mã")
    assert str(error.value).startswith(f"tệp {tmp_path / 'bang.xlsx'}, trang tính «Danh sách», dòng 3, cột «Mã» "
                                       "(ô 'Danh sách'!B3): ô này không được để trống")
