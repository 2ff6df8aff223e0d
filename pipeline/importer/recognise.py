"""From the paragraphs of a .docx to an :class:`ImportedDocument`: header, body, closing."""

from __future__ import annotations

from pipeline.importer.body import read_body
from pipeline.importer.closing import find_closing, read_closing
from pipeline.importer.header import read_header
from pipeline.importer.parts import RULE_RE, ImportedDocument, Issue
from pipeline.importer.reading import DocxContent
from pipeline.importer.recipient_match import match_line, split_purpose
from pipeline.document.recipients import PURPOSE_COL, TARGET_COL, TEXT_COL
from pipeline.data.registry import Registry

TEMPLATES = {"": "cong_van.docx", "BÁO CÁO": "bao_cao.docx"}
DEFAULT_TEMPLATE = "ke_hoach.docx"
GENERAL_ORDER = ("Mẫu", "Cơ quan chủ quản", "Cơ quan ban hành", "Tên loại", "Ký hiệu", "Số", "Ngày ban hành", "Năm",
                 "Địa danh", "Trích yếu", "Kính gửi", "Quyền hạn, chức vụ người ký", "Người ký", "Lưu")
"""The ``thong_tin_chung`` keys an import writes, in the README's order."""
WRITTEN_GROUP = "nhap_tu_word"
"""The group of the Nơi nhận lines kept as written (registry beside the imported data)."""


def recognise(content: DocxContent, registry: Registry | None) -> ImportedDocument:
    """Recognise every part of a document.

    Args:
        content: what :func:`pipeline.importer.reading.read_docx` read.
        registry: the unit registry for Nơi nhận lines, ``None`` when there is none.

    Returns:
        The document; every non-empty paragraph is either claimed by a part
        (``claimed``) or listed in ``issues``.
    """
    doc = ImportedDocument(tracked_changes=content.tracked_changes)
    blocks = content.blocks
    start = read_header(blocks, doc)
    first, appendix = find_closing(blocks, start)
    read_body(blocks[start:first], content.footnotes, doc)
    lines = read_closing(blocks[first:appendix], doc)
    _recipients(lines, registry, doc)
    for block in blocks[appendix:]:
        if block.text.strip():
            doc.issues.append(Issue(block.number, block.first_words, "phụ lục (sau chữ ký): dữ liệu chưa có bảng "
                                    "cho phụ lục; phần này không được nhập, hãy soạn riêng"))
            doc.claimed.add(block.number)
    for block in blocks:
        if block.number not in doc.claimed and not RULE_RE.match(block.text) and \
                not any(issue.paragraph == block.number for issue in doc.issues):
            doc.issues.append(Issue(block.number, block.first_words, "không nhận ra phần này của văn bản; "
                                    "không được nhập"))
    doc.general["Mẫu"] = TEMPLATES.get(doc.general.get("Tên loại", ""), DEFAULT_TEMPLATE)
    doc.general = {key: doc.general[key] for key in GENERAL_ORDER if key in doc.general}
    return doc


def _recipients(lines: list[str], registry: Registry | None, doc: ImportedDocument) -> None:
    """Nơi nhận rows: all matched to the registry, or all kept as written (a registry of their own)."""
    doc.recipient_lines = lines
    matched = [match_line(line, registry) for line in lines] if registry else [None] * len(lines)
    if lines and all(matched):
        doc.recipients = matched
        return
    for line, row in zip(lines, matched):
        text, purpose = split_purpose(line)
        doc.written_lines.append(text)
        doc.recipients.append({TARGET_COL: f"{WRITTEN_GROUP}_{len(doc.written_lines):02d}", TEXT_COL: "",
                               PURPOSE_COL: purpose})
        if row is None and registry:
            doc.issues.append(Issue(0, line, "dòng nơi nhận không khớp đơn vị hay khối nào trong danh bạ; các dòng "
                                    "nơi nhận được giữ nguyên văn (danh bạ riêng trong thư mục dữ liệu)"))
