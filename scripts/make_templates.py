"""Create the bundled ND30 templates in ``templates_docx/`` from scratch.

The .docx files in ``templates_docx/`` are the source of truth: clerks edit them
in Word. This script made their first version and is kept to rebuild a template
that was damaged; running it OVERWRITES edits made in Word.

    python scripts/make_templates.py [--force]

Layout rules: ND30 Phụ lục I (see ../shared/nd30.md §1–3) and Mẫu 1.4 of Phụ lục III.
Size set: the decree's own illustration column (nd30.md §3.1): Quốc hiệu 12,
Tiêu ngữ 13, agency names 12, Số 13, date 13, type/abstract/body/signature 14,
Nơi nhận 12/11, page number 14.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.render.footnotes import FOOTNOTE_REFERENCE_STYLE, FOOTNOTE_TEXT_STYLE, footnotes_part  # noqa: E402
from pipeline.render.docx import set_proofing_language  # noqa: E402

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
LEFT_COL, RIGHT_COL = Mm(70.5), Mm(94)  # within the 165 mm text width at 30/15 mm margins
SIGN_LEFT, SIGN_RIGHT = Mm(80), Mm(84.5)
PBDR_SUCCESSORS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                   "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                   "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                   "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                   "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                   "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def set_fonts(rpr_owner, size: float | None = None) -> None:
    """Times New Roman in every font slot, black, Vietnamese language (nd30.md §2, §10)."""
    font = rpr_owner.font
    font.name = FONT
    font.color.rgb = BLACK
    if size:
        font.size = Pt(size)
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def add_styles(doc) -> None:
    styles = doc.styles
    set_proofing_language(styles.element)  # docDefaults: every run Vietnamese, Word's proofing and PDF /Lang
    normal = styles["Normal"]
    set_fonts(normal, 14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = styles.add_style("VB Doan van", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.quick_style = True
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.0
    fmt.widow_control = True

    for name, bold in (("VB Muc", True), ("VB Khoan 1", False), ("VB Khoan 2", False),
                       ("VB Khoan 3", False), ("VB Diem", False), ("VB Gach dau dong", False),
                       ("VB Dau cong", False), ("VB Dau sao", False)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = body
        style.quick_style = True
        style.font.bold = bold
        if name == "VB Muc" or name.startswith("VB Khoan"):
            style.paragraph_format.keep_with_next = name == "VB Muc"

    note = styles.add_style(FOOTNOTE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    set_fonts(note, 12)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    note.paragraph_format.space_after = Pt(0)
    ref = styles.add_style(FOOTNOTE_REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER)
    ref.font.superscript = True


def paragraph(container, text: str = "", size: float = 14, bold: bool = False, italic: bool = False,
              align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0):
    """Add a paragraph with one directly formatted run (letterhead components are one-offs)."""
    p = container.add_paragraph()
    p.paragraph_format.alignment = align
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.first_line_indent = Pt(0)
    if text:
        run = p.add_run(text)
        set_fonts(run, size)
        run.bold = bold
        run.italic = italic
    return p


def rule(p, width_mm: float, container_mm: float) -> None:
    """Draw a solid line under paragraph ``p``, ``width_mm`` long, centred (a bottom border)."""
    indent = Mm((container_mm - width_mm) / 2)
    p.paragraph_format.left_indent = indent
    p.paragraph_format.right_indent = indent
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, *PBDR_SUCCESSORS)


def tiny(p) -> None:
    """Make an empty paragraph 2 pt high (it only carries a rule), clear of the text above."""
    p.paragraph_format.space_before = Pt(3)
    mark = p._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    rpr.append(size)
    mark.append(rpr)


def borderless_table(doc, rows: int, widths) -> object:
    """A centred table with fixed column widths and no borders (letterhead, signature).

    ``table.autofit = False`` already writes ``<w:tblLayout w:type="fixed"/>`` in its
    schema place in ``w:tblPr``; python-docx inserts each property it sets in order.
    """
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    for col, width in zip(table.columns, widths):
        col.width = width
    return table


def keep_rows_whole(table) -> None:
    """Mark every row ``w:cantSplit``: Word and LibreOffice move a row that does not fit
    to the next page whole instead of breaking it (the signer's title and name stay together)."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))


def fill(cell, lines) -> None:
    """Put ``(text, kwargs)`` lines into a cell, reusing its first empty paragraph."""
    first = True
    for text, kwargs in lines:
        if first:
            p = cell.paragraphs[0]
            p.paragraph_format.alignment = kwargs.get("align", WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.space_after = Pt(kwargs.get("after", 0))
            p.paragraph_format.space_before = Pt(kwargs.get("before", 0))
            if text:
                run = p.add_run(text)
                set_fonts(run, kwargs.get("size", 14))
                run.bold = kwargs.get("bold", False)
                run.italic = kwargs.get("italic", False)
            first = False
        else:
            paragraph(cell, text, **kwargs)


def page_number_header(section) -> None:
    """Page numbers top centre from page 2, none on page 1 (ND30 Phụ lục I mục II.10)."""
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = ""
    p = section.header.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"),
                       ("end", None)):
        run = p.add_run()
        set_fonts(run, 14)
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def footnote_settings(doc) -> None:
    """Declare Word's separator footnotes in settings.xml, as Word itself does."""
    settings = doc.settings.element
    pr = OxmlElement("w:footnotePr")
    for note_id in ("-1", "0"):
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        pr.append(note)
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(pr)
    else:
        settings.append(pr)


def new_document():
    """A4 portrait, ND30 margins, the styles, page numbers from page 2 and a footnotes part."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # ND30 Phụ lục I mục I.5: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    # Whole twips, rounded into the ranges (15 mm = 850.4 twips -> 851).
    section.top_margin, section.bottom_margin = Twips(1134), Twips(1134)
    section.left_margin, section.right_margin = Twips(1701), Twips(851)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    add_styles(doc)
    page_number_header(section)
    footnote_settings(doc)
    footnotes_part(doc)
    return doc


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>vanban</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
).encode("utf-8")


def set_properties(doc, title: str, sample: str) -> None:
    props = doc.core_properties
    props.title = title
    props.author = "vanban"
    props.comments = f"Mẫu theo Nghị định 30/2020/NĐ-CP, Phụ lục III, {sample}"


def drop_default_leftovers(doc) -> None:
    """Remove what python-docx's own default template carries over into every new file.

    - ``docProps/thumbnail.jpeg`` (a picture of an empty Word page) and its package
      relationship;
    - the ``customXml`` bibliography part, related from the document part;
    - ``docProps/app.xml`` claiming "Microsoft Macintosh Word" with a fixed page, word
      and line count: replaced by one naming ``vanban``, with no counts (Word writes
      its own when the clerk saves the file).

    A part disappears from the saved package once nothing relates to it.
    """
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            del doc.part.rels[rid]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, APP_XML, package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


def save(doc, path: Path) -> None:
    drop_default_leftovers(doc)
    doc.save(path)


def letterhead(doc, letter: bool) -> None:
    """The two-column letterhead; a công văn (Mẫu 1.5) has ``V/v …`` under its number."""
    head = borderless_table(doc, 2, (LEFT_COL, RIGHT_COL))
    left, right = head.rows[0].cells
    fill(left, [("{%p if parent_agency %}", {"size": 12}),
                ("{{ parent_agency }}", {"size": 12}),
                ("{%p endif %}", {"size": 12}),
                ("{{ issuer }}", {"size": 12, "bold": True})])
    tiny(rule_p := paragraph(left))
    rule(rule_p, 25, 66.7)
    fill(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"size": 12, "bold": True}),
                 ("Độc lập - Tự do - Hạnh phúc", {"size": 13, "bold": True})])
    rule(right.paragraphs[-1], 57, 90)
    number_cell, date_cell = head.rows[1].cells
    lines = [("{{ number_line }}", {"size": 13, "before": 6})]
    if letter:  # ND30 Phụ lục I mục II.5.b: V/v under the number, 12–13 pt, upright, no rule
        lines.append(("V/v {{ abstract }}", {"size": 12, "before": 6}))
    fill(number_cell, lines)
    fill(date_cell, [("{{ date_line }}", {"size": 13, "italic": True, "before": 6})])


def addressee_block(doc) -> None:
    """``Kính gửi:`` then the addressees, dashes aligned on a tab stop (ND30 Phụ lục I mục II.9)."""
    for text in ("{%p for line in addressee_lines %}", "{{ line }}", "{%p endfor %}"):
        p = paragraph(doc, text, 14, align=WD_ALIGN_PARAGRAPH.LEFT, before=6 if text == "{{ line }}" else 0)
        p.paragraph_format.left_indent = Cm(5)
        p.paragraph_format.first_line_indent = Cm(-2.3)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(5))


def signature_block(doc) -> None:
    sign = borderless_table(doc, 1, (SIGN_LEFT, SIGN_RIGHT))
    keep_rows_whole(sign)
    recipients, signer = sign.rows[0].cells
    left_align = {"align": WD_ALIGN_PARAGRAPH.LEFT}
    fill(recipients, [("Nơi nhận:", {"size": 12, "bold": True, "italic": True, **left_align}),
                      ("{%p for line in recipient_lines %}", {"size": 11, **left_align}),
                      ("{{ line }}", {"size": 11, **left_align}),
                      ("{%p endfor %}", {"size": 11, **left_align})])
    fill(signer, [("{%p for line in signer_title_lines %}", {"size": 14}),
                  ("{{ line }}", {"size": 14, "bold": True}),
                  ("{%p endfor %}", {"size": 14})]
         + [("", {"size": 14})] * 4
         + [("{{ signer_name }}", {"size": 14, "bold": True})])


def body_paragraph(doc) -> None:
    body = doc.add_paragraph("{{p body }}", style="VB Doan van")
    set_fonts(body.runs[0], 14)


def type_and_abstract(doc) -> None:
    """The type line (``{{ doc_type }}``), the abstract and the short rule under it: 60 mm,
    1/3–1/2 of the 165 mm line (55–82.5 mm), ND30 Phụ lục I, mục II.5.b."""
    paragraph(doc, "{{ doc_type }}", 14, bold=True, before=18)
    paragraph(doc, "{{ abstract }}", 14, bold=True)
    tiny(abstract_rule := paragraph(doc, after=6))
    rule(abstract_rule, 60, 165)


def make_plan_template(path: Path) -> None:
    """ND30 Mẫu 1.4 (văn bản có tên loại): Kế hoạch, Báo cáo, Thông báo … A Báo cáo
    sent upward has a Kính gửi block (printed only when the data gives addressees)."""
    doc = new_document()
    letterhead(doc, letter=False)
    type_and_abstract(doc)
    addressee_block(doc)
    tiny(paragraph(doc, after=6))
    body_paragraph(doc)
    signature_block(doc)
    set_properties(doc, "Mẫu 1.4 — Văn bản có tên loại (Kế hoạch, Báo cáo…)", "Mẫu 1.4")
    save(doc, path)


def make_letter_template(path: Path) -> None:
    """ND30 Mẫu 1.5 (công văn): V/v under the number, no type line, Kính gửi, Nơi nhận from ``- Như trên;``."""
    doc = new_document()
    letterhead(doc, letter=True)
    paragraph(doc, "", 14, after=6)
    addressee_block(doc)
    tiny(paragraph(doc, after=6))
    body_paragraph(doc)
    signature_block(doc)
    set_properties(doc, "Mẫu 1.5 — Công văn", "Mẫu 1.5")
    save(doc, path)


INVITATION_LINES = ("{{ invitation.host }} trân trọng kính mời: {{ invitation.guests }}",
                    "Tới dự {{ invitation.event }}.",
                    "Chủ trì: {{ invitation.chair }}.",
                    "Thời gian: {{ invitation.time }}.",
                    "Địa điểm: {{ invitation.place }}.")


def make_invitation_template(path: Path) -> None:
    """ND30 Mẫu 1.7 (giấy mời): type line GIẤY MỜI, the meeting's abstract and its rule,
    «… trân trọng kính mời: …», «Tới dự …», «Chủ trì: …», «Thời gian: …», «Địa điểm: …»,
    then the body (what to note, ending ./.), Nơi nhận and signature."""
    doc = new_document()
    letterhead(doc, letter=False)
    type_and_abstract(doc)
    for text in INVITATION_LINES:
        line = doc.add_paragraph(text, style="VB Doan van")
        set_fonts(line.runs[0], 14)
    body_paragraph(doc)
    signature_block(doc)
    set_properties(doc, "Mẫu 1.7 — Giấy mời", "Mẫu 1.7")
    save(doc, path)


def make_decision_template(path: Path) -> None:
    """ND30 Mẫu 1.2 (quyết định cá biệt, quy định trực tiếp): type and abstract, the authority (thẩm quyền ban
    hành), the căn cứ lines in italics, ``QUYẾT ĐỊNH:``, then the Điều of the body; Nơi nhận
    from ``- Như Điều …;`` (given by the data)."""
    doc = new_document()
    letterhead(doc, letter=False)
    type_and_abstract(doc)
    paragraph(doc, "{{ authority }}", 14, bold=True, before=6, after=6)
    for text in ("{%p for line in basis_lines %}", "{{ line }}", "{%p endfor %}"):
        basis = paragraph(doc, text, 14, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                          after=6 if text == "{{ line }}" else 0)
        basis.paragraph_format.first_line_indent = Cm(1)
    paragraph(doc, "QUYẾT ĐỊNH:", 14, bold=True, before=6, after=6)
    body_paragraph(doc)
    signature_block(doc)
    set_properties(doc, "Mẫu 1.2 — Quyết định (cá biệt)", "Mẫu 1.2")
    save(doc, path)


def make_recipient_list_template(path: Path) -> None:
    """The recipient list as an appendix (ND30 Phụ lục III Mẫu 2.1: Phụ lục, title, Kèm theo …)."""
    doc = new_document()
    paragraph(doc, "{{ appendix_label }}", 14, bold=True)
    paragraph(doc, "{{ title }}", 14, bold=True)
    paragraph(doc, "{{ attached_line }}", 14, italic=True)
    tiny(line := paragraph(doc, after=12))
    rule(line, 40, 165)
    doc.add_paragraph("{{p units_table }}")  # the table: pipeline.render.tables, widths from the content
    paragraph(doc, "Tổng số: {{ total }} đơn vị.", 13, italic=True, before=6,
              align=WD_ALIGN_PARAGRAPH.LEFT)
    set_properties(doc, "Phụ lục — danh sách nơi nhận", "Mẫu 2.1")
    save(doc, path)


TEMPLATES = {"ke_hoach.docx": make_plan_template,
             "bao_cao.docx": make_plan_template,
             "cong_van.docx": make_letter_template,
             "giay_moi.docx": make_invitation_template,
             "quyet_dinh.docx": make_decision_template,
             "phu_luc_danh_sach.docx": make_recipient_list_template}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"templates to build (default: all of {list(TEMPLATES)})")
    parser.add_argument("--force", action="store_true", help="overwrite existing templates")
    args = parser.parse_args()
    folder = Path(__file__).resolve().parents[1] / "templates_docx"
    for name in args.names or TEMPLATES:
        target = folder / name
        if target.exists() and not args.force:
            print(f"{target} exists; use --force to overwrite it (this discards edits made in Word)")
            return 1
        TEMPLATES[name](target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
