"""Reading a folder of returned results reports (pipeline.results.responses), as clerks receive them.

Each test writes small files (CSV with the csv module or raw bytes, workbooks with
openpyxl) into a temporary folder, or reads tests/fixtures/responses/received/
(rebuilt by tests/fixtures/responses/make_fixtures.py), and checks the exact value
each messy cell becomes, or the exact error text with its location.
"""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, FIXTURES
from pipeline.common.errors import Location
from pipeline.data.indicators import load_indicators
from pipeline.data.tables import Source
from pipeline.data.registry import load_registry
from pipeline.results.responses import (Response, ResponseErrors, ResponseSet, form_headers,
                                read_responses)

REGISTRY = load_registry(DATA)
INDICATORS = load_indicators(Source(DATA / "2024" / "ke_hoach"))
HEADERS = form_headers(INDICATORS)
RECEIVED = FIXTURES / "responses" / "received"


def excel_cell(header: str, row: int) -> str:
    """The cell of ``header`` (a column of :data:`HEADERS`) in ``row`` of sheet Sheet1, as Excel names it."""
    return f"Sheet1!{openpyxl.utils.get_column_letter(HEADERS.index(header) + 1)}{row}"
NUMBER_HINT = "cần một số không âm, ví dụ 5, 1.200 hoặc 2,5 (để trống hoặc ghi «-» nếu không có)"
BAI_VIET = "Số bài viết, tin bài, phóng sự (bài)"
VALUES = ("2", "5", "0", "1", "0", "3", "1")
EXPECTED_VALUES = {"hoi_thao": 2.0, "bai_viet": 5.0, "bang_ron": 0.0, "van_nghe": 1.0,
                   "khen_tap_the": 0.0, "khen_ca_nhan": 3.0, "khac": 1.0}


# --------------------------------------------------------------------------- helpers


def unit_row(code="SO_YT", name="Sở Y tế", values=VALUES, highlights="Tổ chức hội thảo",
             sent="20/05/2024", contact="Lê Thị Hoa") -> list:
    """One unit's row of the form, in the form's column order."""
    return [code, name, *values, highlights, sent, contact]


def with_value(header: str, value) -> list:
    """A form row (Sở Y tế) with ``value`` in the column headed ``header``."""
    row = unit_row()
    row[HEADERS.index(header)] = value
    return row


