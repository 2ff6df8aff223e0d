"""vanban new: a document of each ND30 type from a skeleton, built at once with the agency
profile, with no format finding; the type's usual parts in place."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import copy_registry, run_vanban
from pipeline.check import check_document
from test_other_agency import bold, paragraphs, text, write_csv

KINDS = {  # the name typed (with and without diacritics) -> the output file
    "kế hoạch": "ke-hoach_du-thao_kh-skhcn_2025.docx",
    "bao-cao": "bao-cao_du-thao_bc-skhcn_2025.docx",
    "cong_van": "cong-van_du-thao_skhcn-vp_2025.docx",
    "giấy mời": "giay-moi_du-thao_gm-skhcn_2025_cuoc-hop.docx",  # the meeting's «Mã» ends the name
    "quyet-dinh": "quyet-dinh_du-thao_qd-skhcn_2025.docx",
    "Tờ-trình": "to-trinh_du-thao_ttr-skhcn_2025.docx",
    "THONG BAO": "thong-bao_du-thao_tb-skhcn_2025.docx",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every kind made with ``vanban new`` in ``<tmp>/data/2025`` and built into ``<tmp>/out``."""
    root = tmp_path_factory.mktemp("new")
    copy_registry(root / "data")
    for number, kind in enumerate(KINDS):
        result = run_vanban("new", kind, root / "data" / "2025" / f"vb{number}")
        assert result.exit_code == 0, result.output
        assert "Việc cần làm tiếp:" in result.output
        assert f"dựng văn bản: vanban build {root / 'data' / '2025'}" in result.output
    result = run_vanban("build", root / "data" / "2025", "-o", root / "out")
    assert result.exit_code == 0, result.output
    assert "0 cảnh báo" in result.output
    return root


@pytest.mark.parametrize("name", KINDS.values())
def test_each_kind_builds_with_no_finding(built, name):
    assert check_document(built / "out" / name) == []


def test_the_templates_of_every_kind_have_no_finding(built):
    result = run_vanban("templates", "check", built / "data" / "2025")
    assert result.exit_code == 0, result.output
    assert "Tổng cộng: 5 mẫu, 0 lỗi, 0 cảnh báo." in result.output


def test_a_decision_has_its_authority_bases_decides_line_articles_and_recipients(built):
    ps = paragraphs(built / "out" / KINDS["quyet-dinh"])
    texts = [text(p) for p in ps]
    start = texts.index("QUYẾT ĐỊNH")
    assert texts[start:start + 2] == ["QUYẾT ĐỊNH", "Về việc (nội dung quyết định)"]
    authority = texts.index("GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    assert texts[authority + 1:authority + 5] == [
        "Căn cứ Quyết định số 30/QĐ-UBND ngày 05 tháng 3 năm 2020 của (cơ quan) quy định chức năng, nhiệm vụ, "
        "quyền hạn của (cơ quan ban hành);",
        "Căn cứ (Văn bản căn cứ thứ hai);",
        "Theo đề nghị của Chánh Văn phòng.",
        "QUYẾT ĐỊNH:"]
    assert bold(ps[authority]) and bold(ps[authority + 4])
    assert texts[authority + 5] == "Điều 1. (Nội dung quyết định)."
    assert [t for t in texts if t.startswith("- ")] == ["- Như Điều 3;", "- Lưu: VT, VP."]


def test_a_submission_has_its_addressee_and_as_above(built):
    texts = [text(p) for p in paragraphs(built / "out" / KINDS["Tờ-trình"])]
    assert "Kính gửi:(Tên cơ quan, đơn vị nhận)." in texts  # a tab (w:tab) after the colon
    assert [t for t in texts if t.startswith("- ")] == ["- Như trên;", "- Lãnh đạo Sở;", "- Lưu: VT, VP."]
    assert texts[texts.index("TỜ TRÌNH") + 1] == "Về việc (nội dung trình)"


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    copy_registry(tmp_path / "data")
    folder = tmp_path / "data" / "2025" / "kh"
    folder.mkdir(parents=True)
    (folder / "ghi_chu.txt").write_text("của tôi", encoding="utf-8")
    result = run_vanban("new", "ke-hoach", folder)
    assert result.exit_code == 1
    assert f"{folder} đã có và không trống" in result.output
    assert [p.name for p in folder.iterdir()] == ["ghi_chu.txt"]


def test_new_names_the_kinds_it_knows(tmp_path):
    copy_registry(tmp_path / "data")
    result = run_vanban("new", "nghi-quyet", tmp_path / "data" / "2025" / "nq")
    assert result.exit_code == 1
    assert "không có loại văn bản «nghi-quyet»; chọn một trong: kế hoạch (ke-hoach), báo cáo (bao-cao)" \
        in result.output
    assert not (tmp_path / "data" / "2025").exists()


def test_new_asks_for_the_kinds_symbol_in_the_profile(tmp_path):
    copy_registry(tmp_path / "data")
    profile = tmp_path / "data" / "co_quan.csv"
    with open(profile, encoding="utf-8-sig", newline="") as stream:
        rows = [row for row in csv.reader(stream) if row[:2] != ["Ký hiệu", "Tờ trình"]]
    write_csv(profile, rows)
    result = run_vanban("new", "to-trinh", tmp_path / "data" / "2025" / "tt")
    assert result.exit_code == 1
    assert f"hồ sơ cơ quan {profile.resolve()} chưa có dòng «Ký hiệu» cho loại «Tờ trình»" in result.output


def test_the_help_names_every_type_new_makes():
    from pipeline.cli import NEW_KINDS
    from pipeline.skeleton import KINDS
    assert NEW_KINDS.split(", ") == [kind.name.lower() for kind in KINDS.values()]


def test_new_invitation_says_where_the_meeting_and_the_guests_go(tmp_path):
    # a Giấy mời is sent to khach_moi.csv and set in hoi_thao.csv: the steps must name them
    copy_registry(tmp_path / "data")
    folder = tmp_path / "data" / "2025" / "gm"
    result = run_vanban("new", "giay-moi", folder)
    assert result.exit_code == 0, result.output
    assert f"ghi tên, ngày, giờ, địa điểm cuộc họp trong {folder / 'hoi_thao.csv'};" in result.output
    assert f"ghi các đơn vị được mời trong {folder / 'khach_moi.csv'}" in result.output
    assert "khach_moi.csv" not in run_vanban("new", "ke-hoach", tmp_path / "data" / "2025" / "kh").output.split(
        "Việc cần làm tiếp:")[1]
