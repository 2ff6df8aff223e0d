"""A report's structure is data: body rows that repeat over the results' blocks
(``Lặp theo``, ``Chỉ khi có``, ``Sắp xếp``), counts written with two digits, text-only
indicators from the form to the report, and figures refused when they are not the sum
of their parts."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from conftest import copy_data
from pipeline.common.errors import InputError
from pipeline.data.tables import Source
from pipeline.document.model import Column, DataTable
from pipeline.document.model.blocks import Block, Record, check_sums, check_total_row
from pipeline.results.facts import load_documents
from pipeline.results.form import LAST_DATA_ROW, form_bytes
from pipeline.data.indicators import load_indicators

HEADER = ["Cấp", "In đậm", "Lặp theo", "Chỉ khi có", "Sắp xếp", "Nội dung"]


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _report(tmp_path: Path, body: list[list[str]], two_digits: bool = False) -> list[str]:
    """Build the 2024 table report's data with ``body`` as its noi_dung; its paragraph texts."""
    data = tmp_path / "data"
    if not data.exists():
        copy_data(data)
    report = data / "2024" / "bao_cao"
    _write_csv(report / "noi_dung.csv", [HEADER, *body])
    general = report / "thong_tin_chung.csv"
    text = general.read_text(encoding="utf-8-sig")
    if two_digits and "Số đếm hai chữ số" not in text:
        general.write_text(text.rstrip("\r\n") + "\r\nSố đếm hai chữ số,x\r\n", encoding="utf-8-sig")
    document = load_documents(report)[0]
    return ["".join(getattr(piece, "text", "") for piece in p.pieces) for p in document.body if p.table is None]


def test_a_row_repeats_per_unit_filtered_and_ordered(tmp_path):
    lines = _report(tmp_path, [
        ["", "", "đơn vị", "hoi_thao", "hoi_thao giảm dần", "{thứ tự}. {đơn vị} ({khối}): {hoi_thao}{dấu kết}"],
    ])
    assert lines[0] == "1. Sở Nội vụ (Các sở, ban, ngành cấp tỉnh): 3;"
    assert lines[-1] == "27. Trường ĐH Hồng Đức (Các trường đại học, cao đẳng): 1."
    counts = [int(re.search(r": (\d+)[;.]$", line).group(1)) for line in lines]
    assert len(lines) == 27 and 0 not in counts and counts == sorted(counts, reverse=True)


def test_nested_rows_repeat_inside_each_record_with_two_digit_counts(tmp_path):
    lines = _report(tmp_path, [
        ["1.", "", "khối", "", "", "{khối}: {đã báo cáo}/{phải báo cáo}, hội thảo {hoi_thao}"],
        ["-", "", "khối > đơn vị chưa báo cáo", "", "", "chưa báo cáo: {đơn vị}"],
    ], two_digits=True)
    assert lines[0] == "Các sở, ban, ngành cấp tỉnh: 12/19, hội thảo 17"
    assert lines[1] == "chưa báo cáo: Ban Dân tộc"
    assert "Các hội, hiệp hội: 03/03, hội thảo 03" in lines
    assert sum(line.startswith("chưa báo cáo: ") for line in lines) == 21


def test_a_unit_paragraph_lists_what_it_did(tmp_path):
    lines = _report(tmp_path, [
        ["", "", "đơn vị", "", "", "**{tên đơn vị}** (gửi ngày {ngày gửi}, {tình hình}):"],
        ["-", "", "đơn vị > hoạt động", "", "", "{loại hoạt động}: {số lượng} {đơn vị tính}"],
    ])
    start = lines.index("Sở Tư pháp tỉnh Thanh Hóa (gửi ngày 21/5/2024, đúng hạn):")
    # so_tu_phap.xlsx: hoi_thao 2, bai_viet 5, bang_ron 5, van_nghe 4, khen_tap_the 0, khen_ca_nhan 6, khac 2
    assert lines[start + 1:start + 7] == [
        "hội thảo, tọa đàm khoa học: 2 cuộc", "bài viết, tin bài, phóng sự: 5 bài",
        "băng rôn, khẩu hiệu đã treo: 5 cái", "hoạt động văn hóa, văn nghệ, thể thao: 4 hoạt động",
        "cá nhân được khen thưởng: 6 cá nhân", "hoạt động khác: 2 hoạt động"]


