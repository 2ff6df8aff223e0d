"""The next document of a series made by rendering only the paragraphs whose variables changed
(issue 15, :mod:`pipeline.render.series`): every document has the bytes a fresh template gives it,
and whatever the series cannot prove the same is filled in full."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime
from pathlib import Path

import docx
import pytest

from conftest import DATA_2024, TEMPLATES
from pipeline.common.errors import TemplateProblem
from pipeline.render import series as series_module
from pipeline.render.docx import TemplateFile, find_template, render_document
from pipeline.results.facts import load_documents

STAMP = datetime(2026, 12, 2)
PROPERTIES = {"title": "Thư mời", "subject": "Công văn", "author": "Sở Khoa học và Công nghệ", "keywords": ""}


def make_template(path: Path, body: list[str], header: str = "") -> Path:
    """A .docx template whose body paragraphs are ``body`` and whose header is ``header``."""
    document = docx.Document()
    for text in body:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.save(path)
    return path


def fresh(path: Path, context: dict) -> bytes:
    """The reference: a template opened for this one document."""
    return TemplateFile(path).render(context, PROPERTIES, STAMP)


def fill_all(path: Path, contexts: list[dict]) -> tuple[TemplateFile, list[bytes]]:
    template = TemplateFile(path)
    return template, [template.render(context, PROPERTIES, STAMP) for context in contexts]


def contexts(names: list[list[str]], **same) -> list[dict]:
    return [{"addressee_lines": lines, "title": "KẾ HOẠCH", **same} for lines in names]


ADDRESSEES = [["UBND xã Hoằng Hóa"], ["UBND phường Hạc Thành", "Sở Tài chính"], ["Trường Đại học Hồng Đức & Cộng sự"],
              ["UBND xã A\nxuống dòng\tvà tab"], ["UBND xã Hoằng Hóa"]]
BODY = ["{{ title }}", "Kính gửi: {% for line in addressee_lines %}{{ line }}; {% endfor %}",
        "{%p if addressee_lines|length > 1 %}", "Gửi nhiều nơi: {{ addressee_lines|length }}", "{%p endif %}",
        "Nội dung không đổi {{ title|lower }}."]


def test_letters_of_the_bundled_reminder_are_made_from_the_first_and_equal_fresh_fills():
    letters = load_documents(DATA_2024 / "don_doc")
    path = find_template(letters[0], letters[0].template, TEMPLATES)
    template = TemplateFile(path)
    made = [render_document(letter, template) for letter in letters]
    assert template.series.verified and not template.series.off
    assert template.series.made == len(letters) - 2  # the first full, the second compared with a full fill
    changing = [segment.names for segment in template.series.segments if "addressee_lines" in segment.names]
    assert len(changing) == 1 and "body" not in changing[0]
    for letter, data in zip(letters, made):
        assert data == render_document(letter, path)


def test_changed_paragraphs_loops_conditions_and_line_breaks_are_rendered_again(tmp_path):
    path = make_template(tmp_path / "mau.docx", BODY)
    items = contexts(ADDRESSEES)
    template, made = fill_all(path, items)
    assert template.series.verified and template.series.made == len(items) - 2
    assert made == [fresh(path, context) for context in items]
    text = [p.text for p in docx.Document(io.BytesIO(made[1])).paragraphs]
    assert text == ["KẾ HOẠCH", "Kính gửi: UBND phường Hạc Thành; Sở Tài chính; ", "Gửi nhiều nơi: 2",
                    "Nội dung không đổi kế hoạch."]


def test_a_variable_read_by_the_header_makes_every_document_a_full_fill(tmp_path):
    path = make_template(tmp_path / "mau.docx", BODY, header="Gửi {{ addressee_lines[0] }}")
    items = contexts(ADDRESSEES[:3])
    template, made = fill_all(path, items)
    assert "addressee_lines" in template.series.outside and template.series.made == 0
    assert made == [fresh(path, context) for context in items]


def test_a_template_that_sets_a_variable_is_always_filled_in_full(tmp_path):
    path = make_template(tmp_path / "mau.docx", ["{% set n = addressee_lines|length %}Số nơi: {{ n }}", *BODY])
    items = contexts(ADDRESSEES[:3])
    template, made = fill_all(path, items)
    assert template.series.off and template.series.made == 0
    assert made == [fresh(path, context) for context in items]


def test_other_properties_or_body_mean_a_full_fill(tmp_path):
    path = make_template(tmp_path / "mau.docx", BODY)
    template = TemplateFile(path)
    first = template.render(contexts(ADDRESSEES[:1])[0], PROPERTIES, STAMP)
    other = {**PROPERTIES, "title": "Giấy mời"}
    second = template.render(contexts(ADDRESSEES[1:2])[0], other, STAMP)
    third = template.render(contexts(ADDRESSEES[2:3], body="khác")[0], other, STAMP)
    assert template.series.made == 0 and template.series.base.properties == other
    assert second == TemplateFile(path).render(contexts(ADDRESSEES[1:2])[0], other, STAMP)
    assert third == TemplateFile(path).render(contexts(ADDRESSEES[2:3], body="khác")[0], other, STAMP)
    assert first != second


def test_a_difference_with_the_full_fill_switches_the_series_off(tmp_path, monkeypatch):
    path = make_template(tmp_path / "mau.docx", BODY)
    items = contexts(ADDRESSEES)
    monkeypatch.setattr(series_module, "zip_members", lambda members, stamp: b"not the same bytes")
    template, made = fill_all(path, items)
    assert template.series.off and not template.series.verified and template.series.made == 0
    assert made == [fresh(path, context) for context in items]


def test_an_error_in_a_later_document_is_reported_as_in_a_full_fill(tmp_path):
    path = make_template(tmp_path / "mau.docx", ["Kính gửi: {{ addressee_lines[1] }}", "Cố định"])
    items = contexts([["A", "B"], ["C", "D"], ["E", "F"], ["chỉ một nơi"]])
    template = TemplateFile(path)
    for context in items[:3]:
        template.render(context, PROPERTIES, STAMP)
    assert template.series.made == 1
    with pytest.raises(TemplateProblem) as made:
        template.render(items[3], PROPERTIES, STAMP)
    with pytest.raises(TemplateProblem) as alone:
        fresh(path, items[3])
    assert made.value.message == alone.value.message and "biến mà dữ liệu không có" in made.value.message


def test_values_are_escaped_in_a_changed_paragraph(tmp_path):
    path = make_template(tmp_path / "mau.docx", BODY)
    items = contexts([["A"], ["B"], ["<w:p>& «x»</w:p>"]])
    template, made = fill_all(path, items)
    assert template.series.made == 1
    assert made[2] == fresh(path, items[2])
    assert "Kính gửi: <w:p>& «x»</w:p>; " in [p.text for p in docx.Document(io.BytesIO(made[2])).paragraphs]


def test_a_document_over_the_output_limit_is_refused_as_in_a_full_fill(tmp_path, monkeypatch):
    from pipeline.render import sandbox

    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 300_000)  # read when a template's sandbox is made
    path = make_template(tmp_path / "mau.docx", ['{{ "x" * 250000 }}', "{{ (addressee_lines|first) * 150 }}",
                                                 "Kính gửi: {{ addressee_lines|join(', ') }}"])
    short, long = contexts([["A"], ["B"], ["C"]]), contexts([["Rất dài " * 60]])[0]  # 480 × 150 characters more
    with pytest.raises(TemplateProblem, match="300.000 ký tự"):
        fresh(path, long)
    template = TemplateFile(path)
    assert [template.render(c, PROPERTIES, STAMP) for c in short] == [fresh(path, c) for c in short]
    assert template.series.made == 1
    with pytest.raises(TemplateProblem, match="300.000 ký tự"):
        template.render(long, PROPERTIES, STAMP)
    assert template.render(short[0], PROPERTIES, STAMP) == fresh(path, short[0])  # and the series goes on


# --------------------------------------------------------------------------- the changed paragraphs' bytes alone

def pixel() -> bytes:
    """A 1×1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def test_the_bytes_of_the_changed_paragraphs_alone_are_those_of_the_whole_part(tmp_path):
    path = make_template(tmp_path / "mau.docx", BODY)
    items = contexts(ADDRESSEES)
    template, made = fill_all(path, items)
    assert len(template.series.base.pieces) == len(template.series.segments)  # cut and checked against the base
    assert made == [fresh(path, context) for context in items]


