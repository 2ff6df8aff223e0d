"""Bad input never produces a document.

Each test breaks one thing in a writable copy of the 2024 plan data and checks
the product rule: exit code 1; the message names the file, the row as Excel
numbers it (header = row 1) and the column, and says in Vietnamese what was
expected; no .docx is written (and an earlier output stays byte-identical).
"""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from conftest import PLAN_2024, TEMPLATES, run_vanban
from pipeline.common.errors import InputError
from pipeline.data.tables import Source
from pipeline.results.facts import load_document

DRAFT = "ke-hoach_du-thao_kh-skhcn_2024.docx"


# --------------------------------------------------------------------------- helpers


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig", delimiter: str = ",") -> None:
    with open(path, "w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)


def edit(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    """Read a CSV, let ``change`` mutate its rows (a list of lists, header first), write it back."""
    rows = read_rows(path)
    change(rows)
    write_rows(path, rows)


def set_cell(path: Path, row: int, column: str, value: str) -> str:
    """Set the cell at Excel ``row`` (header = 1) under header ``column``; return the old value."""
    rows = read_rows(path)
    position = rows[0].index(column)
    old = rows[row - 1][position]
    rows[row - 1][position] = value
    write_rows(path, rows)
    return old


# The rows of thong_tin_chung.csv in the bundled data (header = row 1).
GENERAL_ROWS = {"Ký hiệu": 6, "Ngày ban hành": 8, "Quyền hạn, chức vụ người ký": 12, "Người ký": 13}


def set_general(plan: Path, key: str, value: str) -> int:
    """Set the ``Giá trị`` of ``key`` in thong_tin_chung.csv; return its Excel row."""
    row = GENERAL_ROWS[key]
    rows = read_rows(plan / "thong_tin_chung.csv")
    assert rows[row - 1][0] == key, "the bundled data changed: update GENERAL_ROWS"
    set_cell(plan / "thong_tin_chung.csv", row, "Giá trị", value)
    return row


def build(plan: Path, out: Path | None = None):
    """``vanban build <tmp>/data/2024 --output <tmp>/out``; returns (result, output folder)."""
    out = out or plan.parents[2] / "out"
    return run_vanban("build", plan.parent, "--output", out), out


def docx_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.docx")) if out.exists() else []


def assert_refused(result, out: Path, location: str, *phrases: str) -> None:
    """Exit code 1, the exact location text and each phrase in the message, no document written."""
    assert result.exit_code == 1, result.output
    assert f"Lỗi: {location}" in result.output, result.output
    for phrase in phrases:
        assert phrase in result.output, result.output
    assert docx_files(out) == []
    assert not out.exists() or list(out.iterdir()) == [], "nothing at all may be written"


def part(docx: Path, name: str) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read(name).decode("utf-8")


@pytest.fixture
def reference(tmp_path_factory) -> Path:
    """The plan built from the untouched bundled data."""
    out = tmp_path_factory.mktemp("reference")
    result = run_vanban("build", PLAN_2024.parent, "--output", out)
    assert result.exit_code == 0, result.output
    return out / DRAFT


def assert_same_document(result, out: Path, reference: Path) -> None:
    assert result.exit_code == 0, result.output
    built = out / DRAFT
    assert part(built, "word/document.xml") == part(reference, "word/document.xml")
    assert part(built, "word/footnotes.xml") == part(reference, "word/footnotes.xml")


# --------------------------------------------------------------------------- 1. columns


def test_missing_required_column(plan_copy: Path):
    edit(plan_copy / "noi_dung.csv", lambda rows: [row.pop(2) for row in rows])
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 1, cột «Nội dung»",
                   "thiếu cột «Nội dung»", "các cột cần có: «Cấp», «Nội dung»")


def test_renamed_column_is_named_as_typed(plan_copy: Path):
    edit(plan_copy / "noi_dung.csv", lambda rows: rows[0].__setitem__(2, "Noi dung"))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 1, cột «Nội dung»",
                   "thiếu cột «Nội dung» (có cột «Noi dung», có phải bị đổi tên?)")


