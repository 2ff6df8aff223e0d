"""Giấy mời (ND30 Phụ lục III, Mẫu 1.7) of the 2024 plan's two seminars: one per invited
unit, or one with the attached list; time and place exact; bad seminar data located."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from conftest import copy_data, run_vanban
from pipeline.check import check_document
from test_reminders import add_key, rows, texts

NAME = "giay-moi_du-thao_gm-skhcn_2024_{}.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    data = copy_data(tmp_path_factory.mktemp("data") / "data")
    out = data.parent / "out"
    result = run_vanban("build", data / "2024", "--output", out)
    assert result.exit_code == 0, result.output
    return data, out


def invited(data: Path, seminar: int, day: date) -> dict[str, str]:
    """Code -> full name of the invited units, from khach_moi.csv and the registry CSV files
    (a group code: its members in force on ``day``)."""
    def in_force(row):
        end = row["Hiệu lực đến"]
        return not end or date(*reversed([int(p) for p in end.split("/")])) >= day

    units = [u for u in rows(data / "don_vi.csv") if in_force(u) and not u["Hiệu lực từ"]]
    found = {}
    for line in rows(data / "2024" / f"giay_moi_hoi_thao_{seminar}" / "khach_moi.csv"):
        key = line["Gửi đến"]
        found.update({u["Mã"]: u["Tên đầy đủ"] for u in units if key in (u["Mã"], u["Khối"])})
    return found


def invitation_line(lines: list[str]) -> str:
    return next(line for line in lines if " trân trọng kính mời: " in line)


@pytest.mark.parametrize("seminar, count", [(1, 8), (2, 9)])
def test_one_invitation_per_invited_unit_naming_it(built, seminar, count):
    data, out = built
    guests = invited(data, seminar, date(2024, 1, 1))
    files = sorted(out.glob(NAME.format(f"hoi-thao-{seminar}-*")))
    assert len(guests) == count and len(files) == count
    named = {invitation_line(texts(f)).split("kính mời: Đại diện lãnh đạo ", 1)[1] for f in files}
    assert named == set(guests.values())
    assert {f.name for f in files} == {NAME.format(f"hoi-thao-{seminar}-" + c.lower().replace("_", "-"))
                                       for c in guests}


def test_invitation_text(built):
    _, out = built
    lines = [t for t in texts(out / NAME.format("hoi-thao-1-so-ct")) if t]
    assert lines[lines.index("GIẤY MỜI") + 1] == ("Dự Hội thảo khoa học “Giải pháp thúc đẩy hoạt động đổi mới sáng "
                                                 "tạo và sở hữu trí tuệ trên địa bàn tỉnh Thanh Hóa”")
    assert "Số:      /GM-SKHCN" in lines
    start = lines.index("Sở Khoa học và Công nghệ trân trọng kính mời: Đại diện lãnh đạo Sở Công Thương tỉnh "
                        "Thanh Hóa")
    assert lines[start + 1:start + 5] == [
        "Tới dự Hội thảo khoa học “Giải pháp thúc đẩy hoạt động đổi mới sáng tạo và sở hữu trí tuệ trên địa bàn "
        "tỉnh Thanh Hóa”, chào mừng Ngày Khoa học và Công nghệ Việt Nam năm 2024.",
        "Chủ trì: Lãnh đạo Sở Khoa học và Công nghệ.",
        "Thời gian: 08 giờ 00 phút, thứ Năm, ngày 25/4/2024.",
        "Địa điểm: Hội trường Sở Khoa học và Công nghệ tỉnh Thanh Hóa."]
    assert lines[lines.index("Nơi nhận:") + 1:lines.index("Nơi nhận:") + 4] == [
        "- Như trên;", "- Lãnh đạo Sở;", "- Lưu: VT, PTTL."]
    second = [t for t in texts(out / NAME.format("hoi-thao-2-so-tc")) if t]
    assert "Thời gian: 14 giờ 00 phút, thứ Ba, ngày 14/5/2024." in second
    assert "Địa điểm: Hội trường Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thanh Hóa." in second


def test_every_invitation_passes_the_format_check(built):
    _, out = built
    files = sorted(out.glob(NAME.format("*")))
    assert len(files) == 17
    for path in files:
        assert check_document(path) == [], path.name


def seminar_copy(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "data") / "2024" / "giay_moi_hoi_thao_1"


def test_one_invitation_with_the_attached_list(tmp_path):
    folder = seminar_copy(tmp_path)
    general = folder / "thong_tin_chung.csv"
    table = [r for r in csv.reader(open(general, encoding="utf-8-sig", newline="")) if r[0] != "Gửi từng đơn vị"]
    with open(general, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(table)
    add_key(general, "Mẫu danh sách nơi nhận", "phu_luc_danh_sach.docx")
    out = tmp_path / "out"
    result = run_vanban("build", folder, "--output", out)
    assert result.exit_code == 0, result.output
    invitation = out / NAME.format("hoi-thao-1")
    assert sorted(p.name for p in out.glob("*.docx")) == [invitation.name, "phu-luc-noi-nhan_" + invitation.name]
    assert invitation_line(texts(invitation)) == ("Sở Khoa học và Công nghệ trân trọng kính mời: Đại diện lãnh đạo "
                                                 "các cơ quan, đơn vị có tên trong danh sách kèm theo")
    appendix = [t for t in texts(out / ("phu-luc-noi-nhan_" + invitation.name)) if t]
    assert "DANH SÁCH CÁC CƠ QUAN, ĐƠN VỊ ĐƯỢC MỜI" in appendix
    assert ("(Kèm theo Giấy mời số      /GM-SKHCN ngày      tháng      năm 2024 của Sở Khoa học và Công nghệ)"
            in appendix)
    names = set(invited(tmp_path / "data", 1, date(2024, 1, 1)).values())
    assert names <= set(appendix)
    assert check_document(invitation) == []


def build_error(folder: Path, tmp_path: Path) -> str:
    result = run_vanban("build", folder, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))
    return " ".join(result.output.split())


def set_seminar(folder: Path, key: str, value: str | None) -> None:
    path = folder / "hoi_thao.csv"
    table = [r for r in csv.reader(open(path, encoding="utf-8-sig", newline=""))]
    table = [[k, value] if k == key else [k, v] for k, v in table if not (k == key and value is None)]
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(table)


def test_seminar_without_time_is_located(tmp_path):
    folder = seminar_copy(tmp_path)
    set_seminar(folder, "Giờ", None)
    message = build_error(folder, tmp_path)
    assert f"{folder / 'hoi_thao.csv'}: thiếu dòng «Giờ»" in message


def test_seminar_without_place_is_located(tmp_path):
    folder = seminar_copy(tmp_path)
    set_seminar(folder, "Địa điểm", "")
    message = build_error(folder, tmp_path)
    assert "hoi_thao.csv" in message and "dòng 7" in message and "cột «Giá trị»" in message
    assert "mục «Địa điểm» của hội thảo không được để trống" in message


def test_bad_hour_is_located(tmp_path):
    folder = seminar_copy(tmp_path)
    set_seminar(folder, "Giờ", "25:00")
    message = build_error(folder, tmp_path)
    assert "hoi_thao.csv" in message and "dòng 6" in message
    assert "giờ bắt đầu viết dạng «8:00», «8h30» hoặc «8 giờ 30» (đang là «25:00»)" in message


def test_invited_code_not_in_the_registry_is_located(tmp_path):
    folder = seminar_copy(tmp_path)
    with open(folder / "khach_moi.csv", "a", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerow(["SO_KHONG_CO", ""])
    message = build_error(folder, tmp_path)
    assert "khach_moi.csv" in message and "dòng 10" in message and "cột «Gửi đến»" in message
    assert "SO_KHONG_CO" in message


def test_new_year_moves_the_meeting_day_to_review(tmp_path):
    data = copy_data(tmp_path / "data")
    assert run_vanban("new-year", data / "2024", data / "2025").exit_code == 0
    changes = [r for r in rows(data / "2025" / "thay_doi_nam_moi.csv")
               if r["Tệp"] == "giay_moi_hoi_thao_1/hoi_thao.csv"]
    assert [(r["Trước"], r["Sau"], r["Ghi chú"]) for r in changes][0] == (
        "25/4/2024", "25/4/2025", "CẦN XEM LẠI: ngày hội thảo năm mới (thứ Sáu), xác định lại ngày, giờ, địa điểm")
    # the seminar's own text follows the year too («… Ngày Khoa học và Công nghệ Việt Nam năm 2025»)
    assert [r["Sau"].endswith("Việt Nam năm 2025") for r in changes[1:]] == [True]
    out = tmp_path / "out"
    result = run_vanban("build", data / "2025" / "giay_moi_hoi_thao_1", "--output", out)
    assert result.exit_code == 0, result.output
    lines = texts(out / "giay-moi_du-thao_gm-skhcn_2025_hoi-thao-1-so-ct.docx")
    assert "Thời gian: 08 giờ 00 phút, thứ Sáu, ngày 25/4/2025." in lines


def test_new_year_repoints_invited_units_without_naming_one_twice(tmp_path):
    data = copy_data(tmp_path / "data")
    for old, new in (("2024", "2025"), ("2025", "2026")):
        assert run_vanban("new-year", data / old, data / new).exit_code == 0
    guests = [r["Gửi đến"] for r in rows(data / "2026" / "giay_moi_hoi_thao_2" / "khach_moi.csv")]
    assert guests == ["LHH_KHKT", "truong_dh_cd", "SO_TC"]  # SO_KHDT merged into SO_TC, named already
    change = [r for r in rows(data / "2026" / "thay_doi_nam_moi.csv")
              if r["Tệp"] == "giay_moi_hoi_thao_2/khach_moi.csv"]
    assert [(c["Dòng"], c["Trước"], c["Sau"]) for c in change] == [("4", "SO_KHDT", "")]
    assert "«SO_TC» đã có ở dòng 5: bỏ khỏi dòng này" in change[0]["Ghi chú"]
    result = run_vanban("build", data / "2026" / "giay_moi_hoi_thao_2", "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob(NAME.replace("2024", "2026").format("hoi-thao-2-*")))) == 8
