"""The ND30 format checker (pipeline/check/).

Every document `vanban build data/2024` produces must give no error; a correct
document gives no finding at all; deliberately wrong copies of it, each with ONE fault
made by editing its XML (tests/fixtures/check/make_faults.py), give exactly the
expected finding, with its place and what was found. The same for a công văn typed by
hand in Word-like ways (letterhead and signature laid out with tabs, or in tables),
and for documents re-saved by LibreOffice.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import DATA, DATA_2024, PLAN_2024, REGISTRY_FILES, copy_registry, run_vanban
from pipeline.check import ERROR, WARNING, Finding, check_document, findings_json, findings_text
from pipeline.common.errors import VanbanError

FAULTS_DIR = Path(__file__).resolve().parent / "fixtures" / "check"
sys.path.insert(0, str(FAULTS_DIR))
import make_faults  # noqa: E402  (tests/fixtures/check/make_faults.py)

PLAN = "ke-hoach_du-thao_kh-skhcn_2024.docx"
APPENDIX = "phu-luc-noi-nhan_" + PLAN
REPORT = "bao-cao_du-thao_bc-skhcn_2024.docx"
LETTER = "cong-van_du-thao_skhcn-vp_2024_so-gtvt.docx"


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def kinds(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in findings]


def explain(findings: list[Finding]) -> str:
    return "\n".join(f"{f.severity} {f.rule} | {f.where} | {f.found} | {f.expected}" for f in findings)


# --------------------------------------------------------------------------- the bundled documents


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundled")
    result = run_vanban("build", DATA_2024, "--output", out)
    assert result.exit_code == 0, result.output
    return out


def test_every_bundled_document_has_no_error(bundled):
    documents = sorted(bundled.glob("*.docx"))
    names = [p.name for p in documents]
    assert {PLAN, APPENDIX, REPORT, LETTER} <= set(names)
    assert sum(name.startswith("cong-van_") for name in names) >= 2
    for path in documents:
        findings = check_document(path)
        assert findings == [], f"{path.name}:\n{explain(findings)}"


def test_other_agency_example_gives_no_finding(tmp_path):
    # A UBND tỉnh with no parent agency (two bold issuer lines) and a TM. / KT. signature chain.
    example = DATA / "examples" / "ubnd_nghe_an"
    if not example.is_dir():
        pytest.skip("no data/examples/ubnd_nghe_an")
    result = run_vanban("build", example, "--output", tmp_path)
    assert result.exit_code == 0, result.output
    documents = sorted(tmp_path.glob("*.docx"))
    assert documents
    for path in documents:
        findings = check_document(path)
        assert findings == [], f"{path.name}:\n{explain(findings)}"


# --------------------------------------------------------------------------- correct documents and their faults


def build_plan(root: Path, values: dict[str, str]) -> Path:
    """Build a copy of the 2024 plan alone in ``root`` (``root/data/2024/ke_hoach`` with the registry) with
    :func:`set_general` ``values``; returns the output folder ``root/out``."""
    folder = root / "data" / "2024" / "ke_hoach"
    shutil.copytree(PLAN_2024, folder)
    copy_registry(root / "data")
    set_general(folder, values)
    result = run_vanban("build", folder, "--output", root / "out")
    assert result.exit_code == 0, result.output
    return root / "out"


def set_general(folder: Path, values: dict[str, str]) -> None:
    """Set rows of a document's thong_tin_chung.csv (a row the document takes from the
    agency profile is added: the document's value wins)."""
    path = folder / "thong_tin_chung.csv"
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    rows += [{"Mục": key, "Giá trị": ""} for key in values if key not in {row["Mục"] for row in rows}]
    for row in rows:
        if row["Mục"] in values:
            row["Giá trị"] = values[row["Mục"]]
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=["Mục", "Giá trị"])
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def correct(tmp_path_factory) -> Path:
    """The bundled documents built from a copy of the data whose archive line is
    ``VT, VP`` (ND30's comma after VT), so that they give no finding at all."""
    root = tmp_path_factory.mktemp("correct")
    data = root / "data"
    shutil.copytree(DATA_2024, data / "2024")
    for name in REGISTRY_FILES:
        shutil.copy(DATA / name, data / name)
    for document in ("ke_hoach", "bao_cao", "don_doc"):
        set_general(data / "2024" / document, {"Lưu": "VT, VP"})
    out = root / "out"
    result = run_vanban("build", data / "2024", "--output", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("name", [PLAN, APPENDIX, REPORT, LETTER])
def test_correct_document_gives_no_finding(correct, name):
    findings = check_document(correct / name)
    assert findings == [], explain(findings)


@pytest.mark.parametrize("issued, date_line", [("05/02/2024", "ngày 05 tháng 02 năm 2024"),
                                               ("20/08/2024", "ngày 20 tháng 8 năm 2024")])
def test_numbered_plan_gives_no_finding(tmp_path, issued, date_line):
    data = tmp_path / "data"
    shutil.copytree(DATA_2024 / "ke_hoach", data / "2024" / "ke_hoach")
    for name in REGISTRY_FILES:
        shutil.copy(DATA / name, data / name)
    folder = data / "2024" / "ke_hoach"
    set_general(folder, {"Lưu": "VT, VP", "Số": "5", "Ngày ban hành": issued})
    out = tmp_path / "out"
    result = run_vanban("build", data / "2024", "--output", out)
    assert result.exit_code == 0, result.output
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == 2  # the plan and its recipient list
    for path in documents:
        findings = check_document(path)
        assert findings == [], f"{path.name}:\n{explain(findings)}"
    with zipfile.ZipFile(next(out.glob("ke-hoach_05_*.docx"))) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "Số: 05/KH-SKHCN" in xml and date_line in xml  # the checked lines are really there


# (where starts with, found contains, expected contains) for each fault
FAULT_TEXTS = {
    "le-trang": ("trang", "lề trái 20 mm", "lề trái 30–35 mm"),
    "arial": ("đoạn 5 «Thực hiện công văn số 17713/UBND-NN…» và ", "«Arial»", "Times New Roman"),
    "thang-08": ("bảng 1, ô (2, 2) «Thanh Hóa, ngày 05 tháng 08 năm 2024»", "«tháng 08»", "«tháng 8»"),
    "so-5": ("bảng 1, ô (2, 1) «Số: 5/KH-SKHCN»", "«Số: 5/KH-SKHCN»", "«Số: 05/KH-SKHCN»"),
    "noi-nhan-thieu-cham-phay": ("bảng 2, ô (1, 1) «- Lãnh đạo Sở»", "kết thúc bằng «ở»", "«;»"),
    "luu-thieu-cham": ("bảng 2, ô (1, 1) «- Lưu: VT, VP»", "không có dấu chấm", "dấu chấm «.»"),
    "so-trang-khong-titlepg": ("trang 1", "trang 1 hiển thị số trang", "không hiển thị số trang ở trang thứ nhất"),
    "so-trang-dau-trang-1": ("trang 1", "trang 1 hiển thị số trang", "không hiển thị số trang ở trang thứ nhất"),
    "nfd": ("đoạn 5 «Thực hiện công văn số 17713/UBND-NN…»", "NFD", "NFC"),
    "cong-hoa-kieu-moi": ("bảng 1, ô (1, 2) «CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM»", "«HOÀ»", "«HÒA»"),
    "tp-viet-tat": ("bảng 1, ô (2, 2) «TP. Thanh Hóa, ngày", "«TP. Thanh Hóa»", "Thành phố Hồ Chí Minh"),
    "tieu-ngu-gach-dai": ("bảng 1, ô (1, 2) «Độc lập – Tự do – Hạnh phúc»", "gạch dài",
                          "Độc lập - Tự do - Hạnh phúc"),
    "kt-thieu-cap-pho": ("bảng 2, ô (1, 2) «KT. GIÁM ĐỐC»", "không có dòng chức vụ của cấp phó", "PHÓ GIÁM ĐỐC"),
    "gian-dong-exactly": ("đoạn 5 «Thực hiện công văn", "Exactly) 12 pt", "dòng đơn"),
    "chu-xanh": ("đoạn 2 «Tổ chức các hoạt động chào mừng kỷ niệm…»", "#0000FF", "màu đen"),
    "danh-sach": ("đoạn 1 «DANH SÁCH»", "«DANH SÁCH»", "phụ lục"),
    "cv-ky-hieu": ("bảng 1, ô (2, 1) «Số: 12/CV-SKHCN»", "«CV»", "«UBND-NN»"),
    "ky-hieu-sai-loai": ("bảng 1, ô (2, 1) «Số: 05/BC-SKHCN»", "không bắt đầu bằng chữ viết tắt của KẾ HOẠCH",
                         "«KH-»"),
    "chu-quan-dam": ("bảng 1, ô (1, 1) «UBND TỈNH THANH HÓA»", "đều in đậm", "không đậm"),
    "vv-dam": ("bảng 1, ô (2, 1) «V/v đôn đốc báo cáo", "in đậm", "không in đậm"),
}


@pytest.mark.parametrize("name", list(make_faults.PLAN_FAULTS) + list(make_faults.LETTER_FAULTS))
def test_each_fault_gives_exactly_its_finding(correct, tmp_path, name):
    if name in make_faults.PLAN_FAULTS:
        edit, expected = make_faults.PLAN_FAULTS[name]
        source = correct / PLAN
    else:
        edit, expected = make_faults.LETTER_FAULTS[name]
        source = correct / LETTER
    faulty = make_faults.rewrite(source, tmp_path / f"{name}.docx", edit)
    findings = check_document(faulty)
    assert kinds(findings) == [expected], explain(findings)
    where, found, wanted = FAULT_TEXTS[name]
    finding = findings[0]
    assert finding.where.startswith(where), finding.where
    assert found in finding.found, finding.found
    assert wanted in finding.expected, finding.expected
    assert finding.reference.startswith("ND30 ")


def test_every_fault_has_its_expected_texts():
    assert set(FAULT_TEXTS) == set(make_faults.PLAN_FAULTS) | set(make_faults.LETTER_FAULTS)


def test_wrong_margins_name_every_wrong_side(correct, tmp_path):
    def margins(parts):
        make_faults.body_sectpr(parts).find(make_faults.W + "pgMar").set(make_faults.W + "right", "1701")
        make_faults.wrong_margins(parts)

    findings = check_document(make_faults.rewrite(correct / PLAN, tmp_path / "m.docx", margins))
    assert kinds(findings) == [("le-trang", ERROR)]
    assert findings[0].found == "lề trái 20 mm; lề phải 30 mm"
    assert findings[0].expected == "lề trái 30–35 mm; lề phải 15–20 mm"


# --------------------------------------------------------------------------- documents typed by hand


@pytest.mark.parametrize("layout", ["tabs", "table"])
def test_hand_typed_letter_gives_no_finding(tmp_path, layout):
    path = make_faults.hand_typed(tmp_path / f"{layout}.docx", layout)
    findings = check_document(path)
    assert findings == [], explain(findings)


@pytest.mark.parametrize("layout", ["tabs", "table"])
@pytest.mark.parametrize("name", list(make_faults.HAND_FAULTS))
def test_hand_typed_faults(tmp_path, layout, name):
    correct_letter = make_faults.hand_typed(tmp_path / "ok.docx", layout)
    edit, expected = make_faults.HAND_FAULTS[name]
    findings = check_document(make_faults.rewrite(correct_letter, tmp_path / f"{name}.docx", edit))
    assert kinds(findings) == [expected], explain(findings)
    # the place names the paragraph (tabs) or the cell (tables)
    assert findings[0].where.startswith("đoạn " if layout == "tabs" or name == "khong-lui-dau-dong" else "bảng ")


def test_page_number_in_the_footer(tmp_path):
    findings = check_document(make_faults.hand_typed(tmp_path / "f.docx", "table", page_in_footer=True))
    assert kinds(findings) == [("so-trang", ERROR), ("so-trang", WARNING)], explain(findings)
    assert findings[0].where.startswith("chân trang (footer")
    assert findings[0].found == "số trang đặt ở chân trang"
    assert findings[1].found == "không thấy trường số trang (PAGE) ở đầu trang"


def test_syllables_with_a_final_consonant_do_not_count_as_a_tone_style(tmp_path):
    # hoạch, hoàn, thuyết, quý, quỹ are written one way only; «hòa» is the old style
    # like «Hóa» in the rest of the letter.
    text = " Kế hoạch hoàn thành; thuyết minh quý II; quỹ phát triển; hòa nhập."
    assert check_document(make_faults.hand_typed(tmp_path / "a.docx", "tabs", text)) == []
    findings = check_document(make_faults.hand_typed(tmp_path / "b.docx", "tabs", text + " Hoà giải."))
    assert kinds(findings) == [("kieu-bo-dau", WARNING)]
    assert findings[0].where.startswith("đoạn 10 «Sở Khoa học và Công nghệ đề nghị")
    assert "«Hoà»" in findings[0].found and "«Hòa»" in findings[0].expected


def test_dates_in_the_text_follow_the_zero_rule(tmp_path):
    letter = make_faults.hand_typed(tmp_path / "d.docx", "tabs", " Hạn chót ngày 5 tháng 08 năm 2024.")
    findings = check_document(letter)
    assert kinds(findings) == [("ngay-thang", WARNING)]
    assert findings[0].found == "«ngày 5 tháng 08 năm 2024»"
    assert findings[0].expected.startswith("«ngày 05 tháng 8 năm 2024»")


# --------------------------------------------------------------------------- documents re-saved by LibreOffice


def soffice() -> str:
    found = os.environ.get("VANBAN_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice is required in CI")
    pytest.skip("LibreOffice not installed")


def test_documents_resaved_by_libreoffice_give_no_finding(correct, tmp_path):
    program = soffice()
    source = tmp_path / "in"
    source.mkdir()
    for name in (PLAN, APPENDIX, REPORT, LETTER):
        shutil.copy(correct / name, source / name)
    out = tmp_path / "out"
    subprocess.run([program, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                    *[str(p) for p in sorted(source.iterdir())]],
                   check=True, capture_output=True, timeout=300)
    for name in (PLAN, APPENDIX, REPORT, LETTER):
        resaved = out / name
        assert resaved.read_bytes() != (source / name).read_bytes()
        findings = check_document(resaved)
        assert findings == [], f"{name}:\n{explain(findings)}"


# --------------------------------------------------------------------------- unreadable files


def test_unreadable_files_raise_a_vietnamese_error(tmp_path):
    text = tmp_path / "ghi-chu.docx"
    text.write_text("không phải docx", encoding="utf-8")
    old_word = tmp_path / "cu.docx"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    empty_zip = tmp_path / "rong.docx"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("a.txt", "x")
    cases = {
        tmp_path / "khong-co.docx": "không tìm thấy tệp",
        tmp_path: "là một thư mục",
        text: "không phải tệp Word .docx",
        old_word: "Word 97–2003 (.doc)",
        empty_zip: "không đọc được tệp",
    }
    for path, message in cases.items():
        with pytest.raises(VanbanError) as error:
            check_document(path)
        assert message in str(error.value), str(error.value)


# --------------------------------------------------------------------------- reports


def test_text_report_has_one_line_per_finding_and_a_count(correct, tmp_path):
    path = make_faults.rewrite(correct / PLAN, tmp_path / "f.docx", make_faults.new_style_national_title)
    findings = check_document(path) + check_document(
        make_faults.rewrite(correct / PLAN, tmp_path / "g.docx", make_faults.number_without_zero))
    report = findings_text(path, findings)
    lines = report.rstrip("\n").split("\n")
    assert lines[0] == f"Kiểm tra thể thức: {path}"
    assert len(lines) == 2 + len(findings)
    assert lines[1].startswith("  [cảnh báo] kieu-bo-dau — bảng 1, ô (1, 2)")
    assert lines[2].startswith("  [lỗi] so-ky-hieu — bảng 1, ô (2, 1) «Số: 5/KH-SKHCN»")
    assert lines[-1] == "Tổng cộng: 1 lỗi, 1 cảnh báo."
    clean = findings_text(correct / PLAN, [])
    assert clean.endswith("Không phát hiện sai sót về thể thức.\nTổng cộng: 0 lỗi, 0 cảnh báo.\n")


def test_json_report(correct, tmp_path):
    faulty = make_faults.rewrite(correct / PLAN, tmp_path / "f.docx", make_faults.month_zero)
    results = {faulty: check_document(faulty), correct / LETTER: check_document(correct / LETTER)}
    text = findings_json(results)
    assert "tháng 08" in text and "\\u" not in text  # Vietnamese kept as is
    data = json.loads(text)
    assert data["errors"] == 1 and data["warnings"] == 0
    first, second = data["files"]
    assert first["path"] == str(faulty) and first["errors"] == 1
    assert first["findings"] == [{
        "rule": "ngay-thang", "reference": results[faulty][0].reference, "severity": "lỗi",
        "where": results[faulty][0].where, "found": "«tháng 08»", "expected": results[faulty][0].expected}]
    assert second == {"path": str(correct / LETTER), "errors": 0, "warnings": 0, "findings": []}
