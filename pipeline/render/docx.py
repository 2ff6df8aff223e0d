"""Filling a Word template with a document's data.

Templates are ordinary .docx files edited in Word, with docxtpl/Jinja tags. They
are rendered in a Jinja *sandbox* with autoescaping, so a template cannot run
code and no data value can break the XML. The body is inserted with ``{{p body }}``
as paragraphs in the template's own paragraph styles (``VB Muc``, ``VB Khoan 1`` …),
so the clerk changes its look in Word. Footnotes become real Word footnotes.
The result is byte-for-byte repeatable: same data, same file.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import jinja2
from docx.oxml.ns import qn
from lxml import etree
from markupsafe import Markup

from pipeline.common import vnformat
from pipeline.common.errors import TemplateProblem
from pipeline.common.once import once_per_run
from pipeline.render.footnotes import FOOTNOTE_REFERENCE_STYLE, FOOTNOTE_TEXT_STYLE, add_footnotes
from pipeline.document.invitation import invitation_context
from pipeline.document.markup import FootnoteMark, Piece
from pipeline.document.model import AdministrativeDocument, Column, DataTable, GroupRow, Paragraph
from pipeline.common.package import PackageProblem, check_package
from pipeline.render.reuse import FillableTemplate, Reusable
from pipeline.render.sandbox import BoundedSandbox
from pipeline.render.series import Series
from pipeline.render.tables import escape, table_xml
from pipeline.results.facts import template_data


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


@once_per_run(key=lambda document, name, templates_dir: (document.source, name, templates_dir))
def find_template(document: AdministrativeDocument, name: str, templates_dir: Path) -> Path:
    """Locate a template named in the data (``Mẫu``, ``Mẫu danh sách nơi nhận``); once per run
    for each data source (:func:`pipeline.common.once.once_per_run`: the documents of a source
    made one per unit share it).

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
    field = "Mẫu danh sách nơi nhận" if name == document.list_template and name != document.template else "Mẫu"
    where = (f"tệp {document.source / 'thong_tin_chung.csv'}" if document.source.is_dir()
             else f"tệp {document.source}, trang tính «thong_tin_chung»")
    raise TemplateProblem(Path(name), f"không tìm thấy tệp mẫu này (ghi ở {where}, mục «{field}»), cả bên "
                          f"cạnh dữ liệu lẫn trong {templates_dir}")


