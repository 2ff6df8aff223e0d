"""The unit registry, the plan's Nơi nhận built from it, the recipient list appendix,
and the import of communes/wards from the national list."""

from __future__ import annotations

import csv
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA, copy_registry, run_vanban
from pipeline.results.facts import load_document
from pipeline.data.registry import load_registry
from pipeline.common.vnformat import sort_key

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIST = "phu-luc-noi-nhan_ke-hoach_du-thao_kh-skhcn_2024.docx"


def rows_of(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def add_unit(data: Path, **values: str) -> None:
    rows = rows_of(data / "don_vi.csv")
    rows.append({column: values.get(column, "") for column in rows[0]})
    write(data / "don_vi.csv", rows)


def table_rows(docx: Path) -> list[list[str]]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    table = root.find(f".//{W}tbl")
    return [["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.findall(f"{W}tc")]
            for row in table.findall(f"{W}tr")]


# --------------------------------------------------------------------------- the recipient list


@pytest.fixture(scope="module")
def recipient_list(tmp_path_factory) -> list[list[str]]:
    out = tmp_path_factory.mktemp("out")
    result = run_vanban("build", DATA / "2024", "--output", out)
    assert result.exit_code == 0, result.output
    return table_rows(out / LIST)


def grouped(rows: list[list[str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current = None
    for row in rows[1:]:
        if len(row) == 1 and row[0][:1] in "IVX" and ". " in row[0]:
            current = row[0]
            groups[current] = []
        elif len(row) == len(rows[0]):
            groups[current].append(row[1])
    return groups


def test_recipient_list_holds_every_unit_once_grouped_in_protocol_order(recipient_list):
    registry = load_registry(DATA)
    groups = grouped(recipient_list)
    assert list(groups) == [
        "I. CƠ QUAN CẤP TRÊN", "II. CÁC SỞ, BAN, NGÀNH CẤP TỈNH", "III. UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ",
        "IV. CÁC TRƯỜNG ĐẠI HỌC, CAO ĐẲNG", "V. CÁC TỔ CHỨC KHOA HỌC VÀ CÔNG NGHỆ",
        "VI. CÁC DOANH NGHIỆP KHOA HỌC VÀ CÔNG NGHỆ", "VII. CÁC HỘI, HIỆP HỘI",
        "VIII. CÁC CƠ QUAN BÁO, ĐÀI CỦA TỈNH", "IX. LÃNH ĐẠO SỞ", "X. CÁC PHÒNG, ĐƠN VỊ TRỰC THUỘC SỞ"]
    expected = {
        "II. CÁC SỞ, BAN, NGÀNH CẤP TỈNH": registry.members("so_ban_nganh", date(2024, 1, 1)),
        "III. UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ": registry.members("ubnd_cap_huyen", date(2024, 1, 1)),
    }
    for label, units in expected.items():
        assert groups[label] == [u.full_name for u in units]
    assert len(groups["III. UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ"]) == 27
    assert groups["V. CÁC TỔ CHỨC KHOA HỌC VÀ CÔNG NGHỆ"] == []
    names = [name for units in groups.values() for name in units]
    assert len(names) == len(set(names))
    assert recipient_list[0] == ["STT", "Tên đơn vị"]  # no unit has an address or e-mail: no empty columns
    numbers = [row[0] for row in recipient_list[1:] if len(row) == 2]
    assert numbers[:3] == ["1", "2", "1"]  # numbered within each group


def test_recipient_list_is_in_vietnamese_order_not_code_point_order(recipient_list):
    districts = grouped(recipient_list)["III. UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ"]
    assert districts == sorted(districts, key=sort_key)
    assert districts != sorted(districts)  # "Đông Sơn" after "Cẩm Thủy", not after "Yên Định"
    assert districts.index("Ủy ban nhân dân huyện Đông Sơn") < districts.index("Ủy ban nhân dân huyện Hà Trung")


def test_groups_without_listed_members_say_so(recipient_list):
    notes = [row[0] for row in recipient_list if len(row) == 1 and row[0].startswith("(")]
    assert "(Không liệt kê từng đơn vị: gửi theo sổ đăng ký hoạt động tổ chức khoa học và công nghệ " \
           "do Sở quản lý)" in notes


def test_recipient_list_heading_is_an_appendix_of_the_plan(tmp_path):
    assert run_vanban("build", DATA / "2024", "--output", tmp_path).exit_code == 0
    with zipfile.ZipFile(tmp_path / LIST) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.find(f"{W}body").findall(f"{W}p")]
    assert texts[:3] == ["Phụ lục", "DANH SÁCH NƠI NHẬN KẾ HOẠCH",
                         "(Kèm theo Kế hoạch số      /KH-SKHCN ngày      tháng      năm 2024 "
                         "của Sở Khoa học và Công nghệ)"]
    assert f"Tổng số: {len(load_document(DATA / '2024' / 'ke_hoach').recipients.units)} đơn vị." \
        in texts


def test_recipient_lines_come_in_protocol_order_whatever_the_table_order(plan_copy):
    rules = rows_of(plan_copy / "noi_nhan.csv")
    write(plan_copy / "noi_nhan.csv", list(reversed(rules)))
    lines = load_document(plan_copy).recipients.lines
    assert lines[:2] == ["Ban Tuyên giáo Tỉnh ủy (để báo cáo)", "UBND tỉnh (để báo cáo)"]
    assert lines[-2:] == ["Các phòng, đơn vị trực thuộc Sở", "Lãnh đạo Sở"]


def test_a_unit_can_be_named_in_nfd_or_with_extra_spaces(plan_copy):
    rules = rows_of(plan_copy / "noi_nhan.csv")
    rules[3]["Gửi đến"] = unicodedata.normalize("NFD", "Liên  hiệp các Hội KH&KT Thanh Hóa")
    write(plan_copy / "noi_nhan.csv", rules)
    assert load_document(plan_copy).recipients.lines[3] == "Liên hiệp các Hội KH&KT Thanh Hóa (p/h)"


# --------------------------------------------------------------------------- bad registry data


def refused(plan_copy: Path, tmp_path: Path, location: str, phrase: str) -> None:
    out = tmp_path / "out"
    result = run_vanban("build", plan_copy.parent, "--output", out)
    assert result.exit_code == 1, result.output
    assert f"Lỗi: {location}" in result.output, result.output
    assert phrase in result.output, result.output
    assert not out.exists()


def test_duplicate_unit_code(plan_copy, tmp_path):
    data = plan_copy.parents[1]
    add_unit(data, **{"Mã": "SO_NV", "Tên đầy đủ": "Sở Mới", "Khối": "so_ban_nganh"})
    row = len(rows_of(data / "don_vi.csv")) + 1
    refused(plan_copy, tmp_path, f"tệp {data / 'don_vi.csv'}, dòng {row}, cột «Mã»", "mã «SO_NV» bị trùng")


def test_unknown_group(plan_copy, tmp_path):
    data = plan_copy.parents[1]
    add_unit(data, **{"Mã": "X1", "Tên đầy đủ": "Đơn vị X", "Khối": "so_ban_ngành"})
    row = len(rows_of(data / "don_vi.csv")) + 1
    refused(plan_copy, tmp_path, f"tệp {data / 'don_vi.csv'}, dòng {row}, cột «Khối»",
            "khối «so_ban_ngành» không có trong khoi_don_vi; có phải là «so_ban_nganh»?")


def test_valid_to_before_valid_from(plan_copy, tmp_path):
    data = plan_copy.parents[1]
    add_unit(data, **{"Mã": "X1", "Tên đầy đủ": "Đơn vị X", "Khối": "so_ban_nganh",
                      "Hiệu lực từ": "01/07/2025", "Hiệu lực đến": "30/06/2025"})
    row = len(rows_of(data / "don_vi.csv")) + 1
    refused(plan_copy, tmp_path, f"tệp {data / 'don_vi.csv'}, dòng {row}, cột «Hiệu lực đến»",
            "ngày hết hiệu lực 30/6/2025 trước ngày bắt đầu hiệu lực 01/7/2025")


def test_same_name_typed_with_another_input_method_is_a_duplicate(plan_copy, tmp_path):
    data = plan_copy.parents[1]
    add_unit(data, **{"Mã": "X1", "Tên đầy đủ": unicodedata.normalize("NFD", "Sở Nội vụ tỉnh  Thanh Hóa"),
                      "Khối": "so_ban_nganh"})
    row = len(rows_of(data / "don_vi.csv")) + 1
    refused(plan_copy, tmp_path, f"tệp {data / 'don_vi.csv'}, dòng {row}, cột «Tên đầy đủ»",
            "đơn vị «Sở Nội vụ tỉnh Thanh Hóa» đã có ở dòng")


def test_rule_naming_a_unit_that_does_not_exist(plan_copy, tmp_path):
    rules = rows_of(plan_copy / "noi_nhan.csv")
    rules[2]["Gửi đến"] = "so_ban_nganhh"
    write(plan_copy / "noi_nhan.csv", rules)
    refused(plan_copy, tmp_path, f"tệp {plan_copy / 'noi_nhan.csv'}, dòng 4, cột «Gửi đến»",
            "«so_ban_nganhh» không phải mã đơn vị, mã khối hay tên đơn vị nào")


def test_rule_naming_a_unit_no_longer_valid(plan_copy, tmp_path):
    data = plan_copy.parents[1]
    units = rows_of(data / "don_vi.csv")
    for unit in units:
        if unit["Tên viết tắt"] == "Báo Thanh Hóa":
            unit.update({"Hiệu lực đến": "31/12/2023", "Kế thừa bởi": "", "Hình thức": "giải thể"})
    write(data / "don_vi.csv", units)
    refused(plan_copy, tmp_path, f"tệp {plan_copy / 'noi_nhan.csv'}, dòng 11, cột «Gửi đến»",
            "đơn vị «Báo Thanh Hóa» không còn (hoặc chưa) hiệu lực vào ngày 01/01/2024")


def test_registry_is_required(plan_copy, tmp_path):
    (plan_copy.parents[1] / "don_vi.csv").unlink()
    out = tmp_path / "out"
    result = run_vanban("build", plan_copy.parent, "--output", out)
    assert result.exit_code == 1 and "không tìm thấy danh bạ đơn vị" in result.output
    assert not out.exists()


# --------------------------------------------------------------------------- import of divisions


def without_wards(data: Path) -> None:
    """Drop the imported communes from a registry copy (as before the import)."""
    write(data / "don_vi.csv", [r for r in rows_of(data / "don_vi.csv") if r["Khối"] != "ubnd_cap_xa"])


def test_import_divisions_adds_166_communes_and_wards_once(tmp_path):
    data = tmp_path / "data"
    copy_registry(data)
    without_wards(data)
    before = len(rows_of(data / "don_vi.csv"))
    first = run_vanban("units", "import-divisions", "--province", "Thanh Hóa", "--registry", data)
    assert first.exit_code == 0, first.output
    assert "Đã thêm 166, cập nhật 0, giữ nguyên 0" in first.output
    raw = (data / "don_vi.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    second = run_vanban("units", "import-divisions", "--province", "thanh  hóa", "--registry", data)
    assert "Đã thêm 0, cập nhật 0, giữ nguyên 166" in second.output
    assert (data / "don_vi.csv").read_bytes() == raw
    registry = load_registry(data)
    wards = registry.members("ubnd_cap_xa", date(2025, 7, 1))
    assert len(wards) == 166 == len(rows_of(data / "don_vi.csv")) - before
    assert registry.members("ubnd_cap_xa", date(2025, 6, 30)) == []
    hac_thanh = registry.units["14797"]
    assert (hac_thanh.full_name, hac_thanh.short_name) == ("Ủy ban nhân dân phường Hạc Thành",
                                                           "UBND phường Hạc Thành")
    assert registry.members("ubnd_cap_huyen", date(2025, 7, 1)) == []


def test_the_bundled_registry_holds_the_166_communes_of_thanh_hoa():
    registry = load_registry(DATA)
    wards = registry.members("ubnd_cap_xa", date(2025, 7, 1))
    assert len(wards) == 166
    assert sum(w.full_name.startswith("Ủy ban nhân dân phường ") for w in wards) == 19  # NQ 1686/NQ-UBTVQH15


def test_import_divisions_keeps_what_the_clerk_added(tmp_path):
    data = tmp_path / "data"
    copy_registry(data)
    rows = rows_of(data / "don_vi.csv")
    for row in rows:
        if row["Mã"] == "14797":
            row["Email"], row["Tên đầy đủ"] = "hacthanh@example.vn", "cũ"
    write(data / "don_vi.csv", rows)
    result = run_vanban("units", "import-divisions", "--province", "Thanh Hóa", "--registry", data)
    assert "cập nhật 1" in result.output
    row = {r["Mã"]: r for r in rows_of(data / "don_vi.csv")}["14797"]
    assert (row["Email"], row["Tên đầy đủ"]) == ("hacthanh@example.vn", "Ủy ban nhân dân phường Hạc Thành")


def test_import_divisions_errors(tmp_path):
    data = tmp_path / "data"
    copy_registry(data)
    before = (data / "don_vi.csv").read_bytes()
    unknown = run_vanban("units", "import-divisions", "--province", "Thanh Hoa Xa", "--registry", data)
    assert unknown.exit_code == 1 and "không có tỉnh, thành phố nào tên «Thanh Hoa Xa»" in unknown.output
    group = run_vanban("units", "import-divisions", "--province", "Thanh Hóa", "--group", "xa",
                       "--registry", data)
    assert group.exit_code == 1 and "không có khối «xa»" in group.output
    assert (data / "don_vi.csv").read_bytes() == before
