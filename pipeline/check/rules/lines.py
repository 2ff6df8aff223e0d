"""The short horizontal lines of the letterhead (ND30 Phụ lục I Phần I, mục II.1.b, II.2.b).

ND30 draws a solid line under the Tiêu ngữ (as long as the motto line) and under
the issuer's name (1/3 to 1/2 of the name's line, centred). The decree does not say
how to draw them; Word documents use any of:

* a paragraph border: ``w:pBdr/w:bottom`` of the component's paragraph or of an
  empty paragraph right under it, or ``w:top`` of that empty paragraph; its length
  is the column width minus the paragraph's left and right indents;
* a shape anchored in one of those paragraphs: DrawingML (``wp:inline`` /
  ``wp:anchor`` with ``wp:extent``) or VML (``v:line``, a shape whose ``style`` gives
  a width); its length is the shape's width;
* characters typed on the next line (after a line break or in the next paragraph):
  ``____`` or ``----``, in the same tab column when the letterhead is laid out with
  tabs.

Lengths of text are **estimates**: characters × font size × an average Times New
Roman width (capitals 0,67 em, bold 0,72 em; small letters 0,45 em, bold 0,5 em;
spaces 0,25 em; digits 0,5 em; punctuation 0,33 em), within about 5 % of the widths
measured with Liberation Serif (nd30.md §3.2). So a missing line is an error, a
length or a position out of range only a warning, with generous margins: the motto
line 0,8–1,25 × the motto; the issuer line 0,25–0,65 × the longest line of the name
(or of its column, when the name fills it): ND30's 1/3–1/2 widened by the estimate's
error and because the bundled templates draw a fixed 25 mm line, which under a short
two-line name (ỦY BAN NHÂN DÂN / TỈNH NGHỆ AN, about 41 mm) is 0,6 of it. Codes
ND30-211, 212.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.check.elements import Para, Seg, segments
from pipeline.check.ooxml import VML, W, WP, to_int
from pipeline.check.pages import text_area
from pipeline.check.patterns import REF_AGENCY, REF_MOTTO
from pipeline.check.registry import ERROR, WARNING, after_structure, define
from pipeline.check.text import nfc, num

_TWIPS_PER_MM = 56.6929
_EMU_PER_TWIP = 635
_CELL_MARGIN = 108  # Word's default left and right cell margin, twips
_TYPED_RE = re.compile(r"^\s*([_\-–—]{3,})\s*$")
_TYPED_WIDTH_EM = {"_": 0.5, "-": 0.333, "–": 0.5, "—": 1.0}


@dataclass(frozen=True)
class Line:
    """A short line found under a component: where, how drawn, its length and horizontal centre."""

    para: Para
    how: str  # "viền đoạn", "hình vẽ", "ký tự gõ"
    length: float  # twips
    offset: float | None  # centre of the line minus centre of the column, twips; None when unknown


def text_width(seg: Seg) -> float:
    """Estimated printed width of a segment in twips (see the module docstring for the factors)."""
    return seg.once("text_width", _text_width)


def _text_width(seg: Seg) -> float:
    width = 0.0
    for text, props in seg.visible():
        for ch in nfc(text):
            if ch.isspace():
                em = 0.25
            elif ch.isdigit():
                em = 0.5
            elif ch.isalpha() and (ch.isupper() or props.caps):
                em = 0.72 if props.bold else 0.67
            elif ch.isalpha():
                em = 0.5 if props.bold else 0.45
            else:
                em = 0.33
            width += em * props.size * 20
    return width


def _cell(el: etree._Element) -> etree._Element | None:
    node = el.getparent()
    while node is not None and node.tag != W + "tc":
        node = node.getparent()
    return node


def column_width(checker, para: Para) -> float:
    """Width in twips of the column that holds ``para``: its table cell (less cell margins) or the text area."""
    cell = _cell(para.el)
    if cell is None:
        return float(text_area(checker.m)[0])
    width = cell.find(f"{W}tcPr/{W}tcW")
    if width is not None and width.get(W + "type") in (None, "dxa") and to_int(width.get(W + "w"), 0):
        return float(to_int(width.get(W + "w"), 0) - 2 * _CELL_MARGIN)
    row = cell.getparent()
    table = row.getparent() if row is not None else None
    grid = [to_int(c.get(W + "w"), 0) or 0 for c in table.iterfind(f"{W}tblGrid/{W}gridCol")] if table is not None \
        else []
    start = 0
    for sibling in row:
        if sibling is cell:
            break
        if sibling.tag == W + "tc":
            span = sibling.find(f"{W}tcPr/{W}gridSpan")
            start += to_int(span.get(W + "val"), 1) if span is not None else 1
    span_el = cell.find(f"{W}tcPr/{W}gridSpan")
    span = to_int(span_el.get(W + "val"), 1) if span_el is not None else 1
    widths = grid[start:start + span]
    return float(sum(widths) - 2 * _CELL_MARGIN) if widths else float(text_area(checker.m)[0]) / 2


def _border(para: Para, side: str) -> bool:
    el = para.el.find(f"{W}pPr/{W}pBdr/{W}{side}")
    return el is not None and el.get(W + "val") not in (None, "nil", "none")


def _right_indent(para: Para) -> int:
    ind = para.el.find(f"{W}pPr/{W}ind")
    if ind is None:
        return 0
    return to_int(ind.get(W + "right") or ind.get(W + "end"), 0) or 0


def _border_line(para: Para, width: float) -> Line:
    right = _right_indent(para)
    return Line(para, "viền đoạn", width - para.left - right, (para.left - right) / 2)


def _shape_line(para: Para, width: float) -> Line | None:
    """A line drawn as a DrawingML or VML shape anchored in ``para`` (the first one)."""
    for drawing in para.el.iter(WP + "inline", WP + "anchor"):
        extent = drawing.find(WP + "extent")
        if extent is None:
            continue
        length = (to_int(extent.get("cx"), 0) or 0) / _EMU_PER_TWIP
        offset = None
        if drawing.tag == WP + "inline":
            offset = 0.0 if para.jc == "center" else None
        else:
            align = drawing.find(f"{WP}positionH/{WP}align")
            pos = drawing.find(f"{WP}positionH/{WP}posOffset")
            relative = (drawing.find(WP + "positionH").get("relativeFrom")
                        if drawing.find(WP + "positionH") is not None else None)
            if align is not None and align.text == "center":
                offset = 0.0
            elif pos is not None and relative in ("column", "margin"):
                offset = (to_int(pos.text, 0) or 0) / _EMU_PER_TWIP + length / 2 - width / 2
        return Line(para, "hình vẽ", length, offset)
    for shape in para.el.iter(VML + "line"):
        start = [float(v.rstrip("pt") or 0) for v in (shape.get("from") or "0,0").split(",")[:1]]
        end = [float(v.rstrip("pt") or 0) for v in (shape.get("to") or "0,0").split(",")[:1]]
        return Line(para, "hình vẽ", abs(end[0] - start[0]) * 20, None)
    for shape in para.el.iter(VML + "shape", VML + "rect"):
        match = re.search(r"(?:^|;)\s*width:\s*([0-9.]+)pt", shape.get("style") or "")
        if match:
            return Line(para, "hình vẽ", float(match.group(1)) * 20, None)
    return None


def _typed_line(para: Para, column: int | None, after: int = -1) -> Line | None:
    """Underscores or dashes typed as a line of the paragraph below line ``after`` (in tab column ``column``)."""
    segs = [s for s in segments(para) if s.text and s.line > after]
    if column is not None and any(s.col == column for s in segs):
        segs = [s for s in segs if s.col == column]
    for seg in segs:
        match = _TYPED_RE.match(nfc(seg.text))
        if match:
            size = max(seg.sizes() or {13.0})
            length = sum(_TYPED_WIDTH_EM[ch] * size * 20 for ch in match.group(1))
            return Line(para, "ký tự gõ", length, 0.0 if para.jc == "center" and len(segs) == 1 else None)
    return None


def _following(checker, para: Para) -> list[Para]:
    """The paragraphs after ``para`` in its table cell, or in the body."""
    for block in checker.m.blocks:
        for index, other in enumerate(block.paras):
            if other is para:
                if block.kind == "tbl":
                    return [p for p in block.paras[index + 1:] if p.cell == para.cell]
                position = checker.m.blocks.index(block)
                return [b.paras[0] for b in checker.m.blocks[position + 1:] if b.kind == "p"]
    return []


def find_line(checker, seg: Seg) -> Line | None:
    """The short line right under the segment ``seg``, or None.

    Looked for in the segment's paragraph (bottom border, shape) and in the empty or
    line-only paragraphs right after it, up to the next paragraph with text.
    """
    para = seg.para
    width = column_width(checker, para)
    column = seg.col if "\t" in para.text else None
    if _border(para, "bottom"):
        return _border_line(para, width)
    typed = _typed_line(para, column, after=seg.line)  # typed after a line break (Shift+Enter)
    if typed is not None:
        return typed
    for later in _following(checker, para)[:3]:
        if _border(later, "top"):
            return _border_line(later, width)
        line = _shape_line(later, width) or _typed_line(later, column)
        if line is not None:
            return line
        if _border(later, "bottom"):
            return _border_line(later, width)
        if later.text.strip():
            break
    return _shape_line(para, width)


def check_line(checker, rule, seg: Seg, what: str, reference: float, low: float, high: float,
               expected: str, column: float | None = None) -> None:
    """Presence, length (``low``–``high`` × ``reference`` twips, or × ``column``) and centring of the line."""
    line = find_line(checker, seg)
    if line is None:
        checker.add(rule, rule.reference, ERROR, seg.where(), f"không có đường kẻ dưới {what}", expected)
        return
    ratios = [line.length / reference] if reference > 0 else []
    if column:
        ratios.append(line.length / column)
    if ratios and not any(low <= ratio <= high for ratio in ratios):
        checker.add(rule, rule.reference, WARNING, line.para.where(seg.text),
                    f"đường kẻ ({line.how}) dài khoảng {num(line.length / _TWIPS_PER_MM, 0)} mm, dòng {what} "
                    f"khoảng {num(reference / _TWIPS_PER_MM, 0)} mm (ước tính theo số chữ và cỡ chữ)", expected)
    if line.offset is not None and abs(line.offset) > 3 * _TWIPS_PER_MM:
        side = "phải" if line.offset > 0 else "trái"
        checker.add(rule, rule.reference, WARNING, line.para.where(seg.text),
                    f"đường kẻ dưới {what} lệch sang {side} khoảng {num(abs(line.offset) / _TWIPS_PER_MM, 0)} mm",
                    "đường kẻ canh giữa dưới " + what)


MOTTO_LINE = define(
    "ND30-211", "duong-ke-tieu-ngu", "duong-ke", REF_MOTTO, ERROR, "Đường kẻ dưới Tiêu ngữ, dài bằng dòng Tiêu ngữ",
    explanation="Có đường kẻ liền (viền đoạn, hình vẽ hay ký tự gõ) ngay dưới Tiêu ngữ: thiếu là lỗi; dài ngoài "
                "0,8–1,25 lần dòng Tiêu ngữ (ước tính) hay lệch giữa quá 3 mm là cảnh báo.",
    quote="Tiêu ngữ … phía dưới có đường kẻ ngang, nét liền, dài bằng dòng chữ của Tiêu ngữ (không kẻ suốt bề "
          "rộng ô)",
    right="Độc lập - Tự do - Hạnh phúc, dưới là đường kẻ 57 mm (chữ cỡ 13 dài khoảng 56 mm)",
    wrong="không có đường kẻ; đường kẻ suốt bề rộng ô 90 mm")
ISSUER_LINE = define(
    "ND30-212", "duong-ke-co-quan", "duong-ke", REF_AGENCY, ERROR,
    "Đường kẻ dưới tên cơ quan ban hành, dài 1/3–1/2 dòng chữ, canh giữa",
    explanation="Có đường kẻ liền ngay dưới dòng cuối tên cơ quan ban hành: thiếu là lỗi; dài ngoài 0,25–0,65 lần "
                "dòng tên dài nhất (ước tính, hay lần bề rộng cột khi tên kín cột) hoặc lệch giữa quá 3 mm là "
                "cảnh báo.",
    quote="tên cơ quan ban hành | … | phía dưới có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 dòng chữ, đặt cân "
          "đối giữa",
    right="SỞ KHOA HỌC VÀ CÔNG NGHỆ (khoảng 63 mm), dưới là đường kẻ 25 mm ở giữa",
    wrong="không có đường kẻ; đường kẻ dài bằng cả tên cơ quan")


@after_structure(MOTTO_LINE)
def motto_line(checker) -> None:
    """ND30-211: the line under the Tiêu ngữ, as long as the motto (ND30 Phụ lục I Phần I, mục II.1.b)."""
    motto = checker.parts.get("motto")
    if motto is None:
        return
    check_line(checker, MOTTO_LINE, motto, "Tiêu ngữ", text_width(motto), 0.8, 1.25,
               "đường kẻ liền nét ngay dưới Tiêu ngữ, dài bằng dòng chữ Tiêu ngữ, canh giữa")


@after_structure(ISSUER_LINE)
def issuer_line(checker) -> None:
    """ND30-212: the line under the issuer's name, 1/3–1/2 of its line (ND30 Phụ lục I Phần I, mục II.2.b)."""
    agencies = [a for a in checker.parts.get("agencies") or [] if a.visible()]
    if not agencies:
        return
    bold = [a for a in agencies if a.all_bold()]
    issuer = bold or agencies[-1:]
    column = column_width(checker, issuer[-1].para)
    longest = max(min(text_width(seg), column) for seg in issuer)
    check_line(checker, ISSUER_LINE, issuer[-1], "tên cơ quan ban hành", longest, 0.25, 0.65,
               "đường kẻ liền nét ngay dưới tên cơ quan ban hành, dài 1/3 đến 1/2 dòng chữ, canh giữa",
               column if longest >= column * 0.95 else None)


