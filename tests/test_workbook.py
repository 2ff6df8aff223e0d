"""One workbook per document: `vanban convert` both ways without loss, the workbook made for
people (guide, frozen headers, drop-down lists), builds identical to the CSV form, and errors
naming the cell as Excel does."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, copy_data, run_vanban
from pipeline.common.errors import InputError, Location
from pipeline.data.tables import Source
from pipeline.document.model.tables import BODY_TABLE, LEVEL_COL
from pipeline.document.workbook import GUIDE_SHEET, LISTS_SHEET, csv_bytes, folder_to_workbook, workbook_to_folder

GENERAL = "thong_tin_chung"


def _documents(root: Path) -> list[Path]:
    """Every document of a data tree, in either form: folders with thong_tin_chung.csv, and workbooks."""
    folders = [p.parent for p in root.rglob(f"{GENERAL}.csv")]
    books = [p for p in root.rglob("*.xlsx") if p.parent.name != "responses" and "responses" not in p.parts]
    return sorted(folders + books)


BUNDLED = [p.relative_to(DATA) for p in _documents(DATA)]


def _all_as(root: Path, form: str) -> None:
    """Turn every document under ``root`` into ``form`` ("csv" or "xlsx") with `vanban convert`."""
    for document in _documents(root):
        if form == "xlsx" and document.is_dir():
            target = document.with_name(document.name + ".xlsx")
        elif form == "csv" and document.is_file():
            target = document.with_suffix("")
        else:
            continue
        result = run_vanban("convert", document, target)
        assert result.exit_code == 0, result.output
        shutil.rmtree(document) if document.is_dir() else document.unlink()


def test_the_bundle_has_documents_of_2024_and_of_the_examples():
    names = {str(p.with_suffix("")) for p in BUNDLED}
    assert {"2024/ke_hoach", "2024/bao_cao", "2024/don_doc", "examples/ubnd_nghe_an/ke_hoach"} <= names


@pytest.mark.parametrize("document", BUNDLED, ids=str)
def test_csv_to_workbook_to_csv_is_byte_identical(tmp_path: Path, document: Path):
    data = copy_data(tmp_path / "data")
    source = data / document
    if source.is_file():  # bundled as a workbook: its CSV form is the reference
        assert run_vanban("convert", source, tmp_path / "csv").exit_code == 0
        source = tmp_path / "csv"
    book = tmp_path / "doc.xlsx"
    assert run_vanban("convert", source, book).exit_code == 0
    back = tmp_path / "back"
    result = run_vanban("convert", book, back)
    assert result.exit_code == 0, result.output
    original = {p.name: p.read_bytes() for p in source.glob("*.csv")}
    assert {p.name: p.read_bytes() for p in back.glob("*.csv")} == original
    assert len(original) >= 3 and all(data.startswith(b"\xef\xbb\xbf") for data in original.values())


def test_bundled_documents_as_workbooks_build_byte_identical_documents(tmp_path: Path):
    as_csv, as_xlsx = copy_data(tmp_path / "csv"), copy_data(tmp_path / "xlsx")
    _all_as(as_csv, "csv")
    _all_as(as_xlsx, "xlsx")
    assert not any(p.is_dir() for p in _documents(as_xlsx)) and not any(p.is_file() for p in _documents(as_csv))
    for year in ("2024", "examples/ubnd_nghe_an/ke_hoach"):
        xlsx_source = as_xlsx / (year if year == "2024" else year + ".xlsx")
        outputs = []
        for source, name in ((as_csv / year, "out_csv"), (xlsx_source, "out_xlsx")):
            result = run_vanban("build", source, "-o", tmp_path / name / year, "-q")
            assert result.exit_code == 0, result.output
            outputs.append({p.relative_to(tmp_path / name): p.read_bytes()
                            for p in sorted((tmp_path / name).rglob("*")) if p.is_file()})
        assert outputs[0] == outputs[1]
        assert sum(name.suffix == ".docx" for name in outputs[0]) >= 2


def test_the_workbook_is_made_for_people(tmp_path: Path):
    data = copy_data(tmp_path / "data")
    assert run_vanban("convert", data / "2024" / "ke_hoach", tmp_path / "k.xlsx").exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "k.xlsx")
    assert book.sheetnames[0] == GUIDE_SHEET and book.sheetnames[1] == GENERAL
    assert book.sheetnames[-1] == LISTS_SHEET and book[LISTS_SHEET].sheet_state == "hidden"
    assert book.active.title == GUIDE_SHEET
    guide = "\n".join(str(c.value) for row in book[GUIDE_SHEET].iter_rows() for c in row if c.value)
    for markup in ("**việc chính**", "*Luật Khoa học và Công nghệ*", "[^1]", "{năm}", "{căn cứ}", "bảng", "Ghi chú"):
        assert markup in guide
    body = book[BODY_TABLE]
    assert body.freeze_panes == "A2" and body["A1"].value == LEVEL_COL and body["A1"].font.b
    assert body.column_dimensions["C"].width == 60 and body["C2"].alignment.wrap_text
    rules = {str(rule.sqref): rule for rule in body.data_validations.dataValidation}
    assert set(rules) == {"A2:A1000", "B2:B1000"}
    assert rules["B2:B1000"].errorStyle == "stop" and rules["A2:A1000"].errorStyle == "warning"
    lists = book[LISTS_SHEET]
    column = {lists.cell(1, c).value: c for c in range(1, lists.max_column + 1)}["Cấp"]
    letter = "ABCDEFGH"[column - 1]
    assert rules["A2:A1000"].formula1 == f"'danh_sach'!${letter}$2:${letter}$10"
    assert [lists.cell(r, column).value for r in range(2, 11)] == ["I.", "1.", "1.1.", "1.1.1.", "a)", "-", "+", "*",
                                                             "bảng"]
    recipients = book["noi_nhan"].data_validations.dataValidation
    target = next(r for r in recipients if str(r.sqref) == "A2:A1000")
    codes_column = target.formula1.split("!$")[1].split("$")[0]
    codes = [c.value for c in lists[codes_column][1:] if c.value]
    assert "so_ban_nganh" in codes and "ubnd_cap_huyen" in codes and len(codes) > 50
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for s in book for r in s.iter_rows()
                   for c in r)


def test_the_reader_ignores_the_guide_and_the_list_sheet(tmp_path: Path):
    data = copy_data(tmp_path / "data")
    assert run_vanban("convert", data / "2024" / "don_doc", tmp_path / "d.xlsx").exit_code == 0
    assert Source(tmp_path / "d.xlsx").has_table(GUIDE_SHEET)  # there, and left out:
    assert set(workbook_to_folder(tmp_path / "d.xlsx")) == {p.name for p in (data / "2024" / "don_doc").glob("*.csv")}


def test_same_folder_same_workbook_bytes(tmp_path: Path):
    data = copy_data(tmp_path / "data")
    assert folder_to_workbook(data / "2024" / "bao_cao") == folder_to_workbook(data / "2024" / "bao_cao")


def _edited_workbook(tmp_path: Path, name: str, cell: str, value: str) -> Path:
    """The bundled 2024 document ``name`` as a workbook in place of its folder, ``cell`` of
    ``noi_dung`` set to ``value`` as a clerk would in Excel."""
    year = copy_data(tmp_path / "data") / "2024"
    assert run_vanban("convert", year / name, year / f"{name}.xlsx").exit_code == 0
    shutil.rmtree(year / name)
    book = openpyxl.load_workbook(year / f"{name}.xlsx")
    book[BODY_TABLE][cell] = value
    book.save(year / f"{name}.xlsx")
    return year / f"{name}.xlsx"


def test_an_error_in_a_workbook_names_the_cell_as_excel_does(tmp_path: Path):
    book = _edited_workbook(tmp_path, "ke_hoach", "A12", "Z.")
    result = run_vanban("build", book, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert (f"Lỗi: tệp {book}, trang tính «noi_dung», dòng 12, cột «Cấp» (ô noi_dung!A12): "
            "cấp «Z.» không hợp lệ") in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))


def test_a_header_error_names_the_header_cell():
    location = Location(Path("k.xlsx"), "noi dung", 1, "Nội dung", "C")
    assert location.cell == "'noi dung'!C1"
    assert str(InputError(location, "x")) == "tệp k.xlsx, trang tính «noi dung», dòng 1, cột «Nội dung» (ô 'noi dung'!C1): x"
    assert Location(Path("k.csv"), None, 3, "Nội dung").cell is None  # no letter known
    assert Location(Path("k.csv"), None, 3, "Nội dung", "C").cell == "C3"


def test_a_misspelt_header_in_a_workbook_is_located_at_its_cell(tmp_path: Path):
    book = _edited_workbook(tmp_path, "don_doc", "B1", "In dam")
    result = run_vanban("build", book, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "dòng 1, cột «In dam» (ô noi_dung!B1): cột «In dam» không thuộc bảng này; có phải là «In đậm»?" \
        in result.output


def test_convert_refuses_to_overwrite_without_force_and_removes_stale_tables(tmp_path: Path):
    data = copy_data(tmp_path / "data")
    plan = data / "2024" / "ke_hoach"
    book = tmp_path / "k.xlsx"
    assert run_vanban("convert", plan, book).exit_code == 0
    before = book.read_bytes()
    (plan / "noi_dung.csv").write_bytes((plan / "noi_dung.csv").read_bytes() + "I.,,MỤC MỚI\r\n".encode())
    result = run_vanban("convert", plan, book)
    assert result.exit_code == 1 and "--force" in result.output and book.read_bytes() == before
    assert run_vanban("convert", plan, book, "--force").exit_code == 0 and book.read_bytes() != before
    folder = tmp_path / "back"
    folder.mkdir()
    (folder / "cu.csv").write_bytes(b"a\r\n")
    result = run_vanban("convert", book, folder)
    assert result.exit_code == 1 and not (folder / "noi_dung.csv").exists()
    result = run_vanban("convert", book, folder, "--force")
    assert result.exit_code == 0 and not (folder / "cu.csv").exists()
    assert (folder / "noi_dung.csv").read_bytes() == (plan / "noi_dung.csv").read_bytes()


@pytest.mark.parametrize("target, message", [
    ("k.docx", "đích phải là một thư mục"),
    ("k2.xlsx", "đích phải là một thư mục"),
])
def test_convert_refuses_a_target_of_the_wrong_kind(tmp_path: Path, target: str, message: str):
    data = copy_data(tmp_path / "data")
    assert run_vanban("convert", data / "2024" / "bao_cao", tmp_path / "k.xlsx").exit_code == 0
    result = run_vanban("convert", tmp_path / "k.xlsx", tmp_path / target)
    assert result.exit_code == 1 and message in result.output and not (tmp_path / target).exists()


def test_convert_a_folder_needs_an_xlsx_target_and_a_document_folder(tmp_path: Path):
    data = copy_data(tmp_path / "data")
    result = run_vanban("convert", data / "2024" / "bao_cao", tmp_path / "b.csv")
    assert result.exit_code == 1 and "đuôi .xlsx" in result.output
    result = run_vanban("convert", data / "2024" / "responses", tmp_path / "r.xlsx")
    assert result.exit_code == 1 and "thiếu thong_tin_chung.csv" in result.output


def test_a_document_both_as_folder_and_workbook_is_refused(tmp_path: Path):
    data = copy_data(tmp_path / "data")
    year = data / "2024"
    assert run_vanban("convert", year / "bao_cao", year / "bao_cao.xlsx").exit_code == 0
    result = run_vanban("build", year, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "có cả thư mục" in result.output and "bao_cao.xlsx" in result.output


def test_workbook_cells_typed_in_excel_come_back_as_the_reader_reads_them(tmp_path: Path):
    data = copy_data(tmp_path / "data")
    book_path = tmp_path / "d.xlsx"
    assert run_vanban("convert", data / "2024" / "don_doc", book_path).exit_code == 0
    book = openpyxl.load_workbook(book_path)
    sheet = book["moc_thoi_gian"]
    sheet["B2"] = datetime(2024, 5, 20)
    sheet["C2"] = 45432
    sheet["D2"].value = "=HYPERLINK(\"x\")"
    sheet["D2"].data_type = "s"
    book.save(book_path)
    text = workbook_to_folder(book_path)["moc_thoi_gian.csv"].decode("utf-8-sig").splitlines()[1]
    assert text == "hạn gửi bổ sung,20/05/2024,45432,\"'=HYPERLINK(\"\"x\"\")\""


def test_csv_bytes_keeps_level_marks_bare_and_quotes_formulas():
    assert csv_bytes([["Cấp", "Nội dung"], ["-", "- Lưu"], ["", ""]]) == \
        "\ufeffCấp,Nội dung\r\n-,'- Lưu\r\n".encode("utf-8")


def test_convert_names_the_files_it_leaves_out_and_refuses_a_folder_with_its_own_registry(tmp_path: Path):
    data = copy_data(tmp_path / "data")
    plan = data / "examples" / "ubnd_nghe_an" / "ke_hoach"
    (plan / "ke_hoach.docx").write_bytes(b"mau")
    result = run_vanban("convert", plan, tmp_path / "k.xlsx")
    assert result.exit_code == 0 and ("Lưu ý: các tệp không phải CSV trong thư mục không được đưa vào tệp Excel: "
                                      "ke_hoach.docx") in result.output
    shutil.copy(data / "don_vi.csv", plan / "don_vi.csv")
    result = run_vanban("convert", plan, tmp_path / "k2.xlsx")
    assert result.exit_code == 1 and f"tệp {plan / 'don_vi.csv'}: thư mục văn bản có danh bạ đơn vị riêng" \
        in result.output and not (tmp_path / "k2.xlsx").exists()
