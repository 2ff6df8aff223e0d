"""End-to-end: `vanban build` on the 2024 data — fidelity to the seed, draft and final
modes, repeatable output, safe templates, and the PDF as LibreOffice prints it."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from conftest import DATA_2024, FIXTURES, ROOT, SHARED, TEMPLATES, bundled_data_files, run_vanban
from pipeline.results.facts import load_document, load_documents

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DRAFT = "ke-hoach_du-thao_kh-skhcn_2024.docx"
IN_CI = bool(os.environ.get("CI"))


def needs(tool: Path | str | None, what: str):
    """Skip when a tool is missing on a developer machine; fail in CI, where .ci/run installs it."""
    if tool is None or (isinstance(tool, Path) and not tool.exists()):
        if IN_CI:
            pytest.fail(f"{what} is required in CI")
        pytest.skip(f"{what} not available")


def set_general(folder: Path, **values: str) -> None:
    """Set keys of thong_tin_chung.csv (key names given with underscores for spaces)."""
    path = folder / "thong_tin_chung.csv"
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    wanted = {key.replace("_", " "): value for key, value in values.items()}
    for row in rows:
        if row["Mục"] in wanted:
            row["Giá trị"] = wanted.pop(row["Mục"])
    rows += [{"Mục": k, "Giá trị": v} for k, v in wanted.items()]
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=["Mục", "Giá trị"])
        writer.writeheader()
        writer.writerows(rows)


def append_rows(path: Path, rows: list[dict]) -> None:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        fields = csv.DictReader(stream).fieldnames
    with open(path, "a", encoding="utf-8", newline="") as stream:
        csv.DictWriter(stream, fieldnames=fields).writerows(rows)


def document_texts(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def test_plan_matches_the_seed_by_the_shared_fidelity_tool(plan_copy, tmp_path):
    tool = SHARED / "tools" / "docx_fidelity.py"
    needs(tool, "../shared/tools/docx_fidelity.py")
    set_general(plan_copy, Lưu="VT; VP")  # the seed's own wording; the bundled data writes «VT, VP» (ND30)
    assert run_vanban("build", plan_copy, "--output", tmp_path).exit_code == 0
    result = subprocess.run([sys.executable, str(tool), str(tmp_path / DRAFT),
                             str(FIXTURES / "seed_2024_ke_hoach.txt"), "--json"],
                            capture_output=True, text=True, encoding="utf-8", check=False)
    summary = json.loads(result.stdout)
    assert summary["body_coverage"] >= 0.995, summary["missing"]
    assert summary["footnote_coverage"] >= 0.99, summary["missing"]
    assert summary["word_footnotes"] == 2


def test_final_document_prints_number_and_date(plan_copy, tmp_path):
    set_general(plan_copy, Số="5", Ngày_ban_hành="05/02/2024")
    result = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    final = tmp_path / "out" / "ke-hoach_05_kh-skhcn_2024-02-05.docx"
    texts = document_texts(final)
    assert "Số: 05/KH-SKHCN" in texts
    assert "Thanh Hóa, ngày 05 tháng 02 năm 2024" in texts
    assert Document(str(final)).core_properties.created.isoformat() == "2024-02-05T00:00:00+00:00"


@pytest.mark.parametrize("typed, line", [
    ("01/01/2024", "Thanh Hóa, ngày 01 tháng 01 năm 2024"),
    ("15/2/2024", "Thanh Hóa, ngày 15 tháng 02 năm 2024"),
    ("9/3/2024", "Thanh Hóa, ngày 09 tháng 3 năm 2024"),
    ("29/06/2024", "Thanh Hóa, ngày 29 tháng 6 năm 2024"),
    ("20/08/2024", "Thanh Hóa, ngày 20 tháng 8 năm 2024"),
    ("2024-12-31", "Thanh Hóa, ngày 31 tháng 12 năm 2024"),
])
def test_date_line_from_the_data(plan_copy, typed, line):
    set_general(plan_copy, Ngày_ban_hành=typed)
    assert load_document(plan_copy).date_line == line


def test_issue_date_in_another_year_is_refused(plan_copy, tmp_path):
    set_general(plan_copy, Ngày_ban_hành="05/02/2025")
    result = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "thong_tin_chung.csv, dòng 8, cột «Giá trị»" in result.output
    assert "khác với «Năm» = 2024" in result.output
    assert not (tmp_path / "out").exists()


def test_same_data_gives_the_same_bytes_and_nothing_is_rewritten(tmp_path):
    first = run_vanban("build", DATA_2024, "--output", tmp_path)
    data = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    second = run_vanban("build", DATA_2024, "--output", tmp_path)
    assert first.exit_code == second.exit_code == 0
    first_lines, second_lines = first.stdout.splitlines(), second.stdout.splitlines()
    assert len(first_lines) == len(second_lines) == len(data) + 1 >= 4
    assert all(line.split()[0] == "mới" for line in first_lines[:-1])
    assert all(line.strip().startswith("không đổi") for line in second_lines[:-1])
    assert second_lines[-1].startswith(f"Tổng cộng: {len(data)} tệp — 0 mới, 0 ghi đè, {len(data)} không đổi; ")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == data  # same bytes, no temp files
    assert DRAFT in data and "phu-luc-noi-nhan_" + DRAFT in data


def test_changed_data_does_not_overwrite_without_force(plan_copy, tmp_path):
    out = tmp_path / "out"
    assert run_vanban("build", plan_copy.parent, "--output", out).exit_code == 0
    before = (out / DRAFT).read_bytes()
    set_general(plan_copy, Người_ký="Nguyễn Văn A")
    refused = run_vanban("build", plan_copy.parent, "--output", out)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert (out / DRAFT).read_bytes() == before
    forced = run_vanban("build", plan_copy.parent, "--output", out, "--force")
    assert forced.exit_code == 0 and "ghi đè" in forced.output
    assert "Nguyễn Văn A" in document_texts(out / DRAFT)


def test_markup_characters_in_data_stay_text(plan_copy, tmp_path):
    append_rows(plan_copy / "noi_nhan.csv", [{"Gửi đến": "Sở Tư pháp tỉnh Thanh Hóa",
                                              "Ghi là": 'Công ty <A&B> "Số 1" {{ 7*7 }}', "Mục đích": ""}])
    append_rows(plan_copy / "noi_dung.csv",
                [{"Cấp": "-", "In đậm": "", "Nội dung": "Thử </w:t><w:p> & ]]> 'x'"}])
    result = run_vanban("build", plan_copy.parent, "--output", tmp_path)
    assert result.exit_code == 0, result.output
    texts = document_texts(tmp_path / DRAFT)
    assert '- Công ty <A&B> "Số 1" {{ 7*7 }};' in texts
    assert "- Thử </w:t><w:p> & ]]> 'x'" in texts


def custom_template(folder: Path, paragraph: str) -> None:
    """Save a copy of the plan template with one more paragraph beside the data, and use it."""
    doc = Document(str(TEMPLATES / "ke_hoach.docx"))
    doc.add_paragraph(paragraph)
    doc.save(str(folder / "rieng.docx"))
    set_general(folder, Mẫu="rieng.docx")


@pytest.mark.parametrize("tag, phrase", [
    ("{{ abstract.__class__.__mro__ }}", "unsafe"),
    ("{{ trich_yeu }}", "«trich_yeu»"),
    ("{% for x in recipient_lines %}", "chưa được đóng: thiếu thẻ «{% endfor %}»"),
])
def test_template_errors_stop_the_build_and_name_the_paragraph(plan_copy, tmp_path, tag, phrase):
    custom_template(plan_copy, tag)
    result = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "mẫu có lỗi, chưa tạo văn bản nào" in result.output
    assert f"mẫu rieng.docx, đoạn 9 «{tag[:19]}" in result.output and phrase in result.output
    assert not (tmp_path / "out").exists()


def test_each_template_is_opened_once_per_build(plan_copy, tmp_path, monkeypatch):
    """The build checks the template it then fills: each .docx is opened and parsed once (not once to
    check it and again to fill it)."""
    from pipeline.render.docx import TemplateFile
    opened = []
    original = TemplateFile.__init__

    def counted(self, path):
        opened.append(Path(path).name)
        original(self, path)

    monkeypatch.setattr(TemplateFile, "__init__", counted)
    result = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    assert opened == ["ke_hoach.docx", "phu_luc_danh_sach.docx"]


def test_an_unreadable_template_stops_the_build_with_the_check_finding(plan_copy, tmp_path):
    (plan_copy / "rieng.docx").write_bytes(b"not a zip")
    set_general(plan_copy, Mẫu="rieng.docx")
    result = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "mẫu có lỗi, chưa tạo văn bản nào" in result.output
    assert "TPL-090" in result.output and "rieng.docx" in result.output and "không mở được tệp mẫu .docx" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("tag, message", [
    ("{{ abstract.__class__.__mro__ }}", "lỗi khi điền mẫu"),
    ("{{ trich_yeu }}", "mẫu dùng một biến mà dữ liệu không có ('trich_yeu' is undefined)"),
    ("{% for x in recipient_lines %}", "lỗi cú pháp thẻ Jinja"),
])
def test_the_renderer_itself_is_sandboxed(plan_copy, tag, message):
    from pipeline.common.errors import TemplateProblem
    from pipeline.render.docx import render_document
    custom_template(plan_copy, tag)
    with pytest.raises(TemplateProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        render_document(load_document(plan_copy), plan_copy / "rieng.docx")


def test_a_template_beside_the_data_is_used(plan_copy, tmp_path):
    custom_template(plan_copy, "Mẫu riêng của đơn vị: {{ symbol }}")
    assert run_vanban("build", plan_copy.parent, "--output", tmp_path).exit_code == 0
    assert "Mẫu riêng của đơn vị: KH-SKHCN" in document_texts(tmp_path / DRAFT)


def test_bundled_csv_files_are_utf8_with_bom_and_nfc():
    files = [p for p in bundled_data_files() if p.suffix == ".csv"]
    assert files
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path
        text = raw.decode("utf-8-sig")
        assert unicodedata.normalize("NFC", text) == text, path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_pdf_page_one_has_the_letterhead_and_page_two_its_number(tmp_path):
    needs(soffice(), "LibreOffice (soffice)")
    needs(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    assert run_vanban("build", DATA_2024, "--output", tmp_path).exit_code == 0
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / DRAFT)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / DRAFT.replace(".docx", ".pdf")

    def page(number: int) -> list[str]:
        out = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
                             check=True, capture_output=True, text=True, encoding="utf-8").stdout
        return [line.strip() for line in out.splitlines() if line.strip()]

    first, second = page(1), page(2)
    assert first[0].split() == "UBND TỈNH THANH HÓA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".split()
    assert first[1].split() == "SỞ KHOA HỌC VÀ CÔNG NGHỆ Độc lập - Tự do - Hạnh phúc".split()
    assert "KẾ HOẠCH" in first
    assert second[0] == "2"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Arial" not in fonts and "DejaVu" not in fonts


def test_two_sources_for_the_same_document_are_refused(plan_copy, tmp_path):
    shutil.copytree(plan_copy, plan_copy.parent / "ke_hoach_ban_sao")
    result = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "ke_hoach_ban_sao" in result.output and "cùng một văn bản" in result.output
    assert not (tmp_path / "out").exists()


def test_python_dash_m_pipeline_runs_the_same_command(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", str(DATA_2024), "--output",
                             str(tmp_path)], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / DRAFT).is_file()


def test_readme_reference_table_is_the_generated_one():
    from pipeline.render.reference import DOCUMENT_VARIABLES, RECIPIENT_LIST_VARIABLES, template_reference
    from pipeline.render.docx import recipient_list_context, template_context
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index("<!-- reference:start -->\n"), readme.index("<!-- reference:end -->")
    assert readme[start + len("<!-- reference:start -->\n"):end] == template_reference()
    document = load_document(DATA_2024 / "ke_hoach")
    assert set(template_context(document, "")) == set(DOCUMENT_VARIABLES) - {"invitation"}  # a Giấy mời's only
    invitation = load_documents(DATA_2024 / "giay_moi_hoi_thao_1")[0]
    assert set(template_context(invitation, "")) == set(DOCUMENT_VARIABLES)
    assert set(recipient_list_context(document, "", "")) == set(RECIPIENT_LIST_VARIABLES)
    assert run_vanban("templates", "reference").output == template_reference()


def test_build_refuses_a_document_with_format_errors_unless_told(plan_copy, tmp_path):
    doc = Document(str(TEMPLATES / "ke_hoach.docx"))
    normal = doc.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        normal.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + slot.split(":")[1], "Arial")
    doc.save(str(plan_copy / "rieng.docx"))
    set_general(plan_copy, Mẫu="rieng.docx")
    refused = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out")
    assert refused.exit_code == 1
    assert "văn bản tạo ra sai thể thức nên chưa ghi" in refused.output and "phong-chu" in refused.output
    assert not (tmp_path / "out").exists()
    forced = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out", "--no-check")
    assert forced.exit_code == 0 and (tmp_path / "out" / DRAFT).is_file()


def test_check_command_reports_and_sets_the_exit_code(tmp_path):
    assert run_vanban("build", DATA_2024 / "ke_hoach", "--output", tmp_path).exit_code == 0
    good = run_vanban("check", tmp_path / DRAFT)
    assert good.exit_code == 0 and "Tổng cộng: 0 lỗi" in good.output
    with zipfile.ZipFile(tmp_path / DRAFT) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b'w:right="851"', b'w:right="500"')
    bad = tmp_path / "sai_le.docx"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = run_vanban("check", bad, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert [f["rule"] for f in report["files"][0]["findings"] if f["severity"] == "lỗi"] == ["le-trang"]
    missing = run_vanban("check", tmp_path / "khong_co.docx")
    assert missing.exit_code == 1 and "Lỗi:" in missing.output
    several = run_vanban("check", tmp_path / DRAFT, bad, tmp_path / "khong_co.docx")
    errors = sum(f["severity"] == "lỗi" for f in report["files"][0]["findings"])
    warnings = len(report["files"][0]["findings"]) - errors
    assert several.exit_code == 1
    assert several.stdout.splitlines()[-1] == \
        f"Tất cả: 3 tệp (1 không đọc được), {errors} lỗi, {warnings + good.output.count('[cảnh báo]')} cảnh báo."


def test_templates_check_command(plan_copy, tmp_path):
    good = run_vanban("templates", "check", DATA_2024)
    assert good.exit_code == 0 and good.stdout.splitlines()[-1].startswith("Tổng cộng: 5 mẫu, 0 lỗi")
    custom_template(plan_copy, "{{ abstrct }}")
    bad = run_vanban("templates", "check", plan_copy.parent)
    assert bad.exit_code == 1
    assert "mẫu rieng.docx, đoạn 9 «{{ abstrct }}»" in bad.stdout and "có phải là «abstract»?" in bad.stdout


def test_a_template_saved_again_by_libreoffice_still_works(plan_copy, tmp_path):
    needs(soffice(), "LibreOffice (soffice)")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"), str(TEMPLATES / "ke_hoach.docx")],
                   check=True, capture_output=True, timeout=180)
    shutil.copy(tmp_path / "lo" / "ke_hoach.docx", plan_copy / "ke_hoach_lo.docx")
    set_general(plan_copy, Mẫu="ke_hoach_lo.docx")
    result = run_vanban("build", plan_copy.parent, "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Tổ chức 02 hội thảo khoa học với các chủ đề:" in " ".join(document_texts(tmp_path / "out" / DRAFT))