def write_csv(path: Path, rows: list[list], delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], sheet: str = "Sheet1", merges=(), formats=None,
               more_sheets: dict[str, list[list]] | None = None) -> Path:
    """A workbook with ``rows`` on ``sheet`` (None/"" cells left empty) and maybe other sheets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    first = book.active
    first.title = sheet
    for title, content in [(sheet, rows), *(more_sheets or {}).items()]:
        target = first if title == sheet else book.create_sheet(title)
        for row in content:
            target.append([None if value == "" else value for value in row])
    for cells in merges:
        first.merge_cells(cells)
    for cell, number_format in (formats or {}).items():
        first[cell].number_format = number_format
    book.save(path)
    return path


def read(folder: Path, registry=REGISTRY) -> ResponseSet:
    return read_responses(folder, INDICATORS, registry)


def only(folder: Path, registry=REGISTRY) -> Response:
    """The single response read from ``folder``."""
    result = read(folder, registry)
    assert len(result.responses) == 1, result.responses
    return result.responses[0]


def problems(folder: Path, registry=REGISTRY) -> list[str]:
    """The problems reported for ``folder`` (reading must fail)."""
    with pytest.raises(ResponseErrors) as caught:
        read(folder, registry)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def numbered_registry(tmp_path: Path):
    """The bundled registry plus units with all-digit codes (communes' codes keep their zeros)."""
    folder = tmp_path / "registry"
    folder.mkdir()
    shutil.copy(DATA / "khoi_don_vi.csv", folder / "khoi_don_vi.csv")
    lines = (DATA / "don_vi.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    with open(folder / "don_vi.csv", "w", encoding="utf-8-sig", newline="") as stream:
        stream.writelines(line for line in lines if ",ubnd_cap_xa," not in line)  # without the real communes
        stream.write("00004,Ủy ban nhân dân phường Ba Đình,UBND phường Ba Đình,ubnd_cap_xa,,,01/07/2025,,\n"
                     "00012,Ủy ban nhân dân xã Hoằng Hóa,UBND xã Hoằng Hóa,ubnd_cap_xa,,,01/07/2025,,\n"
                     "012,Ủy ban nhân dân xã Nga Sơn,UBND xã Nga Sơn,ubnd_cap_xa,,,01/07/2025,,\n")
    return load_registry(folder)


# --------------------------------------------------------------------------- the form as sent


def test_the_form_as_sent_reads_every_field(tmp_path: Path):
    path = write_csv(tmp_path / "in" / "so_y_te.csv", [HEADERS, unit_row(highlights="Hội thảo AI\nvà y tế")])
    assert only(path.parent) == Response(
        unit=REGISTRY.units["SO_YT"], sent=date(2024, 5, 20), values=EXPECTED_VALUES,
        highlights="Hội thảo AI\nvà y tế", contact="Lê Thị Hoa", location=Location(path, None, 2))


def test_the_bundled_sample_responses_are_all_read():
    """data/2024/responses: 36 files of many layouts; the README there says every one is valid."""
    folder = DATA / "2024" / "responses"
    if not folder.is_dir():
        pytest.skip("no sample responses in data/2024/responses")
    result = read(folder)
    assert len(result.responses) == 36
    ha_trung = next(r for r in result.responses if r.unit.code == "H_HA_TRUNG")
    assert (ha_trung.location.file.name, ha_trung.sent) == ("ubnd_huyen_ha_trung_lan2.xlsx", date(2024, 5, 23))
    # nothing to warn about in the data a clerk copies: sending twice and Windows-1258 are in RECEIVED
    assert (result.superseded, result.notes) == ([], [])


# --------------------------------------------------------------------------- 1. columns


def test_columns_in_another_order_extra_columns_and_header_variants(tmp_path: Path):
    nfd_upper = unicodedata.normalize("NFD", "SỐ  BĂNG RÔN,   KHẨU HIỆU ĐÃ TREO (CÁI)")
    headers = ["STT", "Người liên hệ", "Ngày báo cáo", "Ghi chú",
               "Số hội thảo, tọa đàm khoa học",                             # no (unit)
               "Tổng số bài viết, tin bài, phóng sự đã đăng (bài)",          # name inside a longer header
               nfd_upper,                                                    # NFD, upper case, spaces
               "Số hoạt động văn hoá, văn nghệ, thể thao (hoạt động)",       # new tone placement (hoá)
               "Số tập thể được khen thưởng(tập thể)",                       # no space before (
               "Số cá nhân được khen thưởng (người)",                        # another unit word
               "Số hoạt động khác (hoạt động)",
               "Tên ĐV", "Mã ĐV", "Điểm nổi bật", "Cột thêm"]
    row = ["1", "Lê Thị Hoa", "20/05/2024", "99", "1", "2", "3", "4", "5", "6", "7", "Sở Y tế", "SO_YT",
           "Hội thảo", "88"]
    response = only(write_csv(tmp_path / "in" / "a.csv", [headers, row]).parent)
    assert response.unit.code == "SO_YT"
    assert response.values == {"hoi_thao": 1.0, "bai_viet": 2.0, "bang_ron": 3.0, "van_nghe": 4.0,
                               "khen_tap_the": 5.0, "khen_ca_nhan": 6.0, "khac": 7.0}
    assert (response.sent, response.highlights, response.contact) == (date(2024, 5, 20), "Hội thảo", "Lê Thị Hoa")


@pytest.mark.parametrize("code_header, name_header", [
    ("Mã", "Đơn vị"), ("MÃ ĐV", "tên đv"), ("Mã đơn vị", "Tên ĐV"), (" mã  đơn vị ", "Tên đơn vị"),
])
def test_unit_column_variants(tmp_path: Path, code_header: str, name_header: str):
    headers = [code_header, name_header, *HEADERS[2:]]
    path = write_csv(tmp_path / "in" / "a.csv", [headers, unit_row(code="SO_TP", name="Sở Tư pháp")])
    response = only(path.parent)
    assert response.unit.code == "SO_TP"


def test_a_name_column_alone_identifies_the_unit(tmp_path: Path):
    rows = [["Đơn vị", *HEADERS[2:]], unit_row()[1:]]
    assert only(write_csv(tmp_path / "in" / "a.csv", rows).parent).unit.code == "SO_YT"


# --------------------------------------------------------------------------- 2. title rows


def test_title_rows_above_the_header(tmp_path: Path):
    rows = [["BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2024"], ["(Kèm theo Công văn số 512/SYT-VP)"], [],
            HEADERS, unit_row()]
    path = write_xlsx(tmp_path / "in" / "a.xlsx", rows, merges=["A1:L1"])
    response = only(path.parent)
    assert response.location == Location(path, "Sheet1", 5)
    assert response.values == EXPECTED_VALUES


def test_a_header_below_row_10_is_not_found(tmp_path: Path):
    path = write_xlsx(tmp_path / "row10" / "a.xlsx", [["Tiêu đề"]] * 9 + [HEADERS, unit_row()])
    assert only(path.parent).location == Location(path, "Sheet1", 11)
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [["Tiêu đề"]] * 10 + [HEADERS, unit_row()])
    assert problems(path.parent) == [
        f"tệp {path}: không tìm thấy dòng tiêu đề của mẫu báo cáo trong 10 dòng đầu của trang tính nào "
        "(«Sheet1»); cần một dòng có cột «Mã đơn vị» hoặc «Tên đơn vị» và các cột chỉ tiêu như "
        "«Số hội thảo, tọa đàm khoa học (cuộc)»"]


# --------------------------------------------------------------------------- 3. two header rows


def test_header_over_two_rows_with_a_merged_group_cell(tmp_path: Path):
    top = ["Mã đơn vị", "Tên đơn vị", "Kết quả thực hiện", "", "", "", "", "", "", "Điểm nổi bật", "Ngày gửi",
           "Người liên hệ"]
    bottom = ["", "", *(i.name for i in INDICATORS), "", "", ""]
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [["BÁO CÁO KẾT QUẢ"], top, bottom, unit_row()],
                      merges=["A2:A3", "B2:B3", "C2:I2", "J2:J3", "K2:K3", "L2:L3"])
    response = only(path.parent)
    assert response.values == EXPECTED_VALUES
    assert (response.sent, response.location) == (date(2024, 5, 20), Location(path, "Sheet1", 4))


def test_a_header_split_over_two_rows_is_named_as_combined(tmp_path: Path):
    top = [*HEADERS[:-2], "Ngày", "Người liên hệ"]
    bottom = [""] * (len(HEADERS) - 2) + ["gửi", ""]
    path = write_csv(tmp_path / "in" / "a.csv", [top, bottom, unit_row(sent="31/02/2024")])
    assert problems(path.parent) == [
        f"tệp {path}, dòng 3, cột «Ngày gửi» (ô K3): ngày không hợp lệ: '31/02/2024' (tháng 2 năm 2024 không có "
        "ngày 31); cần dạng ngày/tháng/năm, ví dụ 05/02/2024"]