class TemplateFile:
    """An opened .docx template, filled any number of times (:mod:`pipeline.render.reuse`):
    opened, parsed and its Jinja compiled once, each fill giving the bytes a fresh
    template would give.

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
            self.tpl = FillableTemplate(str(path))
            # by case-folded name: Word's built-in names are case-insensitive ("Footnote Text")
            self.styles = {style.name.casefold(): style.style_id for style in self.tpl.get_docx().styles
                           if style.name}
            # read once, before any fill: docxtpl's get_docx() reloads a filled template from its
            # file, which would detach it from the state Reusable restores
            section = self.tpl.get_docx().sections[-1]
            self.width = int(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)
        except Exception as exc:  # docx/zip/lxml raise many types for a damaged file
            raise TemplateProblem(path, f"không mở được tệp mẫu .docx ({exc})") from None
        self.environment = make_environment()
        self.reusable: Reusable | None = None
        self.series: Series | None = None
        self._last_body: tuple[object, object, tuple[Markup, list]] | None = None

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

    def text_width(self) -> int:
        """The width of a line of text in the template's last section, in twips (page width
        less the left and right margins): 9354 for A4 with ND30's 30 mm and 15 mm margins."""
        return self.width

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

        The next document of a series (same properties, footnotes and stamp; a context that
        differs only in what the body reads, e.g. ``addressee_lines``) is made by rendering
        only the paragraphs that read a changed variable (:mod:`pipeline.render.series`);
        the first one made so is compared with a full fill, byte for byte.

        Raises:
            TemplateProblem: a Jinja error, a variable the context lacks, a result that is
                not a sound package (two entries of one name, a part that is not
                well-formed XML: checked before anything is written), an expression
                Python refuses (``1/0``), or a render beyond the limits of
                :mod:`pipeline.render.sandbox` (time, output size, huge numbers or strings),
                naming the paragraph and the tag.
        """
        if self.series is not None:
            self.environment.restart()
            data = self.series.fill(context, properties, stamp, footnotes, self._write_main)
            if data is not None:
                if self.series.verified:
                    return data
                full = self._fill(context, properties, stamp, footnotes)
                self.series.verified = full == data
                self.series.off = not self.series.verified
                return full
        return self._fill(context, properties, stamp, footnotes)

    def _fill(self, context: dict, properties: dict[str, str], stamp: datetime,
              footnotes: list[tuple[int, str]]) -> bytes:
        """A full fill (:meth:`render`), remembered as the base of a series."""
        if self.reusable is None:
            self.reusable = Reusable(self.tpl.get_docx())
            self.series = Series(self.tpl, self.environment, self.reusable.restore)
        else:  # filled before: back to the template as loaded, a new time and size budget
            self.reusable.restore()
            self.tpl.is_rendered = False
            self.environment.restart()
        try:
            self.tpl.render(context, jinja_env=self.environment, autoescape=True)
        except jinja2.TemplateError as exc:
            raise TemplateProblem(self.path, _describe_jinja_error(exc)) from None
        if footnotes:
            add_footnotes(self.tpl.docx, list(footnotes), self.style(FOOTNOTE_TEXT_STYLE),
                          self.style(FOOTNOTE_REFERENCE_STYLE))
        core = self.tpl.docx.core_properties
        for name, value in properties.items():
            setattr(core, name, _fit_property(value) if isinstance(value, str) else value)
        core.language = LANGUAGE
        set_proofing_language(self.tpl.docx.styles.element)
        core.last_modified_by = core.author
        core.revision = 1
        core.created = core.modified = core.last_printed = stamp
        try:
            data = self.reusable.package_bytes(stamp)
        except PackageProblem as exc:
            raise TemplateProblem(self.path, f"văn bản điền từ mẫu này bị hỏng nên không ghi ({exc}); thường do "
                                  "một thẻ «{%p …%}», «{%tr …%}» hoặc «{{p …}}» đặt sai chỗ") from None
        self.series.remember(context, properties, stamp, footnotes, self.reusable.members,
                             self.tpl.docx.part.partname.membername)
        return data

    def _write_main(self, body) -> bytes:
        """Put ``body`` (a ``w:body`` element) into the loaded document; the main part's bytes."""
        root = self.tpl.docx.element
        root.replace(root.body, body)
        return self.tpl.docx.part.blob

    def body_parts(self, document: AdministrativeDocument) -> tuple[Markup, list[tuple[int, str]]]:
        """The body's XML and the footnotes' ``(id, runs_xml)`` of ``document`` in this template
        (:func:`render_document`); the last ones are reused for a document with the very same body
        and footnotes (the letters of a series share them)."""
        last = self._last_body
        if last is not None and last[0] is document.body and last[1] is document.footnotes:
            return last[2]
        notes = _footnote_ids(document)
        parts = (_body_xml(document.body, self, notes),
                 [(notes[key], _runs_xml(pieces, False, self, notes)) for key, pieces in document.footnotes.items()])
        self._last_body = (document.body, document.footnotes, parts)
        return parts


LANGUAGE = "vi-VN"
"""The documents' language: Word's proofing and the PDF's /Lang (nd30.md §10: Vietnamese text)."""


def set_proofing_language(styles: etree._Element, language: str = LANGUAGE) -> None:
    """Make ``language`` the default language of every run (``w:docDefaults/w:rPrDefault/w:rPr/w:lang``
    of ``word/styles.xml``), so that Word checks spelling in Vietnamese and LibreOffice tags its PDF
    ``/Lang (vi-VN)``; the East Asian and complex-script languages are kept.

    Args:
        styles: the root ``w:styles`` element (python-docx ``document.styles.element``).
    """
    rpr = styles
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr"):
        found = rpr.find(qn(tag))
        if found is None:
            found = etree.SubElement(rpr, qn(tag))
            if tag == "w:docDefaults":
                styles.remove(found)
                styles.insert(0, found)
        rpr = found
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), language)


