"""Checking a template before filling it (``pipeline.check.templates``).

The bundled templates must give no error with their real data. Each faulty template
in ``tests/fixtures/templates/`` is a bundled one with one mistake a clerk makes in
Word (made by ``make_faulty_templates.py`` there); each test names the exact finding:
severity, place (paragraph number and its text), tag as written, and the key words
of the Vietnamese message. Where the renderer itself fails or silently damages the
document, the test shows that too, so the check is measured against what filling
the template really does.
"""

from __future__ import annotations

import importlib.util
import io
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document

from conftest import DATA_2024, FIXTURES, PLAN_2024, TEMPLATES
from pipeline.common.errors import TemplateProblem
from pipeline.results.facts import load_document
from pipeline.render.docx import TemplateFile, _body_xml, _footnote_ids, render_document, template_context
from pipeline.check.templates import ERROR, WARNING, TemplateFinding, check_context, check_template

FAULTY = FIXTURES / "templates"


@pytest.fixture(scope="module")
def plan():
    return load_document(PLAN_2024)


@pytest.fixture(scope="module")
def context(plan):
    return check_context(plan)


def errors(findings: list[TemplateFinding]) -> list[TemplateFinding]:
    return [finding for finding in findings if finding.severity == ERROR]


def placed(findings: list[TemplateFinding]) -> list[TemplateFinding]:
    """Findings about a place in the template (not "data variable never used")."""
    return [finding for finding in findings if finding.where != "toàn bộ mẫu"]


def real_context(data: str, template: Path) -> dict:
    """What render_document passes, with the real body built in the template's styles."""
    document = load_document(DATA_2024 / data)
    body = _body_xml(document.body, TemplateFile(template), _footnote_ids(document))
    return template_context(document, body)


def paragraphs(docx_bytes: bytes) -> list[str]:
    return [paragraph.text for paragraph in Document(io.BytesIO(docx_bytes)).paragraphs]


# --- the bundled templates ------------------------------------------------------------------------


@pytest.mark.parametrize("template, data, unused", [
    ("ke_hoach.docx", "ke_hoach", {"authority", "basis_lines", "issue_date", "number", "place", "report", "symbol",
                                   "year"}),
    ("bao_cao.docx", "bao_cao", {"authority", "basis_lines", "issue_date", "number", "place", "report", "symbol",
                                 "year"}),
    ("cong_van.docx", "don_doc", {"authority", "basis_lines", "doc_type", "issue_date", "number", "place", "report",
                                  "symbol", "year"}),
])
def test_bundled_templates_give_no_error(template, data, unused):
    findings = check_template(TEMPLATES / template, real_context(data, TEMPLATES / template))
    assert errors(findings) == []
    # the only warnings: values the data offers that this template does not print
    assert all(finding.where == "toàn bộ mẫu" and finding.severity == WARNING for finding in findings)
    assert {finding.message.split("«")[1].split("»")[0] for finding in findings} == unused


def test_bundled_recipient_list_gives_no_finding(plan):
    findings = check_template(TEMPLATES / "phu_luc_danh_sach.docx", check_context(plan, recipient_list=True))
    # only the off-by-default TPL-032: it prints the laid-out {{p units_table }}, not the raw «groups»
    assert [(f.code, f.message.split("«")[1].split("»")[0]) for f in findings] == [("TPL-032", "groups")]


def test_a_template_for_the_other_context_is_reported(plan):
    """The plan template checked against the recipient list's variables: every document
    variable is missing (the check does not pass a template it was not meant for)."""
    findings = check_template(TEMPLATES / "ke_hoach.docx", check_context(plan, recipient_list=True))
    missing = {finding.message.split("«")[1].split("»")[0] for finding in errors(findings)}
    assert {"doc_type", "abstract", "body", "issuer", "recipient_lines"} <= missing


def test_an_opened_template_is_checked_as_its_file_and_fills_the_same(plan, context):
    """The build checks the :class:`TemplateFile` it then fills (opened once per run): same findings as
    checking the file, and the check leaves the opened template as it was (same bytes as a fresh one)."""
    for path in (TEMPLATES / "ke_hoach.docx", FAULTY / "unclosed_for.docx"):
        opened = TemplateFile(path)
        assert check_template(opened, context) == check_template(path, context)
    opened = TemplateFile(TEMPLATES / "ke_hoach.docx")
    check_template(opened, context)
    assert render_document(plan, opened) == render_document(plan, TemplateFile(TEMPLATES / "ke_hoach.docx"))


# --- 1. syntax and blocks ----------------------------------------------------------------------------