# --------------------------------------------------------------------------- 4. dates


@pytest.mark.parametrize("typed", [
    "20/05/2024", "20-5-2024", "20.05.2024", "2024-05-20", "20/5/2024", "ngày 20 tháng 5 năm 2024",
    "Ngày 20 tháng 05 năm 2024", "Thanh Hóa, ngày 20 tháng 5 năm 2024", "20/05/2024 14:35",
    "2024-05-20 00:00:00", "45432",
])
def test_dates_typed_as_text(tmp_path: Path, typed: str):
    assert only(write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(sent=typed)]).parent).sent == \
        date(2024, 5, 20)


@pytest.mark.parametrize("cell, number_format", [
    (datetime(2024, 5, 20), "dd/mm/yyyy"),         # a real Excel date cell
    (datetime(2024, 5, 20, 14, 35), "dd/mm/yyyy hh:mm"),  # with a time
    (45432, "General"),                             # a serial number shown as a number
    (45432.6, "General"),
    ("20/05/2024", "@"),                            # text cell
])
def test_dates_in_workbook_cells(tmp_path: Path, cell, number_format: str):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [HEADERS, unit_row(sent=cell)], formats={"K2": number_format})
    assert only(path.parent).sent == date(2024, 5, 20)


def test_an_empty_date_is_none(tmp_path: Path):
    assert only(write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(sent="")]).parent).sent is None


@pytest.mark.parametrize("cell, message", [
    ("31/02/2024", "ngày không hợp lệ: '31/02/2024' (tháng 2 năm 2024 không có ngày 31); "
                   "cần dạng ngày/tháng/năm, ví dụ 05/02/2024"),
    ("5/20/2024", "ngày không hợp lệ: '5/20/2024' (tháng 20 không tồn tại; ngày viết trước, tháng viết sau); "
                  "cần dạng ngày/tháng/năm, ví dụ 05/02/2024"),
    ("20/5", "ngày «20/5» thiếu năm; cần dạng ngày/tháng/năm, ví dụ 20/05/2024"),
    ("20/05/24", "ngày không hợp lệ: '20/05/24' (năm phải viết đủ 4 chữ số); "
                 "cần dạng ngày/tháng/năm, ví dụ 05/02/2024"),
    ("ngày 31 tháng 2 năm 2024", "ngày không hợp lệ: «ngày 31 tháng 2 năm 2024» (tháng 2 năm 2024 không có "
                                 "ngày 31); cần dạng ngày/tháng/năm, ví dụ 20/05/2024"),
    (123, "«123» là một số, không phải ngày (số ngày kiểu Excel chỉ nhận cho các năm 2000–2099); "
          "cần dạng ngày/tháng/năm, ví dụ 20/05/2024"),
    ("tháng 5", "ngày không hợp lệ: 'tháng 5' (không đọc được); cần dạng ngày/tháng/năm, ví dụ 05/02/2024"),
])
def test_bad_dates_are_located_errors(tmp_path: Path, cell, message: str):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [HEADERS, unit_row(sent=cell)])
    assert problems(path.parent) == [f"tệp {path}, trang tính «Sheet1», dòng 2, cột «Ngày gửi» "
                                     f"(ô {excel_cell('Ngày gửi', 2)}): {message}"]


# --------------------------------------------------------------------------- 5. numbers


@pytest.mark.parametrize("typed, number", [
    ("03", 3.0), ("5 bài", 5.0), ("5bài", 5.0), ("3 tin bài", 3.0), ("1.200", 1200.0), ("2,5", 2.5),
    ("1.200,5", 1200.5), ("0,125", 0.125), ("", 0.0), ("-", 0.0), ("  7 ", 7.0), ("0", 0.0),
])
def test_numbers_typed_as_text(tmp_path: Path, typed: str, number: float):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, with_value(BAI_VIET, typed)])
    assert only(path.parent).values["bai_viet"] == number


@pytest.mark.parametrize("cell, number", [(7, 7.0), (2.5, 2.5), (None, 0.0), ("1.200", 1200.0)])
def test_numbers_in_workbook_cells(tmp_path: Path, cell, number: float):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [HEADERS, with_value(BAI_VIET, cell)])
    assert only(path.parent).values["bai_viet"] == number


@pytest.mark.parametrize("cell, message", [
    ("-3", f"không được ghi số âm («-3»); {NUMBER_HINT}"),
    (-2, f"không được ghi số âm («-2»); {NUMBER_HINT}"),
    ("khoảng 5", f"«khoảng 5» không phải một số cụ thể; {NUMBER_HINT}"),
    ("trên 10", f"«trên 10» không phải một số cụ thể; {NUMBER_HINT}"),
    ("nhiều", f"«nhiều» không phải là số; {NUMBER_HINT}"),
    ("5 cuộc", f"«5 cuộc»: sau số chỉ được ghi đơn vị tính «bài» của chỉ tiêu này; {NUMBER_HINT}"),
    ("1,200", "«1,200» không rõ là 1,2 hay 1.200: dấu phẩy là dấu thập phân, dấu chấm phân cách hàng nghìn; "
              f"hãy ghi lại cho rõ; {NUMBER_HINT}"),
    ("1.5", "«1.5»: dấu chấm chỉ dùng để phân cách hàng nghìn (1.200), số thập phân viết bằng dấu phẩy (2,5); "
            f"{NUMBER_HINT}"),
    ("#REF!", f"ô có lỗi công thức «#REF!»; hãy sửa công thức hoặc ghi số; {NUMBER_HINT}"),
    (datetime(2024, 2, 1), "ô này là ngày tháng (01/02/2024), không phải số (có thể Excel đã tự đổi số gõ vào "
                           f"thành ngày: hãy định dạng ô là Number rồi gõ lại); {NUMBER_HINT}"),
])
def test_bad_numbers_are_located_errors(tmp_path: Path, cell, message: str):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [HEADERS, with_value(BAI_VIET, cell)])
    assert problems(path.parent) == [f"tệp {path}, trang tính «Sheet1», dòng 2, cột «{BAI_VIET}» "
                                     f"(ô {excel_cell(BAI_VIET, 2)}): {message}"]