def test_a_changed_table_whose_columns_are_repeated_is_serialised_as_in_a_full_fill(tmp_path):
    document = docx.Document()
    document.add_paragraph("{{ title }}")
    document.add_paragraph("Bảng các nơi nhận:")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["{%tc for line in addressee_lines %}", "{{ line }}", "{%tc endfor %}"]):
        cell.text = text
    document.add_paragraph("Cuối")
    document.save(tmp_path / "bang.docx")
    items = contexts(ADDRESSEES)
    template, made = fill_all(tmp_path / "bang.docx", items)
    assert template.series.made == len(items) - 2 and template.series.base.pieces
    assert made == [fresh(tmp_path / "bang.docx", context) for context in items]
    grid = docx.Document(io.BytesIO(made[1])).tables[0]._tbl.tblGrid.findall(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
    assert len(grid) == 2  # docxtpl's fix_tables left one column for each of the second letter's two lines


def test_a_changed_picture_or_first_paragraph_is_made_from_the_whole_body(tmp_path):
    document = docx.Document()
    document.add_paragraph("{{ title }}").add_run().add_picture(io.BytesIO(pixel()))
    picture = document.add_paragraph()
    picture.add_run().add_picture(io.BytesIO(pixel()))
    picture.add_run("{{ addressee_lines[0] }}")  # a drawing's id is numbered over the whole body
    document.add_paragraph("Cuối")
    document.save(tmp_path / "hinh.docx")
    first = make_template(tmp_path / "dau.docx", ["{{ addressee_lines[0] }}", "Giữa", "Cuối"])
    for path in (tmp_path / "hinh.docx", first):
        items = contexts(ADDRESSEES)
        template, made = fill_all(path, items)
        assert template.series.made == len(items) - 2
        assert made == [fresh(path, context) for context in items]


def test_a_changed_paragraph_that_is_not_well_formed_xml_is_filled_in_full(tmp_path):
    path = make_template(tmp_path / "mau.docx", ["{{ title }}", "Kính gửi {{ addressee_lines[0] }}{{ '</w:t>'|safe }}",
                                                 "Cuối"])
    items = contexts(ADDRESSEES)
    template, made = fill_all(path, items)
    assert made == [fresh(path, context) for context in items]
