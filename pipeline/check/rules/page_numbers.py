"""Page numbers (ND30 Phụ lục I Phần I, mục I.7). Codes ND30-901…905.

Whether a document has more than one page is estimated from its text
(:mod:`pipeline.check.pages`): the decree asks for page numbers only from page 2.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.check.elements import Para
from pipeline.check.model import in_text_box
from pipeline.check.ooxml import MC, R_ID, W, is_on
from pipeline.check.pages import estimated_pages
from pipeline.check.patterns import REF_PAGE_NO
from pipeline.check.registry import ERROR, WARNING, define
from pipeline.check.text import sizes_text

_QUOTE = ("số trang | chữ số Ả Rập | cỡ 13–14 | đứng | canh giữa theo chiều ngang trong phần lề trên | không hiển "
          "thị ở trang thứ nhất")

PAGE_NO_FOOTER = define(
    "ND30-901", "so-trang-chan-trang", "so-trang", REF_PAGE_NO, ERROR, "Số trang ở đầu trang, không ở chân trang",
    explanation="Trường PAGE trong chân trang (footer) là lỗi.", quote=_QUOTE,
    right="số trang giữa lề trên", wrong="số trang ở góc dưới bên phải")
PAGE_NO_FIRST = define(
    "ND30-902", "so-trang-trang-1", "so-trang", REF_PAGE_NO, ERROR, "Không hiển thị số trang ở trang 1",
    explanation="Phần 1 phải bật «Different First Page» với đầu trang trang đầu không có trường PAGE.", quote=_QUOTE,
    right="trang 1 không có số; trang 2 có số 2", wrong="số 1 ở trang đầu")
PAGE_NO_CENTRE = define(
    "ND30-903", "so-trang-canh-giua", "so-trang", REF_PAGE_NO, ERROR, "Số trang canh giữa",
    explanation="Đoạn chứa trường PAGE canh giữa (hoặc tab giữa); trong hộp văn bản: cảnh báo.", quote=_QUOTE,
    right="canh giữa", wrong="canh phải")
PAGE_NO_SIZE = define(
    "ND30-904", "so-trang-co-chu", "co-chu", REF_PAGE_NO, ERROR, "Số trang cỡ chữ 13–14",
    explanation="Cỡ chữ của số trang (kết quả trường PAGE).", quote=_QUOTE,
    right="số trang cỡ 14", wrong="số trang cỡ 10")
PAGE_NO_MISSING = define(
    "ND30-905", "so-trang", "so-trang", REF_PAGE_NO, WARNING, "Văn bản nhiều trang có số trang ở đầu trang",
    explanation="Không có trường PAGE ở đầu trang nào: cảnh báo, chỉ khi số trang ước tính hơn 1 (văn bản một trang "
                "không cần số trang).", quote=_QUOTE,
    right="kế hoạch 3 trang có số trang 2, 3", wrong="kế hoạch 3 trang không có số trang")


class PageNumberRules:
    """Page numbers: mixed into :class:`pipeline.check.checker.Checker`."""

    def check_page_numbers(self) -> None:
        sections = self.m.sections
        if not sections:
            return
        refs: dict[tuple[str, str], str] = {}
        found_any = in_footer = False
        checked_parts: set[str] = set()
        for index, sect in enumerate(sections, 1):
            for tag, kind in (("headerReference", "header"), ("footerReference", "footer")):
                for ref in sect.findall(W + tag):
                    refs[(kind, ref.get(W + "type") or "default")] = ref.get(R_ID)
            title_pg = bool(is_on(sect.find(W + "titlePg")))
            for (kind, htype), rid in sorted(refs.items()):
                part = self.m.header_part(rid)
                if part is None:
                    continue
                name, paras, root = part
                field_paras = [p for p in paras if _has_page_field(p.el)]
                if kind == "footer":
                    in_footer = in_footer or bool(field_paras)
                    if field_paras and name not in checked_parts:
                        checked_parts.add(name)
                        self.add(PAGE_NO_FOOTER, REF_PAGE_NO, ERROR, field_paras[0].where(),
                                 "số trang đặt ở chân trang", "số trang canh giữa trong phần lề trên (đầu trang)")
                    continue
                if htype == "first":
                    if index == 1 and title_pg and field_paras and "first" not in checked_parts:
                        checked_parts.add("first")
                        self.add(PAGE_NO_FIRST, REF_PAGE_NO, ERROR, f"trang 1 — {field_paras[0].where('')}",
                                 "đầu trang riêng của trang đầu có số trang: trang 1 hiển thị số trang",
                                 "không hiển thị số trang ở trang thứ nhất (để trống đầu trang của trang đầu)")
                    continue
                if htype == "even":
                    continue
                if field_paras:
                    found_any = True
                    if index == 1 and not title_pg and "first" not in checked_parts:
                        checked_parts.add("first")
                        self.add(PAGE_NO_FIRST, REF_PAGE_NO, ERROR, f"trang 1 — {field_paras[0].where('')}",
                                 "trang 1 hiển thị số trang (phần 1 không bật «Trang đầu khác» — "
                                 "Different First Page)",
                                 "không hiển thị số trang ở trang thứ nhất: bật «Different First Page» và để trống "
                                 "đầu trang của trang đầu")
                    if name in checked_parts:
                        continue
                    checked_parts.add(name)
                    para = field_paras[0]
                    centred = para.jc == "center" or (
                        para.text[:1] == "\t" and any(kind_ == "center" for kind_, _ in para.tab_stops)
                        and not para.text.strip("\t0123456789 "))
                    if not centred and in_text_box(para.el):
                        self.add(PAGE_NO_CENTRE, REF_PAGE_NO, WARNING, para.where(""),
                                 "số trang nằm trong hộp văn bản (text box): không đọc được vị trí canh giữa",
                                 "số trang canh giữa theo chiều ngang trong phần lề trên")
                    elif not centred:
                        placed = {"left": "canh trái", "right": "canh phải", "both": "canh đều"}.get(para.jc, para.jc)
                        self.add(PAGE_NO_CENTRE, REF_PAGE_NO, ERROR, para.where(""), f"số trang {placed}",
                                 "số trang canh giữa theo chiều ngang trong phần lề trên")
                    sizes = _field_sizes(para)
                    if sizes and any(not 12.99 <= s <= 14.01 for s in sizes):
                        self.add(PAGE_NO_SIZE, REF_PAGE_NO, ERROR, para.where(""),
                                 f"số trang cỡ chữ {sizes_text(sizes)}", "số trang cỡ chữ từ 13 đến 14")
        if not found_any and (in_footer or estimated_pages(self.m) > 1):  # a one-page document needs none
            self.add(PAGE_NO_MISSING, REF_PAGE_NO, WARNING, "đầu trang",
                     "không thấy trường số trang (PAGE) ở đầu trang",
                     "văn bản nhiều trang đánh số trang từ trang 2, bằng chữ số Ả Rập, canh giữa trong lề trên "
                     "(văn bản một trang không cần)")


def _own(p_el: etree._Element, el: etree._Element) -> bool:
    """True when ``el`` belongs to paragraph ``p_el`` itself (not to a text box inside it)."""
    node = el.getparent()
    while node is not None and node is not p_el:
        if node.tag in (W + "p", W + "txbxContent", MC + "Fallback", W + "del"):
            return False
        node = node.getparent()
    return True


def _has_page_field(p_el: etree._Element) -> bool:
    for simple in p_el.iter(W + "fldSimple"):
        if _own(p_el, simple) and re.match(r"\s*PAGE\b", simple.get(W + "instr") or "", re.IGNORECASE):
            return True
    instr = " ".join(t.text or "" for t in p_el.iter(W + "instrText") if _own(p_el, t))
    return bool(re.search(r"(^|\s)PAGE(\s|\\|$)", instr))


def _field_sizes(para: Para) -> set[float]:
    sizes = {p.size for t, p in para.pieces if t.strip() and t.strip().isdigit()}
    if sizes:
        return sizes
    return {p.size for _, p in para.pieces}