# --------------------------------------------------------------------------- 6. unit codes and names


@pytest.mark.parametrize("typed", ["00004", "4", "'00004", "0004", "  4 "])
def test_codes_with_leading_zeros_typed_as_text(tmp_path: Path, numbered_registry, typed: str):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(code=typed, name="")])
    assert only(path.parent, numbered_registry).unit.code == "00004"


@pytest.mark.parametrize("cell, number_format", [(4, "General"), (4, "00000"), (4.0, "0")])
def test_codes_stored_as_numbers(tmp_path: Path, numbered_registry, cell, number_format: str):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [HEADERS, unit_row(code=cell, name="")],
                      formats={"A2": number_format})
    assert only(path.parent, numbered_registry).unit.code == "00004"


@pytest.mark.parametrize("name", [
    "UBND phường Ba Đình",                                                   # short name
    "Ủy ban nhân dân phường Ba Đình",                                        # full name
    unicodedata.normalize("NFD", "Ủy ban nhân dân phường Ba Đình"),          # another input method
    "UỶ BAN  NHÂN DÂN PHƯỜNG BA ĐÌNH",                                       # case, spaces, tone placement
])
def test_units_found_by_name(tmp_path: Path, numbered_registry, name: str):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(code="", name=name)])
    assert only(path.parent, numbered_registry).unit.code == "00004"


def test_a_code_wins_over_a_name_written_differently(tmp_path: Path):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(code="SO_YT", name="Sở Y tế Thanh Hóa")])
    assert only(path.parent).unit.code == "SO_YT"


def test_an_unknown_code_with_a_known_name_is_read_by_name_with_a_note(tmp_path: Path):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(code="SYT", name="Sở Y tế")])
    result = read(path.parent)
    assert [r.unit.code for r in result.responses] == ["SO_YT"]
    assert result.notes == [f"tệp {path}, dòng 2, cột «Mã đơn vị» (ô A2): mã «SYT» không có trong danh bạ đơn vị; "
                            "đã nhận theo tên «Sở Y tế» là đơn vị SO_YT (Sở Y tế)"]


def test_a_code_of_one_unit_and_a_name_of_another_is_a_problem(tmp_path: Path):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(code="SO_YT", name="Sở Tư pháp")])
    assert problems(path.parent) == [
        f"tệp {path}, dòng 2, cột «Mã đơn vị» (ô A2): mã «SO_YT» là của «Sở Y tế tỉnh Thanh Hóa» nhưng tên "
        "«Sở Tư pháp» là của «Sở Tư pháp tỉnh Thanh Hóa» (mã SO_TP); hãy sửa mã hoặc tên cho cùng một đơn vị"]


def test_an_unknown_unit_is_named_as_typed_with_a_suggestion(tmp_path: Path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [
        ["Mã ĐV", "Đơn vị", *HEADERS[2:]],
        unit_row(code="SO_Y_TE", name="Sở Y tể"),
        unit_row(code="", name="UBND huyện Bá Thươc"),
        unit_row(code="SO_Y_TE", name=""),
    ])
    assert problems(path.parent) == [
        f"tệp {path}, trang tính «Sheet1», dòng 2, cột «Mã ĐV» (ô Sheet1!A2): không tìm thấy đơn vị có mã «SO_Y_TE» hay tên "
        "«Sở Y tể» trong danh bạ đơn vị; có phải là «Sở Y tế»?",
        f"tệp {path}, trang tính «Sheet1», dòng 3, cột «Đơn vị» (ô Sheet1!B3): không tìm thấy đơn vị có tên "
        "«UBND huyện Bá Thươc» trong danh bạ đơn vị; có phải là «UBND huyện Bá Thước»?",
        f"tệp {path}, trang tính «Sheet1», dòng 4, cột «Mã ĐV» (ô Sheet1!A4): không tìm thấy đơn vị có mã «SO_Y_TE» "
        "trong danh bạ đơn vị; có phải là «SO_YT»?",
    ]


def test_a_number_that_fits_two_codes_is_a_problem(tmp_path: Path, numbered_registry):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(code="12", name="")])
    assert problems(path.parent, numbered_registry) == [
        f"tệp {path}, dòng 2, cột «Mã đơn vị» (ô A2): mã «12» có thể là của nhiều đơn vị (00012, 012); hãy ghi đủ mã "
        "như trong danh bạ, kể cả các số 0 ở đầu"]


# --------------------------------------------------------------------------- 7. encodings


