"""Bad files never crash: damaged packages give the located Vietnamese error, outputs are
checked whole before they are written, number-formatted codes keep their zeros, counts
are bounded per indicator and summed exactly."""

from __future__ import annotations

import csv
import io
import shutil
import warnings
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, DATA_2024, PLAN_2024, TEMPLATES, copy_registry, run_vanban
from pipeline.results.aggregate import summarise
from pipeline.common.errors import InputError, TemplateProblem
from pipeline.data.indicators import DEFAULT_MAXIMUM, Indicator, load_indicators
from pipeline.data.tables import Source
from pipeline.results.facts import load_document
from pipeline.common.package import PackageProblem, check_package, repeatable_zip
from pipeline.data.registry import load_registry
from pipeline.render.docx import TemplateFile, render_document
from pipeline.results.responses import ResponseErrors, form_headers, read_responses

REGISTRY = load_registry(DATA)


def rebuilt(data: bytes, replace: dict[str, bytes] | None = None, twice: str | None = None) -> bytes:
    """``data`` (a zip) with parts replaced, and ``twice`` stored a second time under the same name."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info)))
        if twice:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # zipfile warns about the duplicate: that is the point
                target.writestr(twice, source.read(twice))
    return out.getvalue()


def workbook_bytes(rows: list[list], sheet: str = "Sheet1") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GARBAGE = b"<worksheet><sheetData><row><c>\x00 not xml"
XLSX = workbook_bytes([["a"]])
DAMAGED_XLSX = {
    "truncated": (XLSX[:len(XLSX) // 2], "tệp có thể đã đặt mật khẩu, bị hỏng, không trọn vẹn"),
    "garbage sheet": (rebuilt(XLSX, {"xl/worksheets/sheet1.xml": GARBAGE}),
                      "phần «xl/worksheets/sheet1.xml» trong tệp không phải XML hợp lệ (dòng 1, cột "),
    "two entries": (rebuilt(XLSX, twice="xl/worksheets/sheet1.xml"),
                    "tệp có hai phần cùng tên «xl/worksheets/sheet1.xml» bên trong"),
    "bad checksum": (XLSX.replace(b"xl/styles.xml", b"xl/styles.xml", 1)[:-200] + bytes(200),
                     "tệp có thể đã đặt mật khẩu, bị hỏng, không trọn vẹn"),
}


@pytest.mark.parametrize("kind", list(DAMAGED_XLSX))
def test_check_package_names_the_damage(kind):
    data, message = DAMAGED_XLSX[kind]
    with pytest.raises(PackageProblem, match=".") as caught:
        check_package(data)
    assert message in str(caught.value)


def test_a_sound_package_passes():
    check_package(XLSX)
    check_package((TEMPLATES / "ke_hoach.docx").read_bytes())


@pytest.mark.parametrize("kind", list(DAMAGED_XLSX))
def test_a_damaged_plan_workbook_is_a_located_error(tmp_path, kind):
    data, message = DAMAGED_XLSX[kind]
    copy_registry(tmp_path / "data")
    book = tmp_path / "data" / "2024" / "ke_hoach.xlsx"
    book.parent.mkdir()
    book.write_bytes(data)
    result = run_vanban("build", book.parent, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"Lỗi: tệp {book}: không đọc được tệp Excel: " in result.output
    assert message in result.output
    assert "hãy mở tệp bằng Excel và lưu lại dạng .xlsx" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", list(DAMAGED_XLSX))
def test_a_damaged_registry_workbook_is_a_located_error(tmp_path, kind):
    data, message = DAMAGED_XLSX[kind]
    (tmp_path / "don_vi.xlsx").write_bytes(data)
    with pytest.raises(InputError) as caught:
        load_registry(tmp_path / "don_vi.xlsx")
    assert str(caught.value).startswith(f"tệp {tmp_path / 'don_vi.xlsx'}: không đọc được tệp Excel: ")
    assert message in str(caught.value)


@pytest.mark.parametrize("kind", list(DAMAGED_XLSX))
def test_a_damaged_returned_file_is_a_problem_of_that_file_only(tmp_path, kind):
    data, message = DAMAGED_XLSX[kind]
    folder = tmp_path / "responses"
    folder.mkdir()
    (folder / "a_hong.xlsx").write_bytes(data)
    indicators = load_indicators(Source(PLAN_2024))
    good = [form_headers(indicators), ["SO_YT", "Sở Y tế", *["1"] * len(indicators), "", "20/05/2024", ""]]
    (folder / "b_tot.xlsx").write_bytes(workbook_bytes(good))
    with pytest.raises(ResponseErrors) as caught:
        read_responses(folder, indicators, REGISTRY)
    [problem] = caught.value.problems
    assert problem.location.file == folder / "a_hong.xlsx"
    assert message in problem.message


@pytest.mark.parametrize("kind, replace, twice, message", [
    ("broken document.xml", {"word/document.xml": b"<w:document><w:body><w:p>"}, None,
     "phần «word/document.xml» trong tệp không phải XML hợp lệ"),
    ("two styles.xml", None, "word/styles.xml", "tệp có hai phần cùng tên «word/styles.xml» bên trong"),
    ("truncated", None, None, "tệp có thể đã đặt mật khẩu, bị hỏng, không trọn vẹn"),
])
def test_a_damaged_template_is_a_clear_template_problem(tmp_path, kind, replace, twice, message):
    source = (TEMPLATES / "ke_hoach.docx").read_bytes()
    data = source[:len(source) // 3] if kind == "truncated" else rebuilt(source, replace, twice)
    path = tmp_path / "ke_hoach.docx"
    path.write_bytes(data)
    with pytest.raises(TemplateProblem) as caught:
        TemplateFile(path)
    assert str(caught.value).startswith(f"mẫu {path}: không mở được tệp mẫu .docx: ")
    assert message in str(caught.value)
    assert "hãy mở mẫu bằng Word rồi lưu lại" in str(caught.value)
    plan = tmp_path / "data" / "2024" / "ke_hoach"
    shutil.copytree(PLAN_2024, plan)
    copy_registry(tmp_path / "data")
    shutil.copy(path, plan / "ke_hoach.docx")  # the agency's own template, beside the data
    result = run_vanban("build", plan, "-o", tmp_path / "out")
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_output_with_two_entries_of_one_name_is_refused_before_writing():
    rendered = render_document(load_document(PLAN_2024), TEMPLATES / "ke_hoach.docx")
    check_package(rendered)
    with pytest.raises(PackageProblem, match="hai phần cùng tên «word/document.xml»"):
        repeatable_zip(rebuilt(rendered, twice="word/document.xml"), datetime(2024, 1, 1))
    with pytest.raises(PackageProblem, match="«word/footnotes.xml» trong tệp không phải XML hợp lệ"):
        repeatable_zip(rebuilt(rendered, {"word/footnotes.xml": b"<a><b></a>"}), datetime(2024, 1, 1))


def test_a_render_whose_result_is_not_sound_is_a_template_problem(monkeypatch, tmp_path):
    """Where the .docx bytes are produced, the check runs: a broken result is not returned."""
    import pipeline.render.docx as render
    from pipeline.render.footnotes import footnotes_part

    def broken_footnotes(document, *args):
        footnotes_part(document)._blob = b"<a><b></a>"

    monkeypatch.setattr(render, "add_footnotes", broken_footnotes)
    with pytest.raises(TemplateProblem, match="văn bản điền từ mẫu này bị hỏng nên không ghi .*«word/footnotes.xml» "
                                              "trong tệp không phải XML hợp lệ"):
        render_document(load_document(PLAN_2024), TEMPLATES / "ke_hoach.docx")


# --------------------------------------------------------------------------- codes kept as numbers


def registry_workbook(path: Path, change) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in ("khoi_don_vi", "don_vi"):
        sheet = book.create_sheet(name)
        with open(DATA / f"{name}.csv", encoding="utf-8-sig", newline="") as stream:
            for row in csv.reader(stream):
                sheet.append([value if value != "" else None for value in row])
    change(book["don_vi"])
    book.save(path)
    return path


def test_numeric_codes_formatted_with_zeros_keep_them(tmp_path):
    def change(sheet):
        group = sheet.cell(2, 4).value
        for code, number_format in ((7, "000"), (42, "00000"), (1234, "0")):
            sheet.append([code, f"Đơn vị thử {code}", f"ĐV {code}", group])
            sheet.cell(sheet.max_row, 1).number_format = number_format

    registry = load_registry(registry_workbook(tmp_path / "don_vi.xlsx", change))
    assert {"007", "00042", "1234"} <= set(registry.units)
    assert registry.units["007"].full_name == "Đơn vị thử 7"
    assert set(load_registry(DATA).units) < set(registry.units)


# --------------------------------------------------------------------------- counts


def indicators_with(tmp_path: Path, maximum: str) -> list[Indicator]:
    plan = tmp_path / "ke_hoach"
    shutil.copytree(PLAN_2024, plan)
    path = plan / "chi_tieu.csv"
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[0].append("Tối đa")
    rows[1].append(maximum)
    for row in rows[2:]:
        row.append("")
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return load_indicators(Source(plan))


def test_maximum_column_and_its_default(tmp_path):
    indicators = indicators_with(tmp_path, "1.000")
    assert indicators[0].maximum == 1000
    assert [i.maximum for i in indicators[1:]] == [DEFAULT_MAXIMUM] * (len(indicators) - 1)
    assert DEFAULT_MAXIMUM == 1_000_000


@pytest.mark.parametrize("typed", ["0", "-5", "abc", "2,5", "10000000000000"])
def test_a_bad_maximum_is_refused_with_its_location(tmp_path, typed):
    with pytest.raises(InputError) as caught:
        indicators_with(tmp_path, typed)
    assert caught.value.location.row == 2 and caught.value.location.column == "Tối đa"
    assert "cần một số nguyên từ 1 đến 1.000.000.000.000" in caught.value.message


def returned(folder: Path, indicators, values: list) -> Path:
    folder.mkdir(exist_ok=True)
    rows = [form_headers(indicators), ["SO_YT", "Sở Y tế", *values, "", "20/05/2024", ""]]
    path = folder / "so_y_te.xlsx"
    path.write_bytes(workbook_bytes(rows))
    return path


@pytest.mark.parametrize("value, shown", [(10**15, "1000000000000000"), (1001, "1001"), ("1.001", "1.001"),
                                          (2.0**60, "1152921504606846976")])
def test_counts_beyond_the_maximum_are_refused_with_the_location(tmp_path, value, shown):
    indicators = indicators_with(tmp_path, "1000")
    path = returned(tmp_path / "responses", indicators, [value] + [0] * (len(indicators) - 1))
    with pytest.raises(ResponseErrors) as caught:
        read_responses(tmp_path / "responses", indicators, REGISTRY)
    [problem] = caught.value.problems
    assert (problem.location.file, problem.location.row, problem.location.column) == \
        (path, 2, indicators[0].header)
    assert problem.message == (f"«{shown}» lớn hơn mức tối đa 1.000 {indicators[0].unit} một đơn vị có thể báo cáo "
                               "cho chỉ tiêu này (cột «Tối đa» của bảng chi_tieu); có phải gõ nhầm?")


def test_counts_are_exact_integers_and_totals_exact_beyond_float_precision(tmp_path):
    indicators = [Indicator("a", "Số bài", "bài", 10**12)]
    big = 999_999_999_999
    folder = tmp_path / "responses"
    folder.mkdir()
    codes = ["SO_YT", "SO_TC", "SO_XD"]
    rows = [form_headers(indicators)]
    for code in codes:
        unit = REGISTRY.units[code]
        rows.append([code, unit.full_name, big, "", "20/05/2024", ""])
    (folder / "tong_hop.xlsx").write_bytes(workbook_bytes(rows))
    responses = read_responses(folder, indicators, REGISTRY)
    assert [type(r.values["a"]) for r in responses.responses] == [int] * 3
    expected = [REGISTRY.units[code] for code in codes]
    summary = summarise(expected, responses, indicators, REGISTRY, date(2024, 5, 25), 2024)
    assert summary.total("a") == 3 * big == 2_999_999_999_997
    assert str(summary.units["a"].dtype) == "int64" and str(summary.totals["a"].dtype) == "int64"


def test_a_fraction_is_kept_exact_and_refused_by_the_aggregation(tmp_path):
    indicators = [Indicator("a", "Số bài", "bài")]
    folder = tmp_path / "responses"
    returned(folder, indicators, ["2,5"])
    responses = read_responses(folder, indicators, REGISTRY)
    assert responses.responses[0].values["a"] == Decimal("2.5")
    with pytest.raises(InputError, match="là số đếm, phải là số nguyên"):
        summarise([REGISTRY.units["SO_YT"]], responses, indicators, REGISTRY, date(2024, 5, 25), 2024)


# --------------------------------------------------------------------------- other bad inputs


def test_a_bom_in_the_middle_of_a_csv_is_refused_with_its_location(tmp_path):
    plan = tmp_path / "data" / "2024" / "ke_hoach"
    shutil.copytree(PLAN_2024, plan)
    copy_registry(tmp_path / "data")
    path = plan / "danh_muc.csv"
    path.write_bytes(path.read_bytes() + "\ufeffchủ đề,Thêm một chủ đề\r\n".encode("utf-8"))
    rows = path.read_bytes().count(b"\n")
    result = run_vanban("build", plan, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"Lỗi: tệp {path}, dòng {rows}, cột «Tên» (ô A{rows}): ô này có ký tự điều khiển không in được " \
           "(mã U+FEFF" in result.output


def test_malformed_utf8_in_a_returned_csv_is_read_as_windows_1258_or_located(tmp_path):
    folder = tmp_path / "responses"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"\xef\xbb\xbfM\xc3\xa3 \xc4\x91\xc6\xa1n v\xe1\xbb\x8b\n\xff\xfe\x00x\n")
    with pytest.raises(ResponseErrors) as caught:
        read_responses(folder, load_indicators(Source(PLAN_2024)), REGISTRY)
    [problem] = caught.value.problems
    assert problem.location.file == folder / "a.csv" and "Traceback" not in str(problem)


def test_the_bundled_year_still_builds(tmp_path):
    shutil.copytree(DATA_2024, tmp_path / "data" / "2024")
    copy_registry(tmp_path / "data")
    assert run_vanban("build", tmp_path / "data" / "2024", "-o", tmp_path / "out").exit_code == 0