def test_unknown_extra_column(plan_copy: Path):
    edit(plan_copy / "noi_dung.csv",
         lambda rows: [row.append("Phòng KH" if i else "Người phụ trách") for i, row in enumerate(rows)])
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 1, cột «Người phụ trách»",
                   "cột «Người phụ trách» không thuộc bảng này", "bắt đầu bằng «Ghi chú»")


def test_misspelt_optional_column_suggests_the_real_name(plan_copy: Path):
    edit(plan_copy / "noi_dung.csv", lambda rows: rows[0].__setitem__(1, "In dam"))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 1, cột «In dam»",
                   "có phải là «In đậm»?")


def test_duplicated_column(plan_copy: Path):
    edit(plan_copy / "noi_dung.csv", lambda rows: [row.append(row[2]) for row in rows])
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 1, cột «Nội dung»",
                   "có hai lần ở dòng tiêu đề")


def test_value_under_a_column_without_header(plan_copy: Path):
    # Excel exports a trailing empty header when a cell right of the table was typed in.
    def change(rows):
        for row in rows:
            row.append("")
        rows[6][3] = "nhớ hỏi lại"

    edit(plan_copy / "noi_dung.csv", change)
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 7, cột «D (không có tiêu đề)»",
                   "chưa có tiêu đề ở dòng 1")


def test_empty_trailing_column_is_harmless(plan_copy: Path, reference: Path):
    edit(plan_copy / "noi_dung.csv", lambda rows: [row.append("") for row in rows])
    result, out = build(plan_copy)
    assert_same_document(result, out, reference)


def test_note_column_is_ignored(plan_copy: Path, reference: Path):
    edit(plan_copy / "noi_dung.csv",
         lambda rows: [row.append("xem lại" if i else "Ghi chú của phòng") for i, row in enumerate(rows)])
    edit(plan_copy / "noi_nhan.csv",
         lambda rows: [row.append("" if i else "GHI CHÚ") for i, row in enumerate(rows)])
    result, out = build(plan_copy)
    assert_same_document(result, out, reference)


# --------------------------------------------------------------------------- 2. empty cells


def test_empty_body_text(plan_copy: Path):
    old = set_cell(plan_copy / "noi_dung.csv", 6, "Nội dung", "")
    assert old == "NỘI DUNG, THỜI GIAN THỰC HIỆN"
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 6, cột «Nội dung»",
                   "ô này không được để trống")


def test_empty_signer_name(plan_copy: Path):
    row = set_general(plan_copy, "Người ký", "")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng {row}, cột «Giá trị»",
                   "mục «Người ký» không được để trống")
    assert row == 13


# --------------------------------------------------------------------------- 3. dates


def test_impossible_date_in_named_dates(plan_copy: Path):
    set_cell(plan_copy / "moc_thoi_gian.csv", 4, "Từ ngày", "31/02/2024")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'moc_thoi_gian.csv'}, dòng 4, cột «Từ ngày»",
                   "tháng 2 năm 2024 không có ngày 31", "cần dạng ngày/tháng/năm")


def test_impossible_issue_date(plan_copy: Path):
    row = set_general(plan_copy, "Ngày ban hành", "31/02/2024")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng 8, cột «Giá trị»",
                   "tháng 2 năm 2024 không có ngày 31")
    assert row == 8


@pytest.mark.parametrize("table, row, column", [
    ("moc_thoi_gian.csv", 5, "Đến ngày"),
    ("can_cu.csv", 3, "Ngày"),
])
def test_month_first_date(plan_copy: Path, table: str, row: int, column: str):
    set_cell(plan_copy / table, row, column, "12/31/2024")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / table}, dòng {row}, cột «{column}»",
                   "tháng 31 không tồn tại", "ngày viết trước, tháng viết sau")


# --------------------------------------------------------------------------- 4. levels


@pytest.mark.parametrize("marker", ["A.", "1)"])
def test_unknown_level_marker(plan_copy: Path, marker: str):
    set_cell(plan_copy / "noi_dung.csv", 4, "Cấp", marker)
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 4, cột «Cấp»",
                   f"cấp «{marker}» không hợp lệ", "cần một trong: «I.», «1.»")


# --------------------------------------------------------------------------- 5. footnotes


