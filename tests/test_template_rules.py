"""The template checker's rule book (``TPL-…`` codes): one small template per rule gives
exactly that rule's findings, and ``vanban templates check`` lists, explains and
ignores rules by code."""

from __future__ import annotations

import re
import shutil

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import DATA_2024, PLAN_2024, TEMPLATES, copy_registry, run_vanban
from pipeline.results.facts import load_document
from pipeline.check.rulebook import ERROR, WARNING
from pipeline.check.templates import OFF_BY_DEFAULT, RULES, check_context, check_template, selected
from test_build import custom_template

UNUSED = "TPL-032"


@pytest.fixture(scope="module")
def context():
    return check_context(load_document(PLAN_2024))


def run_with_text(paragraph, text: str, revision: str = "") -> None:
    """Append a run holding ``text`` to ``paragraph``; inside ``<w:del>``/``<w:ins>``
    (Word's tracked deletion/insertion) when ``revision`` names one."""
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if revision == "del" else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    if revision:
        wrapper = OxmlElement(f"w:{revision}")
        wrapper.set(qn("w:id"), "1")
        wrapper.set(qn("w:author"), "Văn thư")
        wrapper.append(run)
        run = wrapper
    paragraph._p.append(run)


def blank_template(tmp_path, *paragraphs: str):
    """A python-docx blank document with one paragraph per text; saved as ``mau.docx``."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


def tracked(tmp_path, revision: str):
    """``{ <tracked text> { abstract }}`` (del) or ``Nội dung <inserted>`` (ins)."""
    doc = Document()
    paragraph = doc.add_paragraph()
    if revision == "del":
        run_with_text(paragraph, "{")
        run_with_text(paragraph, "xóa", revision="del")
        run_with_text(paragraph, "{ abstract }}")
    else:
        run_with_text(paragraph, "Nội dung ")
        run_with_text(paragraph, "chèn thêm", revision="ins")
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


def wrong_style_type(tmp_path):
    """The bundled plan template with «VB Doan van» made a character style."""
    doc = Document(str(TEMPLATES / "ke_hoach.docx"))
    doc.styles["VB Doan van"].delete()
    doc.styles.add_style("VB Doan van", WD_STYLE_TYPE.CHARACTER)
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


def unreadable(tmp_path):
    path = tmp_path / "mau.docx"
    path.write_bytes(b"not a zip")
    return path


CASES = {
    "TPL-001": (lambda tmp: blank_template(tmp, "{{ abstract|uper }}"), {"TPL-001"}),
    "TPL-002": (lambda tmp: blank_template(tmp, '{% if abstract == "A & B" %}x{% endif %}'), {"TPL-002"}),
    "TPL-003": (lambda tmp: blank_template(tmp, '{% include "chan_trang.docx" %}'), {"TPL-003"}),
    "TPL-004": (lambda tmp: blank_template(tmp, "{% else %}"), {"TPL-004"}),
    "TPL-005": (lambda tmp: blank_template(tmp, "x{% endif %}"), {"TPL-005"}),
    "TPL-006": (lambda tmp: blank_template(tmp, "{% if abstract %}x"), {"TPL-006"}),
    "TPL-007": (lambda tmp: blank_template(
        tmp, "{% if abstract %}x{% else %}y{% elif doc_type %}z{% endif %}"), {"TPL-007"}),
    "TPL-010": (lambda tmp: blank_template(tmp, "{{ abs", "tract }}"), {"TPL-010"}),
    "TPL-011": (lambda tmp: blank_template(tmp, "{ { abstract } }"), {"TPL-011"}),
    "TPL-012": (lambda tmp: tracked(tmp, "del"), {"TPL-012", "TPL-019"}),
    "TPL-013": (lambda tmp: blank_template(tmp, "{% if abstract }}x"), {"TPL-013"}),
    "TPL-014": (lambda tmp: blank_template(tmp, "{{ abstract"), {"TPL-014"}),
    "TPL-015": (lambda tmp: blank_template(tmp, "abstract }}"), {"TPL-015"}),
    "TPL-016": (lambda tmp: blank_template(tmp, "{abstract}"), {"TPL-016"}),
    "TPL-017": (lambda tmp: blank_template(tmp, "{% if doc_type == «KẾ HOẠCH» %}x{% endif %}"), {"TPL-017"}),
    "TPL-018": (lambda tmp: blank_template(tmp, "{{ signer_title_lines|join(“, ”) }}"), {"TPL-018"}),
    "TPL-019": (lambda tmp: tracked(tmp, "ins"), {"TPL-019"}),
    "TPL-020": (lambda tmp: blank_template(tmp, "{%tr if abstract %}", "x", "{%tr endif %}"), {"TPL-020"}),
    "TPL-021": (lambda tmp: blank_template(tmp, "{%p if abstract %}{%p endif %}"), {"TPL-021"}),
    "TPL-022": (lambda tmp: blank_template(tmp, "{%p for line in recipient_lines %} {{ line }}",
                                           "{%p endfor %}"), {"TPL-022"}),
    "TPL-023": (lambda tmp: blank_template(tmp, "Kính gửi: {%p if abstract %}", "x", "{%p endif %}"),
                {"TPL-023"}),
    "TPL-024": (lambda tmp: blank_template(tmp, "{% if abstract %}x", "y{% endif %}"), {"TPL-024"}),
    "TPL-025": (lambda tmp: blank_template(tmp, "{{p abstract }}"), {"TPL-025"}),
    "TPL-030": (lambda tmp: blank_template(tmp, "{{ abstrct }}"), {"TPL-030"}),
    "TPL-031": (lambda tmp: blank_template(tmp, "{{ abstrct|default('') }}"), {"TPL-031"}),
    "TPL-033": (lambda tmp: blank_template(tmp, '{{ "abstract" }}'), {"TPL-033"}),
    "TPL-040": (lambda tmp: blank_template(tmp, "{{p body }}"), {"TPL-040"}),
    "TPL-041": (wrong_style_type, {"TPL-041"}),
    "TPL-050": (lambda tmp: blank_template(tmp, "{% for line in recipient_lines %}{{ line.nmae }}{% endfor %}"),
                {"TPL-050"}),
    "TPL-051": (lambda tmp: blank_template(tmp, '{{ "<b>"|safe }}'), {"TPL-051"}),
    "TPL-090": (unreadable, {"TPL-090"}),
}


def test_every_rule_has_a_case():
    assert set(CASES) | {UNUSED} == {rule.code for rule in RULES}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_on_a_template_with_that_fault(code, tmp_path, context):
    make, expected = CASES[code]
    findings = check_template(make(tmp_path), context)
    assert {finding.code for finding in findings} - {UNUSED} == expected
    for finding in findings:
        assert finding.severity == RULES.get(finding.code).severity
        assert str(finding).startswith(f"mẫu mau.docx, {finding.where}:")
        assert f" {finding.severity} [{finding.code}]: {finding.message}" in str(finding)


def test_a_correct_template_gets_no_finding_but_unused_variables(tmp_path, context):
    findings = check_template(blank_template(tmp_path, "{{ abstract }}", "{%p for line in recipient_lines %}",
                                             "{{ line }}", "{%p endfor %}"), context)
    assert {finding.code for finding in findings} == {UNUSED}
    assert {finding.message.split("«")[1].split("»")[0] for finding in findings} == set(context) - {
        "abstract", "recipient_lines"}


def test_unused_variables_are_off_by_default(tmp_path, context):
    findings = check_template(blank_template(tmp_path, "{abstract}"), context)
    assert OFF_BY_DEFAULT == {UNUSED}
    assert [finding.code for finding in selected(findings)] == ["TPL-016"]
    assert [finding.code for finding in selected(findings, ignore=["mot-cap-ngoac"])] == []
    enabled = selected(findings, enable=["tpl-032"])
    assert enabled == findings and len(enabled) == len(context) + 1


# --- the command ---------------------------------------------------------------------------------------


def test_list_rules():
    result = run_vanban("templates", "check", "--list-rules")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == f"Quy tắc kiểm tra mẫu .docx ({len(RULES)} quy tắc)"
    assert len(RULES) == 32
    assert [line.split()[0] for line in lines[1:]] == sorted(rule.code for rule in RULES)
    assert lines[1:3] == [
        "TPL-001  lỗi       Thẻ viết sai cú pháp Jinja (lệnh, bộ lọc, phép thử, biểu thức không có)  [Jinja — "
        "Template Designer Documentation, mục Synopsis, Expressions, Builtin Filters, Builtin Tests, List of Control "
        "Structures]",
        "TPL-002  cảnh báo  Ký tự «&» trong thẻ: Word lưu thành «&amp;» nên thẻ không so sánh được chữ «&» của dữ "
        "liệu  [Office Open XML: Word lưu «&» thành «&amp;»; Jinja đọc nguyên văn]"]
    assert "tắt sẵn; bật bằng --enable TPL-032" in next(line for line in lines if line.startswith(UNUSED))


@pytest.mark.parametrize("rule", list(RULES), ids=lambda rule: rule.code)
def test_explain_every_rule(rule):
    assert re.fullmatch(r"TPL-\d{3}", rule.code) and rule.severity in (ERROR, WARNING)
    assert all(value and "\n" not in value for value in (rule.summary, rule.reference, rule.explanation,
                                                           rule.right, rule.wrong))
    result = run_vanban("templates", "check", "--explain", rule.code.lower())
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{rule.code} ({rule.name}) — {rule.summary}", f"Mức: {rule.severity}", f"Căn cứ: {rule.reference}",
        f"Kiểm tra: {rule.explanation}", f"Đúng: {rule.right}", f"Sai: {rule.wrong}"]


def test_explain_an_unknown_code():
    result = run_vanban("templates", "check", "--explain", "TPL-999")
    assert result.exit_code == 2
    assert "không có quy tắc «TPL-999»" in result.output


def test_ignore_removes_exactly_that_rules_findings(plan_copy):
    custom_template(plan_copy, "{abstract} {{ abstrct }}")
    full = run_vanban("templates", "check", plan_copy.parent)
    assert full.exit_code == 1
    lines = full.stdout.splitlines()
    assert [re.search(r"\[(TPL-\d+)\]", line).group(1) for line in lines[:-1]] == ["TPL-016", "TPL-030"]
    assert lines[-1] == "Tổng cộng: 2 mẫu, 1 lỗi, 1 cảnh báo."
    for option in ("TPL-016", "mot-cap-ngoac"):
        ignored = run_vanban("templates", "check", plan_copy.parent, "--ignore", option)
        assert ignored.exit_code == 1
        assert ignored.stdout.splitlines() == [lines[1], "Tổng cộng: 2 mẫu, 1 lỗi, 0 cảnh báo."]
    both = run_vanban("templates", "check", plan_copy.parent, "--ignore", "TPL-016", "--ignore", "tpl-030")
    assert both.exit_code == 0 and both.stdout.splitlines() == ["Tổng cộng: 2 mẫu, 0 lỗi, 0 cảnh báo."]
    unknown = run_vanban("templates", "check", plan_copy.parent, "--ignore", "TPL-16")
    assert unknown.exit_code == 2 and "không có quy tắc «TPL-16»" in unknown.output


def test_bundled_templates_give_no_warning_unless_unused_variables_are_enabled(tmp_path):
    data = tmp_path / "data" / "2024"
    shutil.copytree(DATA_2024, data)
    copy_registry(tmp_path / "data")
    quiet = run_vanban("templates", "check", data)
    assert quiet.exit_code == 0 and quiet.stdout.splitlines() == ["Tổng cộng: 5 mẫu, 0 lỗi, 0 cảnh báo."]
    enabled = run_vanban("templates", "check", data, "--enable", UNUSED)
    lines = enabled.stdout.splitlines()
    # 16 as before, +1 the recipient list prints «units_table», not the raw «groups», +3 «report» unused in the
    # 3 document templates, +7 in giay_moi.docx (6 of the letter's and «report»), +8 the quyết định's «authority»
    # and «basis_lines» in the 4 document templates
    assert enabled.exit_code == 0 and lines[-1] == "Tổng cộng: 5 mẫu, 0 lỗi, 35 cảnh báo."
    assert all(line.startswith("mẫu ") and ": cảnh báo [TPL-032]: dữ liệu có biến «" in line for line in lines[:-1])


def test_data_dir_is_needed_to_check():
    result = run_vanban("templates", "check")
    assert result.exit_code == 2 and "thiếu thư mục dữ liệu DỮ_LIỆU" in result.output