def test_a_join_row_continues_the_paragraph_above(tmp_path):
    lines = _report(tmp_path, [
        ["1.", "", "loại hoạt động", "tổng", "", "**{loại hoạt động}** ({tổng} {đơn vị tính}):"],
        ["nối", "", "loại hoạt động > đơn vị", "", "số lượng giảm dần", "{đơn vị} ({số lượng}){dấu phẩy}"],
    ], two_digits=True)
    assert len(lines) == 7
    assert lines[0].startswith("hội thảo, tọa đàm khoa học (51 cuộc): Sở Nội vụ (03), Sở Y tế (03), ")
    assert lines[0].endswith(", Trường ĐH Hồng Đức (01).")
    assert lines[0].count("(") == 1 + 27


def test_a_join_row_needs_a_paragraph_above(tmp_path):
    with pytest.raises(InputError, match="dòng 2, cột «Cấp».*phía trên không có đoạn văn nào"):
        _report(tmp_path, [["nối", "", "", "", "", "{số đơn vị đã báo cáo}"]])


@pytest.mark.parametrize("row, column, message", [
    (["", "", "loại hoạt đông", "", "", "{tổng}"], "Lặp theo", "không có khối lặp «loại hoạt đông»"),
    (["", "", "loại hoạt động > khối", "", "", "{tổng}"], "Lặp theo", "không có khối con «khối»"),
    (["", "", "loại hoạt động", "", "", "{tong}"], "Nội dung", "«tong»"),
    (["", "", "loại hoạt động", "so don vi", "", "{tổng}"], "Chỉ khi có", "không có trường «so don vi»"),
    (["", "", "loại hoạt động", "", "tổng lớn dần", "{tổng}"], "Sắp xếp", "giảm dần"),
])
def test_a_bad_block_row_is_located(tmp_path, row, column, message):
    with pytest.raises(InputError) as error:
        _report(tmp_path, [row])
    assert f"dòng 2, cột «{column}»" in str(error.value)
    assert message in str(error.value)


def test_a_bad_level_in_a_block_with_no_record_is_still_refused(tmp_path):
    # «ghi bằng lời» selects no record in the sample responses: the row never prints,
    # yet its wrong «Cấp» must show now, not the day a unit writes a text answer
    with pytest.raises(InputError) as error:
        _report(tmp_path, [["Z.", "", "loại hoạt động", "ghi bằng lời", "", "{loại hoạt động}"]])
    assert "dòng 2, cột «Cấp»" in str(error.value) and "cấp «Z.» không hợp lệ" in str(error.value)


def test_a_table_whose_total_is_not_the_sum_is_refused(tmp_path):
    table = DataTable(["TT", "Khối", "Số"], [["1", "A", "07"], ["2", "B", "1.200"], ["", "Tổng cộng", "1.207"]],
                      [Column("center"), Column("left"), Column("right")], total_row=True)
    row = Source(_body_file(tmp_path)).table("noi_dung", ["Cấp", "Nội dung"]).rows[0]
    check_total_row(row, table)  # 7 + 1.200 = 1.207; «TT» (blank total) and «Khối» are not added up
    table.rows[0][2] = "09"
    with pytest.raises(InputError, match=r"dòng 2, cột «Nội dung» \(ô B2\): bảng «kết quả theo khối», cột «Số»: dòng tổng "
                                         r"cộng ghi 1\.207 nhưng cộng các dòng được 1\.209"):
        check_total_row(row, table)


def _body_file(tmp_path: Path) -> Path:
    folder = tmp_path / "doc"
    folder.mkdir()
    _write_csv(folder / "noi_dung.csv", [["Cấp", "Nội dung"], ["bảng", "kết quả theo khối"]])
    return folder


TEXT_INDICATOR = ["viec_da_lam", "Những việc khác đã làm", "", "chữ"]


def _with_text_indicator(tmp_path: Path) -> Path:
    """The bundled data, the plan with a text-only indicator, and two units' forms filled in."""
    data = copy_data(tmp_path / "data")
    plan = data / "2024" / "ke_hoach"
    rows = list(csv.reader(io.StringIO((plan / "chi_tieu.csv").read_text(encoding="utf-8-sig"))))
    _write_csv(plan / "chi_tieu.csv", [rows[0] + ["Kiểu"], *(row + [""] for row in rows[1:]), TEXT_INDICATOR])
    indicators = load_indicators(Source(plan))
    responses = data / "2024" / "responses"
    for path in responses.iterdir():
        if path.suffix in (".xlsx", ".csv"):
            path.unlink()
    for code, name, seminars, words in (
            ("SO_TP", "Sở Tư pháp", 2, "Thi tìm hiểu pháp luật về sở hữu trí tuệ"),
            ("SO_YT", "Sở Y tế", 0, "Ra mắt phần mềm đặt lịch khám\nvà tư vấn từ xa"),
            ("SO_XD", "Sở Xây dựng", 1, "")):
        book = openpyxl.load_workbook(io.BytesIO(form_bytes(indicators, 2024, "BÁO CÁO")))
        sheet = book.active
        headers = [cell.value for cell in sheet[3]]
        values = {"Mã đơn vị": code, "Tên đơn vị": name, "Số hội thảo, tọa đàm khoa học (cuộc)": seminars,
                  "Những việc khác đã làm": words or None, "Ngày gửi": date(2024, 5, 20)}
        for column, header in enumerate(headers, start=1):
            sheet.cell(4, column, values.get(header))
        book.save(responses / f"{code.lower()}.xlsx")
    return data