def test_footnote_reference_without_footnote(plan_copy: Path):
    old = set_cell(plan_copy / "noi_dung.csv", 4, "Nội dung", "Tổ chức chào mừng[^3] trên địa bàn.")
    assert old.startswith("Tổ chức chào mừng")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 4, cột «Nội dung»",
                   "chú thích [^3] không có trong bảng chú thích", "«Số» = 3")


def test_footnote_never_referenced(plan_copy: Path):
    edit(plan_copy / "chu_thich.csv", lambda rows: rows.append(["3", "Chú thích không ai dùng."]))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'chu_thich.csv'}, dòng 4, cột «Số»",
                   "chú thích số 3 không được dùng ở đâu", "cần «[^3]»")


# --------------------------------------------------------------------------- 6. not CSV / not Excel


def _xlsx_bytes(tmp_path: Path) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Cấp", "In đậm", "Nội dung"])
    book.save(tmp_path / "book.xlsx")
    return (tmp_path / "book.xlsx").read_bytes()


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_binary_file_saved_as_csv(plan_copy: Path, tmp_path: Path, kind: str):
    data = (TEMPLATES / "ke_hoach.docx").read_bytes() if kind == "docx" else _xlsx_bytes(tmp_path)
    assert data.startswith(b"PK")
    (plan_copy / "noi_dung.csv").write_bytes(data)
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}: ",
                   "không phải tệp CSV", "«CSV UTF-8»")


