"""Another agency, by data only: the UBND-level example in data/examples, and another
province's Sở KH&CN made by copying data/2024 and writing its agency profile (co_quan.csv)."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

from lxml import etree

from conftest import DATA, run_vanban

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def write_csv(path: Path, rows: list[list[str]]) -> None:
    """Write a CSV table as Excel saves it for the tool (UTF-8 with BOM)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)


def paragraphs(docx: Path) -> list[etree._Element]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return list(root.iter(f"{W}p"))


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def bold(p) -> bool:
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t"))]
    return bool(runs) and all(r.find(f"{W}rPr/{W}b") is not None and
                              r.find(f"{W}rPr/{W}b").get(f"{W}val") not in ("0", "false") for r in runs)


def test_ubnd_example_builds_with_its_own_letterhead_signer_and_registry(tmp_path):
    result = run_vanban("build", DATA / "examples" / "ubnd_nghe_an", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    plan = tmp_path / "ke-hoach_112_kh-ubnd_2025-07-15.docx"
    ps = paragraphs(plan)
    texts = [text(p) for p in ps]
    assert texts[0] == "ỦY BAN NHÂN DÂNTỈNH NGHỆ AN"  # one bold paragraph with a line break, no parent line
    assert ps[0].find(f".//{W}br") is not None and bold(ps[0])
    assert "Số: 112/KH-UBND" in texts and "Nghệ An, ngày 15 tháng 7 năm 2025" in texts
    signature = texts[texts.index("TM. ỦY BAN NHÂN DÂN"):][:3]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert "Nguyễn Văn An" in texts
    assert "a) Thời gian: từ ngày 01/8/2025 đến ngày 31/8/2025." in texts
    assert "b) Hình thức: lồng ghép trong các hội nghị, sinh hoạt chuyên đề của cơ quan, đơn vị." in texts
    assert "- UBND các xã, phường;" in texts and texts[texts.index("- UBND các xã, phường;") + 1] == "- Lưu: VT, KGVX."
    appendix = [text(p) for p in paragraphs(tmp_path / ("phu-luc-noi-nhan_" + plan.name))]
    assert "(Kèm theo Kế hoạch số 112/KH-UBND ngày 15 tháng 7 năm 2025 của Ủy ban nhân dân tỉnh Nghệ An)" \
        in appendix
    assert sum(t.startswith("Ủy ban nhân dân xã ") or t.startswith("Ủy ban nhân dân phường ")
               for t in appendix) == 130


def test_another_provinces_department_by_its_profile(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "2024" / "ke_hoach", data / "2024" / "ke_hoach")
    general = data / "2024" / "ke_hoach" / "thong_tin_chung.csv"
    rows = dict(csv.reader(open(general, encoding="utf-8-sig", newline="")))
    rows.update({"Lưu": "VT, QLKH", "Số": "7", "Ngày ban hành": "08/3/2024"})
    write_csv(general, list(rows.items()))
    write_csv(data / "co_quan.csv", [
        ["Mục", "Loại văn bản", "Người ký", "Giá trị"],
        ["Cơ quan chủ quản", "", "", "UBND TỈNH NINH BÌNH"],
        ["Cơ quan ban hành", "", "", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
        ["Cơ quan ban hành (viết thường)", "", "", "Sở Khoa học và Công nghệ"],
        ["Địa danh", "", "", "Ninh Bình"],
        ["Ký hiệu", "Kế hoạch", "", "KH-KHCN"],
        ["Quyền hạn, chức vụ người ký", "", "Phạm Văn Bình", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"]])
    write_csv(data / "khoi_don_vi.csv", [
        ["Mã khối", "Tên khối", "Ghi trong nơi nhận", "Thứ tự", "Thành viên"],
        ["tren", "Cơ quan cấp trên", "Cơ quan cấp trên", "1", "đầy đủ"],
        ["so", "Các sở, ngành", "Các sở, ngành", "2", "đầy đủ"],
        ["noi_bo", "Các phòng của Sở", "Các phòng thuộc Sở", "3", "đầy đủ"]])
    write_csv(data / "don_vi.csv", [
        ["Mã", "Tên đầy đủ", "Tên viết tắt", "Khối"],
        ["01", "Ủy ban nhân dân tỉnh Ninh Bình", "UBND tỉnh", "tren"],
        ["02", "Sở Tài chính tỉnh Ninh Bình", "Sở Tài chính", "so"],
        ["03", "Sở Y tế tỉnh Ninh Bình", "Sở Y tế", "so"],
        ["04", "Phòng Quản lý khoa học", "Phòng QLKH", "noi_bo"]])
    write_csv(data / "2024" / "ke_hoach" / "noi_nhan.csv",
              [["Gửi đến", "Mục đích"], ["noi_bo", ""], ["01", "để báo cáo"], ["so", ""]])
    result = run_vanban("build", data / "2024", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    texts = [text(p) for p in paragraphs(tmp_path / "out" / "ke-hoach_07_kh-khcn_2024-03-08.docx")]
    assert texts[:2] == ["UBND TỈNH NINH BÌNH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert "Số: 07/KH-KHCN" in texts and "Ninh Bình, ngày 08 tháng 3 năm 2024" in texts
    assert [t for t in texts if t.startswith("- ")][-4:] == [
        "- UBND tỉnh (để báo cáo);", "- Các sở, ngành;", "- Các phòng thuộc Sở;", "- Lưu: VT, QLKH."]
    assert texts[texts.index("KT. GIÁM ĐỐC") + 1] == "PHÓ GIÁM ĐỐC"
    appendix = [text(p) for p in paragraphs(tmp_path / "out" / "phu-luc-noi-nhan_ke-hoach_07_kh-khcn_2024-03-08.docx")]
    assert appendix.index("Sở Tài chính tỉnh Ninh Bình") < appendix.index("Sở Y tế tỉnh Ninh Bình")


def test_agencies_set_up_by_their_profile_and_registry_only(tmp_path):
    """The examples made by ``vanban new`` with nothing but co_quan.csv and the registry filled in:
    another province's Sở (KT. signer by default, Lưu of its own for Kế hoạch) and a UBND xã after
    01/7/2025 (no parent agency, collective signing)."""
    from pipeline.check import check_document

    examples = DATA / "examples"
    outputs = {}
    for agency, year in (("so_khcn_nghe_an", "2025"), ("ubnd_xa_hoang_hoa", "2026")):
        result = run_vanban("build", examples / agency / year, "-o", tmp_path / agency)
        assert result.exit_code == 0, result.output
        assert "0 cảnh báo" in result.output
        for path in sorted((tmp_path / agency).glob("*.docx")):
            assert check_document(path) == [], path.name
            outputs[path.name] = [text(p) for p in paragraphs(path)]
    plan = outputs["ke-hoach_du-thao_kh-skhcn_2025.docx"]
    assert plan[:2] == ["UBND TỈNH NGHỆ AN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert "Nghệ An, ngày      tháng      năm 2025" in plan
    assert plan[plan.index("KT. GIÁM ĐỐC"):][:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and "Lê Văn Minh" in plan
    assert [t for t in plan if t.startswith("- ")] == ["- Văn phòng Sở;", "- Lưu: VT, QLKH."]
    decision = outputs["quyet-dinh_du-thao_qd-skhcn_2025.docx"]
    assert "Số:      /QĐ-SKHCN" in decision and "- Lưu: VT, VP." in decision
    letter = outputs["cong-van_du-thao_ubnd-vp_2026.docx"]
    assert letter[0] == "ỦY BAN NHÂN DÂNXÃ HOẰNG HÓA"  # one bold paragraph, a line break, no parent line
    assert "Số:      /UBND-VP" in letter and "Hoằng Hóa, ngày      tháng      năm 2026" in letter
    assert letter[letter.index("TM. ỦY BAN NHÂN DÂN"):][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert [t for t in letter if t.startswith("- ")] == ["- Như trên;", "- Chủ tịch, các PCT UBND xã;",
                                                        "- Lưu: VT, VP."]
    invitation = outputs["giay-moi_du-thao_gm-ubnd_2026_cuoc-hop.docx"]
    assert invitation[:1] == ["ỦY BAN NHÂN DÂNXÃ HOẰNG HÓA"] and "GIẤY MỜI" in invitation