def test_a_windows_1258_csv_is_decoded_normalised_and_noted():
    raw = (RECEIVED / "tong_hop_cac_huyen.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"Tr\xe2\xccn" in raw  # «Trần»: â precomposed, the grave tone as a combining character
    result = read(RECEIVED)
    ba_thuoc = next(r for r in result.responses if r.unit.code == "H_BA_THUOC")
    assert ba_thuoc.highlights == "Treo băng rôn trên các tuyến đường chính"
    assert unicodedata.is_normalized("NFC", ba_thuoc.highlights)
    assert ba_thuoc.contact == "Trần Văn Bình"
    assert f"tệp {RECEIVED / 'tong_hop_cac_huyen.csv'} đọc theo bảng mã Windows-1258" in result.notes


def test_utf16_tab_separated_text_from_excel(tmp_path: Path):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row()], delimiter="\t", encoding="utf-16")
    assert path.read_bytes()[:2] == b"\xff\xfe"
    result = read(path.parent)
    assert [(r.unit.code, r.values, r.contact) for r in result.responses] == \
        [("SO_YT", EXPECTED_VALUES, "Lê Thị Hoa")]
    assert result.notes == []


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ";"), ("utf-8-sig", ";"), ("utf-8", ",")])
def test_utf8_with_or_without_bom(tmp_path: Path, encoding: str, delimiter: str):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row()], delimiter=delimiter, encoding=encoding)
    response = only(path.parent)
    assert (response.unit.code, response.values, response.contact) == ("SO_YT", EXPECTED_VALUES, "Lê Thị Hoa")


def test_bytes_of_no_known_encoding_are_a_problem(tmp_path: Path):
    path = tmp_path / "in" / "a.csv"
    path.parent.mkdir()
    path.write_bytes(",".join(HEADERS).encode("utf-8") + b"\r\nSO_YT,S\x81 Y t\xea\r\n")
    assert problems(path.parent) == [
        f"tệp {path}, dòng 2: không đọc được bảng mã của tệp CSV (không phải UTF-8, UTF-16 hay Windows-1258); "
        "hãy lưu lại từ Excel dạng «CSV UTF-8 (Comma delimited)»"]


# --------------------------------------------------------------------------- 8. a unit that sent twice


def test_the_later_date_wins_even_from_a_file_that_sorts_earlier(tmp_path: Path):
    folder = tmp_path / "in"
    newer = write_csv(folder / "a.csv", [HEADERS, unit_row(values=("9",) * 7, sent="22/05/2024")])
    older = write_csv(folder / "b.csv", [HEADERS, unit_row(sent="20/05/2024")])
    result = read(folder)
    assert [(r.location, r.values["hoi_thao"]) for r in result.responses] == [(Location(newer, None, 2), 9.0)]
    assert [(old.location, new.location) for old, new in result.superseded] == \
        [(Location(older, None, 2), Location(newer, None, 2))]
    assert result.notes == [
        f"đơn vị Sở Y tế (SO_YT) gửi nhiều lần: dùng bản ở tệp {newer}, dòng 2 (ngày gửi 22/05/2024), "
        f"bỏ bản ở tệp {older}, dòng 2 (ngày gửi 20/05/2024)"]


@pytest.mark.parametrize("first_date, second_date", [
    ("20/05/2024", ""),            # one date missing
    ("", "18/05/2024"),
])
def test_with_a_missing_date_the_later_file_name_wins(tmp_path: Path, first_date: str, second_date: str):
    folder = tmp_path / "in"
    first = write_csv(folder / "so_y_te.csv", [HEADERS, unit_row(values=("1",) * 7, sent=first_date)])
    second = write_csv(folder / "so_y_te_lan2.csv", [HEADERS, unit_row(values=("2",) * 7, sent=second_date)])
    result = read(folder)
    assert [r.location.file for r in result.responses] == [second]
    assert [(old.location.file, new.location.file) for old, new in result.superseded] == [(first, second)]


@pytest.mark.parametrize("sent", ["20/05/2024", ""])
def test_two_different_copies_sent_the_same_day_are_a_problem(tmp_path: Path, sent: str):
    folder = tmp_path / "in"
    write_csv(folder / "so_y_te.csv", [HEADERS, unit_row(values=("1",) * 7, sent=sent)])
    second = write_csv(folder / "so_y_te_ban_sua.csv", [HEADERS, unit_row(values=("2",) * 7, sent=sent)])
    with pytest.raises(ResponseErrors) as error:
        read(folder)
    assert f"tệp {second}, dòng 2: đơn vị Sở Y tế gửi hai bản khác nhau cùng" in str(error.value)
    assert "không biết bản nào mới hơn" in str(error.value)


def test_two_rows_of_one_unit_in_a_file_the_later_dated_row_wins(tmp_path: Path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [HEADERS, unit_row(values=("1",) * 7, sent="18/05/2024"),
                                                   unit_row(code="", values=("2",) * 7),
                                                   unit_row(code="SO_TP", name="Sở Tư pháp")])
    result = read(path.parent)
    assert [(r.unit.code, r.location.row, r.values["khac"]) for r in result.responses] == \
        [("SO_TP", 4, 1.0), ("SO_YT", 3, 2.0)]
    assert [(old.location.row, new.location.row) for old, new in result.superseded] == [(2, 3)]


def test_the_same_copy_sent_twice_is_not_a_problem(tmp_path: Path):
    folder = tmp_path / "in"
    write_csv(folder / "so_y_te.csv", [HEADERS, unit_row(values=("1",) * 7)])
    write_csv(folder / "so_y_te_gui_lai.csv", [HEADERS, unit_row(values=("1",) * 7)])
    assert [r.values["khac"] for r in read(folder).responses] == [1.0]