def test_the_form_has_a_wide_text_column_without_number_validation(tmp_path):
    data = _with_text_indicator(tmp_path)
    indicators = load_indicators(Source(data / "2024" / "ke_hoach"))
    assert [i.code for i in indicators if i.text] == ["viec_da_lam"] and indicators[-1].header == TEXT_INDICATOR[1]
    book = openpyxl.load_workbook(io.BytesIO(form_bytes(indicators, 2024, "BÁO CÁO")))
    sheet = book.active
    assert sheet["J3"].value == "Những việc khác đã làm"
    assert sheet.column_dimensions["J"].width > sheet.column_dimensions["I"].width
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation if v.type == "whole"] == [f"C4:I{LAST_DATA_ROW}"]
    assert sheet["A2"].value.endswith("Các cột «Những việc khác đã làm» ghi bằng lời những việc đã làm, không ghi số.")


def test_text_answers_reach_the_report_by_kind_and_by_unit(tmp_path):
    data = _with_text_indicator(tmp_path)
    report = data / "2024" / "bao_cao_tuong_thuat"
    document = load_documents(report)[0]
    lines = ["".join(getattr(piece, "text", "") for piece in p.pieces) for p in document.body if p.table is None]
    start = lines.index("Về những việc khác đã làm: 02 đơn vị có báo cáo, cụ thể:")
    assert lines[start + 1:start + 3] == ["Sở Tư pháp: Thi tìm hiểu pháp luật về sở hữu trí tuệ;",
                                          "Sở Y tế: Ra mắt phần mềm đặt lịch khám\nvà tư vấn từ xa."]
    assert "Về hội thảo, tọa đàm khoa học: tổng số 03 cuộc, tại 02 đơn vị, cụ thể:" in lines
    assert document.results.lists["nội dung viec_da_lam"] == [
        "Sở Tư pháp: Thi tìm hiểu pháp luật về sở hữu trí tuệ", "Sở Y tế: Ra mắt phần mềm đặt lịch khám\nvà tư vấn từ xa"]
    by_kind = document.results.tables["kết quả theo loại hoạt động"]
    assert [row[1] for row in by_kind.rows] == ["Hội thảo, tọa đàm khoa học", "Bài viết, tin bài, phóng sự",
                                                "Băng rôn, khẩu hiệu đã treo", "Hoạt động văn hóa, văn nghệ, thể thao",
                                                "Tập thể được khen thưởng", "Cá nhân được khen thưởng",
                                                "Hoạt động khác"]  # a text indicator has no figure to add up


def test_a_text_indicator_takes_no_unit(tmp_path):
    data = copy_data(tmp_path / "data")
    plan = data / "2024" / "ke_hoach"
    _write_csv(plan / "chi_tieu.csv", [["Mã", "Tên chỉ tiêu", "Đơn vị tính", "Kiểu"], ["a", "Việc đã làm", "bài", "chữ"]])
    with pytest.raises(InputError, match="dòng 2, cột «Đơn vị tính».*kiểu «chữ» không có đơn vị tính"):
        load_indicators(Source(plan))
    _write_csv(plan / "chi_tieu.csv", [["Mã", "Tên chỉ tiêu", "Đơn vị tính", "Kiểu"], ["a", "Việc đã làm", "", "lời"]])
    with pytest.raises(InputError, match="dòng 2, cột «Kiểu».*cần «số».*hoặc «chữ»"):
        load_indicators(Source(plan))


def test_a_block_figure_that_is_not_the_sum_of_its_parts_is_refused(tmp_path):

    units = Block(("số lượng",), [Record({"số lượng": "2"}, {"số lượng": 2}), Record({"số lượng": "3"}, {"số lượng": 3})])
    kind = Record({"loại hoạt động": "hội thảo", "tổng": "6"}, {"tổng": 6}, {"đơn vị": units})
    block = Block(("loại hoạt động", "tổng"), [kind], {"đơn vị": units}, sums={"tổng": ("đơn vị", "số lượng")})
    row = Source(_body_file(tmp_path)).table("noi_dung", ["Cấp", "Nội dung"]).rows[0]
    with pytest.raises(InputError, match=r"«hội thảo»: \{tổng\} là 6 nhưng cộng \{số lượng\} của các dòng «đơn vị» "
                                         r"được 5"):
        check_sums(row, block, block.records)
    kind.numbers["tổng"] = 5
    check_sums(row, block, block.records)


