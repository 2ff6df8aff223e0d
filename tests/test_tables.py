"""Tables that read well on paper (pipeline/render/tables.py) and data tables of a document
(pipeline/document/model/data_tables.py): XML of every bundled table, figures recomputed,
located errors for bad tables, and the 25-row task table over two pages."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA, ROOT, copy_data, run_vanban
from pipeline.common.errors import InputError, Location
from pipeline.document.model import Column, DataTable, GroupRow
from pipeline.render.tables import TEXT_WIDTH, table_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
METRICS = json.loads((ROOT / "pipeline" / "render" / "font_metrics.json").read_text(encoding="utf-8"))
EXAMPLE = "ke_hoach_nhiem_vu"
PLAN = "ke-hoach_du-thao_kh-skhcn_2024.docx"


def word_twips(word: str, half_points: int, bold: bool) -> float:
    """A word's width measured here from the metrics table (1/1000 em), independently of the renderer."""
    face = METRICS["bold" if bold else "regular"]
    return sum(face.get(ch, 1000) for ch in word) * half_points / 2 * 20 / 1000


def parse(xml: str) -> etree._Element:
    return etree.fromstring(xml.replace("<w:tbl>", f"<w:tbl {NS}>", 1))


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def tables_of(docx: Path) -> list[etree._Element]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [t for t in root.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle") is not None
            and t.find(f"{W}tblPr/{W}tblCellMar") is not None]


def assert_words_fit(table: etree._Element) -> None:
    """Every word of every cell fits on one line of its column (cell margins and rounding
    included), so no word is broken inside a syllable."""
    grid = [int(c.get(f"{W}w")) for c in table.iterfind(f"{W}tblGrid/{W}gridCol")]
    for row in table.iterfind(f"{W}tr"):
        cells = row.findall(f"{W}tc")
        if len(cells) != len(grid):
            continue  # a merged group row spans the whole table
        for width, cell in zip(grid, cells):
            for run in cell.iter(f"{W}r"):
                size = int(run.find(f"{W}rPr/{W}sz").get(f"{W}val"))
                bold = run.find(f"{W}rPr/{W}b") is not None
                for word in text(run).split():
                    assert word_twips(word, size, bold) + 2 * 108 <= width, (word, width)


# --------------------------------------------------------------------------- the renderer

TASKS = DataTable(
    header=["TT", "Nội dung", "Số lượng", "Địa chỉ"],
    rows=[GroupRow("I. NHÓM MỘT"), ["1", "Khen thưởng tập thể", "1.234,5", ""], ["2", "Hội thảo", "12", ""],
          ["", "Tổng cộng", "1.246,5", ""]],
    columns=[Column("center"), Column("left"), Column("right"), Column("left", optional=True)],
    total_row=True)


def test_header_repeated_rows_whole_widths_fill_the_line_and_numbers_right():
    tbl = parse(table_xml(TASKS, "TableGrid"))
    rows = tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert [r.find(f"{W}trPr/{W}tblHeader") for r in rows[1:]] == [None] * 4
    grid = [int(c.get(f"{W}w")) for c in tbl.iterfind(f"{W}tblGrid/{W}gridCol")]
    assert len(grid) == 3 and sum(grid) == TEXT_WIDTH  # the empty optional «Địa chỉ» is left out
    assert [text(c) for c in rows[0].findall(f"{W}tc")] == ["TT", "Nội dung", "Số lượng"]
    number = rows[2].findall(f"{W}tc")[2]
    assert text(number) == "1.234,5" and number.find(f".//{W}jc").get(f"{W}val") == "right"
    assert rows[2].findall(f"{W}tc")[0].find(f".//{W}jc").get(f"{W}val") == "center"
    assert_words_fit(tbl)


def test_group_row_is_merged_across_all_columns_bold_and_kept_with_the_next_row():
    tbl = parse(table_xml(TASKS, "TableGrid"))
    group = tbl.findall(f"{W}tr")[1]
    [cell] = group.findall(f"{W}tc")
    assert cell.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "3"
    assert text(cell) == "I. NHÓM MỘT" and cell.find(f".//{W}b") is not None
    assert cell.find(f".//{W}keepNext") is not None
    total = tbl.findall(f"{W}tr")[-1]
    assert all(c.find(f".//{W}rPr/{W}b") is not None for c in total.findall(f"{W}tc"))