# --------------------------------------------------------------------------- 9. empty rows, rows without unit


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(tmp_path: Path):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(), [], [""] * len(HEADERS),
                                                 ["   "] * 3, unit_row(code="SO_TP", name="Sở Tư pháp")])
    result = read(path.parent)
    assert [(r.unit.code, r.location.row) for r in result.responses] == [("SO_TP", 6), ("SO_YT", 2)]


def test_a_unit_row_right_under_the_header_is_never_taken_for_column_numbers(tmp_path: Path, numbered_registry):
    row = ["4", "", "1", "2", "3", "4", "5", "6", "7", "", "", ""]  # code 4, then 1 … 7: data, not numbering
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, row])
    assert only(path.parent, numbered_registry).values["khac"] == 7.0


def test_a_row_with_data_but_no_unit_is_a_problem(tmp_path: Path):
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, unit_row(), unit_row(code="", name=""),
                                                 ["", "", "", "", "", "", "", "", "", "", "", "NGƯỜI LẬP BIỂU"]])
    assert problems(path.parent) == [
        f"tệp {path}, dòng 3, cột «Mã đơn vị» (ô A3): dòng này có dữ liệu («2»; «5»; «0»; …) nhưng không có mã đơn vị "
        "hay tên đơn vị; hãy ghi mã đơn vị theo danh bạ (hoặc tên đơn vị), hoặc xoá dòng nếu không phải số "
        "liệu của đơn vị nào",
        f"tệp {path}, dòng 4, cột «Mã đơn vị» (ô A4): dòng này có dữ liệu («NGƯỜI LẬP BIỂU») nhưng không có mã đơn vị "
        "hay tên đơn vị; hãy ghi mã đơn vị theo danh bạ (hoặc tên đơn vị), hoặc xoá dòng nếu không phải số "
        "liệu của đơn vị nào",
    ]


@pytest.mark.parametrize("numbering, shown", [
    ([f"({n})" for n in range(1, 13)], "«(1)»; «(2)»; «(3)»; …"),
    ([str(n) for n in range(1, 13)], "«1»; «2»; «3»; …"),
    (["A", "B", *(str(n) for n in range(1, 11))], "«A»; «B»; «1»; …"),
])
def test_a_total_row_and_a_column_numbering_row_are_skipped_with_notes(tmp_path: Path, numbering, shown):
    total = ["", "Tổng cộng", "4", "10", "0", "2", "0", "6", "2", "", "", ""]
    path = write_csv(tmp_path / "in" / "a.csv", [HEADERS, numbering, unit_row(), unit_row(code="SO_TP", name=""),
                                                 total])
    result = read(path.parent)
    assert [r.unit.code for r in result.responses] == ["SO_TP", "SO_YT"]
    assert result.notes == [
        f"tệp {path}, dòng 2: bỏ qua dòng đánh số cột ({shown})",
        f"tệp {path}, dòng 5: bỏ qua dòng tổng cộng («Tổng cộng»; «4»; «10»; …)",
    ]


# --------------------------------------------------------------------------- files in the folder


def test_lock_hidden_readme_and_text_files_are_ignored(tmp_path: Path):
    folder = tmp_path / "in"
    path = write_csv(folder / "so_y_te.csv", [HEADERS, unit_row()])
    for name in ("~$so_y_te.csv", ".an.csv", "README", "Readme.docx", "ghi_chu.md", "danh_sach.txt", "Thumbs.db"):
        (folder / name).write_bytes(b"\x00 not a form")
    result = read(folder)
    assert [r.location.file for r in result.responses] == [path]
    assert result.notes == [f"bỏ qua tệp khoá {folder / '~$so_y_te.csv'}: tệp {path} có thể đang được mở trong "
                            "Excel; hãy lưu và đóng tệp trước khi tổng hợp để đọc được số liệu mới nhất"]


def test_other_files_and_subfolders_are_problems_and_all_are_reported(tmp_path: Path):
    folder = tmp_path / "in"
    write_csv(folder / "a.csv", [HEADERS, unit_row(sent="31/02/2024")])
    for name in ("b.xls", "c.pdf", "d.docx"):
        (folder / name).write_bytes(b"x")
    (folder / "e").mkdir()
    write_csv(folder / "f.csv", [HEADERS, with_value(BAI_VIET, "nhiều")])
    assert problems(folder) == [
        f"tệp {folder / 'e'}: thư mục con không được đọc; các tệp báo cáo phải nằm ngay trong thư mục {folder}; "
        "hãy chuyển các tệp cần tổng hợp ra ngoài, hoặc chuyển thư mục con đi nơi khác",
        f"tệp {folder / 'a.csv'}, dòng 2, cột «Ngày gửi» (ô K2): ngày không hợp lệ: '31/02/2024' (tháng 2 năm 2024 "
        "không có ngày 31); cần dạng ngày/tháng/năm, ví dụ 05/02/2024",
        f"tệp {folder / 'b.xls'}: tệp Excel đời cũ (.xls) không đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx "
        "(Excel Workbook)",
        f"tệp {folder / 'c.pdf'}: tệp .pdf không phải bảng số liệu theo mẫu (cần tệp .xlsx, .xlsm hoặc .csv); "
        "nếu đơn vị gửi báo cáo dạng văn bản (Word, PDF) thì hãy nhập số liệu vào mẫu, hoặc chuyển tệp này ra "
        "khỏi thư mục tổng hợp",
        f"tệp {folder / 'd.docx'}: tệp .docx không phải bảng số liệu theo mẫu (cần tệp .xlsx, .xlsm hoặc .csv); "
        "nếu đơn vị gửi báo cáo dạng văn bản (Word, PDF) thì hãy nhập số liệu vào mẫu, hoặc chuyển tệp này ra "
        "khỏi thư mục tổng hợp",
        f"tệp {folder / 'f.csv'}, dòng 2, cột «{BAI_VIET}» (ô D2): «nhiều» không phải là số; {NUMBER_HINT}",
    ]