def test_a_word_template_reads_the_report_figures_and_a_wrong_name_is_found(tmp_path):
    from docx import Document
    from conftest import TEMPLATES, run_vanban

    data = copy_data(tmp_path / "data")
    report = data / "2024" / "bao_cao"
    general = report / "thong_tin_chung.csv"
    general.write_text(general.read_text(encoding="utf-8-sig").replace("Mẫu,bao_cao.docx", "Mẫu,bao_cao_rieng.docx"),
                       encoding="utf-8-sig")

    def template(name: str) -> None:
        document = Document(TEMPLATES / "bao_cao.docx")
        body = next(p for p in document.paragraphs if "{{p body" in p.text)
        body.insert_paragraph_before(f'Đã báo cáo: {{{{ report.figures["{name}"] }}}}; khối đầu: '
                                     '{{ report.blocks["khối"][0]["khối"] }}, '
                                     '{{ report.tables["kết quả theo khối"]["rows"][-1][3] }}.')
        document.save(report / "bao_cao_rieng.docx")

    template("số đơn vị đã báo cáo")
    out = tmp_path / "out"
    assert run_vanban("build", data / "2024", "-o", out, "--no-check").exit_code == 0
    assert "Đã báo cáo: 36; khối đầu: Các sở, ban, ngành cấp tỉnh, 36." in [
        p.text for p in Document(out / "bao-cao_du-thao_bc-skhcn_2024.docx").paragraphs]
    template("số đơn vị đã bao cáo")
    result = run_vanban("templates", "check", data / "2024")
    assert result.exit_code == 1
    assert "dữ liệu không có trường «số đơn vị đã bao cáo» — có phải là «số đơn vị đã báo cáo»?" in result.output


def test_a_sentence_total_that_is_not_the_sum_of_the_groups_is_refused(tmp_path):
    from pipeline.common.errors import Location
    from pipeline.results.facts import _check_figures

    data = copy_data(tmp_path / "data")
    summary = load_documents(data / "2024" / "bao_cao")[0].results.summary
    where = Location(data / "2024" / "bao_cao" / "thong_tin_chung.csv", row=14, column="Giá trị")
    _check_figures(summary, where)
    summary.totals.loc["", "bai_viet"] += 1
    with pytest.raises(InputError, match=r"dòng 14, cột «Giá trị»: \{tổng bai_viet\} là 1\.470 nhưng cộng các phần "
                                         r"được 1\.469"):
        _check_figures(summary, where)


ABOUT_LATE = ["", "", "", "đơn vị trễ hạn", "", "Các đơn vị gửi báo cáo trễ hạn gồm: {các đơn vị trễ hạn}."]
HIGHLIGHTS = ["I.", "x", "", "{số đơn vị trễ hạn}", "", "ĐƠN VỊ TRỄ HẠN"]


def test_a_plain_row_with_chi_khi_co_prints_only_when_its_value_or_list_has_something(tmp_path):
    lines = _report(tmp_path / "some", [ABOUT_LATE, HIGHLIGHTS, ["", "", "", "", "", "Hết."]])
    assert lines[0].startswith("Các đơn vị gửi báo cáo trễ hạn gồm: ") and lines[-1] == "Hết." and len(lines) == 3
    data = copy_data(tmp_path / "none" / "data")
    for returned in (data / "2024" / "responses").iterdir():
        returned.unlink()
    assert _report(tmp_path / "none", [ABOUT_LATE, HIGHLIGHTS, ["", "", "", "", "", "Hết."]]) == ["Hết."]


@pytest.mark.parametrize("row, column, message", [
    (["", "", "", "đơn vi tre han", "", "x"], "Chỉ khi có", "không có giá trị hay danh mục «đơn vi tre han»"),
    (["", "", "", "", "tổng giảm dần", "x"], "Sắp xếp", "«Sắp xếp» chỉ dùng cho dòng có «Lặp theo»"),
    (["Z.", "", "", "số đơn vị đã báo cáo", "", "x"], "Cấp", "cấp «Z.» không hợp lệ"),  # 0: left out, yet checked
])
def test_a_bad_plain_row_condition_is_located(tmp_path, row, column, message):
    data = copy_data(tmp_path / "data")
    for returned in (data / "2024" / "responses").iterdir():  # nobody reported: the «Z.» row is left out
        returned.unlink()
    with pytest.raises(InputError) as error:
        _report(tmp_path, [row])
    assert f"dòng 2, cột «{column}»" in str(error.value) and message in str(error.value)
