"""The documents are tagged Vietnamese: the templates' and every generated document's default run
language (Word's proofing) is vi-VN, and LibreOffice's PDF of a document says /Lang (vi-VN)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from conftest import DATA_2024, TEMPLATES
from pipeline.export.pdf import convert_to_pdf
from pipeline.render.docx import render_document
from pipeline.results.facts import load_document
from test_export import needs_libreoffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def default_language(docx: bytes) -> str | None:
    """``w:val`` of ``w:docDefaults/w:rPrDefault/w:rPr/w:lang`` in ``word/styles.xml``."""
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml"))
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    return None if lang is None else lang.get(f"{W}val")


def english_template(source: Path, target: Path) -> Path:
    """``source`` with its default language en-US (as Word's blank document has it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b'<w:lang w:val="vi-VN" w:eastAsia', b'<w:lang w:val="en-US" w:eastAsia')
            zout.writestr(info, data)
    assert default_language(target.read_bytes()) == "en-US"
    return target


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.docx")), ids=lambda path: path.name)
def test_bundled_templates_are_vietnamese(template):
    assert default_language(template.read_bytes()) == "vi-VN"


@pytest.fixture(scope="module")
def from_english_template(tmp_path_factory) -> bytes:
    """The 2024 plan rendered from its template made English (without the tagging the PDF says en-US)."""
    template = english_template(TEMPLATES / "ke_hoach.docx", tmp_path_factory.mktemp("en") / "ke_hoach.docx")
    return render_document(load_document(DATA_2024 / "ke_hoach"), template)


def test_a_document_from_an_english_template_is_vietnamese(from_english_template):
    assert default_language(from_english_template) == "vi-VN"


def test_the_pdf_says_vietnamese(from_english_template):
    needs_libreoffice()
    pdf = convert_to_pdf({"ke_hoach.docx": from_english_template})["ke_hoach.pdf"]
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "vi-VN"