def test_a_wide_table_shrinks_its_font_only_as_much_as_needed():
    wide = DataTable(header=[f"Số thưởng{i}" for i in range(9)], rows=[["1"] * 9], columns=[Column("right")] * 9)
    tbl = parse(table_xml(wide, "TableGrid"))
    assert {s.get(f"{W}val") for s in tbl.iter(f"{W}sz")} == {"21"}  # 10,5 pt: at 11 pt «thưởng0» × 9 is too wide
    longest = word_twips("thưởng0", 22, True) + 2 * 108 + 40  # margins and the rounding slack
    assert 9 * longest > TEXT_WIDTH
    assert_words_fit(tbl)
    narrow = DataTable(header=["TT", "Tên"], rows=[["1", "Sở Y tế"]], columns=[Column("center"), Column()])
    assert {s.get(f"{W}val") for s in parse(table_xml(narrow, "TableGrid")).iter(f"{W}sz")} == {"24"}


def test_a_table_too_wide_even_at_9_pt_is_a_located_error(tmp_path):
    where = DataTable(header=["Tiêu đề"] * 40, rows=[["Khenthưởngtậpthể"] * 40], columns=[Column()] * 40,
                      location=Location(tmp_path / "bang.csv"))
    with pytest.raises(InputError) as error:
        table_xml(where, "TableGrid")
    assert "bảng quá rộng cho trang giấy" in str(error.value) and "bang.csv" in str(error.value)


def test_a_declared_width_is_kept():
    fixed = DataTable(header=["TT", "Nội dung"], rows=[["1", "Việc"]], columns=[Column("center", 20), Column()])
    grid = [int(c.get(f"{W}w")) for c in parse(table_xml(fixed, "TableGrid")).iterfind(f"{W}tblGrid/{W}gridCol")]
    assert grid[0] == round(20 * 1440 / 25.4) and sum(grid) == TEXT_WIDTH


# --------------------------------------------------------------------------- bundled documents

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    data = copy_data(tmp_path_factory.mktemp("data"))
    out = tmp_path_factory.mktemp("out")
    for folder in (data / "2024", data / "examples" / "ubnd_nghe_an", data / "examples" / EXAMPLE):
        result = run_vanban("build", folder, "--output", out / folder.name)
        assert result.exit_code == 0, result.output
    return out


def test_no_word_broken_and_no_empty_column_in_any_bundled_table(built):
    docs = sorted(built.rglob("*.docx"))
    seen = 0
    for docx in docs:
        for tbl in tables_of(docx):
            seen += 1
            assert_words_fit(tbl)
            rows = tbl.findall(f"{W}tr")
            assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
            assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
            width = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
            body = [r.findall(f"{W}tc") for r in rows[1:] if len(r.findall(f"{W}tc")) == width]
            for column in range(width):
                assert any(text(cells[column]).strip() for cells in body), (docx.name, column)
    assert seen >= 6  # report: 2, recipient lists: 2, example plan: 2


def test_recipient_list_prints_no_empty_address_or_email_column(built):
    [tbl] = tables_of(built / "2024" / ("phu-luc-noi-nhan_" + PLAN))
    assert [text(c) for c in tbl.find(f"{W}tr").findall(f"{W}tc")] == ["STT", "Tên đơn vị"]


