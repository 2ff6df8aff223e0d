"""The ND30 checker as a rule book: codes, --list-rules, --explain, --ignore, the data's
«Bỏ qua kiểm tra»; documents read as Word shows them (automatic numbering, page count);
the short lines under the Tiêu ngữ, the issuer and the abstract."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import run_vanban
from pipeline.check import BOOK, ERROR, WARNING, check_document, ignored
from pipeline.check.numbering import Numbering, format_counter
from pipeline.results.facts import load_document
from pipeline.check.rulebook import UnknownRule
from test_check import build_plan

FAULTS_DIR = Path(__file__).resolve().parent / "fixtures" / "check"
sys.path.insert(0, str(FAULTS_DIR))
import make_faults  # noqa: E402  (tests/fixtures/check/make_faults.py)
import make_numbered  # noqa: E402  (tests/fixtures/check/make_numbered.py)

W = make_faults.W
PLAN = "ke-hoach_du-thao_kh-skhcn_2024.docx"


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    """The bundled plan built from a copy of its data: no finding."""
    path = build_plan(tmp_path_factory.mktemp("plan"), {}) / PLAN
    assert check_document(path) == []
    return path


def codes(findings) -> list[tuple[str, str]]:
    return [(f.code, f.severity) for f in findings]


# --------------------------------------------------------------------------- the rule book


def test_rule_book_has_every_field_for_40_rules_or_more():
    rules = list(BOOK)
    assert len(rules) >= 40
    for rule in rules:
        assert re.fullmatch(r"ND30-[0-9]{3}", rule.code), rule.code
        assert rule.reference.startswith("ND30 "), rule.code
        assert rule.severity in (ERROR, WARNING), rule.code
        for text in (rule.summary, rule.explanation, rule.quote, rule.right, rule.wrong):
            assert text.strip(), rule.code


def test_list_rules_prints_every_rule():
    result = run_vanban("check", "--list-rules")
    assert result.exit_code == 0
    lines = result.output.rstrip("\n").split("\n")
    assert lines[0] == f"Quy tắc kiểm tra thể thức Nghị định 30/2020/NĐ-CP ({len(BOOK)} quy tắc)"
    assert len(lines) == len(BOOK) + 1
    rule = BOOK.get("ND30-103")
    assert f"ND30-103  lỗi       {rule.summary}  [ND30 Phụ lục I Phần I, mục I.3]" in lines


@pytest.mark.parametrize("code", [rule.code for rule in BOOK])
def test_explain_every_rule(code):
    rule = BOOK.get(code)
    result = run_vanban("check", "--explain", code.lower())
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{code} ({rule.name}) — {rule.summary}\n")
    assert f"Văn bản quy định: «{rule.quote}»" in result.output
    assert f"Đúng: {rule.right}\nSai: {rule.wrong}\n" in result.output


def test_explain_an_unknown_code_is_a_vietnamese_error():
    result = run_vanban("check", "--explain", "ND30-999")
    assert result.exit_code == 1
    assert "không có quy tắc «ND30-999»" in result.stderr


# --------------------------------------------------------------------------- --ignore


@pytest.fixture
def faulty(plan, tmp_path) -> Path:
    """The plan with three faults: margins (ND30-103), «tháng 08» (ND30-326), motto line gone (ND30-211)."""
    def change(parts):
        make_faults.wrong_margins(parts)
        make_faults.month_zero(parts)
        make_faults.remove_border(parts, "Độc lập - Tự do - Hạnh phúc")

    return make_faults.rewrite(plan, tmp_path / "f.docx", change)


def test_ignore_removes_exactly_that_rules_findings(faulty):
    every = check_document(faulty)
    assert [f.code for f in every] == ["ND30-103", "ND30-326", "ND30-211"]
    for code in ("ND30-103", "ND30-326", "ND30-211"):
        assert check_document(faulty, ignore=[code]) == [f for f in every if f.code != code]
    # an old short id names its family; a rule name its rule
    assert [f.code for f in check_document(faulty, ignore=["ngay-thang", "le-trang"])] == ["ND30-211"]
    assert [f.code for f in check_document(faulty, ignore=["duong-ke-tieu-ngu"])] == ["ND30-103", "ND30-326"]
    with pytest.raises(UnknownRule, match="không có quy tắc «ND30-000»"):
        check_document(faulty, ignore=["ND30-000"])
    assert ignored(["nd30-103", "co-chu", " "]) == (frozenset({"ND30-103"}), frozenset({"co-chu"}))


def test_cli_ignore_and_json_codes(faulty):
    result = run_vanban("check", faulty, "--ignore", "ND30-103", "--ignore", "ND30-211", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.output)["files"][0]["findings"]
    assert [(f["code"], f["rule"]) for f in findings] == [("ND30-326", "ngay-thang")]
    text = run_vanban("check", faulty, "--ignore", "ngay-thang").output
    assert "(ND30 Phụ lục I Phần I, mục I.3) [ND30-103]\n" in text
    assert "[ND30-326]" not in text
    bad = run_vanban("check", faulty, "--ignore", "khong-co")
    assert bad.exit_code == 1 and "không có quy tắc «khong-co»" in bad.stderr


def test_per_document_ignore_in_thong_tin_chung(plan_copy, tmp_path):
    general = plan_copy / "thong_tin_chung.csv"
    text = general.read_text(encoding="utf-8-sig")
    general.write_text(text + "Bỏ qua kiểm tra,ND30-905; co-chu\n", encoding="utf-8-sig")
    assert load_document(plan_copy).check_ignore == ("ND30-905", "co-chu")
    assert run_vanban("build", plan_copy, "--output", tmp_path / "ok").exit_code == 0
    general.write_text(text + "Bỏ qua kiểm tra,ND30-905; ND30-9999\n", encoding="utf-8-sig")
    result = run_vanban("build", plan_copy, "--output", tmp_path / "bad")
    assert result.exit_code == 1
    assert "thong_tin_chung.csv" in result.stderr and "cột «Giá trị»" in result.stderr
    assert "không có quy tắc «ND30-9999»" in result.stderr
    assert not (tmp_path / "bad").exists()


# --------------------------------------------------------------------------- read as Word shows it


def test_numbering_labels_follow_word():
    assert [format_counter(4, fmt) for fmt in ("decimal", "decimalZero", "lowerLetter", "upperRoman",
                                                "lowerRoman", "upperLetter")] == ["4", "04", "d", "IV", "iv", "D"]
    assert format_counter(28, "lowerLetter") == "bb"
    root = etree.fromstring(f"""<w:numbering xmlns:w="{make_faults.W_NS}">
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/><w:suff w:val="nothing"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="2">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
    </w:numbering>""")
    lists = Numbering(root)
    shown = [lists.label(num, level) for num, level in
             [("1", "0"), ("1", "1"), ("1", "1"), ("1", "0"), ("1", "1"), ("2", "0"), ("2", "0"), ("3", "0")]]
    assert shown == ["III. ", "III.1.", "III.2.", "IV. ", "IV.1.", "I. ", "II. ", "• "]


def test_automatic_bullets_and_numbers_give_no_finding(tmp_path):
    letter = make_numbered.numbered_letter(tmp_path / "danh-so-tu-dong.docx")
    from pipeline.check.model import Model
    from pipeline.check.package import Package

    shown = [p.text for p in Model(Package(letter)).all_paras() if p.numbered]
    assert shown == ["- Sở Giáo dục và Đào tạo;", "- Sở Y tế.",
                     "1. Tổ chức các hoạt động hưởng ứng Ngày Khoa học và Công nghệ Việt Nam tại đơn vị.",
                     "a) Số lượt người tham gia, số bài viết trên trang thông tin điện tử.",
                     "2. Khó khăn, vướng mắc và kiến nghị, đề xuất.", "- Như trên;", "- Lưu: VT, VP."]
    assert check_document(letter) == []


def _drop_header_page_field(parts) -> None:
    header = parts[parts.header_of("default")]
    for field in header.iter(W + "fldSimple"):
        field.getparent().remove(field)


def test_one_page_letter_needs_no_page_number(tmp_path):
    letter = make_faults.hand_typed(tmp_path / "a.docx", "tabs")
    assert check_document(make_faults.rewrite(letter, tmp_path / "b.docx", _drop_header_page_field)) == []
    long_letter = make_faults.hand_typed(tmp_path / "c.docx", "tabs", " Nội dung báo cáo chi tiết." * 250)
    findings = check_document(make_faults.rewrite(long_letter, tmp_path / "d.docx", _drop_header_page_field))
    assert codes(findings) == [("ND30-905", WARNING)]


# --------------------------------------------------------------------------- the short lines


def test_motto_line(plan, tmp_path):
    missing = make_faults.rewrite(plan, tmp_path / "a.docx", make_faults.LINE_FAULTS["khong-ke-tieu-ngu"][0])
    findings = check_document(missing)
    assert codes(findings) == [("ND30-211", ERROR)]
    assert findings[0].rule == "duong-ke"
    assert findings[0].where == "bảng 1, ô (1, 2) «Độc lập - Tự do - Hạnh phúc»"
    assert findings[0].found == "không có đường kẻ dưới Tiêu ngữ"

    def across_the_cell(parts):
        ind = make_faults.paragraph_of(parts, "Độc lập - Tự do").find(f"{W}pPr/{W}ind")
        ind.attrib.pop(W + "left"), ind.attrib.pop(W + "right")

    findings = check_document(make_faults.rewrite(plan, tmp_path / "b.docx", across_the_cell))
    assert codes(findings) == [("ND30-211", WARNING)]
    # the right cell is 5329 twips less 2 × 108 of margins: 90 mm; the motto, 13 pt bold: 3 capitals × 0,72 em
    # + 15 small letters × 0,5 + 7 spaces × 0,25 + 2 hyphens × 0,33 = 12,07 em × 13 pt = 157 pt = 55 mm
    assert findings[0].found == ("đường kẻ (viền đoạn) dài khoảng 90 mm, dòng Tiêu ngữ khoảng 55 mm "
                                 "(ước tính theo số chữ và cỡ chữ)")


def test_issuer_line(plan, tmp_path):
    findings = check_document(make_faults.rewrite(plan, tmp_path / "a.docx", make_faults.remove_border))
    assert codes(findings) == [("ND30-212", ERROR)]
    assert findings[0].where == "bảng 1, ô (1, 1) «SỞ KHOA HỌC VÀ CÔNG NGHỆ»"

    def off_centre(parts):
        ind = make_faults.issuer_line(parts).find(f"{W}pPr/{W}ind")
        ind.set(W + "left", "0"), ind.set(W + "right", "2364")

    findings = check_document(make_faults.rewrite(plan, tmp_path / "b.docx", off_centre))
    assert codes(findings) == [("ND30-212", WARNING)]
    assert findings[0].found == "đường kẻ dưới tên cơ quan ban hành lệch sang trái khoảng 21 mm"

    def drawn_line(parts):  # a 25 mm DrawingML line in a centred paragraph instead of the border
        make_faults.remove_border(parts)
        line = make_faults.issuer_line(parts)
        ind = line.find(f"{W}pPr/{W}ind")
        ind.set(W + "left", "0"), ind.set(W + "right", "0")
        line.append(etree.fromstring(
            f'<w:r xmlns:w="{make_faults.W_NS}" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:drawing><wp:inline>'
            '<wp:extent cx="900000" cy="0"/><wp:docPr id="9" name="Đường kẻ"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"/></a:graphic>'
            '</wp:inline></w:drawing></w:r>'))

    assert check_document(make_faults.rewrite(plan, tmp_path / "c.docx", drawn_line)) == []


def test_abstract_line(plan, tmp_path):
    findings = check_document(make_faults.rewrite(plan, tmp_path / "a.docx", make_faults.no_abstract_line))
    assert codes(findings) == [("ND30-410", ERROR)]
    assert findings[0].where.startswith("đoạn 2 «Tổ chức các hoạt động")  # đoạn 1: KẾ HOẠCH
    assert findings[0].found == "không có đường kẻ dưới trích yếu"


def test_counters_in_word_formats():
    from pipeline.check.numbering import format_counter
    assert [format_counter(4, f) for f in ("decimal", "decimalZero", "upperRoman", "lowerRoman", "lowerLetter",
                                          "upperLetter", "none")] == ["4", "04", "IV", "iv", "d", "D", ""]
    assert format_counter(27, "lowerLetter") == "aa"
    assert format_counter(0, "upperRoman") == "0" and format_counter(4000, "lowerRoman") == "4000"  # as LibreOffice