def test_unclosed_for_is_reported_where_it_opens(context, plan):
    findings = check_template(FAULTY / "unclosed_for.docx", context)
    assert len(errors(findings)) == 1
    [finding] = errors(findings)
    assert finding.severity == "lỗi"
    assert finding.where == "đoạn 4 «{%p for line in addressee_lines %}»"
    assert finding.tag == "{%p for line in addressee_lines %}"
    assert "chưa được đóng" in finding.message and "thiếu thẻ «{%p endfor %}»" in finding.message
    assert "trên một đoạn riêng" in finding.message
    with pytest.raises(TemplateProblem):  # the renderer fails too, but cannot say where
        render_document(plan, FAULTY / "unclosed_for.docx")


def test_if_opened_and_closed_in_two_paragraphs_needs_the_p_form(context):
    findings = check_template(FAULTY / "if_across_paragraphs.docx", context)
    [finding] = placed(findings)
    assert finding.severity == "lỗi"
    assert finding.where == "đoạn 1 «{% if doc_type %}{{ doc_type }}»"
    assert finding.tag == "{% if doc_type %}"
    assert "mở ở đoạn 1 nhưng thẻ «{% endif %}» ở đoạn 2" in finding.message
    assert "hai đoạn khác nhau" in finding.message
    assert "«{%p if … %}» … «{%p endif %}»" in finding.message


def test_if_across_paragraphs_silently_merges_them_when_false(context):
    """What the finding is about: with a false condition docxtpl joins the first
    paragraph's start to the second one's end — one paragraph fewer, no error."""
    values = dict(context, doc_type="")
    bundled = TemplateFile(TEMPLATES / "ke_hoach.docx")
    faulty = TemplateFile(FAULTY / "if_across_paragraphs.docx")
    stamp = datetime(2024, 1, 1)
    expected = paragraphs(bundled.render(values, {}, stamp))
    merged = paragraphs(faulty.render(values, {}, stamp))
    assert len(merged) == len(expected) - 1


def test_tr_tag_outside_a_table(context, plan):
    findings = check_template(FAULTY / "tr_outside_table.docx", context)
    assert [(finding.severity, finding.where, finding.tag) for finding in placed(findings)] == [
        ("lỗi", "đoạn 4 «{%tr for line in addressee_lines %}»", "{%tr for line in addressee_lines %}"),
        ("lỗi", "đoạn 6 «{%tr endfor %}»", "{%tr endfor %}"),
    ]
    assert all("chỉ dùng được trong một ô bảng" in finding.message and "«{%p … %}»" in finding.message
               for finding in placed(findings))
    with pytest.raises(TemplateProblem):
        render_document(plan, FAULTY / "tr_outside_table.docx")


# --- 2. tags broken by editing in Word ---------------------------------------------------------------


def test_tag_split_by_spell_check_marks_is_fine(context, plan):
    """``{{ abs`` and ``tract }}`` in two runs with <w:proofErr> between: docxtpl
    rejoins them, so no finding — and the document really gets the abstract."""
    findings = check_template(FAULTY / "proof_error_split.docx", context)
    assert placed(findings) == []
    assert paragraphs(render_document(plan, FAULTY / "proof_error_split.docx"))[1] == plan.abstract


def test_misspelt_variable_split_by_spell_check_marks(context, plan):
    findings = check_template(FAULTY / "misspelt_variable.docx", context)
    [finding] = errors(findings)
    assert finding.severity == "lỗi"
    assert finding.where == "đoạn 2 «{{ abstrct }}»"
    assert finding.tag == "{{ abstrct }}"  # rejoined as docxtpl does
    assert "dữ liệu không có biến «abstrct» — có phải là «abstract»?" in finding.message
    # … and the variable left unused is named as such
    assert any(finding.severity == WARNING and "«abstract»" in finding.message for finding in findings)
    with pytest.raises(TemplateProblem):
        render_document(plan, FAULTY / "misspelt_variable.docx")


def test_tag_split_across_two_paragraphs(context, plan):
    findings = placed(check_template(FAULTY / "split_across_paragraphs.docx", context))
    assert [(finding.severity, finding.where, finding.tag) for finding in findings] == [
        ("lỗi", "đoạn 1 «{{ doc_type }»", "{{ doc_type }¶}"),
        ("lỗi", "đoạn 3 «{{ abs»", "{{ abs¶tract }}"),
    ]
    assert "bị ngắt xuống đoạn sau (đoạn 2)" in findings[0].message
    assert "bị ngắt xuống đoạn sau (đoạn 4)" in findings[1].message
    assert all("nối hai đoạn làm một" in finding.message for finding in findings)
    # the renderer says nothing: it merges each pair of paragraphs into one
    merged = paragraphs(render_document(plan, FAULTY / "split_across_paragraphs.docx"))
    expected = paragraphs(render_document(plan, TEMPLATES / "ke_hoach.docx"))
    assert merged[:2] == [plan.doc_type, plan.abstract] and len(merged) == len(expected)


