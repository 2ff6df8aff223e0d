"""PDF export with LibreOffice, the manifest, and re-runs of `vanban build --pdf`."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA_2024, run_vanban
from pipeline import export
from pipeline.export import ExportError, find_soffice, page_count

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
