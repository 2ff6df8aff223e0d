"""`vanban new-year`: next year's data from this year's, with every change reported."""

from __future__ import annotations

import csv
import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import copy_data, run_vanban

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def years(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the bundled data/ (registry and 2024) in tmp, as the current folder."""
    copy_data(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def report(folder: Path) -> list[dict]:
    with open(folder / "thay_doi_nam_moi.csv", encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def body_texts(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def test_new_year_writes_the_next_year_and_leaves_this_year_alone(years):
    before = digest(years / "2024")
    result = run_vanban("new-year", years / "2024", years / "2025")
    assert result.exit_code == 0, result.output
    assert digest(years / "2024") == before
    rows = report(years / "2025")
    by_key = {(r["Tệp"], r["Dòng"], r["Cột"]): r for r in rows}
    assert by_key[("ke_hoach/thong_tin_chung.csv", "6", "Giá trị")]["Sau"] == "2025"  # the row of «Năm»
    deadline = by_key[("ke_hoach/moc_thoi_gian.csv", "6", "Từ ngày")]
    assert (deadline["Trước"], deadline["Sau"]) == ("25/5/2024", "25/5/2025")
    assert "CẦN XEM LẠI: rơi vào Chủ nhật" in deadline["Ghi chú"]
    assert by_key[("ke_hoach/can_cu.csv", "2", "Cần cập nhật")]["Sau"] == "x"
    dropped = [r for r in rows if r["Tệp"] == "danh bạ đơn vị"]
    assert [r["Trước"] for r in dropped] == ["Ủy ban nhân dân huyện Đông Sơn"]
    assert not list((years / "2025" / "responses").iterdir())
    assert f"Kế hoạch và biểu mẫu báo cáo được tạo khi chạy «vanban build {years / '2025'}»" in result.output
    assert not (years.parent / "output").exists()  # new-year writes data only: an edited form is never touched


def test_the_2025_draft_differs_from_2024_only_where_the_report_says(years):
    run_vanban("new-year", years / "2024", years / "2025")
    assert run_vanban("build", years / "2024" / "ke_hoach", "-o", years.parent / "o24").exit_code == 0
    result = run_vanban("build", years / "2025", "-o", years.parent / "o25")
    assert result.exit_code == 0, result.output
    assert "còn đánh dấu «cần cập nhật»" in result.output          # a warning in a draft
    assert "chưa có đơn vị nào gửi báo cáo" in result.output         # report and reminders say so
    old = body_texts(years.parent / "o24" / "ke-hoach_du-thao_kh-skhcn_2024.docx")
    new = body_texts(years.parent / "o25" / "ke-hoach_du-thao_kh-skhcn_2025.docx")
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new)
    assert all(a.replace("2024", "2025") == b for a, b in changed), changed
    assert ("+ Thời gian thực hiện: Hoàn thành trước 18/5/2025.") in new
    assert "Thanh Hóa, ngày      tháng      năm 2025" in new


def test_a_final_build_refuses_unresolved_update_marks(years):
    run_vanban("new-year", years / "2024", years / "2025")
    path = years / "2025" / "ke_hoach" / "thong_tin_chung.csv"
    rows = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
    for row in rows:
        if row[0] == "Số":
            row[1] = "3"
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    result = run_vanban("build", years / "2025" / "ke_hoach", "-o", years.parent / "out")
    assert result.exit_code == 1
    assert (f"Lỗi: tệp {years / '2025' / 'ke_hoach' / 'can_cu.csv'}, dòng 2, cột «Cần cập nhật» (ô H2): văn bản căn cứ "
            "17713/UBND-NN (dòng 2), 4273/BKHCN-VP (dòng 3) còn đánh dấu «cần cập nhật»") in result.output
    assert not (years.parent / "out").exists()


def test_an_existing_target_is_never_overwritten(years):
    (years / "2025").mkdir()
    result = run_vanban("new-year", years / "2024", years / "2025")
    assert result.exit_code == 1 and "đã có" in result.output
    assert list((years / "2025").iterdir()) == []


def test_a_damaged_workbook_document_stops_the_new_year(years):
    (years / "2024" / "ke_hoach.xlsx").write_bytes(b"PK")  # a plan kept as a workbook, damaged
    result = run_vanban("new-year", years / "2024", years / "2025")
    assert result.exit_code == 1 and "ke_hoach.xlsx" in result.output and "có cả thư mục" in result.output
    (years / "2024" / "ke_hoach.xlsx").rename(years / "2024" / "khac.xlsx")
    result = run_vanban("new-year", years / "2024", years / "2025")
    assert result.exit_code == 1 and "khac.xlsx: không đọc được tệp Excel" in result.output
    assert not (years / "2025").exists() and sorted(p.name for p in years.iterdir()) == [
        "2024", "co_quan.csv", "don_vi.csv", "examples", "khoi_don_vi.csv"]


def test_workbook_documents_roll_like_their_csv_folders(years, tmp_path):
    as_csv = run_vanban("new-year", years / "2024", years / "ref" / "2025")
    assert as_csv.exit_code == 0, as_csv.output
    names = sorted(p.name for p in (years / "2024").iterdir() if p.is_dir() and p.name != "responses")
    assert {"ke_hoach", "bao_cao", "don_doc"} <= set(names)
    for name in names:
        assert run_vanban("convert", years / "2024" / name, years / "2024" / f"{name}.xlsx").exit_code == 0
        shutil.rmtree(years / "2024" / name)
    result = run_vanban("new-year", years / "2024", years / "2025")
    assert result.exit_code == 0, result.output
    new = years / "2025"
    assert sorted(p.name for p in new.iterdir()) == sorted([f"{name}.xlsx" for name in names]
                                                           + ["responses", "thay_doi_nam_moi.csv"])
    for name in names:
        assert run_vanban("convert", new / f"{name}.xlsx", tmp_path / "back" / name).exit_code == 0
        assert digest(tmp_path / "back" / name) == digest(years / "ref" / "2025" / name)
    rows, expected = report(new), report(years / "ref" / "2025")
    assert len(rows) == len(expected) > 5
    for row, csv_row in zip(rows, expected):
        folder, _, file = csv_row["Tệp"].partition("/")
        renamed = f"{folder}.xlsx, trang {file.removesuffix('.csv')}" if file.endswith(".csv") else csv_row["Tệp"]
        assert row == {**csv_row, "Tệp": renamed}
    assert any(row["Tệp"] == "ke_hoach.xlsx, trang thong_tin_chung" for row in rows)
    assert not any(p.name.startswith("vanban-nam-moi-") for p in years.iterdir())


def test_a_new_year_outside_the_registry_folder_is_warned_about(years, tmp_path):
    elsewhere = tmp_path / "khac" / "2025"
    result = run_vanban("new-year", years / "2024", elsewhere)
    assert result.exit_code == 0, result.output
    assert (f"Cảnh báo: {elsewhere} không dùng danh bạ đơn vị {years.resolve()} như {years / '2024'} "
            f"(không tìm thấy danh bạ nào); hãy đặt thư mục năm mới cạnh {years / '2024'} hoặc chép don_vi.csv, "
            f"khoi_don_vi.csv vào {elsewhere.parent} trước khi build") in result.output
    beside = run_vanban("new-year", years / "2024", years / "2025")
    assert beside.exit_code == 0 and "không dùng danh bạ" not in beside.output


def test_an_invitation_s_seminar_text_follows_the_new_year(years):
    # hoi_thao «Tới dự» says «… Ngày Khoa học và Công nghệ Việt Nam năm 2024»: the 2025
    # invitation must not invite to the 2024 celebration, silently
    assert run_vanban("new-year", years / "2024", years / "2025").exit_code == 0
    rows = report(years / "2025")
    seminar = [r for r in rows if r["Tệp"].startswith("giay_moi_hoi_thao_1") and "hoi_thao" in r["Tệp"]
               and r["Cột"] == "Giá trị" and r["Trước"].startswith("Hội thảo khoa học")]
    assert len(seminar) == 1 and seminar[0]["Sau"].endswith("Việt Nam năm 2025"), rows
    result = run_vanban("build", years / "2025", "-o", years.parent / "o25")
    assert result.exit_code == 0, result.output
    texts = body_texts(next((years.parent / "o25").glob("giay-moi_*hoi-thao-1-*.docx")))
    assert any(t.startswith("Tới dự Hội thảo") and t.endswith("Việt Nam năm 2025.") for t in texts), texts