def test_an_empty_or_missing_folder_is_a_problem(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("x")
    assert problems(tmp_path / "empty") == [
        f"tệp {tmp_path / 'empty'}: thư mục không có tệp báo cáo nào (.xlsx, .xlsm hoặc .csv)"]
    assert problems(tmp_path / "missing") == [
        f"tệp {tmp_path / 'missing'}: không tìm thấy thư mục này; cần thư mục chứa các tệp báo cáo kết quả "
        "các đơn vị gửi về"]


# --------------------------------------------------------------------------- workbooks


def test_every_sheet_is_read_and_sheets_without_header_are_noted(tmp_path: Path):
    path = write_xlsx(tmp_path / "in" / "a.xlsm", [HEADERS, unit_row()], sheet="Sở ban ngành", more_sheets={
        "Hướng dẫn": [["Ghi mỗi đơn vị một dòng"]],
        "Huyện": [["Tổng hợp các huyện"], HEADERS, unit_row(code="H_BA_THUOC", name="UBND huyện Bá Thước")],
    })
    result = read(path.parent)
    assert [(r.unit.code, r.location) for r in result.responses] == [
        ("SO_YT", Location(path, "Sở ban ngành", 2)), ("H_BA_THUOC", Location(path, "Huyện", 3))]
    assert result.notes == [f"tệp {path}, trang tính «Hướng dẫn»: không có dòng tiêu đề của mẫu báo cáo trong "
                            "10 dòng đầu nên không đọc trang tính này"]


def test_a_workbook_without_usable_sheet_is_a_problem(tmp_path: Path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [["Kính gửi Sở KH&CN"], ["Sở Y tế báo cáo như sau: 2 hội thảo"]],
                      more_sheets={"Sheet2": []})
    assert problems(path.parent) == [
        f"tệp {path}: không tìm thấy dòng tiêu đề của mẫu báo cáo trong 10 dòng đầu của trang tính nào "
        "(«Sheet1», «Sheet2»); cần một dòng có cột «Mã đơn vị» hoặc «Tên đơn vị» và các cột chỉ tiêu như "
        "«Số hội thảo, tọa đàm khoa học (cuộc)»"]


def test_a_blank_form_sent_back_is_a_problem(tmp_path: Path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [["BÁO CÁO KẾT QUẢ"], HEADERS, [], []])
    assert problems(path.parent) == [
        f"tệp {path}: tệp có dòng tiêu đề nhưng không có dòng số liệu nào của đơn vị (mẫu còn trống); đề nghị "
        "đơn vị điền số liệu và gửi lại"]


def test_a_broken_workbook_is_a_problem(tmp_path: Path):
    path = tmp_path / "in" / "a.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"not a zip file")
    assert problems(path.parent) == [
        f"tệp {path}: không đọc được tệp Excel: tệp có thể đã đặt mật khẩu, bị hỏng, không trọn vẹn, hoặc là tệp "
        "khác đổi đuôi (File is not a zip file); hãy mở tệp bằng Excel và lưu lại dạng .xlsx (Excel Workbook), "
        "không đặt mật khẩu"]


def test_a_workbook_renamed_to_csv_is_a_problem(tmp_path: Path):
    book = write_xlsx(tmp_path / "a.xlsx", [HEADERS, unit_row()])
    path = tmp_path / "in" / "a.csv"
    path.parent.mkdir()
    shutil.copy(book, path)
    assert problems(path.parent) == [
        f"tệp {path}: tệp có đuôi .csv nhưng không phải tệp CSV (có thể là tệp Excel hoặc PDF đã đổi tên); hãy "
        "đổi lại đúng đuôi tệp hoặc lưu lại từ Excel dạng «CSV UTF-8 (Comma delimited)»"]


def _set_cached_value(path: Path, cell: str, value: str) -> None:
    """Give the formula in ``cell`` a calculated value, as Excel stores it when saving."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    formula_cell = rf'(<c r="{cell}"[^>]*>(?:<f>[^<]*</f>))<v\s*/?>(?:</v>)?'
    sheet, count = re.subn(formula_cell, rf"\g<1><v>{value}</v>", sheet)
    assert count == 1
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_formulas_are_read_by_their_calculated_value(tmp_path: Path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [HEADERS, with_value(BAI_VIET, "=2+3")])
    _set_cached_value(path, "D2", "5")
    assert only(path.parent).values["bai_viet"] == 5.0


def test_a_formula_saved_without_its_value_is_a_problem(tmp_path: Path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [HEADERS, with_value(BAI_VIET, "=2+3")])
    assert problems(path.parent) == [
        f"tệp {path}, trang tính «Sheet1», dòng 2, cột «{BAI_VIET}» (ô {excel_cell(BAI_VIET, 2)}): ô có công thức nhưng tệp không lưu kết "
        "quả tính (tệp không được lưu bằng Excel); hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại"]


# --------------------------------------------------------------------------- header problems


def test_a_missing_indicator_column_is_a_problem(tmp_path: Path):
    headers = [h if h != BAI_VIET else "Số bài viết, tin bài (bài)" for h in HEADERS]
    path = write_csv(tmp_path / "in" / "a.csv", [headers, unit_row()])
    assert problems(path.parent) == [
        f"tệp {path}, dòng 1, cột «{BAI_VIET}»: thiếu cột «{BAI_VIET}» (có cột «Số bài viết, tin bài (bài)», "
        "có phải là cột này?); nếu đơn vị không có số liệu thì vẫn giữ cột và để trống hoặc ghi 0"]


def test_a_header_without_unit_columns_is_a_problem(tmp_path: Path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", [["BÁO CÁO"], HEADERS[2:], unit_row()[2:]])
    assert problems(path.parent) == [
        f"tệp {path}, trang tính «Sheet1», dòng 2: dòng tiêu đề không có cột «Mã đơn vị» hay «Tên đơn vị»; "
        "cần ít nhất một trong hai cột để biết số liệu là của đơn vị nào"]


def test_two_columns_read_as_one_field_are_a_problem(tmp_path: Path):
    headers = [*HEADERS, "Ngày gửi"]
    path = write_csv(tmp_path / "in" / "a.csv", [headers, [*unit_row(), "21/05/2024"]])
    assert problems(path.parent) == [
        f"tệp {path}, dòng 1, cột «Ngày gửi» (ô M1): các cột «Ngày gửi» (cột K) và «Ngày gửi» (cột M) đều được hiểu là "
        "cột «Ngày gửi»; hãy xoá hoặc đổi tên cho chỉ còn một cột"]


# --------------------------------------------------------------------------- a folder as received


def test_a_folder_as_received():
    """tests/fixtures/responses/received: title rows, a two-row merged header, a numbering row, a
    guide sheet, a unit sending twice, a Windows-1258 combined CSV with a total row, README and lock file."""
    result = read(RECEIVED)
    assert [(r.unit.code, r.sent, r.location) for r in result.responses] == [
        ("SO_YT", date(2024, 5, 22), Location(RECEIVED / "so_y_te_bo_sung.csv", None, 2)),
        ("H_BA_THUOC", date(2024, 5, 21), Location(RECEIVED / "tong_hop_cac_huyen.csv", None, 3)),
        ("H_CAM_THUY", date(2024, 5, 22), Location(RECEIVED / "tong_hop_cac_huyen.csv", None, 4)),
        ("H_HA_TRUNG", date(2024, 5, 23), Location(RECEIVED / "tong_hop_cac_huyen.csv", None, 5)),
    ]
    by_code = {r.unit.code: r for r in result.responses}
    assert by_code["H_BA_THUOC"].values == {"hoi_thao": 1.0, "bai_viet": 5.0, "bang_ron": 1200.0, "van_nghe": 0.0,
                                            "khen_tap_the": 0.0, "khen_ca_nhan": 3.0, "khac": 2.5}
    ((old, new),) = result.superseded
    assert (old.location, new is by_code["SO_YT"]) == (Location(RECEIVED / "so_y_te.xlsx", "Báo cáo", 7), True)
    assert (old.sent, old.contact) == (date(2024, 5, 20), "Lê Thị Hoa, 0912 345 678")
    assert old.values == {"hoi_thao": 2.0, "bai_viet": 15.0, "bang_ron": 10.0, "van_nghe": 3.0,
                          "khen_tap_the": 1.0, "khen_ca_nhan": 4.0, "khac": 0.0}
    xlsx, csv_file = RECEIVED / "so_y_te.xlsx", RECEIVED / "tong_hop_cac_huyen.csv"
    assert result.notes == [
        f"bỏ qua tệp khoá {RECEIVED / '~$so_y_te.xlsx'}: tệp {xlsx} có thể đang được mở trong Excel; hãy lưu "
        "và đóng tệp trước khi tổng hợp để đọc được số liệu mới nhất",
        f"tệp {xlsx}, trang tính «Báo cáo», dòng 6: bỏ qua dòng đánh số cột («(1)»; «(2)»; «(3)»; …)",
        f"tệp {xlsx}, trang tính «Hướng dẫn»: không có dòng tiêu đề của mẫu báo cáo trong 10 dòng đầu nên "
        "không đọc trang tính này",
        f"tệp {csv_file} đọc theo bảng mã Windows-1258",
        f"tệp {csv_file}, dòng 6: bỏ qua dòng tổng cộng («Tổng cộng»; «3»; «24»; …)",
        f"đơn vị Sở Y tế (SO_YT) gửi nhiều lần: dùng bản ở tệp {RECEIVED / 'so_y_te_bo_sung.csv'}, dòng 2 "
        f"(ngày gửi 22/05/2024), bỏ bản ở tệp {xlsx}, trang tính «Báo cáo», dòng 7 (ngày gửi 20/05/2024)",
    ]


# --------------------------------------------------------------------------- volume (speed: benchmarks/)


def _big_rows(count: int) -> list[list]:
    units = list(REGISTRY.units.values())
    return [unit_row(code=units[i % len(units)].code, name=units[i % len(units)].short_name,
                     values=(str(i % 7), "5 bài", "1.200", "", "-", "03", "2,5"), sent=f"{1 + i % 28}/05/2024")
            for i in range(count)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_ten_thousand_rows_are_all_read(tmp_path: Path, suffix: str):
    rows = [HEADERS, *_big_rows(10_000)]
    path = tmp_path / "in" / f"tong_hop{suffix}"
    if suffix == ".csv":
        write_csv(path, rows)
    else:
        path.parent.mkdir()
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Tổng hợp")
        for row in rows:
            sheet.append(row)
        book.save(path)
    result = read(path.parent)
    assert len(result.responses) == len(REGISTRY.units)
    assert len(result.responses) + len(result.superseded) == 10_000
