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
import re
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2
from docxtpl import DocxTemplate
from markupsafe import Markup

from pipeline.common import vnformat
from pipeline.common.errors import TemplateProblem
from pipeline.render.footnotes import FOOTNOTE_REFERENCE_STYLE, FOOTNOTE_TEXT_STYLE, add_footnotes
from pipeline.document.markup import FootnoteMark, Piece
from pipeline.document.model import AdministrativeDocument, DataTable, Paragraph
from pipeline.common.package import PackageProblem, check_package, repeatable_zip
from pipeline.render.sandbox import BoundedSandbox


def make_environment() -> BoundedSandbox:
    """Return the Jinja environment one document's templates run in.

    A sandbox (no attribute access to Python internals, no mutation) with a time
    and size budget (:mod:`pipeline.render.sandbox`: huge powers, repetitions, ranges and
    outputs are refused), autoescape on (``&``, ``<`` in data stay text), strict
    undefined (a misspelt variable is an error, not an empty string), and the
    Vietnamese filters of :data:`pipeline.common.vnformat.FILTERS`.
    """
    env = BoundedSandbox(autoescape=True, undefined=jinja2.StrictUndefined)
    env.add_filters(vnformat.FILTERS)
    return env


def find_template(document: AdministrativeDocument, name: str, templates_dir: Path) -> Path:
    """Locate a template named in the data (``Mẫu``, ``Mẫu danh sách nơi nhận``).

    A file of that name beside the data (the agency's own template) wins over the
    bundled one in ``templates_dir``. Only a plain file name is accepted, so data
    cannot point outside those folders.

    Raises:
        TemplateProblem: not a plain file name, or no such file in either place.
    """
    if Path(name).name != name or name in ("", ".", "..") or "\\" in name or ":" in name:
        raise TemplateProblem(Path(name), "tên mẫu phải là tên một tệp .docx, không kèm thư mục")
    candidates = [document.source.parent / name, document.source / name, templates_dir / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise TemplateProblem(Path(name), "không tìm thấy tệp mẫu này, cả bên cạnh dữ liệu lẫn trong "
                          + str(templates_dir))


class TemplateFile:
    """An opened .docx template, rendered once.

    Args:
        path: the template file.

    Raises:
        TemplateProblem: the file is not a readable .docx: damaged or cut short, two
            entries of one name inside (a template re-saved by some LibreOffice
            versions), or a part that is not well-formed XML
            (:func:`pipeline.common.package.check_package`).
    """

    def __init__(self, path: Path):
        self.path = path
        try:
            check_package(path)
        except PackageProblem as exc:
            raise TemplateProblem(path, f"không mở được tệp mẫu .docx: {exc}; hãy mở mẫu bằng Word rồi lưu lại "
                                  "(File → Save As, Word Document .docx)") from None
        except OSError as exc:
            raise TemplateProblem(path, f"không mở được tệp mẫu ({exc.strerror or exc})") from None
        try:
            self.tpl = DocxTemplate(str(path))
            # by case-folded name: Word's built-in names are case-insensitive ("Footnote Text")
            self.styles = {style.name.casefold(): style.style_id for style in self.tpl.get_docx().styles
                           if style.name}
        except Exception as exc:  # docx/zip/lxml raise many types for a damaged file
            raise TemplateProblem(path, f"không mở được tệp mẫu .docx ({exc})") from None

    def style(self, name: str) -> str:
        """The style id of the template's style ``name``.

        Raises:
            TemplateProblem: the template has no such style.
        """
        try:
            return self.styles[name.casefold()]
        except KeyError:
            raise TemplateProblem(self.path, f"mẫu thiếu kiểu đoạn (style) «{name}»; hãy tạo kiểu này "
                                  "trong Word (Home → Styles) rồi lưu lại mẫu") from None

    def render(self, context: dict, properties: dict[str, str], stamp: datetime,
               footnotes: list[tuple[int, str]] = ()) -> bytes:
        """Fill the template and return the .docx bytes.

        Args:
            context: the template variables.
            properties: core properties to set (``title``, ``subject``, ``author``, ``keywords``);
                a string longer than the 255 characters a property may hold is cut at a
                word boundary and ends with "…" (the document's text keeps it whole).
            stamp: the fixed date written into the file (properties and zip entries).
            footnotes: ``(id, runs_xml)`` pairs for :func:`pipeline.render.footnotes.add_footnotes`.

        Raises:
            TemplateProblem: a Jinja error, a variable the context lacks, a result that is
                not a sound package (two entries of one name, a part that is not
                well-formed XML: checked before anything is written), an expression
                Python refuses (``1/0``), or a render beyond the limits of
                :mod:`pipeline.render.sandbox` (time, output size, huge numbers or strings),
                naming the paragraph and the tag.
        """
        try:
            self.tpl.render(context, jinja_env=make_environment(), autoescape=True)
        except jinja2.TemplateError as exc:
            raise TemplateProblem(self.path, _describe_jinja_error(exc)) from None
        if footnotes:
            add_footnotes(self.tpl.docx, list(footnotes), self.style(FOOTNOTE_TEXT_STYLE),
                          self.style(FOOTNOTE_REFERENCE_STYLE))
        core = self.tpl.docx.core_properties
        for name, value in properties.items():
            setattr(core, name, _fit_property(value) if isinstance(value, str) else value)
        core.language = "vi-VN"
        core.last_modified_by = core.author
        core.revision = 1
        core.created = core.modified = core.last_printed = stamp
        buffer = io.BytesIO()
        self.tpl.save(buffer)
        try:
            return repeatable_zip(buffer.getvalue(), stamp)
        except PackageProblem as exc:
            raise TemplateProblem(self.path, f"văn bản điền từ mẫu này bị hỏng nên không ghi ({exc}); thường do "
                                  "một thẻ «{%p …%}», «{%tr …%}» hoặc «{{p …}}» đặt sai chỗ") from None


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
    tpl = TemplateFile(template)
    notes = _footnote_ids(document)
    body = _body_xml(document.body, tpl, notes)
    footnotes = [(notes[key], _runs_xml(pieces, False, tpl, notes))
                 for key, pieces in document.footnotes.items()]
    return tpl.render(template_context(document, body), _properties(document, document.abstract),
                      _timestamp(document), footnotes)


def template_context(document: AdministrativeDocument, body: Markup) -> dict:
    """The variables of a document template (all strings unless said otherwise).

    ``parent_agency``, ``issuer`` (may hold line breaks), ``number_line``
    (``Số: 05/KH-SKHCN``), ``date_line``, ``doc_type``, ``abstract``, ``body``
    (paragraphs, use as ``{{p body }}``), ``recipient_lines`` (list), ``signer_title_lines``
    (list), ``signer_name``, ``place``, ``year`` (int), ``number``, ``symbol``,
    ``issue_date`` (date or None), ``addressee_lines`` (the Kính gửi block, a list,
    empty when the document has no addressees), ``authority`` (thẩm quyền ban hành of a
    quyết định, "" if none), ``basis_lines`` (its căn cứ block, a list, empty if none).
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
        "addressee_lines": document.addressee_lines,
        "authority": document.authority,
        "basis_lines": document.basis_lines,
    }


def render_recipient_list(document: AdministrativeDocument, template: Path) -> bytes:
    """Render the recipient list appendix (Phụ lục: danh sách nơi nhận) of ``document``.

    ND30 has no "Danh sách" document type: the list is an appendix of the plan,
    headed ``Phụ lục`` / title / ``(Kèm theo Kế hoạch số … ngày … của …)``
    (ND30 Phụ lục III, Mẫu 2.1; nd30.md §5.1 notes, trap 26).

    Raises:
        TemplateProblem: as :func:`render_document`.
    """
    tpl = TemplateFile(template)
    title = recipient_list_title(document)
    return tpl.render(recipient_list_context(document, title),
                      _properties(document, f"{title} — {document.abstract}"), _timestamp(document))


def recipient_list_title(document: AdministrativeDocument) -> str:
    """``DANH SÁCH NƠI NHẬN KẾ HOẠCH``: the appendix title for ``document``."""
    return f"DANH SÁCH NƠI NHẬN {document.doc_type}"


def recipient_list_context(document: AdministrativeDocument, title: str) -> dict:
    """Variables of the recipient list template.

    ``appendix_label`` (``Phụ lục``), ``title``, ``attached_line`` (``(Kèm theo Kế hoạch
    số …/KH-SKHCN ngày … của …)``, blank number and date in a draft), ``groups`` (list of
    ``{label, note, units: [{no, name, short_name, address, email}]}``, groups in
    protocol order numbered I, II …, units in Vietnamese alphabetical order numbered
    1, 2 … within each group) and ``total`` (number of units).
    """
    kind = document.doc_type.lower().capitalize()
    day = vnformat.long_date(document.issue_date) if document.issue_date else \
        f"ngày{vnformat.DRAFT_BLANK}tháng{vnformat.DRAFT_BLANK}năm {document.year}"
    ref = vnformat.doc_ref(document.number or None, document.symbol)
    number = f"số {ref}" if document.number else f"số{ref}"  # a draft's blank already leads with spaces
    attached = f"(Kèm theo {kind} {number} {day} của {document.issuer_in_text})"
    groups = []
    for index, (group, units) in enumerate(document.recipients.by_group(), start=1):
        note = ""
        if group in document.recipients.addressed and not units:
            note = f"(Không liệt kê từng đơn vị{': ' + group.note if group.note else ''})"
        groups.append({
            "label": f"{vnformat.roman(index)}. {group.name.upper()}",
            "note": note,
            "units": [{"no": number, "name": unit.full_name, "short_name": unit.short_name,
                       "address": unit.address, "email": unit.email}
                      for number, unit in enumerate(units, start=1)],
        })
    return {"appendix_label": "Phụ lục", "title": title, "attached_line": attached,
            "groups": groups, "total": len(document.recipients.units)}


def _footnote_ids(document: AdministrativeDocument) -> dict[str, int]:
    """Word footnote ids, 1.. in order of reference (Word numbers them by position)."""
    return {key: number for number, key in enumerate(document.footnotes, start=1)}


def _body_xml(body: list[Paragraph], tpl: TemplateFile, notes: dict[str, int]) -> Markup:
    """The body as ``<w:p>`` elements in the template's level styles. The last
    paragraph keeps with the next block, so the signature never stands alone on a page."""
    parts = []
    for index, paragraph in enumerate(body):
        if paragraph.table is not None:
            parts.append(_table_xml(paragraph.table, tpl))
            continue
        try:
            style = tpl.style(paragraph.level.style)
        except TemplateProblem as exc:
            raise TemplateProblem(tpl.path, f"{exc.message} (cần cho dòng {paragraph.location.row} của "
                                  f"{paragraph.location.file.name})") from None
        keep = "<w:keepNext/>" if index == len(body) - 1 else ""
        label = [_run(f"{paragraph.label} ", paragraph.bold, False)] if paragraph.label else []
        runs = _runs_xml(paragraph.pieces, paragraph.bold, tpl, notes)
        parts.append(f'<w:p><w:pPr><w:pStyle w:val="{escape(style)}"/>{keep}</w:pPr>'
                     + "".join(label) + runs + "</w:p>")
    return Markup("".join(parts))


TEXT_WIDTH = 9354  # twips: A4 less the 30 mm and 15 mm margins


def _table_xml(table: DataTable, tpl: TemplateFile) -> str:
    """A bordered table in the template's ``Table Grid`` style (12 pt, 10 pt when it has
    more than six columns), header row repeated on each page, widths scaled to the text
    width, last row bold if a total."""
    size = 24 if len(table.header) <= 6 else 20  # half-points
    scale = TEXT_WIDTH / sum(table.widths)
    widths = [int(w * scale) for w in table.widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(cells: list[str], header: bool, bold: bool) -> str:
        props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        xml = []
        for column, (text, width) in enumerate(zip(cells, widths)):
            align = "left" if column == 1 and not header else "center"
            run_props = "<w:b/><w:bCs/>" if bold else ""
            xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                       f'<w:p><w:pPr><w:spacing w:before="20" w:after="20"/><w:ind w:firstLine="0"/>'
                       f'<w:jc w:val="{align}"/></w:pPr><w:r><w:rPr>{run_props}<w:sz w:val="{size}"/>'
                       f'<w:szCs w:val="{size}"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>')
        return f"<w:tr>{props}{''.join(xml)}</w:tr>"

    rows = [row(table.header, True, True)]
    for index, cells in enumerate(table.rows):
        rows.append(row(cells, False, table.total_row and index == len(table.rows) - 1))
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{escape(tpl.style("Table Grid"))}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
            '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')


def _runs_xml(pieces: list[Piece], bold: bool, tpl: TemplateFile, notes: dict[str, int]) -> str:
    xml = []
    for piece in pieces:
        if isinstance(piece, FootnoteMark):
            style = tpl.style(FOOTNOTE_REFERENCE_STYLE)
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


_TAG = re.compile(r"\{[{%].*?[%}]\}")


def _describe_jinja_error(exc: jinja2.TemplateError) -> str:
    context = list(getattr(exc, "docx_context", None) or ())
    where = ""
    if context:
        text = " ".join(" ".join(line.split()) for line in context if line.strip())
        where = f" — gần đoạn: «{text[:200]}»"
    lineno = getattr(exc, "lineno", None)
    if lineno and context and not isinstance(exc, jinja2.TemplateSyntaxError):
        # docxtpl gives the lines from lineno - 4 on; each paragraph is one line
        line = " ".join(context[min(lineno - 1, 3)].split()) if len(context) > min(lineno - 1, 3) else ""
        tags = _TAG.findall(line)
        if line:
            where = f" — ở đoạn «{line[:80]}»" + (f", thẻ «{tags[0]}»" if tags else "")
    if isinstance(exc, jinja2.UndefinedError):
        return f"mẫu dùng một biến mà dữ liệu không có ({exc.message}){where}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"lỗi cú pháp thẻ Jinja ở dòng {exc.lineno}: {exc.message}{where}"
    return f"lỗi khi điền mẫu: {exc}{where}"


def _timestamp(document: AdministrativeDocument) -> datetime:
    """The fixed date stamped into the file: the issue date, or 1 January of the year for a draft."""
    day = document.issue_date or datetime(document.year, 1, 1).date()
    return datetime(day.year, day.month, day.day)


def _properties(document: AdministrativeDocument, title: str) -> dict[str, str]:
    """Core properties from the data (title, type, issuer, reference)."""
    return {"title": title, "subject": document.doc_type, "author": " ".join(document.issuer.split()),
            "keywords": document.number_line.removeprefix("Số:").strip()}


PROPERTY_LIMIT = 255  # characters in a core property (python-docx refuses more)


def _fit_property(value: str, limit: int = PROPERTY_LIMIT) -> str:
    """``value`` if it fits in a core property, else cut at a word boundary + ``…``.

    ``Tổ chức … tỉnh Thanh Hóa`` (300 characters) → its first words up to 254
    characters, then ``…``. A single word longer than that is cut inside the word.
    """
    if len(value) <= limit:
        return value
    head = value[:limit]  # a space in here ends a part of at most limit - 1 characters
    cut = head.rfind(" ")
    kept = head[:cut] if cut > 0 else head[:limit - 1]
    kept = kept.rstrip(" ,;:-–—")
    return (kept or value[:limit - 1]) + "…"