def test_typographic_quotes(context):
    findings = placed(check_template(FAULTY / "typographic_quotes.docx", context))
    assert [(finding.severity, finding.where, finding.tag) for finding in findings] == [
        ("cảnh báo", "đoạn 1 «{% if doc_type == “KẾ HOẠCH” %}{{…»", "{% if doc_type == “KẾ HOẠCH” %}"),
        ("lỗi", "đoạn 2 «{{ “abstract” }}»", "{{ “abstract” }}"),
        ("lỗi", "đoạn 3 «{{ abstract|replace(«Tổ chức», «TỔ…»", "{{ abstract|replace(«Tổ chức», «TỔ CHỨC») }}"),
    ]
    repaired, literal, foreign = (finding.message for finding in findings)
    assert "dấu nháy cong" in repaired and "tự đổi lại nên thẻ vẫn chạy" in repaired
    assert "sẽ in ra chữ «abstract» chứ không phải giá trị của biến" in literal
    assert "dấu « và » trong thẻ không phải dấu nháy của Jinja" in foreign


def test_broken_braces(context):
    findings = placed(check_template(FAULTY / "broken_braces.docx", context))
    assert [(finding.severity, finding.where, finding.tag) for finding in findings] == [
        ("lỗi", "đoạn 1 «{ { doc_type }}»", "{ { doc_type }}"),
        ("lỗi", "đoạn 2 «{{ abstract }} }}»", "}}"),
        ("lỗi", "đoạn 5 «{{ line }»", "{{ line }"),
        ("cảnh báo", "đoạn 7 «Năm {year}»", "{year}"),
    ]
    spaced, stray, unclosed, single = (finding.message for finding in findings)
    assert "có dấu cách" in spaced and "in nguyên văn" in spaced
    assert "dấu đóng «}}» thừa" in stray
    assert "không có dấu đóng «}}»" in unclosed
    assert "chỉ có một cặp ngoặc" in single and "có phải là {{ year }}?" in single


# --- 3. forms and what docxtpl replaces -----------------------------------------------------------------


def test_body_must_be_a_paragraph_tag(context):
    [finding] = placed(check_template(FAULTY / "body_inline.docx", context))
    assert finding.severity == "lỗi"
    assert finding.where == "đoạn 8 «Nội dung: {{ body }}»"
    assert finding.tag == "{{ body }}"
    assert "phải viết «{{p body }}» trên một đoạn riêng" in finding.message


def test_text_beside_a_paragraph_tag_is_lost(context):
    [finding] = placed(check_template(FAULTY / "text_beside_p_tag.docx", context))
    assert finding.severity == "cảnh báo"
    assert finding.where == "đoạn 4 «Kính gửi: {%p for line in…»"
    assert finding.tag == "{%p for line in addressee_lines %}"
    assert "chữ «Kính gửi:» trong đoạn sẽ không được in" in finding.message


# --- 4. variables, in the body, header and tables ------------------------------------------------------


def test_misspelt_variable_in_the_header(context, plan):
    [finding] = placed(check_template(FAULTY / "header_variable.docx", context))
    assert finding.severity == "lỗi"
    assert finding.where == "đầu trang (header), đoạn 2 «Năm {{ yeer }}»"
    assert finding.tag == "{{ yeer }}"
    assert "«yeer» — có phải là «year»?" in finding.message
    with pytest.raises(TemplateProblem):
        render_document(plan, FAULTY / "header_variable.docx")


def test_misspelt_field_of_a_loop_variable(plan):
    """``{{ u.nmae }}`` only fails when filled: the trial fill finds it, in its cell."""
    [finding] = [f for f in check_template(FAULTY / "misspelt_field.docx", check_context(plan, recipient_list=True))
                 if f.code != "TPL-032"]  # an older layout: it lays out «groups» itself, not «units_table»
    assert finding.severity == "lỗi"
    assert finding.where == "bảng 1, hàng 5, ô 2 «{{ u.nmae }}»"
    assert finding.tag == "{{ u.nmae }}"
    assert "không có trường «nmae» — có phải là «name»?" in finding.message


# --- 5. styles -------------------------------------------------------------------------------------------


