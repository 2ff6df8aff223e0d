"""Filling a Word template with a document's data.

Templates are ordinary .docx files edited in Word, with docxtpl/Jinja tags. They
are rendered in a Jinja *sandbox* with autoescaping, so a template cannot run
code and no data value can break the XML. The body is inserted with ``{{p body }}``
as paragraphs in the template's own paragraph styles (``VB Muc``, ``VB Khoan 1`` …),
so the clerk changes its look in Word. Footnotes become real Word footnotes.
The result is byte-for-byte repeatable: same data, same file.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from pipeline import vnformat
from pipeline.errors import TemplateProblem
from pipeline.footnotes import FOOTNOTE_REFERENCE_STYLE, FOOTNOTE_TEXT_STYLE, add_footnotes
from pipeline.markup import FootnoteMark, Piece
from pipeline.model import AdministrativeDocument, Paragraph


def make_environment() -> ImmutableSandboxedEnvironment:
    """Return the Jinja environment templates run in.

    A sandbox (no attribute access to Python internals, no mutation), autoescape
    on (``&``, ``<`` in data stay text), strict undefined (a misspelt variable is
    an error, not an empty string), and the Vietnamese filters of
    :data:`pipeline.vnformat.FILTERS`.
    """
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(vnformat.FILTERS)
    return env


def find_template(document: AdministrativeDocument, templates_dir: Path) -> Path:
    """Locate the template named by the data's ``Mẫu``.

    A file of that name beside the data (the agency's own template) wins over the
    bundled one in ``templates_dir``.

    Raises:
        TemplateProblem: no such file in either place.
    """
    candidates = [document.source.parent / document.template, document.source / document.template,
                  templates_dir / document.template]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise TemplateProblem(Path(document.template),
                          "không tìm thấy tệp mẫu này, cả bên cạnh dữ liệu lẫn trong " + str(templates_dir))


def render_document(document: AdministrativeDocument, template: Path) -> bytes:
    """Render ``document`` into ``template`` and return the .docx file's bytes.

    Args:
        document: validated document data.
        template: a .docx template (see the README for its variables).

    Returns:
        The bytes of the .docx; identical inputs give identical bytes
        (zip entries and document properties are dated from the document).

    Raises:
        TemplateProblem: unreadable template, a Jinja error (with the template's
            text around it), a variable the data does not provide, or a paragraph
            style the body needs that the template lacks.
    """
    try:
        tpl = DocxTemplate(str(template))
        styles = {style.name: style.style_id for style in tpl.get_docx().styles}
    except Exception as exc:  # docx/zip/lxml raise many types for a damaged file
        raise TemplateProblem(template, f"không mở được tệp mẫu .docx ({exc})") from None
    notes = _footnote_ids(document)
    context = template_context(document, _body_xml(document.body, styles, notes, template))
    try:
        tpl.render(context, jinja_env=make_environment(), autoescape=True)
    except jinja2.TemplateError as exc:
        raise TemplateProblem(template, _describe_jinja_error(exc)) from None
    if notes:
        add_footnotes(tpl.docx, [(notes[key], _runs_xml(pieces, False, styles, notes, template))
                                       for key, pieces in document.footnotes.items()],
                      _style(styles, FOOTNOTE_TEXT_STYLE, template),
                      _style(styles, FOOTNOTE_REFERENCE_STYLE, template))
    stamp = _timestamp(document)
    _set_properties(tpl, document, stamp)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return _repeatable_zip(buffer.getvalue(), stamp)


def template_context(document: AdministrativeDocument, body: Markup) -> dict:
    """The variables a template can use (all strings unless said otherwise).

    ``parent_agency``, ``issuer`` (may hold line breaks), ``number_line``
    (``Số: 05/KH-SKHCN``), ``date_line``, ``doc_type``, ``abstract``, ``body``
    (paragraphs, use as ``{{p body }}``), ``recipient_lines`` (list), ``signer_title_lines``
    (list), ``signer_name``, ``place``, ``year`` (int), ``number``, ``symbol``,
    ``issue_date`` (date or None).
    """
    return {
        "parent_agency": document.parent_agency,
        "issuer": document.issuer,
        "number_line": document.number_line,
        "date_line": document.date_line,
        "doc_type": document.doc_type,
        "abstract": document.abstract,
        "body": body,
        "recipient_lines": document.recipient_lines,
        "signer_title_lines": document.signer.title_lines,
        "signer_name": document.signer.name,
        "place": document.place,
        "year": document.year,
        "number": document.number,
        "symbol": document.symbol,
        "issue_date": document.issue_date,
    }


def _style(styles: dict[str, str], name: str, template: Path) -> str:
    try:
        return styles[name]
    except KeyError:
        raise TemplateProblem(template, f"mẫu thiếu kiểu đoạn (style) «{name}»; hãy tạo kiểu này "
                              "trong Word (Home → Styles) rồi lưu lại mẫu") from None


def _footnote_ids(document: AdministrativeDocument) -> dict[str, int]:
    """Word footnote ids, 1.. in order of reference (Word numbers them by position)."""
    return {key: number for number, key in enumerate(document.footnotes, start=1)}


def _body_xml(body: list[Paragraph], styles: dict[str, str], notes: dict[str, int],
              template: Path) -> Markup:
    parts = []
    for paragraph in body:
        style = _style(styles, paragraph.level.style, template)
        label = [_run(f"{paragraph.label} ", paragraph.bold, False)] if paragraph.label else []
        runs = _runs_xml(paragraph.pieces, paragraph.bold, styles, notes, template)
        parts.append(f'<w:p><w:pPr><w:pStyle w:val="{escape(style)}"/></w:pPr>'
                     + "".join(label) + runs + "</w:p>")
    return Markup("".join(parts))


def _runs_xml(pieces: list[Piece], bold: bool, styles: dict[str, str], notes: dict[str, int],
              template: Path) -> str:
    xml = []
    for piece in pieces:
        if isinstance(piece, FootnoteMark):
            style = _style(styles, FOOTNOTE_REFERENCE_STYLE, template)
            xml.append(f'<w:r><w:rPr><w:rStyle w:val="{escape(style)}"/></w:rPr>'
                       f'<w:footnoteReference w:id="{notes[piece.key]}"/></w:r>')
        else:
            xml.append(_run(piece.text, bold or piece.bold, piece.italic))
    return "".join(xml)


def _run(text: str, bold: bool, italic: bool) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r>{rpr}" + "<w:br/>".join(lines) + "</w:r>"


def _describe_jinja_error(exc: jinja2.TemplateError) -> str:
    context = getattr(exc, "docx_context", None)
    where = ""
    if context:
        text = " ".join(" ".join(line.split()) for line in context if line.strip())
        where = f" — gần đoạn: «{text[:200]}»"
    if isinstance(exc, jinja2.UndefinedError):
        return f"mẫu dùng một biến mà dữ liệu không có ({exc.message}){where}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"lỗi cú pháp thẻ Jinja ở dòng {exc.lineno}: {exc.message}{where}"
    return f"lỗi khi điền mẫu: {exc}{where}"


def _timestamp(document: AdministrativeDocument) -> datetime:
    """The fixed date stamped into the file: the issue date, or 1 January of the year for a draft."""
    day = document.issue_date or datetime(document.year, 1, 1).date()
    return datetime(day.year, day.month, day.day)


def _set_properties(tpl: DocxTemplate, document: AdministrativeDocument, stamp: datetime) -> None:
    """Document properties from the data, with fixed dates so that output is repeatable."""
    props = tpl.docx.core_properties
    props.title = document.abstract
    props.subject = document.doc_type
    props.author = " ".join(document.issuer.split())
    props.keywords = document.number_line.removeprefix("Số:").strip()
    props.language = "vi-VN"
    props.last_modified_by = props.author
    props.revision = 1
    props.created = props.modified = props.last_printed = stamp


def _repeatable_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite the .docx zip with every entry dated ``stamp`` (python-docx uses the clock)."""
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
