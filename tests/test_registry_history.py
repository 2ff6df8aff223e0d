"""The registry's history: units and groups by date, successors, the checks on bad history,
new-year from any year (2024 → 2025 → 2026 → 2027), the ``units`` commands, and the import
of communes for any of the 34 provinces."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from vietnam_provinces import Province, Ward

from conftest import DATA, copy_registry, run_vanban
from pipeline.results.aggregate import expected_units
from pipeline.data.divisions import find_province, ward_rows
from pipeline.results.facts import load_document
from pipeline.data.registry import load_registry
from test_recipients import add_unit, grouped, refused, rows_of, table_rows, write

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OLD_DEPARTMENTS = {"Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thanh Hóa",
                   "Sở Giao thông vận tải tỉnh Thanh Hóa", "Sở Tài nguyên và Môi trường tỉnh Thanh Hóa",
                   "Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
                   "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa", "Ban Dân tộc tỉnh Thanh Hóa"}
DEPARTMENTS_2025 = [  # the 13 cơ quan chuyên môn besides Sở KH&CN, and the Ban Quản lý KKT, in Vietnamese order
    "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp", "Sở Công Thương tỉnh Thanh Hóa",
    "Sở Dân tộc và Tôn giáo tỉnh Thanh Hóa", "Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", "Sở Ngoại vụ tỉnh Thanh Hóa",
    "Sở Nội vụ tỉnh Thanh Hóa", "Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa", "Sở Tài chính tỉnh Thanh Hóa",
    "Sở Tư pháp tỉnh Thanh Hóa", "Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa", "Sở Xây dựng tỉnh Thanh Hóa",
    "Sở Y tế tỉnh Thanh Hóa", "Thanh tra tỉnh Thanh Hóa", "Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa"]


def general(path: Path, **values: str) -> None:
    """Set items of a document's thong_tin_chung.csv."""
    rows = dict(csv.reader(open(path / "thong_tin_chung.csv", encoding="utf-8-sig", newline="")))
    rows.update(values)
    with open(path / "thong_tin_chung.csv", "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows.items())


def texts(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- the date decides


@pytest.fixture
def plan_2025(plan_copy: Path) -> Path:
    """The 2024 plan made a 2025 plan addressed to the departments as a group."""
    general(plan_copy, **{"Năm": "2025"})
    write(plan_copy / "noi_nhan.csv", [{"Gửi đến": "UBND tỉnh", "Ghi là": "", "Mục đích": "để báo cáo"},
                                       {"Gửi đến": "so_ban_nganh", "Ghi là": "", "Mục đích": ""},
                                       {"Gửi đến": "Lãnh đạo Sở", "Ghi là": "", "Mục đích": ""}])
    return plan_copy


def departments(plan: Path) -> list[str]:
    return [u.full_name for u in load_document(plan).recipients.units if u.group == "so_ban_nganh"]


def test_a_plan_dated_28_02_2025_goes_to_the_old_departments(plan_2025):
    general(plan_2025, **{"Số": "12", "Ngày ban hành": "28/02/2025"})
    names = departments(plan_2025)
    assert len(names) == 19 and OLD_DEPARTMENTS <= set(names)
    assert "Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa" not in names


def test_a_plan_dated_03_3_2025_goes_to_the_merged_departments(plan_2025, tmp_path):
    general(plan_2025, **{"Số": "13", "Ngày ban hành": "03/3/2025"})
    assert departments(plan_2025) == DEPARTMENTS_2025
    plan = load_document(plan_2025)
    reporting = [u.code for u in expected_units(plan.recipients, plan.recipients.registry)]
    assert "SO_NNMT" in reporting and "SO_KHDT" not in reporting and len(reporting) == 14
    result = run_vanban("build", plan_2025.parent, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    listed = grouped(table_rows(tmp_path / "out" / "phu-luc-noi-nhan_ke-hoach_13_kh-skhcn_2025-03-03.docx"))
    assert listed["II. CÁC SỞ, BAN, NGÀNH CẤP TỈNH"] == DEPARTMENTS_2025


def test_a_draft_is_taken_on_1_january_of_its_year(plan_2025):
    assert len(departments(plan_2025)) == 19  # 01/01/2025: before the merger


def test_a_line_naming_a_merged_department_is_refused_with_its_successor(plan_2025, tmp_path):
    general(plan_2025, **{"Số": "13", "Ngày ban hành": "03/3/2025"})
    rules = rows_of(plan_2025 / "noi_nhan.csv")
    rules[1]["Gửi đến"] = "Sở KH&ĐT"
    write(plan_2025 / "noi_nhan.csv", rules)
    refused(plan_2025, tmp_path, f"tệp {plan_2025 / 'noi_nhan.csv'}, dòng 3, cột «Gửi đến»",
            "đơn vị «Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa» không còn (hoặc chưa) hiệu lực vào ngày 03/3/2025 "
            "theo danh bạ (don_vi.csv dòng 9, hiệu lực đến 28/02/2025); hình thức «sáp nhập» theo CHƯA XÁC MINH ĐƯỢC")
    refused(plan_2025, tmp_path, "", "thay bằng: «Sở Tài chính tỉnh Thanh Hóa» (mã SO_TC)")


def test_a_group_line_changes_wording_by_date():
    registry = load_registry(DATA)
    lines = [registry.group_on("bao_dai", date(*day)).recipient_line
             for day in ((2025, 5, 31), (2025, 6, 1), (2025, 12, 8))]
    assert lines == ["Đài PTTH, Báo Thanh Hóa", "Báo và Đài Phát thanh - Truyền hình Thanh Hóa",
                     "Báo và PTTH Thanh Hóa"]
    assert registry.group_on("ubnd_cap_huyen", date(2025, 7, 1)) is None
    huyen = registry.group_on("ubnd_cap_huyen", date(2025, 6, 30))
    assert [g.code for g in registry.current(huyen, date(2027, 1, 1))] == ["ubnd_cap_xa"]
    assert [u.code for u in registry.current(registry.units["BAO_TH"], date(2027, 1, 1))] == ["BAO_PTTH_TH"]


# --------------------------------------------------------------------------- new-year, year after year


@pytest.fixture
def years(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def report(folder: Path) -> list[dict]:
    return rows_of(folder / "thay_doi_nam_moi.csv")


def test_new_year_three_times_then_the_2027_plan_names_only_what_exists(years, tmp_path):
    assert run_vanban("build", years / "2024", "-o", tmp_path / "o24a").exit_code == 0
    before = digest(years / "2024")
    for year in (2025, 2026, 2027):
        result = run_vanban("new-year", years / str(year - 1), years / str(year))
        assert result.exit_code == 0, result.output
    assert digest(years / "2024") == before
    assert run_vanban("build", years / "2024", "-o", tmp_path / "o24b").exit_code == 0
    assert digest(tmp_path / "o24a") == digest(tmp_path / "o24b")
    result = run_vanban("build", years / "2027", "-o", tmp_path / "o27")
    assert result.exit_code == 0, result.output
    lines = [t for t in texts(tmp_path / "o27" / "ke-hoach_du-thao_kh-skhcn_2027.docx") if t.startswith("- ")]
    assert lines[-13:] == [
        "- UBND tỉnh (để báo cáo);", "- Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo);",
        "- Các Sở, ban, ngành cấp tỉnh;", "- Liên hiệp các Hội KH&KT Thanh Hóa (p/h);", "- UBND các xã, phường;",
        "- Các trường ĐH, CĐ, tổ chức KH&CN;", "- Các doanh nghiệp KH&CN;", "- Hội Doanh nhân trẻ tỉnh Thanh Hóa;",
        "- Hiệp hội Doanh nhân nữ tỉnh Thanh Hóa;", "- Báo và PTTH Thanh Hóa (để p/h);", "- Lãnh đạo Sở;",
        "- Các phòng, đơn vị trực thuộc Sở;", "- Lưu: VT, VP."]
    listed = grouped(table_rows(tmp_path / "o27" / "phu-luc-noi-nhan_ke-hoach_du-thao_kh-skhcn_2027.docx"))
    assert listed["II. CÁC SỞ, BAN, NGÀNH CẤP TỈNH"] == DEPARTMENTS_2025
    assert "III. UBND CÁC XÃ, PHƯỜNG" in listed and len(listed["III. UBND CÁC XÃ, PHƯỜNG"]) == 166
    assert listed["VIII. CƠ QUAN BÁO CHÍ CỦA TỈNH"] == ["Báo và Phát thanh, truyền hình Thanh Hóa"]
    names = [name for units in listed.values() for name in units]
    registry = load_registry(years)
    in_force = {u.full_name for u in registry.as_of(date(2027, 1, 1)).units.values()}
    assert set(names) <= in_force
    assert not [n for n in names if " huyện " in n or " thị xã " in n or n in OLD_DEPARTMENTS]
    # the plan's own sentences are the clerk's: every year's change report lists those naming ended units
    mentions = [r for r in report(years / "2027") if r["Tệp"] == "ke_hoach/noi_dung.csv" and "còn nhắc" in r["Ghi chú"]]
    assert {r["Dòng"] for r in mentions} == {"16", "18", "43"}
    assert "«UBND các huyện, thị xã, thành phố»" in next(r["Ghi chú"] for r in mentions if r["Dòng"] == "43")


def test_the_change_report_lists_ended_units_and_repointed_lines(years):
    run_vanban("new-year", years / "2024", years / "2025")
    result = run_vanban("new-year", years / "2025", years / "2026")
    assert result.exit_code == 0, result.output
    rows = report(years / "2026")
    ended = {r["Trước"]: r for r in rows if r["Tệp"] in ("don_vi.csv", "khoi_don_vi.csv")}
    assert ended["Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa"]["Sau"] == "Sở Tài chính tỉnh Thanh Hóa (SO_TC)"
    assert ended["Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa"]["Dòng"] == "9"
    assert ended["Báo Thanh Hóa"]["Sau"] == "Báo và Phát thanh, truyền hình Thanh Hóa (BAO_PTTH_TH)"
    assert "Quyết định số 4043-QĐ/TU ngày 19/5/2025" in ended["Báo Thanh Hóa"]["Ghi chú"]
    assert ended["UBND các huyện, thị xã, thành phố"]["Sau"] == "UBND các xã, phường (ubnd_cap_xa)"
    assert ended["Ủy ban nhân dân huyện Yên Định"]["Sau"] == "(không có đơn vị kế thừa)"
    assert "đổi cách ghi từ 01/6/2025" in ended["Các cơ quan báo, đài của tỉnh"]["Ghi chú"]
    repointed = {r["Trước"]: r for r in rows if r["Tệp"] == "ke_hoach/noi_nhan.csv"}
    assert repointed["ubnd_cap_huyen"]["Sau"] == "ubnd_cap_xa"
    assert repointed["Đài PTTH; Báo Thanh Hóa"]["Sau"] == "Báo và PTTH Thanh Hóa"
    assert repointed["Ban Tuyên giáo Tỉnh ủy"]["Sau"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert all(r["Ghi chú"].startswith("CẦN XEM LẠI: ") for r in repointed.values())
    rules = rows_of(years / "2026" / "ke_hoach" / "noi_nhan.csv")
    assert [r["Gửi đến"] for r in rules][4] == "ubnd_cap_xa"
    mention = {(r["Tệp"], r["Dòng"]): r for r in rows}[("ke_hoach/noi_dung.csv", "43")]
    assert mention["Ghi chú"] == ("CẦN XEM LẠI: còn nhắc «UBND các huyện, thị xã, thành phố» — đã chấm dứt hoặc "
                                  "đổi tên theo danh bạ; không tự đổi")


def test_new_year_from_a_numbered_plan_with_its_own_date(years):
    run_vanban("new-year", years / "2024", years / "2025")
    plan = years / "2025" / "ke_hoach"
    general(plan, **{"Số": "15", "Ngày ban hành": "03/3/2025"})
    basis = rows_of(plan / "can_cu.csv")
    for row in basis:
        row["Cần cập nhật"] = ""
    write(plan / "can_cu.csv", basis)
    rules = rows_of(plan / "noi_nhan.csv")
    rules[1]["Gửi đến"] = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    write(plan / "noi_nhan.csv", rules)
    result = run_vanban("new-year", years / "2025", years / "2026")
    assert result.exit_code == 0, result.output
    values = dict(csv.reader(open(years / "2026" / "ke_hoach" / "thong_tin_chung.csv", encoding="utf-8-sig")))
    assert (values["Số"], values["Ngày ban hành"], values["Năm"]) == ("", "", "2026")
    dropped = [r["Trước"] for r in report(years / "2026") if r["Tệp"] == "danh bạ đơn vị"]
    assert "Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa" not in dropped  # not a recipient on 03/3/2025 already
    assert "Ủy ban nhân dân huyện Yên Định" in dropped and "Báo Thanh Hóa" in dropped


def test_a_line_whose_unit_was_split_is_not_guessed(years):
    add_unit(years, **{"Mã": "SO_A", "Tên đầy đủ": "Sở A tỉnh Thanh Hóa", "Khối": "so_ban_nganh",
                       "Hiệu lực từ": "01/01/2025"})
    add_unit(years, **{"Mã": "SO_B", "Tên đầy đủ": "Sở B tỉnh Thanh Hóa", "Khối": "so_ban_nganh",
                       "Hiệu lực từ": "01/01/2025"})
    units = rows_of(years / "don_vi.csv")
    for unit in units:
        if unit["Mã"] == "LHH_KHKT":
            unit.update({"Hiệu lực đến": "31/12/2024", "Kế thừa bởi": "SO_A; SO_B", "Hình thức": "chia tách",
                         "Văn bản quyết định": "Quyết định số 1/QĐ-UBND ngày 20/12/2024 (giả định, để thử)"})
    write(years / "don_vi.csv", units)
    result = run_vanban("new-year", years / "2024", years / "2025")
    assert result.exit_code == 0, result.output
    where = f"tệp {years / '2025' / 'ke_hoach' / 'noi_nhan.csv'}, dòng 5, cột «Gửi đến»"
    assert f"Cảnh báo: {where}: đơn vị «Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thanh Hóa» không còn" \
        in result.output
    assert "thay bằng: «Sở A tỉnh Thanh Hóa» (mã SO_A), «Sở B tỉnh Thanh Hóa» (mã SO_B)" in result.output
    line = {r["Dòng"]: r for r in report(years / "2025") if r["Tệp"] == "ke_hoach/noi_nhan.csv"}["5"]
    assert line["Sau"] == "" and "CHƯA THAY ĐƯỢC" in line["Ghi chú"]
    built = run_vanban("build", years / "2025" / "ke_hoach", "-o", years.parent / "out")
    assert built.exit_code == 1 and f"Lỗi: {where}" in built.output


# --------------------------------------------------------------------------- bad history


@pytest.mark.parametrize("units, column, phrase", [
    ([{"Mã": "X1", "Kế thừa bởi": "KHONG_CO", "Hình thức": "sáp nhập", "Hiệu lực đến": "31/3/2025"}],
     "Kế thừa bởi", "đơn vị kế thừa «KHONG_CO» không có trong danh bạ"),
    ([{"Mã": "X1", "Kế thừa bởi": "X2", "Hình thức": "sáp nhập", "Hiệu lực đến": "31/3/2025"},
      {"Mã": "X2", "Kế thừa bởi": "X1", "Hình thức": "sáp nhập", "Hiệu lực đến": "31/3/2025"}],
     "Kế thừa bởi", "vòng kế thừa: X1 → X2 → X1"),
    ([{"Mã": "X1", "Kế thừa bởi": "X2", "Hình thức": "hợp nhất", "Hiệu lực đến": "31/3/2025"},
      {"Mã": "X2", "Hiệu lực từ": "01/3/2025"}],
     "Hiệu lực đến", "«X1» còn hiệu lực đến 31/3/2025 nhưng đơn vị kế thừa «X2» đã có hiệu lực từ 01/3/2025: với "
                     "hình thức «hợp nhất» đơn vị kế thừa bắt đầu từ ngày 01/4/2025"),
    ([{"Mã": "X1", "Kế thừa bởi": "X2", "Hình thức": "đổi tên", "Hiệu lực đến": "31/3/2025"},
      {"Mã": "X2", "Hiệu lực từ": "01/5/2025"}],
     "Kế thừa bởi", "đơn vị kế thừa «X2» không có hiệu lực vào ngày 01/4/2025"),
    ([{"Mã": "X1", "Kế thừa bởi": "SO_NV; SO_TC", "Hình thức": "đổi tên", "Hiệu lực đến": "31/3/2025"}],
     "Kế thừa bởi", "hình thức «đổi tên» cần đúng một đơn vị kế thừa, đang ghi 2"),
    ([{"Mã": "SO_NV", "Hiệu lực từ": "01/01/2026"}],
     "Mã", "mã «SO_NV» bị trùng với dòng 7 trong cùng thời gian hiệu lực (không thời hạn; từ 01/01/2026)"),
    ([{"Mã": "X1", "Khối": "ubnd_cap_huyen", "Hiệu lực đến": "31/12/2025"}],
     "Hiệu lực đến", "thuộc khối «ubnd_cap_huyen» nhưng khối này không có hiệu lực vào ngày 01/7/2025"),
    ([{"Mã": "X1", "Khối": "ubnd_cap_xa"}],
     "Hiệu lực từ", "thuộc khối «ubnd_cap_xa» nhưng khối này không có hiệu lực trước ngày 01/7/2025"),
])
def test_bad_history_is_refused_where_it_is(plan_copy, tmp_path, units, column, phrase):
    data = plan_copy.parents[1]
    first = len(rows_of(data / "don_vi.csv")) + 2
    for number, unit in enumerate(units):
        add_unit(data, **{"Tên đầy đủ": f"Đơn vị thử {number}", "Khối": "so_ban_nganh", **unit})
    refused(plan_copy, tmp_path, f"tệp {data / 'don_vi.csv'}, dòng {first}, cột «{column}»", phrase)


def test_a_code_used_again_after_the_first_unit_ended_is_accepted(plan_copy):
    data = plan_copy.parents[1]
    units = rows_of(data / "don_vi.csv")
    for unit in units:
        if unit["Mã"] == "SO_NGV":
            unit["Hiệu lực đến"] = "31/12/2025"
    write(data / "don_vi.csv", units)
    add_unit(data, **{"Mã": "SO_NGV", "Tên đầy đủ": "Sở Ngoại vụ và Hợp tác tỉnh Thanh Hóa", "Khối": "so_ban_nganh",
                      "Hiệu lực từ": "01/01/2026"})
    registry = load_registry(data)
    assert registry.lookup("SO_NGV", date(2025, 6, 1)).full_name == "Sở Ngoại vụ tỉnh Thanh Hóa"
    assert registry.lookup("SO_NGV", date(2026, 6, 1)).full_name == "Sở Ngoại vụ và Hợp tác tỉnh Thanh Hóa"
    assert registry.units["SO_NGV"].full_name == "Sở Ngoại vụ và Hợp tác tỉnh Thanh Hóa"


def test_two_rows_of_one_group_in_force_together_are_refused(plan_copy, tmp_path):
    data = plan_copy.parents[1]
    groups = rows_of(data / "khoi_don_vi.csv")
    groups[9]["Hiệu lực từ"] = "15/5/2025"  # the second row of bao_dai starts before the first ends
    write(data / "khoi_don_vi.csv", groups)
    refused(plan_copy, tmp_path, f"tệp {data / 'khoi_don_vi.csv'}, dòng 11, cột «Mã khối»",
            "mã «bao_dai» bị trùng với dòng 10 trong cùng thời gian hiệu lực (đến 31/5/2025; từ 15/5/2025 đến "
            "07/12/2025)")


# --------------------------------------------------------------------------- vanban units


def test_units_list_shows_the_registry_on_a_date():
    result = run_vanban("units", "list", "--date", "18/5/2027", "--registry", DATA)
    assert result.exit_code == 0, result.output
    assert "[so_ban_nganh] Các sở, ban, ngành cấp tỉnh — 14 đơn vị" in result.output
    assert "[ubnd_cap_xa] UBND các xã, phường — 166 đơn vị" in result.output
    assert "SO_KHDT" not in result.output and "ubnd_cap_huyen" not in result.output
    old = run_vanban("units", "list", "--date", "01/02/2025", "--registry", DATA)
    assert "[ubnd_cap_huyen] UBND các huyện, thị xã, thành phố — 26 đơn vị" in old.output
    bad = run_vanban("units", "list", "--date", "31/02/2027", "--registry", DATA)
    assert bad.exit_code == 2


def test_units_history_names_predecessors_and_successors():
    result = run_vanban("units", "history", "Sở Nông nghiệp và Môi trường", "--registry", DATA)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Đơn vị SO_NNMT:"
    assert lines[2] == "Tiền thân:"
    assert lines[3].startswith("  dòng 12: SO_NNPTNT «Sở Nông nghiệp và Phát triển nông thôn tỉnh Thanh Hóa», "
                               "hiệu lực đến 28/02/2025; hợp nhất → Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa (SO_NNMT)")
    ended = run_vanban("units", "history", "SO_GTVT", "--date", "01/01/2027", "--registry", DATA)
    assert ended.output.splitlines()[-1] == "Ngày 01/01/2027: Sở Xây dựng tỉnh Thanh Hóa (SO_XD)"


def test_units_end_and_rename_record_history_in_the_file(tmp_path):
    data = tmp_path / "data"
    copy_registry(data)
    result = run_vanban("units", "rename", "SO_NGV", "--new-code", "SO_NGV_2", "--name", "Sở Ngoại vụ mới tỉnh Thanh Hóa",
                        "--short-name", "Sở Ngoại vụ mới", "--from", "01/01/2027", "--decision", "Quyết định số 9/QĐ",
                        "--registry", data)
    assert result.exit_code == 0, result.output
    rows = rows_of(data / "don_vi.csv")
    at = [r["Mã"] for r in rows].index("SO_NGV")
    assert (rows[at]["Hiệu lực đến"], rows[at]["Kế thừa bởi"], rows[at]["Hình thức"]) == \
        ("31/12/2026", "SO_NGV_2", "đổi tên")
    assert (rows[at + 1]["Mã"], rows[at + 1]["Khối"], rows[at + 1]["Hiệu lực từ"]) == \
        ("SO_NGV_2", "so_ban_nganh", "01/01/2027")
    assert f"dòng {at + 3} của" in result.output
    merged = run_vanban("units", "end", "SO_TP", "--last-day", "30/06/2027", "--form", "sáp nhập", "--successor",
                        "SO_NV", "--decision", "Nghị quyết số 10/NQ-HĐND", "--registry", data)
    assert merged.exit_code == 0, merged.output
    registry = load_registry(data)
    assert [u.code for u in registry.current(registry.units["SO_TP"], date(2027, 7, 1))] == ["SO_NV"]
    before = (data / "don_vi.csv").read_bytes()
    wrong = run_vanban("units", "end", "SO_YT", "--last-day", "30/06/2027", "--form", "sáp nhập", "--successor",
                       "SO_KHONG_CO", "--decision", "x", "--registry", data)
    assert wrong.exit_code == 1
    assert "cột «Kế thừa bởi»: sau khi sửa, danh bạ sẽ không hợp lệ nên chưa ghi gì: đơn vị kế thừa " \
           "«SO_KHONG_CO» không có trong danh bạ" in wrong.output
    assert (data / "don_vi.csv").read_bytes() == before


# --------------------------------------------------------------------------- divisions of any province


@pytest.mark.parametrize("name", [p.name for p in Province.iter_all()])
def test_every_province_is_found_and_its_communes_counted(name):
    province = find_province(name.removeprefix("Thành phố "))
    wanted = [w for w in Ward.iter_all() if w.province_code == province.code]
    rows = ward_rows(province, "ubnd_cap_xa", date(2025, 7, 1))
    assert len(rows) == len(wanted) > 0
    names = [re.fullmatch(r"Ủy ban nhân dân (xã|phường|đặc khu) (\S.*)", r["Tên đầy đủ"]) for r in rows]
    assert all(n and (n.group(2)[0].isupper() or n.group(2)[0].isdigit()) for n in names), [r["Tên đầy đủ"] for r in rows][:5]


@pytest.mark.parametrize("typed, count, example", [
    ("Thanh Hóa", 166, ("14797", "Ủy ban nhân dân phường Hạc Thành")),
    ("Hà Nội", 126, None),
    ("TP. Hồ Chí Minh", 168, None),
    ("Quảng Ninh", 54, None),
])
def test_import_divisions_for_several_provinces(tmp_path, typed, count, example):
    data = tmp_path / "data"
    data.mkdir()
    write(data / "khoi_don_vi.csv", [{"Mã khối": "ubnd_cap_xa", "Tên khối": "UBND các xã, phường, đặc khu",
                                      "Ghi trong nơi nhận": "UBND các xã, phường, đặc khu", "Thứ tự": "2",
                                      "Thành viên": "đầy đủ"}])
    write(data / "don_vi.csv", [{"Mã": "UBND_TINH", "Tên đầy đủ": "Ủy ban nhân dân tỉnh", "Khối": "ubnd_cap_xa"}])
    result = run_vanban("units", "import-divisions", "--province", typed, "--registry", data)
    assert result.exit_code == 0, result.output
    province = find_province(typed)
    assert count == sum(w.province_code == province.code for w in Ward.iter_all())  # the package's own data
    assert f"Đã thêm {count}, cập nhật 0, giữ nguyên 0" in result.output
    registry = load_registry(data)
    assert len(registry.members("ubnd_cap_xa", date(2025, 7, 1))) == count + 1
    if example:
        assert registry.units[example[0]].full_name == example[1]
        assert registry.units[example[0]].valid_from == date(2025, 7, 1)  # the column was added
        assert list(rows_of(data / "don_vi.csv")[0])[:5] == ["Mã", "Tên đầy đủ", "Khối", "Hiệu lực từ", "Hiệu lực đến"]
    if typed == "Quảng Ninh":
        assert "Ủy ban nhân dân đặc khu Vân Đồn" in {u.full_name for u in registry.units.values()}