ABSTRACT_LINE = define(
    "ND30-410", "duong-ke-trich-yeu", "duong-ke", "ND30 Phụ lục I Phần I, mục II.5.b", ERROR,
    "Đường kẻ dưới trích yếu của văn bản có tên loại, dài 1/3–1/2 dòng chữ, canh giữa",
    explanation="Văn bản có tên loại (không phải công văn): có đường kẻ liền ngay dưới dòng cuối trích yếu; thiếu là "
                "lỗi; dài ngoài 0,25–0,65 lần dòng trích yếu dài nhất (ước tính) hay bề rộng dòng, hoặc lệch giữa "
                "quá 3 mm là cảnh báo. Công văn («V/v …») không có đường kẻ.",
    quote="trích yếu (văn bản có tên loại) | chữ thường | cỡ 13–14 | đứng, đậm | ngay dưới tên loại, canh giữa | "
          "phía dưới có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 dòng chữ, canh giữa",
    right="KẾ HOẠCH / Tổ chức các hoạt động … / đường kẻ 60 mm giữa trang",
    wrong="trích yếu không có đường kẻ; đường kẻ suốt bề rộng trang")


@after_structure(ABSTRACT_LINE)
def abstract_line(checker) -> None:
    """ND30-410: the line under the abstract of a typed document (ND30 Phụ lục I Phần I, mục II.5.b)."""
    abstract = checker.parts.get("abstract")
    if not abstract:
        return
    segs = [seg for para in abstract for seg in segments(para) if seg.text]
    column = column_width(checker, abstract[-1])
    longest = max(min(text_width(seg), column) for seg in segs)
    check_line(checker, ABSTRACT_LINE, segs[-1], "trích yếu", longest, 0.25, 0.65,
               "đường kẻ liền nét ngay dưới trích yếu, dài 1/3 đến 1/2 dòng chữ, canh giữa", column)
