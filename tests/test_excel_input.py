"""The same document from an .xlsx workbook (one sheet per table, named like the CSV files)."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from conftest import PLAN_2024, copy_registry, run_vanban
from pipeline.data.tables import Source

DRAFT = "ke-hoach_du-thao_kh-skhcn_2024.docx"
FINAL = "ke-hoach_05_kh-skhcn_2024-02-05.docx"


def form_of(document: str) -> str:
    """The response form's name beside a plan's .docx (``vanban build`` makes both)."""
    return "bieu-mau-bao-cao_" + document.removesuffix(".docx") + ".xlsx"


SHEETS = ["can_cu", "chi_tieu", "chu_thich", "danh_muc", "moc_thoi_gian", "noi_dung", "noi_nhan", "thong_tin_chung"]


def make_workbook(csv_dir: Path, target: Path,
                  change: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    """Write every ``<stem>.csv`` of ``csv_dir`` as sheet ``<stem>`` (text cells, empty cells left empty)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted(csv_dir.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        with open(path, encoding="utf-8-sig", newline="") as stream:
            for row in csv.reader(stream):
                sheet.append([value if value != "" else None for value in row])
    if change:
        change(book)
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_registry(target.parent.parent)  # <tmp>/xlsx/don_vi.csv …, above the year folder
    book.save(target)
    return target


def cell(book: openpyxl.Workbook, sheet: str, row: int, column: str):
    """The cell at Excel ``row`` under header ``column`` of ``sheet``."""
    headers = [c.value for c in book[sheet][1]]
    return book[sheet].cell(row=row, column=headers.index(column) + 1)


def general_cell(book: openpyxl.Workbook, key: str):
    """The ``Giá trị`` cell of ``key`` in sheet thong_tin_chung."""
    for row in book["thong_tin_chung"].iter_rows(min_row=2):
        if row[0].value == key:
            return row[1]
    raise KeyError(key)


def build_workbook(tmp_path: Path, csv_dir: Path = PLAN_2024,
                   change: Callable[[openpyxl.Workbook], None] | None = None):
    """Make ``<tmp>/xlsx/2024/ke_hoach.xlsx`` and build it; returns (result, workbook, output folder)."""
    book = make_workbook(csv_dir, tmp_path / "xlsx" / "2024" / "ke_hoach.xlsx", change)
    out = tmp_path / "xlsx-out"
    return run_vanban("build", book.parent, "--output", out), book, out


def parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        return {name: archive.read(name).decode("utf-8")
                for name in ("word/document.xml", "word/footnotes.xml")}


@pytest.fixture(scope="module")
def csv_reference(tmp_path_factory) -> dict[str, str]:
    """document.xml and footnotes.xml of the plan built from the bundled CSV folder."""
    out = tmp_path_factory.mktemp("csv-out")
    result = run_vanban("build", PLAN_2024.parent, "--output", out)
    assert result.exit_code == 0, result.output
    return parts(out / DRAFT)


def assert_refused(result, out: Path, location: str, *phrases: str) -> None:
    assert result.exit_code == 1, result.output
    assert f"Lỗi: {location}" in result.output, result.output
    for phrase in phrases:
        assert phrase in result.output, result.output
    assert not out.exists() or list(out.iterdir()) == []


# --------------------------------------------------------------------------- same document


def test_workbook_builds_the_same_document_as_the_csv_folder(tmp_path: Path, csv_reference):
    result, book, out = build_workbook(tmp_path)
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(book).sheetnames == SHEETS
    assert sorted(p.name for p in out.iterdir()) == [form_of(DRAFT), "danh_muc_tep.csv", "danh_muc_tep.json", DRAFT, "phu-luc-noi-nhan_" + DRAFT]
    built = parts(out / DRAFT)
    assert built["word/document.xml"] == csv_reference["word/document.xml"]
    assert built["word/footnotes.xml"] == csv_reference["word/footnotes.xml"]
    assert "Hội thảo khoa học 1:" in built["word/document.xml"]
    assert "Nghị quyết số 45-NQ/TW" in built["word/footnotes.xml"]


def test_real_excel_dates_and_numbers(tmp_path: Path, csv_reference):
    def change(book):
        sheet = book["moc_thoi_gian"]
        for row in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
            for date_cell in row:
                if date_cell.value:
                    date_cell.value = datetime.strptime(date_cell.value, "%d/%m/%Y")
                    date_cell.number_format = "dd/mm/yyyy"
        # A date typed with a time of day is still that day.
        cell(book, "moc_thoi_gian", 2, "Từ ngày").value = datetime(2024, 4, 1, 8, 30)
        for row in range(2, 4):
            cell(book, "can_cu", row, "Ngày").value = datetime.strptime(
                cell(book, "can_cu", row, "Ngày").value, "%d/%m/%Y")
            cell(book, "can_cu", row, "Số").value = int(cell(book, "can_cu", row, "Số").value)
            cell(book, "chu_thich", row, "Số").value = int(cell(book, "chu_thich", row, "Số").value)
        general_cell(book, "Năm").value = 2024

    result, book, out = build_workbook(tmp_path, change=change)
    assert result.exit_code == 0, result.output
    stored = openpyxl.load_workbook(book)
    assert isinstance(stored["moc_thoi_gian"]["B3"].value, datetime)
    assert isinstance(general_cell(stored, "Năm").value, int)
    assert parts(out / DRAFT) == csv_reference


def test_excel_issue_date_and_number_give_the_final_document(tmp_path: Path, plan_copy: Path):
    # Reference: the final (numbered, dated) plan from CSV text.
    path = plan_copy / "thong_tin_chung.csv"
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    for row in rows:
        if row[0] == "Số":
            row[1] = "5"
        if row[0] == "Ngày ban hành":
            row[1] = "05/02/2024"
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    csv_out = tmp_path / "csv-out"
    assert run_vanban("build", plan_copy.parent, "--output", csv_out).exit_code == 0

    def change(book):
        general_cell(book, "Số").value = 5
        general_cell(book, "Ngày ban hành").value = datetime(2024, 2, 5)
        general_cell(book, "Năm").value = 2024

    result, _, out = build_workbook(tmp_path, PLAN_2024, change)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [form_of(FINAL), "danh_muc_tep.csv", "danh_muc_tep.json", FINAL, "phu-luc-noi-nhan_" + FINAL]
    built = parts(out / FINAL)
    assert built == parts(csv_out / FINAL)
    assert "ngày 05 tháng 02 năm 2024" in built["word/document.xml"]
    assert "05/KH-SKHCN" in built["word/document.xml"]


def test_note_column_in_a_sheet_is_ignored(tmp_path: Path, csv_reference):
    def change(book):
        sheet = book["noi_dung"]
        sheet.cell(row=1, column=4).value = "Ghi chú"
        sheet.cell(row=5, column=4).value = "hỏi lại phòng"

    result, _, out = build_workbook(tmp_path, change=change)
    assert result.exit_code == 0, result.output
    assert parts(out / DRAFT) == csv_reference


# --------------------------------------------------------------------------- errors


def test_missing_sheet_names_workbook_sheet_and_existing_sheets(tmp_path: Path):
    result, book, out = build_workbook(tmp_path, change=lambda b: b.remove(b["noi_dung"]))
    existing = ", ".join(f"«{name}»" for name in SHEETS if name != "noi_dung")
    assert_refused(result, out, f"tệp {book}, trang tính «noi_dung»: không có trang tính «noi_dung»; "
                                f"các trang tính hiện có: {existing}")


def test_misnamed_sheet_is_a_missing_sheet(tmp_path: Path):
    result, book, out = build_workbook(tmp_path, change=lambda b: setattr(b["noi_nhan"], "title", "Nơi nhận"))
    assert_refused(result, out, f"tệp {book}, trang tính «noi_nhan»: không có trang tính «noi_nhan»",
                   "«Nơi nhận»")


def test_error_inside_a_sheet_names_sheet_row_and_column(tmp_path: Path):
    def change(book):
        assert cell(book, "noi_dung", 4, "Cấp").value == "1."
        cell(book, "noi_dung", 4, "Cấp").value = "A."

    result, book, out = build_workbook(tmp_path, change=change)
    assert_refused(result, out, f"tệp {book}, trang tính «noi_dung», dòng 4, cột «Cấp»",
                   "cấp «A.» không hợp lệ")


def test_empty_rows_keep_excel_row_numbers(tmp_path: Path):
    def change(book):
        book["moc_thoi_gian"].insert_rows(3, amount=2)  # rows 3 and 4 left empty
        cell(book, "moc_thoi_gian", 5, "Từ ngày").value = "31/02/2024"

    result, book, out = build_workbook(tmp_path, change=change)
    assert_refused(result, out, f"tệp {book}, trang tính «moc_thoi_gian», dòng 5, cột «Từ ngày»",
                   "tháng 2 năm 2024 không có ngày 31")


def test_number_in_a_date_cell_is_read_as_excel_shows_the_date(tmp_path: Path):
    """An Excel date whose cell lost its date format is a serial number: read as in returned files."""
    def change(book):
        cell(book, "moc_thoi_gian", 3, "Từ ngày").value = 45430  # 18/05/2024 shown as a number

    book = make_workbook(PLAN_2024, tmp_path / "xlsx" / "2024" / "ke_hoach.xlsx", change)
    [row] = [r for r in Source(book).table("moc_thoi_gian", ("Tên",), ("Từ ngày", "Đến ngày", "Cách ghi"))
             if r.location.row == 3]
    assert row.date("Từ ngày") == date(2024, 5, 18)


def test_a_number_that_cannot_be_a_date(tmp_path: Path):
    def change(book):
        cell(book, "moc_thoi_gian", 3, "Từ ngày").value = 12345  # not a date of 2000–2099

    result, book, out = build_workbook(tmp_path, change=change)
    assert_refused(result, out, f"tệp {book}, trang tính «moc_thoi_gian», dòng 3, cột «Từ ngày»",
                   "«12345» là một số, không phải ngày", "cần dạng ngày/tháng/năm")


def test_missing_column_in_a_sheet(tmp_path: Path):
    result, book, out = build_workbook(tmp_path, change=lambda b: b["chu_thich"].delete_cols(2))
    assert_refused(result, out, f"tệp {book}, trang tính «chu_thich», dòng 1, cột «Nội dung»",
                   "thiếu cột «Nội dung»")


def test_value_in_a_column_without_header(tmp_path: Path):
    result, book, out = build_workbook(
        tmp_path, change=lambda b: b["noi_nhan"].cell(row=6, column=4, value="thêm"))
    assert_refused(result, out, f"tệp {book}, trang tính «noi_nhan», dòng 6, cột «D (không có tiêu đề)»",
                   "chưa có tiêu đề ở dòng 1")


def test_bad_workbook_leaves_earlier_output_untouched(tmp_path: Path):
    result, book, out = build_workbook(tmp_path)
    assert result.exit_code == 0, result.output
    good = (out / DRAFT).read_bytes()
    make_workbook(PLAN_2024, book, lambda b: setattr(general_cell(b, "Năm"), "value", "2O24"))

    again = run_vanban("build", book.parent, "--output", out)

    assert again.exit_code == 1
    assert f"tệp {book}, trang tính «thong_tin_chung», dòng 6, cột «Giá trị»" in again.output
    assert (out / DRAFT).read_bytes() == good
    assert sorted(p.name for p in out.iterdir()) == [form_of(DRAFT), "danh_muc_tep.csv", "danh_muc_tep.json", DRAFT, "phu-luc-noi-nhan_" + DRAFT]


def test_a_run_opens_each_workbook_once_and_never_mixes_two_or_keeps_one_for_the_next_run(tmp_path, monkeypatch):
    """Every table of a workbook comes from one opening per run (:func:`pipeline.data.tables.read_workbook`);
    two workbooks of one name in two folders stay apart, and the next run reads an edited file again."""
    from pipeline.common.once import one_run
    from pipeline.data import tables

    def write(path: Path, title: str) -> Path:
        book = openpyxl.Workbook()
        book.active.title = "thong_tin_chung"
        book.active.append(["Mục", "Giá trị"])
        book.active.append(["Trích yếu", title])
        book.create_sheet("noi_dung").append(["Nội dung"])
        book["noi_dung"].append([f"Nội dung của {title}"])
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return path

    def read(path: Path) -> tuple[str, str]:
        source = Source(path)
        general = source.table("thong_tin_chung", ["Mục", "Giá trị"]).rows[0].text("Giá trị")
        return general, source.table("noi_dung", ["Nội dung"]).rows[0].text("Nội dung")

    first = write(tmp_path / "a" / "ke_hoach.xlsx", "Kế hoạch A")
    second = write(tmp_path / "b" / "ke_hoach.xlsx", "Kế hoạch B")
    opened = []
    original = tables.Workbook
    monkeypatch.setattr(tables, "Workbook", lambda path: opened.append(path) or original(path))
    with one_run():
        for _ in range(2):
            assert read(first) == ("Kế hoạch A", "Nội dung của Kế hoạch A")
            assert read(second) == ("Kế hoạch B", "Nội dung của Kế hoạch B")
    assert opened == [first, second]
    write(first, "Kế hoạch A sửa")
    with one_run():
        assert read(first) == ("Kế hoạch A sửa", "Nội dung của Kế hoạch A sửa")
    assert read(first) == ("Kế hoạch A sửa", "Nội dung của Kế hoạch A sửa")  # outside a run: read anew
    assert opened == [first, second, first, first]
