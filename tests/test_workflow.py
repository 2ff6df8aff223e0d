"""Small workflow faults: `templates check` on a new year without responses, the response
form written like any output (never replaced without --force, listed in the manifest)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import openpyxl
import pytest

from conftest import copy_data, run_vanban

FORM = "bieu-mau-bao-cao_ke-hoach_du-thao_kh-skhcn_2024.xlsx"


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return copy_data(tmp_path / "data")


def test_templates_check_works_on_a_new_year_without_responses(data):
    assert run_vanban("new-year", data / "2024", data / "2025").exit_code == 0
    result = run_vanban("templates", "check", data / "2025")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # the plan, its recipient list, the report, the reminder and the invitation: all fillable before any response
    assert lines[-1].startswith("Tổng cộng: 5 mẫu, 0 lỗi, ")
    assert "Chưa kiểm tra mẫu" not in result.output


def test_templates_check_still_fails_on_a_broken_template_of_a_new_year(data):
    assert run_vanban("new-year", data / "2024", data / "2025").exit_code == 0
    (data / "2025" / "ke_hoach" / "ke_hoach.docx").write_bytes(b"not a docx")
    result = run_vanban("templates", "check", data / "2025")
    assert result.exit_code == 1
    assert "không mở được tệp mẫu .docx" in result.output


def test_the_form_is_not_overwritten_without_force(data, tmp_path):
    out = tmp_path / "out"
    first = run_vanban("responses", "form", data / "2024", "-o", out)
    assert first.exit_code == 0, first.output
    assert first.output == f"Biểu mẫu {out / FORM}: mới\n"
    again = run_vanban("responses", "form", data / "2024", "-o", out)
    assert again.output == f"Biểu mẫu {out / FORM}: không đổi\n"
    book = openpyxl.load_workbook(out / FORM)
    book["Báo cáo"]["A4"] = "SO_YT"  # the clerk filled in a row
    book.save(out / FORM)
    edited = (out / FORM).read_bytes()
    refused = run_vanban("responses", "form", data / "2024", "-o", out)
    assert refused.exit_code == 1
    assert "không ghi đè khi chưa được phép (thêm --force để ghi đè)" in refused.output
    assert str(out / FORM) in refused.output
    assert (out / FORM).read_bytes() == edited
    forced = run_vanban("responses", "form", data / "2024", "-o", out, "--force")
    assert forced.exit_code == 0 and forced.output == f"Biểu mẫu {out / FORM}: ghi đè\n"
    assert (out / FORM).read_bytes() == (tmp_path / "out" / FORM).read_bytes() != edited


def test_the_build_writes_the_form_and_lists_it_in_the_manifest(data, tmp_path):
    out = tmp_path / "out"
    assert run_vanban("build", data / "2024", "-o", out).exit_code == 0
    with open(out / "danh_muc_tep.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["Tệp"]: row for row in csv.DictReader(stream)}
    assert rows[FORM]["Loại văn bản"] == "Biểu mẫu báo cáo kết quả"
    assert rows[FORM]["SHA-256"] == hashlib.sha256((out / FORM).read_bytes()).hexdigest()
    form_alone = run_vanban("responses", "form", data / "2024", "-o", out)
    assert form_alone.output == f"Biểu mẫu {out / FORM}: không đổi\n"  # the same bytes either way
    book = openpyxl.load_workbook(out / FORM)
    book["Báo cáo"]["A4"] = "SO_YT"
    book.save(out / FORM)
    refused = run_vanban("build", data / "2024", "-o", out)
    assert refused.exit_code == 1 and str(out / FORM) in refused.output