def render_document(document: AdministrativeDocument, template: Path | TemplateFile) -> bytes:
    """Render ``document`` into ``template`` and return the .docx file's bytes.

    Args:
        document: validated document data.
        template: a .docx template (see the README for its variables), or one already
            opened (:class:`TemplateFile`, to fill it for many documents).

    Returns:
        The bytes of the .docx; identical inputs give identical bytes
        (zip entries and document properties are dated from the document).

    Raises:
        TemplateProblem: unreadable template, a Jinja error (with the template's
            text around it), a variable the data does not provide, or a paragraph
            style the body needs that the template lacks.
    """
    tpl = template if isinstance(template, TemplateFile) else TemplateFile(template)
    body, footnotes = tpl.body_parts(document)
    return tpl.render(template_context(document, body), _properties(document, document.abstract),
                      _timestamp(document), footnotes)


def template_context(document: AdministrativeDocument, body: Markup) -> dict:
    """The variables of a document template (all strings unless said otherwise).

    ``parent_agency``, ``issuer`` (may hold line breaks), ``number_line``
    (``Số: 05/KH-SKHCN``), ``date_line``, ``doc_type``, ``abstract``, ``body``
    (paragraphs, use as ``{{p body }}``), ``recipient_lines`` (list), ``signer_title_lines``
    (list), ``signer_name``, ``place``, ``year`` (int), ``number``, ``symbol``,
    ``issue_date`` (date or None), ``addressee_lines`` (the Kính gửi block, a list,
    empty when the document has no addressees), ``report`` (a report's figures, lists,
    tables and blocks: :func:`pipeline.results.facts.template_data`), ``authority`` (thẩm quyền ban hành of a
    quyết định, "" if none), ``basis_lines`` (its căn cứ block, a list, empty if none), and for a Giấy mời only
    ``invitation`` (``host``, ``guests``, ``event``, ``chair``, ``time``, ``place``:
    :func:`pipeline.document.invitation.invitation_context`).
    """
    context = {
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
        "report": template_data(document.results),
        "authority": document.authority,
        "basis_lines": document.basis_lines,
    }
    if document.invitation is not None:
        context["invitation"] = invitation_context(document)
    return context


def render_recipient_list(document: AdministrativeDocument, template: Path | TemplateFile) -> bytes:
    """Render the recipient list appendix (Phụ lục: danh sách nơi nhận) of ``document``.

    ND30 has no "Danh sách" document type: the list is an appendix of the plan,
    headed ``Phụ lục`` / title / ``(Kèm theo Kế hoạch số … ngày … của …)``
    (ND30 Phụ lục III, Mẫu 2.1; nd30.md §5.1 notes, trap 26).

    Raises:
        TemplateProblem: as :func:`render_document` (``template``: a path or a :class:`TemplateFile`).
    """
    tpl = template if isinstance(template, TemplateFile) else TemplateFile(template)
    title = recipient_list_title(document)
    units = Markup(table_xml(recipient_table(document), tpl.style("Table Grid"), tpl.text_width()))
    return tpl.render(recipient_list_context(document, title, units),
                      _properties(document, f"{title} — {document.abstract}"), _timestamp(document))


def recipient_list_title(document: AdministrativeDocument) -> str:
    """``DANH SÁCH NƠI NHẬN KẾ HOẠCH``: the appendix title for ``document``, or its own
    ``list_title`` (a reminder's ``DANH SÁCH CÁC ĐƠN VỊ CHƯA GỬI BÁO CÁO``)."""
    return document.list_title or f"DANH SÁCH NƠI NHẬN {document.doc_type or 'CÔNG VĂN'}"


