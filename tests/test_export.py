"""PDF export with LibreOffice, the manifest, and re-runs of `vanban build --pdf`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfWriter

from conftest import DATA_2024, SLEEPER, TEMPLATES, alive, fake_soffice, noted_pids, run_vanban
from pipeline.export import pdf as export
from pipeline.export.pdf import ExportError, check_pdf, find_soffice, first_words, page_count
from pipeline.results.facts import load_document
from pipeline.render.docx import render_document

PLAN = "ke-hoach_du-thao_kh-skhcn_2024"


def needs_libreoffice() -> None:
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if os.environ.get("CI"):
        pytest.fail("LibreOffice is required in CI")
    pytest.skip("LibreOffice not installed")


@pytest.fixture(scope="module")
def with_pdf(tmp_path_factory) -> Path:
    needs_libreoffice()
    out = tmp_path_factory.mktemp("out")
    result = run_vanban("build", DATA_2024 / "ke_hoach", "--output", out, "--pdf")
    assert result.exit_code == 0, result.output
    return out


def test_every_document_gets_a_pdf_with_embedded_fonts(with_pdf):
    docx = sorted(p.stem for p in with_pdf.glob("*.docx"))
    assert docx == sorted(p.stem for p in with_pdf.glob("*.pdf")) == [PLAN, "phu-luc-noi-nhan_" + PLAN]
    fonts = subprocess.run(["pdffonts", str(with_pdf / f"{PLAN}.pdf")], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(with_pdf / f"{PLAN}.pdf"), "-"],
                          capture_output=True, text=True, encoding="utf-8", check=True).stdout
    assert "Tổ chức các hoạt động chào mừng kỷ niệm Ngày Khoa học và Công nghệ Việt" in text


def test_manifest_lists_each_file_with_its_reference_pages_and_hash(with_pdf):
    with open(with_pdf / "danh_muc_tep.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["Tệp"]: row for row in csv.DictReader(stream)}
    assert (with_pdf / "danh_muc_tep.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert set(rows) == {f"{PLAN}.docx", f"{PLAN}.pdf", f"phu-luc-noi-nhan_{PLAN}.docx",
                         f"phu-luc-noi-nhan_{PLAN}.pdf", f"bieu-mau-bao-cao_{PLAN}.xlsx"}
    form = rows[f"bieu-mau-bao-cao_{PLAN}.xlsx"]
    assert (form["Loại văn bản"], form["Số, ký hiệu"], form["Số trang"]) == \
        ("Biểu mẫu báo cáo kết quả", "/KH-SKHCN", "")
    assert form["SHA-256"] == hashlib.sha256((with_pdf / f"bieu-mau-bao-cao_{PLAN}.xlsx").read_bytes()).hexdigest()
    plan_pdf = (with_pdf / f"{PLAN}.pdf").read_bytes()
    assert rows[f"{PLAN}.pdf"]["SHA-256"] == hashlib.sha256(plan_pdf).hexdigest()
    assert rows[f"{PLAN}.docx"]["Số trang"] == str(page_count(plan_pdf)) == "4"
    assert rows[f"{PLAN}.docx"]["Loại văn bản"] == "Kế hoạch"
    assert rows[f"{PLAN}.docx"]["Số, ký hiệu"] == "/KH-SKHCN"
    plan_docx = (with_pdf / f"{PLAN}.docx").read_bytes()
    assert rows[f"{PLAN}.pdf"]["SHA-256 của .docx nguồn"] == hashlib.sha256(plan_docx).hexdigest()
    assert rows[f"{PLAN}.docx"]["SHA-256 của .docx nguồn"] == ""
    assert list(rows[f"{PLAN}.pdf"]) == ["Tệp", "Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Số trang", "SHA-256",
                                         "SHA-256 của .docx nguồn"]
    as_json = json.loads((with_pdf / "danh_muc_tep.json").read_text(encoding="utf-8"))
    assert [entry["Tệp"] for entry in as_json] == sorted(rows)


def test_a_second_run_changes_nothing(with_pdf):
    before = {p.name: p.read_bytes() for p in with_pdf.iterdir()}
    result = run_vanban("build", DATA_2024 / "ke_hoach", "--output", with_pdf, "--pdf")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("Tổng cộng: 7 tệp — 0 mới, 0 ghi đè, 7 không đổi;")
    assert {p.name: p.read_bytes() for p in with_pdf.iterdir()} == before


def test_missing_libreoffice_is_a_clear_error_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("VANBAN_SOFFICE", raising=False)
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "none"))
    with pytest.raises(ExportError, match="libreoffice-writer-nogui"):
        find_soffice()
    result = run_vanban("build", DATA_2024 / "ke_hoach", "--output", tmp_path / "out", "--pdf")
    assert result.exit_code == 1 and "không tìm thấy LibreOffice" in result.output
    assert not (tmp_path / "out").exists()


def test_the_stale_pdf_sequence_ends_with_the_new_signer(plan_copy, tmp_path):
    """Issue 10: build --pdf; change the signer; build --force; build --pdf."""
    needs_libreoffice()
    out = tmp_path / "out"
    assert run_vanban("build", plan_copy, "--output", out, "--pdf").exit_code == 0
    table = plan_copy / "thong_tin_chung.csv"
    table.write_text(table.read_text(encoding="utf-8-sig").replace("Trần Duy Bình", "Nguyễn Văn An"),
                     encoding="utf-8-sig")
    result = run_vanban("build", plan_copy, "--output", out, "--force")
    assert result.exit_code == 0 and f"Cảnh báo: đã xóa {PLAN}.pdf" in result.output
    assert not (out / f"{PLAN}.pdf").exists()
    assert run_vanban("build", plan_copy, "--output", out, "--pdf").exit_code == 0
    text = pdf_text(out / f"{PLAN}.pdf")
    assert "Nguyễn Văn An" in text and "Trần Duy Bình" not in text


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, encoding="utf-8",
                          check=True).stdout


def test_first_words_are_read_in_document_order(with_pdf):
    words = first_words((with_pdf / f"{PLAN}.docx").read_bytes(), 12)
    assert words == ["UBND", "TỈNH", "THANH", "HÓA", "SỞ", "KHOA", "HỌC", "VÀ", "CÔNG", "NGHỆ", "CỘNG", "HÒA"]


def test_a_real_pdf_of_the_document_passes_the_check(with_pdf):
    docx = (with_pdf / f"{PLAN}.docx").read_bytes()
    assert check_pdf(f"{PLAN}.docx", docx, (with_pdf / f"{PLAN}.pdf").read_bytes()) == 4


def test_a_pdf_of_another_document_is_refused(with_pdf):
    docx = (with_pdf / f"{PLAN}.docx").read_bytes()
    other = (with_pdf / f"phu-luc-noi-nhan_{PLAN}.pdf").read_bytes()
    with pytest.raises(ExportError) as info:
        check_pdf(f"{PLAN}.docx", docx, other)
    assert str(info.value) == (
        f"PDF mà LibreOffice tạo từ {PLAN}.docx không chứa đúng chữ của văn bản: thiếu các chữ «CỘNG», «HÒA», "
        "«CHỦ», «NGHĨA», «VIỆT», «NAM», «Độc», «lập» trong 20 chữ đầu «UBND TỈNH THANH HÓA SỞ KHOA HỌC VÀ CÔNG "
        "NGHỆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập» (LibreOffice thiếu phông hoặc xuất nhầm); không ghi tệp nào")


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.mark.parametrize("pdf, message", [
    (b"<html>not a pdf</html>", "không phải tệp PDF (không bắt đầu bằng «%PDF-»); không ghi tệp nào"),
    (b"%PDF-1.7\n%%EOF", "bị hỏng, không đọc được"),
    (blank_pdf(0), "không có trang nào; không ghi tệp nào"),
    (blank_pdf(1), "không chứa đúng chữ của văn bản: thiếu các chữ «UBND», «TỈNH», «THANH», «HÓA»"),
], ids=["not-pdf", "damaged", "no-page", "no-text"])
def test_an_invalid_pdf_is_refused_with_the_document_named(pdf, message):
    docx = render_plan()
    with pytest.raises(ExportError) as info:
        check_pdf("a.docx", docx, pdf)
    assert str(info.value).startswith("PDF mà LibreOffice tạo từ a.docx ") and message in str(info.value)


def render_plan() -> bytes:
    document = load_document(DATA_2024 / "ke_hoach")
    return render_document(document, TEMPLATES / "ke_hoach.docx")


@pytest.mark.skipif(os.name != "posix", reason="the stand-in LibreOffice is a POSIX script")
def test_a_build_whose_converter_writes_no_pdf_writes_nothing(plan_copy, tmp_path, monkeypatch):
    body = ("os.makedirs(outdir, exist_ok=True)\n"
            "for name in inputs:\n"
            "    open(os.path.join(outdir, os.path.basename(name)[:-5] + '.pdf'), 'wb').write(b'PK not a pdf')\n")
    monkeypatch.setenv("VANBAN_SOFFICE", str(fake_soffice(tmp_path, body)))
    result = run_vanban("build", plan_copy, "--output", tmp_path / "out", "--pdf")
    assert result.exit_code == 1
    assert f"Lỗi: PDF mà LibreOffice tạo từ {PLAN}.docx không phải tệp PDF" in result.output
    assert not (tmp_path / "out").exists()


def scratch_left(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir()]


@pytest.mark.skipif(os.name != "posix", reason="the stand-in LibreOffice is a POSIX script")
def test_a_timeout_ends_the_whole_libreoffice_tree_and_removes_its_scratch_folder(tmp_path, monkeypatch):
    own_temp = "open(os.path.join(os.environ['TMPDIR'], 'lu4242.tmp'), 'w').write('LibreOffice scratch')\n"
    monkeypatch.setenv("VANBAN_SOFFICE", str(fake_soffice(tmp_path, own_temp + SLEEPER)))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "systemp"))
    (tmp_path / "systemp").mkdir()
    with pytest.raises(ExportError, match="LibreOffice chưa xuất xong PDF sau 3 giây nên đã bị dừng; không ghi tệp nào"):
        export.convert_to_pdf({"a.docx": b"PK"}, timeout=3)
    pids = noted_pids(tmp_path)
    assert len(pids) == 2 and not any(alive(pid) for pid in pids)
    assert scratch_left(tmp_path / "systemp") == []


@pytest.mark.skipif(os.name != "posix", reason="the stand-in LibreOffice is a POSIX script")
def test_ctrl_c_during_conversion_ends_libreoffice_and_removes_its_scratch_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_SOFFICE", str(fake_soffice(tmp_path, SLEEPER)))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "systemp"))
    (tmp_path / "systemp").mkdir()

    def interrupt_when_started():
        while not (tmp_path / "pids").exists() or len((tmp_path / "pids").read_text().split()) < 2:
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)  # what Ctrl+C does

    threading.Thread(target=interrupt_when_started, daemon=True).start()
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        export.convert_to_pdf({"a.docx": b"PK"}, timeout=60)
    assert time.monotonic() - start < 30
    pids = noted_pids(tmp_path)
    assert not any(alive(pid) for pid in pids)
    assert scratch_left(tmp_path / "systemp") == []


def test_a_converter_that_produces_nothing_is_reported(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("VANBAN_SOFFICE", str(fake))
    with pytest.raises(ExportError, match="LibreOffice không tạo được PDF cho a.docx"):
        export.convert_to_pdf({"a.docx": b"PK"})


def test_windows_install_folder_is_searched(tmp_path, monkeypatch):
    program = tmp_path / "Program Files" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("VANBAN_SOFFICE", raising=False)
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "Program Files"))
    assert find_soffice() == program / "soffice.exe"