def test_report_table_contents_unchanged_numbers_right_aligned(built):
    report = built / "2024" / "bao-cao_du-thao_bc-skhcn_2024.docx"  # the table report (not the narrative one)
    status, results = tables_of(report)
    header = [text(c) for c in results.find(f"{W}tr").findall(f"{W}tc")]
    assert header[:4] == ["TT", "Khối đơn vị", "Phải báo cáo", "Đã báo cáo"] and len(header) == 11
    total = [text(c) for c in results.findall(f"{W}tr")[-1].findall(f"{W}tc")]
    assert total[:3] == ["", "Tổng cộng", "57"]
    jcs = [c.find(f".//{W}jc").get(f"{W}val") for c in results.findall(f"{W}tr")[1].findall(f"{W}tc")]
    assert jcs == ["center", "left"] + ["right"] * 9


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_example_plan_tables_groups_and_total_recomputed(built):
    tasks, money = tables_of(built / EXAMPLE / PLAN)
    source = read_csv(DATA / "examples" / EXAMPLE / "ke_hoach" / "nhiem_vu.csv")
    data_rows = [r for r in source[1:] if r[0] == ""]
    assert len(data_rows) == 25
    rows = tasks.findall(f"{W}tr")
    groups = [text(r) for r in rows if len(r.findall(f"{W}tc")) == 1]
    assert groups == [r[2] for r in source if r[0] == "nhóm"] and len(groups) == 4
    assert [text(c) for c in rows[0].findall(f"{W}tc")] == source[0][1:]  # «Loại dòng» not printed
    figures = read_csv(DATA / "examples" / EXAMPLE / "ke_hoach" / "kinh_phi.csv")
    expected = sum(Decimal(r[3].replace(".", "").replace(",", ".")) for r in figures if r[0] == "")
    total = [text(c) for c in money.findall(f"{W}tr")[-1].findall(f"{W}tc")]
    assert total == ["", "Tổng cộng", f"{expected:,}".replace(",", " ").replace(".", ",").replace(" ", ".")]
    assert total[2] == "1.656,25"
    assert "Ghi chú của người lập" not in text(money)
    intro = tasks.getprevious()  # «Các nhiệm vụ … như sau:» stays on the page of the table's first rows
    assert text(intro).startswith("Các nhiệm vụ") and intro.find(f"{W}pPr/{W}keepNext") is not None


def test_task_table_spans_two_pages_with_the_header_repeated(built, tmp_path):
    soffice = os.environ.get("VANBAN_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        if os.environ.get("CI"):  # .ci/run installs both
            pytest.fail("LibreOffice and pdftotext are required in CI")
        pytest.skip("LibreOffice or pdftotext not installed")
    docx = built / EXAMPLE / PLAN
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / (docx.stem + ".pdf")), "-"],
                          check=True, capture_output=True, text=True, encoding="utf-8").stdout
    pages = text.split("\f")
    header = ("TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian")
    for page in pages[:2]:
        line = next(line for line in page.splitlines() if "Đơn vị chủ trì" in line)
        assert all(word in line for word in header), line
    assert "Nâng cấp hạ tầng" in pages[0] and "Sơ kết, đánh giá" in pages[1]
    assert "Nâng cấp hạ tầng" not in pages[1] and "Sơ kết, đánh giá" not in pages[0]


# --------------------------------------------------------------------------- bad tables

def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


@pytest.fixture
def example(tmp_path) -> Path:
    data = copy_data(tmp_path / "data")
    return data / "examples" / EXAMPLE / "ke_hoach"