def recipient_list_context(document: AdministrativeDocument, title: str, units_table: Markup) -> dict:
    """Variables of the recipient list template.

    ``appendix_label`` (``Phụ lục``), ``title``, ``attached_line`` (``(Kèm theo Kế hoạch
    số …/KH-SKHCN ngày … của …)``, blank number and date in a draft), ``units_table`` (the
    table of :func:`recipient_table`, use as ``{{p units_table }}``), ``groups`` (list of
    ``{label, note, units: [{no, name, short_name, address, email}]}``, groups in
    protocol order numbered I, II …, units in Vietnamese alphabetical order numbered
    1, 2 … within each group, for a template that lays out its own table) and ``total``
    (number of units).
    """
    kind = (document.doc_type or "công văn").lower().capitalize()
    day = vnformat.long_date(document.issue_date) if document.issue_date else \
        f"ngày{vnformat.DRAFT_BLANK}tháng{vnformat.DRAFT_BLANK}năm {document.year}"
    ref = vnformat.doc_ref(document.number or None, document.symbol)
    number = f"số {ref}" if document.number else f"số{ref}"  # a draft's blank already leads with spaces
    attached = f"(Kèm theo {kind} {number} {day} của {document.issuer_in_text})"
    return {"appendix_label": "Phụ lục", "title": title, "attached_line": attached, "units_table": units_table,
            "groups": _recipient_groups(document), "total": len(document.recipients.units)}


def recipient_table(document: AdministrativeDocument) -> DataTable:
    """The recipient list as a table: ``STT``, ``Tên đơn vị``, ``Địa chỉ``, ``Thư điện tử``, a bold row
    per group, an italic note under a group whose units are not listed. The address and
    e-mail columns are printed only when some unit has one (:attr:`Column.optional`)."""
    rows: list[list[str] | GroupRow] = []
    for group in _recipient_groups(document):
        rows.append(GroupRow(group["label"]))
        rows.extend([str(unit["no"]), unit["name"], unit["address"], unit["email"]] for unit in group["units"])
        if group["note"]:
            rows.append(GroupRow(group["note"], note=True))
    return DataTable(header=["STT", "Tên đơn vị", "Địa chỉ", "Thư điện tử"], rows=rows,
                     columns=[Column("center"), Column("left"), Column("left", optional=True),
                              Column("left", optional=True)])


def _recipient_groups(document: AdministrativeDocument) -> list[dict]:
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
    return groups


def _footnote_ids(document: AdministrativeDocument) -> dict[str, int]:
    """Word footnote ids, 1.. in order of reference (Word numbers them by position)."""
    return {key: number for number, key in enumerate(document.footnotes, start=1)}


def _body_xml(body: list[Paragraph], tpl: TemplateFile, notes: dict[str, int]) -> Markup:
    """The body as ``<w:p>`` elements in the template's level styles, tables laid out by
    :func:`pipeline.render.tables.table_xml` on the template's text width. The last paragraph
    keeps with the next block, so the signature never stands alone on a page, and a paragraph
    introducing a table keeps with its first rows."""
    parts = []
    for index, paragraph in enumerate(body):
        if paragraph.table is not None:
            parts.append(table_xml(paragraph.table, tpl.style("Table Grid"), tpl.text_width())
                         + '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')
            continue
        try:
            style = tpl.style(paragraph.level.style)
        except TemplateProblem as exc:
            raise TemplateProblem(tpl.path, f"{exc.message} (cần cho dòng {paragraph.location.row} của "
                                  f"{paragraph.location.file.name})") from None
        last = index == len(body) - 1
        keep = "<w:keepNext/>" if last or body[index + 1].table is not None else ""
        label = [_run(f"{paragraph.label} ", paragraph.bold, False)] if paragraph.label else []
        runs = _runs_xml(paragraph.pieces, paragraph.bold, tpl, notes)
        parts.append(f'<w:p><w:pPr><w:pStyle w:val="{escape(style)}"/>{keep}</w:pPr>'
                     + "".join(label) + runs + "</w:p>")
    return Markup("".join(parts))


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