def _cp1258(text: str) -> bytes:
    """Encode Vietnamese text the way Windows-1258 stores it: base letter + combining tone mark."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")  # strict: really representable in cp1258


def test_csv_in_legacy_encoding(plan_copy: Path):
    path = plan_copy / "noi_dung.csv"
    path.write_bytes(_cp1258(path.read_text(encoding="utf-8-sig")))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {path}, dòng 1: ", "không ở bảng mã UTF-8", "CSV UTF-8")


def test_one_line_in_legacy_encoding_is_located(plan_copy: Path):
    path = plan_copy / "noi_nhan.csv"
    lines = path.read_bytes().split(b"\r\n")
    lines[4] = _cp1258("Liên hiệp các Hội KH&KT Thanh Hóa,,p/h")  # Excel row 5
    path.write_bytes(b"\r\n".join(lines))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {path}, dòng 5: ", "không ở bảng mã UTF-8")


def _year_with(tmp_path: Path, name: str, data: bytes) -> Path:
    year = tmp_path / "data" / "2024"
    year.mkdir(parents=True)
    (year / name).write_bytes(data)
    return year


def test_workbook_that_is_really_text(tmp_path: Path):
    year = _year_with(tmp_path, "ke_hoach.xlsx", "Mục,Giá trị\nMẫu,ke_hoach.docx\n".encode())
    out = tmp_path / "out"
    result = run_vanban("build", year, "--output", out)
    assert_refused(result, out, f"tệp {year / 'ke_hoach.xlsx'}: ", "không đọc được tệp Excel", "là tệp khác đổi đuôi")


def test_workbook_that_is_really_a_word_file(tmp_path: Path):
    year = _year_with(tmp_path, "ke_hoach.xlsx", (TEMPLATES / "ke_hoach.docx").read_bytes())
    out = tmp_path / "out"
    result = run_vanban("build", year, "--output", out)
    assert_refused(result, out, f"tệp {year / 'ke_hoach.xlsx'}: ", "không đọc được tệp Excel")


@pytest.mark.parametrize("name, data, phrase", [
    ("ke_hoach.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "tệp bảng tính dạng .xls không được hỗ trợ"),
    ("ke_hoach.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "không phải tệp Excel (.xlsx) hay thư mục các tệp CSV"),
    ("ke_hoach.docx", None, "không phải tệp Excel (.xlsx) hay thư mục các tệp CSV"),
])
def test_data_source_of_the_wrong_kind(tmp_path: Path, name: str, data: bytes | None, phrase: str):
    year = _year_with(tmp_path, name, data if data is not None else (TEMPLATES / "ke_hoach.docx").read_bytes())
    with pytest.raises(InputError) as caught:
        load_document(year / name)
    assert str(caught.value) == f"tệp {year / name}: {caught.value.message}"
    assert phrase in caught.value.message


def test_legacy_xls_workbook_in_year_folder_is_reported(tmp_path: Path):
    year = _year_with(tmp_path, "ke_hoach.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    out = tmp_path / "out"
    result = run_vanban("build", year, "--output", out)
    assert_refused(result, out, f"tệp {year / 'ke_hoach.xls'}: ", "dạng .xls không được hỗ trợ; hãy mở bằng Excel")


# --------------------------------------------------------------------------- 7. placeholders


def test_unknown_placeholder_lists_declared_names(plan_copy: Path):
    set_cell(plan_copy / "noi_dung.csv", 4, "Nội dung", "Gửi báo cáo trước {hạn nộp}.")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 4, cột «Nội dung»",
                   "không có mốc thời gian, danh mục hay giá trị nào tên «hạn nộp»",
                   "«{hạn báo cáo}»", "«{hạn hội thảo 2}»")


def test_misspelt_placeholder_suggests_the_close_name(plan_copy: Path):
    set_cell(plan_copy / "noi_dung.csv", 4, "Nội dung", "Gửi báo cáo trước {hạn bao cao}.")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 4, cột «Nội dung»",
                   "tên «hạn bao cao»; có phải là «{hạn báo cáo}»?")


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_legal_basis_placeholder_without_basis_table(plan_copy: Path, how: str):
    if how == "missing":
        (plan_copy / "can_cu.csv").unlink()
    else:
        edit(plan_copy / "can_cu.csv", lambda rows: rows.__delitem__(slice(1, None)))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 2, cột «Nội dung»",
                   "«{căn cứ}» đang trống", "can_cu")


# --------------------------------------------------------------------------- 8. thong_tin_chung keys


def test_unknown_general_key(plan_copy: Path):
    edit(plan_copy / "thong_tin_chung.csv", lambda rows: rows[7].__setitem__(0, "Ngày ban hanh"))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng 8, cột «Mục»",
                   "mục «Ngày ban hanh» không có trong danh sách mục", "có phải là «Ngày ban hành»?")


def test_duplicated_general_key(plan_copy: Path):
    edit(plan_copy / "thong_tin_chung.csv", lambda rows: rows.append(["Người ký", "Lê Văn A"]))
    result, out = build(plan_copy)
    row = len(read_rows(plan_copy / "thong_tin_chung.csv"))
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng {row}, cột «Mục»",
                   "mục «Người ký» bị khai hai lần (đã có ở dòng 13)")


def test_missing_required_general_key(plan_copy: Path):
    edit(plan_copy / "thong_tin_chung.csv", lambda rows: rows.__delitem__(12))  # Người ký
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}: ",
                   "thiếu dòng «Người ký» trong cột «Mục»")


# --------------------------------------------------------------------------- 9. earlier output


def test_earlier_output_stays_byte_identical(plan_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    first, _ = build(plan_copy, out)
    assert first.exit_code == 0, first.output
    good = (out / DRAFT).read_bytes()
    set_cell(plan_copy / "noi_dung.csv", 4, "Cấp", "A.")

    second, _ = build(plan_copy, out)

    assert second.exit_code == 1
    assert "dòng 4, cột «Cấp»" in second.output
    assert (out / DRAFT).read_bytes() == good
    form = "bieu-mau-bao-cao_" + DRAFT.removesuffix(".docx") + ".xlsx"
    assert sorted(p.name for p in out.iterdir()) == [form, "danh_muc_tep.csv", "danh_muc_tep.json", DRAFT,
                                                     "phu-luc-noi-nhan_" + DRAFT]


def test_one_bad_document_stops_the_whole_year(plan_copy: Path):
    other = plan_copy.parent / "ke_hoach_van_phong"
    shutil.copytree(plan_copy, other)
    set_general(other, "Ký hiệu", "KH-VP")
    set_cell(other / "noi_dung.csv", 5, "Cấp", "1)")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {other / 'noi_dung.csv'}, dòng 5, cột «Cấp»", "cấp «1)» không hợp lệ")


# --------------------------------------------------------------------------- 10-12. cell content


def test_unclosed_bold(plan_copy: Path):
    set_cell(plan_copy / "noi_dung.csv", 9, "Nội dung", "**Hội thảo khoa học 1: Giải pháp thúc đẩy")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 9, cột «Nội dung»",
                   "dấu «**» (in đậm) ở vị trí 1 chưa được đóng", "cần một cặp «**…**»")


def test_symbol_with_spaces(plan_copy: Path):
    set_general(plan_copy, "Ký hiệu", "KH - SKHCN")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng 6, cột «Giá trị»",
                   "ký hiệu văn bản không được có dấu cách", "ví dụ KH-SKHCN")


def test_invalid_signing_authority_mark(plan_copy: Path):
    set_general(plan_copy, "Quyền hạn, chức vụ người ký", "PT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng 12, cột «Giá trị»",
                   "«PT.» không phải quyền hạn ký hợp lệ", "TM., KT., TL., TUQ., Q.")


def test_lower_case_signer_title(plan_copy: Path):
    set_general(plan_copy, "Quyền hạn, chức vụ người ký", "KT. GIÁM ĐỐC\nPhó Giám đốc")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng 12, cột «Giá trị»",
                   "dòng «Phó Giám đốc» phải viết in hoa")


def test_valid_authority_mark_builds(plan_copy: Path):
    set_general(plan_copy, "Quyền hạn, chức vụ người ký", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    result, out = build(plan_copy)
    assert result.exit_code == 0, result.output
    document = part(out / DRAFT, "word/document.xml")
    assert "KT. GIÁM ĐỐC" in document and "PHÓ GIÁM ĐỐC" in document


# --------------------------------------------------------------------------- CSV shapes


def test_row_with_more_cells_than_header_is_not_shifted(plan_copy: Path):
    # An unquoted comma in the first data row: pandas used to take the extra cell as an index
    # and read the row shifted; the clerk must be told where instead.
    path = plan_copy / "chu_thich.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "1,Thực hiện Nghị quyết số 45-NQ/TW, ngày 24/11/2023"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {path}, dòng 2: ",
                   "dòng này có 3 ô nhưng dòng tiêu đề chỉ có 2 cột", "đặt trong ngoặc kép")


def test_row_with_more_cells_later_in_the_file(plan_copy: Path):
    edit(plan_copy / "noi_dung.csv", lambda rows: rows[6].append("thừa"))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 7: ",
                   "dòng này có 4 ô nhưng dòng tiêu đề chỉ có 3 cột")


def test_one_column_table_keeps_commas_as_text(tmp_path: Path):
    # A one-column table has no delimiter to tell: a comma typed without quotes is text.
    (tmp_path / "mot_cot.csv").write_text("Nơi nhận\nUBND tỉnh (để báo cáo)\nCác Sở, ban, ngành cấp tỉnh\n",
                                          encoding="utf-8-sig")
    table = Source(tmp_path).table("mot_cot", ["Nơi nhận"])
    assert [row.text("Nơi nhận") for row in table] == ["UBND tỉnh (để báo cáo)", "Các Sở, ban, ngành cấp tỉnh"]


def test_blank_line_keeps_excel_row_numbers(plan_copy: Path):
    path = plan_copy / "noi_dung.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines.insert(2, "")  # Excel shows the blank line as an empty row 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    set_cell(path, 5, "Cấp", "A.")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {path}, dòng 5, cột «Cấp»", "cấp «A.» không hợp lệ")


def test_empty_csv_file(plan_copy: Path):
    (plan_copy / "noi_nhan.csv").write_bytes(b"")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_nhan.csv'}, dòng 1: ", "tệp CSV rỗng")


def test_csv_without_bom_builds_the_same_document(plan_copy: Path, reference: Path):
    for path in plan_copy.glob("*.csv"):
        write_rows(path, read_rows(path), encoding="utf-8")
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    result, out = build(plan_copy)
    assert_same_document(result, out, reference)


def test_semicolon_csv_builds_the_same_document(plan_copy: Path, reference: Path):
    # What Excel writes when the list separator is «;» (Vietnamese regional settings).
    for path in plan_copy.glob("*.csv"):
        write_rows(path, read_rows(path), delimiter=";")
    assert "\r\nso_ban_nganh;;\r\n".encode() in (plan_copy / "noi_nhan.csv").read_bytes()
    result, out = build(plan_copy)
    assert_same_document(result, out, reference)


def test_headers_in_nfd_and_with_extra_spaces_are_accepted(plan_copy: Path, reference: Path):
    nfd = unicodedata.normalize("NFD", "Nội dung")
    assert nfd != "Nội dung"
    edit(plan_copy / "noi_dung.csv", lambda rows: rows[0].__setitem__(2, f"  {nfd.replace(' ', '   ')} "))
    edit(plan_copy / "thong_tin_chung.csv",
         lambda rows: rows[0].__setitem__(1, unicodedata.normalize("NFD", " Giá  trị")))
    result, out = build(plan_copy)
    assert_same_document(result, out, reference)


def test_signing_mark_without_its_dot_is_refused(plan_copy: Path):
    row = set_general(plan_copy, "Quyền hạn, chức vụ người ký", "KT GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng {row}, cột «Giá trị»",
                   "thiếu dấu chấm sau quyền hạn ký: viết «KT.»")


def test_named_list_cannot_shadow_a_named_date(plan_copy: Path):
    edit(plan_copy / "danh_muc.csv", lambda rows: rows.append(["hạn báo cáo", "một mục"]))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'danh_muc.csv'}, dòng 6, cột «Tên»",
                   "đã là một mốc thời gian")


def test_named_date_cannot_shadow_a_builtin(plan_copy: Path):
    edit(plan_copy / "moc_thoi_gian.csv", lambda rows: rows.append(["năm", "01/01/2024", "", "ngày"]))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'moc_thoi_gian.csv'}, dòng 7, cột «Tên»",
                   "trùng với giá trị có sẵn")


# --------------------------------------------------------------------------- found by a tester


@pytest.mark.parametrize("char", ["\x0c", "\x07", "\x1b"])
def test_control_character_in_a_cell_is_refused(plan_copy: Path, char: str):
    set_cell(plan_copy / "noi_dung.csv", 3, "Nội dung", f"MỤC ĐÍCH,{char} YÊU CẦU")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 3, cột «Nội dung»",
                   f"ký tự điều khiển không in được (mã U+{ord(char):04X}, sau «MỤC ĐÍCH,»)")


def test_line_break_in_a_one_line_cell_is_refused(plan_copy: Path):
    set_cell(plan_copy / "noi_dung.csv", 4, "Nội dung", "Dòng một\nDòng hai")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 4, cột «Nội dung»",
                   "ô này chỉ được có một dòng")
    set_cell(plan_copy / "noi_dung.csv", 4, "Nội dung", "Dòng một\x0bDòng hai")  # Word's Shift+Enter
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'noi_dung.csv'}, dòng 4, cột «Nội dung»",
                   "ô này chỉ được có một dòng")


def test_line_break_allowed_only_in_multiline_keys(plan_copy: Path):
    row = set_general(plan_copy, "Người ký", "Trần\nDuy Bình")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng {row}, cột «Giá trị»",
                   "mục «Người ký» chỉ được có một dòng")


@pytest.mark.parametrize("key, value, phrase", [
    ("Ký hiệu", "kh-skhcn", "ký hiệu của kế hoạch phải là «KH-<chữ viết tắt cơ quan>»"),
    ("Ký hiệu", "KH-skhcn", "chữ viết tắt tên cơ quan trong ký hiệu phải viết in hoa: «SKHCN»"),
    ("Ký hiệu", "CV-SKHCN", "ký hiệu của kế hoạch phải là «KH-<chữ viết tắt cơ quan>»"),
    ("Ký hiệu", "BC-SKHCN", "đang là «BC-SKHCN»"),
    ("Ký hiệu", "KH", "đang là «KH»"),
    ("Tên loại", "Kế hoạch", "«Tên loại» phải viết in hoa"),
    ("Tên loại", "CÔNG VĂN", "công văn không có dòng tên loại"),
    ("Tên loại", "DANH SÁCH", "danh sách là phụ lục của văn bản khác"),
    ("Tên loại", "KẾ SÁCH", "không phải tên loại văn bản hành chính theo ND30"),
    ("Cơ quan ban hành", "Sở Khoa học và Công nghệ", "«Cơ quan ban hành» phải viết in hoa"),
    ("Địa danh", "TP. Hồ Chí Minh", "địa danh viết đầy đủ, không viết tắt"),
    ("Năm", "2204", "«Năm» phải là năm bốn chữ số từ 1945 đến 2100"),
    ("Năm", "0000", "«Năm» phải là năm bốn chữ số từ 1945 đến 2100"),
    ("Số", "1234567", "quá dài"),
    ("Quyền hạn, chức vụ người ký", "KT. GIÁM ĐỐC", "cần dòng chức vụ của người ký"),
    ("Quyền hạn, chức vụ người ký", "PHÓ GIÁM ĐỐC PHỤ TRÁCH", "không ghi «PHỤ TRÁCH»"),
])
def test_data_that_would_break_nd30_is_refused(plan_copy: Path, key: str, value: str, phrase: str):
    rows = read_rows(plan_copy / "thong_tin_chung.csv")
    row = [i for i, r in enumerate(rows, start=1) if r[0] == key][0]
    set_cell(plan_copy / "thong_tin_chung.csv", row, "Giá trị", value)
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng {row}, cột «Giá trị»", phrase)


def test_a_typed_lưu_prefix_is_not_printed_twice(plan_copy: Path):
    rows = read_rows(plan_copy / "thong_tin_chung.csv")
    row = [i for i, r in enumerate(rows, start=1) if r[0] == "Lưu"][0]
    set_cell(plan_copy / "thong_tin_chung.csv", row, "Giá trị", "- Lưu: VT; VP.")
    assert load_document(plan_copy).recipient_lines[-1] == "- Lưu: VT; VP."


def test_number_is_normalised_in_the_file_name_and_the_number_line(plan_copy: Path):
    rows = read_rows(plan_copy / "thong_tin_chung.csv")
    row = [i for i, r in enumerate(rows, start=1) if r[0] == "Số"][0]
    set_cell(plan_copy / "thong_tin_chung.csv", row, "Giá trị", "005")
    result, out = build(plan_copy)
    assert result.exit_code == 0, result.output
    assert (out / "ke-hoach_05_kh-skhcn_2024.docx").is_file()
    assert "Số: 05/KH-SKHCN" in part(out / "ke-hoach_05_kh-skhcn_2024.docx", "word/document.xml")


def test_year_placeholder_works_in_the_abstract_footnotes_and_lists(plan_copy: Path):
    edit(plan_copy / "chu_thich.csv", lambda rows: rows[1].__setitem__(1, rows[1][1] + " (năm {năm})"))
    edit(plan_copy / "danh_muc.csv", lambda rows: rows[4].__setitem__(1, rows[4][1] + " {năm}"))
    document = load_document(plan_copy)
    assert document.abstract.endswith("Việt Nam, năm 2024 trên địa bàn tỉnh Thanh Hóa")
    assert document.footnotes["1"][-1].text.endswith("Tỉnh ủy. (năm 2024)")
    slogans = [p for p in document.body if any("Nhiệt liệt chào mừng" in getattr(x, "text", "") for x in p.pieces)]
    assert any("Việt Nam 2024" in x.text for x in slogans[0].pieces if hasattr(x, "text"))


def test_unknown_placeholder_in_the_abstract_is_refused(plan_copy: Path):
    row = [i for i, r in enumerate(read_rows(plan_copy / "thong_tin_chung.csv"), start=1)
           if r[0] == "Trích yếu"][0]
    set_cell(plan_copy / "thong_tin_chung.csv", row, "Giá trị", "Kế hoạch năm {nam học}")
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'thong_tin_chung.csv'}, dòng {row}, cột «Giá trị»",
                   "không có mốc thời gian, danh mục hay giá trị nào tên «nam học»")


def test_escaped_braces_and_asterisk_are_literal(plan_copy: Path):
    edit(plan_copy / "noi_dung.csv", lambda rows: rows.insert(2, ["", "", r"Ký hiệu \{năm\} và \*"]))
    document = load_document(plan_copy)
    assert document.body[1].pieces[0].text == "Ký hiệu {năm} và *"


def test_duplicate_recipient_and_legal_basis_rows(plan_copy: Path):
    edit(plan_copy / "noi_nhan.csv", lambda rows: rows.append(["so_ban_nganh", "", ""]))
    result, out = build(plan_copy)
    row = len(read_rows(plan_copy / "noi_nhan.csv"))
    assert_refused(result, out, f"tệp {plan_copy / 'noi_nhan.csv'}, dòng {row}, cột «Gửi đến»",
                   "«so_ban_nganh» đã có ở dòng 4")
    edit(plan_copy / "noi_nhan.csv", lambda rows: rows.pop())
    edit(plan_copy / "can_cu.csv", lambda rows: rows.append(list(rows[1])))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {plan_copy / 'can_cu.csv'}, dòng 4, cột «Số»",
                   "văn bản 17713/UBND-NN đã có ở một dòng trên")


def test_folder_with_csv_files_but_no_general_table_is_reported(plan_copy: Path):
    (plan_copy / "thong_tin_chung.csv").rename(plan_copy / "thong_tin_chung (1).csv")
    result, out = build(plan_copy)
    assert result.exit_code == 1
    assert "có tệp CSV nhưng thiếu thong_tin_chung.csv" in result.output
    assert docx_files(out) == []


def test_missing_data_folder_and_empty_year_are_reported_in_vietnamese(tmp_path: Path):
    missing = run_vanban("build", tmp_path / "data" / "2031", "--output", tmp_path / "out")
    assert missing.exit_code == 1 and "không tìm thấy thư mục dữ liệu" in missing.output
    (tmp_path / "empty").mkdir()
    empty = run_vanban("build", tmp_path / "empty", "--output", tmp_path / "out")
    assert empty.exit_code == 1 and "không thấy văn bản nào" in empty.output


def test_utf16_csv_is_named_as_such(plan_copy: Path):
    path = plan_copy / "noi_dung.csv"
    path.write_bytes(path.read_text(encoding="utf-8-sig").encode("utf-16"))
    result, out = build(plan_copy)
    assert_refused(result, out, f"tệp {path}: ", "bảng mã UTF-16")


def test_a_level_without_template_style_names_the_data_row(plan_copy: Path):
    assert read_rows(plan_copy / "noi_dung.csv")[7][0] == "1.1."
    set_cell(plan_copy / "noi_dung.csv", 9, "Cấp", "1.1.1.")   # under the 1.1. of row 8
    set_cell(plan_copy / "noi_dung.csv", 10, "Cấp", "1.1.1.1.")
    result, out = build(plan_copy)
    assert result.exit_code == 1
    assert "mẫu thiếu kiểu đoạn (style) «VB Khoan 4»" in result.output
    assert "(cần cho dòng 10 của noi_dung.csv)" in result.output
    assert docx_files(out) == []


def test_the_last_body_paragraph_keeps_with_the_signature(plan_copy: Path):
    result, out = build(plan_copy)
    document = part(out / DRAFT, "word/document.xml")
    paragraphs = re.findall(r"<w:p>.*?</w:p>", document)
    [last] = [p for p in paragraphs if "theo quy định./." in p]
    assert "<w:keepNext/>" in last
    assert sum("<w:keepNext/>" in p for p in paragraphs if "VBKhoan" in p or "VBDoanvan" in p) == 1


def test_a_missing_template_names_where_it_is_written(plan_copy: Path):
    # «Mẫu» = a file that does not exist: the clerk is told which file and row to fix
    edit(plan_copy / "thong_tin_chung.csv",
         lambda rows: [row.__setitem__(1, "khong_co.docx") for row in rows if row[0] == "Mẫu"])
    result = run_vanban("build", plan_copy, "-o", plan_copy.parent / "out")
    assert result.exit_code == 1
    assert (f"mẫu khong_co.docx: không tìm thấy tệp mẫu này (ghi ở tệp {plan_copy / 'thong_tin_chung.csv'}, "
            "mục «Mẫu»)") in result.output
    assert not (plan_copy.parent / "out").exists()
