"""Reminder letters and the report at any time: with no returned file (on the deadline
nobody has reported yet), with only a few, to each unit or to a whole group with or
without the list of its units; the report that says nobody reported, or none."""

from __future__ import annotations

import csv
import shutil
import zipfile
from datetime import date
from pathlib import Path

from lxml import etree

from conftest import copy_data, run_vanban

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LETTER = "cong-van_du-thao_skhcn-vp_2024_{}.docx"
REPORT = "bao-cao_du-thao_bc-skhcn_2024.docx"
KEPT = {"so_tu_phap.xlsx": "SO_TP", "ubnd_huyen_nga_son.xlsx": "H_NGA_SON"}  # file -> the unit it reports for


def texts(docx: Path) -> list[str]:
    """Paragraph texts, a tab as ``\\t``."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join("\t" if e.tag == f"{W}tab" else (e.text or "") for r in p.iter(f"{W}r")
                    for e in r.iter(f"{W}t", f"{W}tab")) for p in root.iter(f"{W}p")]


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def add_key(path: Path, key: str, value: str) -> None:
    """Set (or add) the row ``key`` of a ``thong_tin_chung.csv``."""
    table = [row for row in csv.reader(open(path, encoding="utf-8-sig", newline="")) if row[0] != key]
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(table + [[key, value]])


def year_with(tmp_path: Path, kept: tuple[str, ...] = (), folder: bool = True) -> Path:
    """A copy of data/2024 whose responses folder keeps only ``kept`` (none: empty, or absent)."""
    year = copy_data(tmp_path / "data") / "2024"
    responses = year / "responses"
    for path in responses.iterdir():
        if path.name not in kept and path.name != "README.md":
            path.unlink()
    if not folder:
        shutil.rmtree(responses)
    return year


def expected_units(data: Path, day: date = date(2024, 1, 1)) -> dict[str, dict[str, str]]:
    """The units that must report, recomputed from the CSV files: every unit the plan's
    noi_nhan names (a group code: its members in force on ``day``; else a full or short
    name) whose group has «Báo cáo kết quả» = x. Code -> registry row."""
    def in_force(row):
        start, end = row["Hiệu lực từ"], row["Hiệu lực đến"]
        parse = lambda text: date(*reversed([int(p) for p in text.split("/")]))  # noqa: E731
        return (not start or parse(start) <= day) and (not end or parse(end) >= day)

    groups = {row["Mã khối"]: row for row in rows(data / "khoi_don_vi.csv") if in_force(row)}
    units = [row for row in rows(data / "don_vi.csv") if in_force(row)]
    named = {}
    for line in rows(data / "2024" / "ke_hoach" / "noi_nhan.csv"):
        for key in (k.strip() for k in line["Gửi đến"].split(";")):
            if key in groups:
                named.update({u["Mã"]: u for u in units if u["Khối"] == key})
            else:
                named.update({u["Mã"]: u for u in units if key in (u["Tên đầy đủ"], u["Tên viết tắt"])})
    return {code: u for code, u in named.items() if groups[u["Khối"]]["Báo cáo kết quả"] == "x"}


BODY = [
    "Thực hiện Kế hoạch số      /KH-SKHCN của Sở Khoa học và Công nghệ về tổ chức các hoạt động chào mừng kỷ "
    "niệm Ngày Khoa học và Công nghệ Việt Nam năm 2024 trên địa bàn tỉnh, Sở Khoa học và Công nghệ đã đề nghị "
    "các cơ quan, đơn vị gửi báo cáo kết quả thực hiện về Sở trước ngày 25/5/2024.",
    "Đến nay, Sở Khoa học và Công nghệ chưa nhận được báo cáo của quý cơ quan, đơn vị. Để kịp thời tổng hợp, "
    "báo cáo Bộ Khoa học và Công nghệ và Ủy ban nhân dân tỉnh, Sở Khoa học và Công nghệ đề nghị quý cơ quan, "
    "đơn vị khẩn trương gửi báo cáo kết quả thực hiện về Sở (qua Văn phòng Sở) trước ngày 07/6/2024.",
    "Trân trọng./.",
]


def letter_text(name: str) -> list[str]:
    """The whole text of a reminder to ``name`` (draft, from the bundled don_doc)."""
    return ["UBND TỈNH THANH HÓA", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc", "Số:      /SKHCN-VP",
            "V/v đôn đốc báo cáo kết quả tổ chức các hoạt động chào mừng Ngày Khoa học và Công nghệ Việt Nam "
            "năm 2024", "Thanh Hóa, ngày      tháng      năm 2024", f"Kính gửi:\t{name}.", *BODY,
            "Nơi nhận:", "- Như trên;", "- Lãnh đạo Sở;", "- Lưu: VT, VP.", "GIÁM ĐỐC", "Trần Duy Bình"]


def build(year: Path, out: Path):
    result = run_vanban("build", year, "--output", out)
    assert result.exit_code == 0, result.output
    return result


def letters(out: Path) -> list[Path]:
    return sorted(out.glob(LETTER.format("*")))


def test_no_response_folder_gives_a_letter_to_every_unit(tmp_path):
    year = year_with(tmp_path, folder=False)
    out = tmp_path / "out"
    result = build(year, out)
    expected = expected_units(year.parent)
    assert len(expected) == 57
    assert len(letters(out)) == len(expected)
    addressed = {[t for t in texts(p) if t.startswith("Kính gửi:")][0][10:-1] for p in letters(out)}
    assert addressed == {u["Tên đầy đủ"] for u in expected.values()}
    assert [t for t in texts(out / LETTER.format("so-tp")) if t] == letter_text("Sở Tư pháp tỉnh Thanh Hóa")
    assert (out / "ke-hoach_du-thao_kh-skhcn_2024.docx").is_file()
    assert f"công văn đôn đốc don_doc gửi cả {len(expected)} đơn vị" in result.output


def test_two_responses_leave_letters_to_exactly_the_others(tmp_path):
    year = year_with(tmp_path, tuple(KEPT))
    out = tmp_path / "out"
    build(year, out)
    missing = set(expected_units(year.parent)) - set(KEPT.values())
    assert len(missing) == 55
    files = {p.name for p in letters(out)}
    from pipeline.document.names import ascii_slug
    assert files == {LETTER.format(ascii_slug(code)) for code in missing}
    assert [t for t in texts(out / LETTER.format("h-ha-trung")) if t] == letter_text(
        "Ủy ban nhân dân huyện Hà Trung")


def test_report_made_with_no_response_says_nobody_reported(tmp_path):
    year = year_with(tmp_path)
    out = tmp_path / "out"
    result = build(year, out)
    lines = texts(out / REPORT)
    assert ("1. Kế hoạch đề nghị 57 cơ quan, đơn vị gửi báo cáo kết quả thực hiện về Sở trước ngày 25/5/2024. "
            "Đến nay đã có 0 đơn vị gửi báo cáo, trong đó 0 đơn vị gửi đúng hạn, 0 đơn vị gửi trễ hạn; còn 57 "
            "đơn vị chưa gửi báo cáo.") in lines
    assert lines.count("Chưa báo cáo") == 57 and "Đúng hạn" not in lines
    filled = [t for t in lines if t]
    assert not any("nổi bật" in t for t in filled)  # no highlight: the heading («Chỉ khi có») and list are left out
    assert "III. ĐÁNH GIÁ CHUNG" in filled
    assert (f"chưa có đơn vị nào gửi báo cáo trong {year / 'responses'}: bao_cao được lập, ghi rõ chưa đơn vị "
            "nào báo cáo") in " ".join(result.output.split())


def test_report_skipped_when_the_clerk_asks(tmp_path):
    year = year_with(tmp_path)
    add_key(year / "bao_cao" / "thong_tin_chung.csv", "Khi chưa có báo cáo", "bỏ qua")
    out = tmp_path / "out"
    result = build(year, out)
    assert not (out / REPORT).exists()
    assert len(letters(out)) == 57
    assert (f"chưa có đơn vị nào gửi báo cáo trong {year / 'responses'} và «Khi chưa có báo cáo» = «bỏ qua»: "
            "chưa tạo bao_cao") in " ".join(result.output.split())
    # once a unit has reported the report is made again
    shutil.copy(copy_data(tmp_path / "again") / "2024" / "responses" / "so_tu_phap.xlsx", year / "responses")
    build(year, tmp_path / "out2")
    assert (tmp_path / "out2" / REPORT).is_file()


def test_wrong_choice_is_located(tmp_path):
    year = year_with(tmp_path)
    add_key(year / "bao_cao" / "thong_tin_chung.csv", "Khi chưa có báo cáo", "không")
    result = run_vanban("build", year, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "thong_tin_chung.csv" in result.output and "«Khi chưa có báo cáo» là «lập báo cáo» hoặc «bỏ qua» " \
        "(đang là «không»)" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))


def group_year(tmp_path: Path, listed: bool) -> Path:
    year = year_with(tmp_path, tuple(KEPT))
    general = year / "don_doc" / "thong_tin_chung.csv"
    add_key(general, "Gửi chung cho khối", "ubnd_cap_huyen")
    if listed:
        add_key(general, "Mẫu danh sách nơi nhận", "phu_luc_danh_sach.docx")
        add_key(general, "Cơ quan ban hành (viết thường)", "Sở Khoa học và Công nghệ")
    return year


def test_group_letter_without_list(tmp_path):
    year = group_year(tmp_path, listed=False)
    out = tmp_path / "out"
    build(year, out)
    expected = expected_units(year.parent)
    missing = set(expected) - set(KEPT.values())
    others = {c for c in missing if expected[c]["Khối"] != "ubnd_cap_huyen"}
    group = out / LETTER.format("ubnd-cap-huyen")
    assert len(letters(out)) == 1 + len(others)
    lines = [t for t in texts(group) if t]
    assert lines == letter_text("UBND các huyện, thị xã, thành phố")
    assert not list(out.glob("phu-luc-noi-nhan_cong-van*"))


def test_group_letter_with_the_list_of_its_missing_units(tmp_path):
    year = group_year(tmp_path, listed=True)
    out = tmp_path / "out"
    build(year, out)
    expected = expected_units(year.parent)
    huyen = {u["Tên đầy đủ"] for c, u in expected.items() if u["Khối"] == "ubnd_cap_huyen" and c != "H_NGA_SON"}
    assert len(huyen) == 26
    lines = [t for t in texts(out / LETTER.format("ubnd-cap-huyen")) if t]
    assert lines == letter_text("UBND các huyện, thị xã, thành phố (có tên trong danh sách kèm theo)")
    appendix = [t for t in texts(out / ("phu-luc-noi-nhan_" + LETTER.format("ubnd-cap-huyen"))) if t]
    assert "DANH SÁCH CÁC ĐƠN VỊ CHƯA GỬI BÁO CÁO" in appendix
    assert ("(Kèm theo Công văn số      /SKHCN-VP ngày      tháng      năm 2024 của Sở Khoa học và Công nghệ)"
            in appendix)
    listed = {t for t in appendix if t.startswith("Ủy ban nhân dân")}
    assert listed == huyen
    # the per-unit letters of the other groups carry no list
    assert len(list(out.glob("phu-luc-noi-nhan_cong-van*"))) == 1


def test_unknown_group_is_located(tmp_path):
    year = year_with(tmp_path)
    add_key(year / "don_doc" / "thong_tin_chung.csv", "Gửi chung cho khối", "ubnd_cap_xa")
    result = run_vanban("build", year, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "don_doc/thong_tin_chung.csv" in result.output.replace("\\", "/")
    assert "không có khối «ubnd_cap_xa» trong danh bạ vào ngày của kế hoạch" in result.output


def test_one_common_letter_with_the_list(tmp_path):
    year = year_with(tmp_path, tuple(KEPT))
    general = year / "don_doc" / "thong_tin_chung.csv"
    table = [r for r in csv.reader(open(general, encoding="utf-8-sig", newline="")) if r[0] != "Gửi từng đơn vị"]
    with open(general, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(table)
    add_key(general, "Mẫu danh sách nơi nhận", "phu_luc_danh_sach.docx")
    add_key(general, "Cơ quan ban hành (viết thường)", "Sở Khoa học và Công nghệ")
    out = tmp_path / "out"
    build(year, out)
    letter = out / "cong-van_du-thao_skhcn-vp_2024.docx"
    assert sorted(p.name for p in out.glob("cong-van_*.docx")) == [letter.name]
    assert [t for t in texts(letter) if t] == letter_text("Các cơ quan, đơn vị có tên trong danh sách kèm theo")
    appendix = texts(out / ("phu-luc-noi-nhan_" + letter.name))
    missing = {u["Tên đầy đủ"] for c, u in expected_units(year.parent).items() if c not in KEPT.values()}
    assert missing <= set(appendix) and "Sở Tư pháp tỉnh Thanh Hóa" not in appendix
    assert "Tổng số: 55 đơn vị." in appendix


def test_per_unit_letters_take_no_list(tmp_path):
    year = year_with(tmp_path)
    add_key(year / "don_doc" / "thong_tin_chung.csv", "Mẫu danh sách nơi nhận", "phu_luc_danh_sach.docx")
    add_key(year / "don_doc" / "thong_tin_chung.csv", "Cơ quan ban hành (viết thường)", "Sở Khoa học và Công nghệ")
    result = run_vanban("build", year, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "công văn gửi từng đơn vị không kèm danh sách" in " ".join(result.output.split())
