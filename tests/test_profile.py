"""The agency profile (data/co_quan.csv): what every document of the agency shares, found
beside the registry; a document's own value wins; a missing value names both files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from conftest import DATA, EXPLICIT_2024, copy_data, run_vanban
from test_other_agency import paragraphs, text, write_csv

PROFILE_HEADER = ["Mục", "Loại văn bản", "Người ký", "Giá trị"]


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def test_profile_gives_the_same_bytes_as_every_value_written_in_each_document(tmp_path):
    copy_data(tmp_path / "profile")
    copy_data(tmp_path / "explicit")
    (tmp_path / "explicit" / "co_quan.csv").unlink()
    documents = sorted(p.name for p in EXPLICIT_2024.iterdir())
    assert len(documents) == 6
    for document in documents:
        shutil.copy(EXPLICIT_2024 / document / "thong_tin_chung.csv", tmp_path / "explicit" / "2024" / document)
        assert "Người ký" not in dict(read_csv(tmp_path / "profile" / "2024" / document / "thong_tin_chung.csv"))
    for name in ("profile", "explicit"):
        result = run_vanban("build", tmp_path / name / "2024", "-o", tmp_path / f"out-{name}")
        assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "out-profile").iterdir())
    assert made == sorted(p.name for p in (tmp_path / "out-explicit").iterdir())
    assert len([name for name in made if name.endswith(".docx")]) == 24 + 1 + 17  # + narrative report, invitations
    for name in made:
        assert (tmp_path / "out-profile" / name).read_bytes() == (tmp_path / "out-explicit" / name).read_bytes(), name


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """``<tmp>/data/2024/ke_hoach`` (the bundled plan, profile form) with the registry and profile."""
    copy_data(tmp_path / "data")
    shutil.rmtree(tmp_path / "data" / "2024" / "bao_cao")
    shutil.rmtree(tmp_path / "data" / "2024" / "don_doc")
    return tmp_path / "data" / "2024" / "ke_hoach"


def set_rows(path: Path, changes: dict[str, str]) -> None:
    """Set rows of a key/value table, adding the missing ones."""
    rows = read_csv(path)
    keys = [row[0] for row in rows]
    for key, value in changes.items():
        if key in keys:
            rows[keys.index(key)][1] = value
        else:
            rows.append([key, value])
    write_csv(path, rows)


def build(plan: Path):
    return run_vanban("build", plan.parent, "-o", plan.parents[2] / "out")


def test_document_value_wins_and_a_named_signer_takes_their_title_from_the_profile(plan):
    profile = plan.parents[1] / "co_quan.csv"
    write_csv(profile, read_csv(profile) + [["Quyền hạn, chức vụ người ký", "", "Lê Thị Hoa",
                                             "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"]])
    set_rows(plan / "thong_tin_chung.csv", {"Người ký": "Lê Thị Hoa", "Địa danh": "Sầm Sơn"})
    result = build(plan)
    assert result.exit_code == 0, result.output
    texts = [text(p) for p in paragraphs(plan.parents[2] / "out" / "ke-hoach_du-thao_kh-skhcn_2024.docx")]
    assert texts[:2] == ["UBND TỈNH THANH HÓA", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert "Sầm Sơn, ngày      tháng      năm 2024" in texts
    assert texts[texts.index("KT. GIÁM ĐỐC"):][:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert "Lê Thị Hoa" in texts and "Trần Duy Bình" not in texts


def test_a_value_missing_in_both_names_both_files(plan):
    profile = plan.parents[1] / "co_quan.csv"
    write_csv(profile, [row for row in read_csv(profile) if row[:2] != ["Ký hiệu", "Kế hoạch"]])
    result = build(plan)
    assert result.exit_code == 1
    assert (f"tệp {plan / 'thong_tin_chung.csv'}: thiếu dòng «Ký hiệu» trong cột «Mục»; hồ sơ cơ quan "
            f"{profile.resolve()} cũng không có mục «Ký hiệu» cho loại «Kế hoạch»") in result.output
    assert not (plan.parents[2] / "out").exists()


def test_a_signer_not_in_the_profile_is_refused_at_the_documents_cell(plan):
    set_rows(plan / "thong_tin_chung.csv", {"Người ký": "Lê Văn Khách"})
    result = build(plan)
    assert result.exit_code == 1
    row = [r[0] for r in read_csv(plan / "thong_tin_chung.csv")].index("Người ký") + 1
    assert f"tệp {plan / 'thong_tin_chung.csv'}, dòng {row}, cột «Giá trị» (ô B{row}): người ký «Lê Văn Khách» không có " \
           f"trong hồ sơ cơ quan {(plan.parents[1] / 'co_quan.csv').resolve()} (người ký ở đó: Trần Duy Bình)" \
        in result.output


def test_a_bad_profile_value_is_located_in_the_profile(plan):
    profile = plan.parents[1] / "co_quan.csv"
    rows = read_csv(profile)
    rows[[r[0] for r in rows].index("Cơ quan ban hành")][3] = "Sở Khoa học và Công nghệ"
    write_csv(profile, rows + [["Ký hiệu", "Văn thư", "", "VT-SKHCN"]])
    result = build(plan)
    assert result.exit_code == 1
    assert f"tệp {profile}, dòng {len(rows) + 1}, cột «Loại văn bản» (ô B{len(rows) + 1}): «Văn thư» không phải tên loại" \
        in result.output
    write_csv(profile, rows)
    result = build(plan)
    assert f"tệp {profile}, dòng 3, cột «Giá trị» (ô D3): «Cơ quan ban hành» phải viết in hoa" in result.output


def test_a_profile_above_the_registry_is_not_taken(tmp_path):
    """An agency with its own registry below another agency's data never takes that agency's profile."""
    copy_data(tmp_path / "data")
    agency = tmp_path / "data" / "examples" / "khac"
    shutil.copytree(DATA / "2024" / "ke_hoach", agency / "ke_hoach")
    for name in ("don_vi.csv", "khoi_don_vi.csv"):
        shutil.copy(DATA / name, agency / name)
    result = run_vanban("build", agency, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "thiếu dòng «Cơ quan ban hành» trong cột «Mục» (hoặc khai một lần cho cả cơ quan trong hồ sơ cơ quan " \
           "co_quan.csv, đặt cạnh danh bạ don_vi.csv)" in result.output


def test_a_profile_workbook_gives_the_same_document(plan, tmp_path):
    import openpyxl

    profile = plan.parents[1] / "co_quan.csv"
    result = build(plan)
    assert result.exit_code == 0, result.output
    expected = (plan.parents[2] / "out" / "ke-hoach_du-thao_kh-skhcn_2024.docx").read_bytes()
    book = openpyxl.Workbook()
    book.active.title = "co_quan"
    for row in read_csv(profile):
        book.active.append(row)
    book.save(profile.with_suffix(".xlsx"))
    profile.unlink()
    result = run_vanban("build", plan.parent, "-o", tmp_path / "out-xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out-xlsx" / "ke-hoach_du-thao_kh-skhcn_2024.docx").read_bytes() == expected


@pytest.mark.parametrize("key, value, message", [
    ("Thẩm quyền ban hành", "Giám đốc Sở",
     "«Thẩm quyền ban hành» phải viết in hoa (ND30 Phụ lục I mục II.2, II.5): «GIÁM ĐỐC SỞ»"),
    ("Địa danh", "", "mục «Địa danh» không được để trống (xóa dòng này để lấy giá trị trong hồ sơ cơ quan {profile})"),
])
def test_a_bad_document_value_is_refused_at_its_cell(plan, key, value, message):
    """A document's row wins over the profile, also when wrong or empty (then it says how to take the profile's)."""
    set_rows(plan / "thong_tin_chung.csv", {key: value})
    result = build(plan)
    assert result.exit_code == 1
    row = len(read_csv(plan / "thong_tin_chung.csv"))
    profile = (plan.parents[1] / "co_quan.csv").resolve()
    assert f"tệp {plan / 'thong_tin_chung.csv'}, dòng {row}, cột «Giá trị» (ô B{row}): {message.format(profile=profile)}" \
        in result.output