def test_missing_level_style(context, plan):
    findings = check_template(FAULTY / "missing_style.docx", context)
    [finding] = errors(findings)
    assert finding.severity == "lỗi"
    assert finding.where == "đoạn 8 «{{p body }}»"
    assert finding.tag == "{{p body }}"
    assert "thiếu kiểu đoạn (style) «VB Muc»" in finding.message and "Home → Styles" in finding.message
    with pytest.raises(TemplateProblem, match="VB Muc"):
        render_document(plan, FAULTY / "missing_style.docx")


def test_styles_are_not_required_without_body(plan):
    """The recipient list has no {{p body }}: its styles are not checked."""
    findings = check_template(FAULTY / "misspelt_field.docx", check_context(plan, recipient_list=True))
    assert not any("kiểu" in finding.message for finding in findings)


# --- the API -------------------------------------------------------------------------------------------


def test_unreadable_file(tmp_path, context):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"not a zip")
    [finding] = check_template(path, context)
    assert (finding.severity, finding.where, finding.tag) == ("lỗi", "cả tệp", "")
    assert "không mở được tệp mẫu" in finding.message


def test_finding_reads_as_one_line():
    finding = TemplateFinding(Path("mau/ke_hoach.docx"), "đoạn 2 «{{ abstrct }}»", "{{ abstrct }}",
                              "dữ liệu không có biến «abstrct»", ERROR)
    assert str(finding) == ("mẫu ke_hoach.docx, đoạn 2 «{{ abstrct }}»: {{ abstrct }}: lỗi: "
                            "dữ liệu không có biến «abstrct»")


def test_the_check_does_not_change_the_template(context):
    path = FAULTY / "unclosed_for.docx"
    before = path.read_bytes()
    check_template(path, context)
    assert path.read_bytes() == before


def _generator():
    spec = importlib.util.spec_from_file_location("make_faulty_templates", FAULTY / "make_faulty_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fixtures_match_their_generator(tmp_path, context):
    """Every fixture the script makes is here, and making it again gives the same findings."""
    generator = _generator()
    assert sorted(generator.FIXTURES) == sorted(path.name for path in FAULTY.glob("*.docx"))
    for name in ("unclosed_for.docx", "typographic_quotes.docx"):
        fresh = generator.make(name, tmp_path)
        assert ([(f.where, f.tag, f.message) for f in check_template(fresh, context)]
                == [(f.where, f.tag, f.message) for f in check_template(FAULTY / name, context)])


# --- against the renderer ----------------------------------------------------------------------------

EDITS = ["{{", "}}", "{%", "%}", "{", "}", " ", "“", "”", "p ", "tr ", "endfor", "endif", "abstrct", "¶",
         "{%p endif %}", "{%p if abstract %}", "{{ line }}", "{% else %}", "&", "|uppre", "|number"]


def _corrupt(doc, rng, helpers) -> None:
    """One or two edits of the kind a clerk makes: a piece typed, a run split, an Enter."""
    found = list(doc.paragraphs) + [paragraph for table in doc.tables for row in table.rows
                                    for cell in row.cells for paragraph in cell.paragraphs]
    for _ in range(rng.randint(1, 2)):
        paragraph = rng.choice([p for p in found if "{" in p.text] or found)
        text, edit = paragraph.text, rng.choice(EDITS)
        at = rng.randint(0, len(text))
        if edit == "¶":
            helpers.set_runs(paragraph, text[:at])
            helpers.insert_after(paragraph, text[at:])
        else:
            helpers.set_runs(paragraph, text[:at] + edit, text[at:], proof_error=rng.random() < 0.5)


def test_whenever_filling_fails_the_check_reported_an_error(tmp_path, plan, context):
    """Seeded random edits of the bundled templates: the check never fails itself, and
    never gives a template without error that the renderer then refuses."""
    import random
    from pipeline.render.docx import render_recipient_list
    helpers, rng = _generator(), random.Random(2024)
    list_context = check_context(plan, recipient_list=True)
    refused = 0
    for number in range(40):
        name = rng.choice(["ke_hoach.docx", "cong_van.docx", "phu_luc_danh_sach.docx"])
        doc = Document(str(TEMPLATES / name))
        _corrupt(doc, rng, helpers)
        path = tmp_path / f"{number}_{name}"
        doc.save(str(path))
        recipient_list = name.startswith("phu_luc")
        findings = check_template(path, list_context if recipient_list else context)
        try:
            (render_recipient_list if recipient_list else render_document)(plan, path)
        except TemplateProblem:
            refused += 1
            assert errors(findings), f"{name} #{number}: the renderer refuses it, the check found no error"
    assert refused > 10  # the edits do break templates