def build_error(folder: Path, tmp_path: Path) -> str:
    result = run_vanban("build", folder, "--output", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert not list(tmp_path.glob("out/*.docx"))  # nothing written
    return result.output


def test_ragged_row_is_located(example, tmp_path):
    path = example / "kinh_phi.csv"
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    lines[4] = ",3,Nguồn xã hội hóa"  # a missing separator: two cells short
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    out = build_error(example, tmp_path)
    assert "kinh_phi.csv, dòng 5" in out and "chỉ có 3 ô nhưng dòng tiêu đề có 5 cột" in out


def test_number_column_with_text_is_located(example, tmp_path):
    rows = read_csv(example / "kinh_phi.csv")
    rows[3][3] = "khoảng 300"
    write_csv(example / "kinh_phi.csv", rows)
    out = build_error(example, tmp_path)
    assert "kinh_phi.csv, dòng 4, cột «Năm 2024»" in out and "cột số" in out and "«khoảng 300»" in out


def test_total_that_does_not_add_up_is_located(example, tmp_path):
    rows = read_csv(example / "kinh_phi.csv")
    rows[-1][3] = "1.656"
    write_csv(example / "kinh_phi.csv", rows)
    out = build_error(example, tmp_path)
    assert "kinh_phi.csv, dòng 6, cột «Năm 2024»" in out
    assert "ghi 1.656 nhưng cộng các dòng 3–5 được 1.656,25" in out


def test_a_right_total_is_accepted(example, tmp_path):
    rows = read_csv(example / "kinh_phi.csv")
    rows[-1][3] = "1.656,25"
    write_csv(example / "kinh_phi.csv", rows)
    assert run_vanban("build", example, "--output", tmp_path / "out").exit_code == 0


def test_unknown_table_name_lists_the_tables(example, tmp_path):
    rows = read_csv(example / "noi_dung.csv")
    rows[6][2] = "nhiem_vu_2024"
    write_csv(example / "noi_dung.csv", rows)
    out = build_error(example, tmp_path)
    assert "noi_dung.csv, dòng 7, cột «Nội dung»" in out and "không có bảng «nhiem_vu_2024»" in out
    assert "«kinh_phi», «nhiem_vu»" in out


@pytest.mark.parametrize("kind, column, value, message", [
    ("kiểu", 3, "tiền", "kiểu cột «tiền» không có"),
    ("rộng", 2, "200", "độ rộng cột «200» không hợp lệ"),
    ("canh", 2, "đều", "cách canh «đều» không có"),
])
def test_bad_column_declarations_are_located(example, tmp_path, kind, column, value, message):
    rows = read_csv(example / "kinh_phi.csv")
    if kind != "kiểu":  # the table has a «kiểu» row (line 2) and no other
        rows.insert(2, [kind, "", "", "", ""])
    line = 2 if kind == "kiểu" else 3
    rows[line - 1][column] = value
    write_csv(example / "kinh_phi.csv", rows)
    out = build_error(example, tmp_path)
    assert f"kinh_phi.csv, dòng {line}, cột «{rows[0][column]}»" in out and message in out


def test_a_second_declaration_row_and_an_unknown_row_kind_are_located(example, tmp_path):
    rows = read_csv(example / "kinh_phi.csv")
    write_csv(example / "kinh_phi.csv", rows[:2] + [["kiểu", "", "", "", ""]] + rows[2:])
    assert "kinh_phi.csv, dòng 3, cột «Loại dòng» (ô A3): bảng đã có một dòng «kiểu» ở dòng 2" in build_error(example, tmp_path)
    rows[2][0] = "dòng thường"
    write_csv(example / "kinh_phi.csv", rows)
    assert "dòng 3, cột «Loại dòng» (ô A3): loại dòng «dòng thường» không có" in build_error(example, tmp_path)


def test_total_row_must_be_last_and_a_group_row_names_one_cell(example, tmp_path):
    rows = read_csv(example / "kinh_phi.csv")
    write_csv(example / "kinh_phi.csv", rows + [["", "4", "Nguồn khác", "5", ""]])
    assert "dòng 6, cột «Loại dòng» (ô A6): dòng tổng phải là dòng cuối của bảng" in build_error(example, tmp_path)
    write_csv(example / "kinh_phi.csv", rows[:2] + [["nhóm", "I", "Ngân sách", "", ""]] + rows[2:])
    assert "dòng 3, cột «Loại dòng» (ô A3): dòng nhóm ghi đúng một ô (tên nhóm), dòng này có 2 ô" in \
        build_error(example, tmp_path)


def test_a_workbook_number_cell_is_read_as_excel_stores_it(tmp_path):
    """1.234 stored as a number in Excel is one point two three four, not 1234 (the text «1.234»)."""
    import openpyxl
    from pipeline.data.tables import Source
    from pipeline.document.model.data_tables import read_data_table
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "so_lieu"
    for row in [["Loại dòng", "Nội dung", "Giá trị"], ["kiểu", "chữ", "số"], ["", "a", 1.234], ["", "b", "1.234"],
                ["tổng", "Cộng", None]]:
        sheet.append(row)
    book.save(tmp_path / "van_ban.xlsx")
    table = read_data_table(Source(tmp_path / "van_ban.xlsx"), "so_lieu")
    assert [row[1] for row in table.rows] == ["1,234", "1.234", "1.235,234"] and table.total_row


def test_an_address_column_is_printed_once_a_unit_has_one(tmp_path):
    data = copy_data(tmp_path / "data")
    rows = read_csv(data / "don_vi.csv")
    header = rows[0]
    unit = next(r for r in rows[1:] if r[header.index("Tên đầy đủ")] == "Sở Y tế tỉnh Thanh Hóa")
    unit[header.index("Địa chỉ")] = "101 Nguyễn Trãi, phường Ba Đình, thành phố Thanh Hóa"
    write_csv(data / "don_vi.csv", rows)
    assert run_vanban("build", data / "2024" / "ke_hoach", "--output", tmp_path / "out").exit_code == 0
    [tbl] = tables_of(tmp_path / "out" / ("phu-luc-noi-nhan_" + PLAN))
    assert [text(c) for c in tbl.find(f"{W}tr").findall(f"{W}tc")] == ["STT", "Tên đơn vị", "Địa chỉ"]
    assert_words_fit(tbl)
