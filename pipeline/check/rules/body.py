"""Body (ND30 Phụ lục I Phần I, mục II.6.e): size, alignment, indent, spacing. Codes ND30-601…605."""

from __future__ import annotations

from pipeline.check.elements import Block, Para
from pipeline.check.patterns import HEADING_RE, INDENT_MAX, INDENT_MIN, LIST_RE, REF_BODY, RULE_RE
from pipeline.check.registry import ERROR, WARNING, define
from pipeline.check.text import cm, has_lower, nfc, num, pt, sizes_text

_BODY_QUOTE = ("nội dung | chữ thường | cỡ 13–14 | đứng | canh đều hai lề | lùi đầu dòng 1 cm hoặc 1,27 cm; "
               "khoảng cách giữa các đoạn tối thiểu 6 pt; giãn dòng từ dòng đơn đến 1,5 dòng")

BODY_SIZE = define(
    "ND30-601", "noi-dung-co-chu", "co-chu", REF_BODY, ERROR, "Nội dung cỡ chữ 13–14",
    explanation="Cỡ chữ của mỗi đoạn nội dung (một phát hiện cho các đoạn cùng lỗi).", quote=_BODY_QUOTE,
    right="nội dung cỡ 14", wrong="nội dung cỡ 12")
BODY_ALIGN = define(
    "ND30-602", "can-le", "can-le", REF_BODY, ERROR, "Nội dung canh đều hai lề",
    explanation="Đoạn dài (từ 80 ký tự) không canh đều: lỗi; đoạn ngắn, đề mục canh phải: cảnh báo.",
    quote=_BODY_QUOTE, right="canh đều (Justify)", wrong="canh trái cho đoạn văn dài")
INDENT = define(
    "ND30-603", "lui-dau-dong", "lui-dau-dong", REF_BODY, ERROR, "Lùi đầu dòng 1 cm hoặc 1,27 cm",
    explanation="Vị trí chữ đầu dòng (lề trái + lùi dòng đầu, tab đầu dòng) trong 0,95–1,3 cm; đề mục và dòng "
                "liệt kê: cảnh báo; lùi bằng dấu cách: cảnh báo.", quote=_BODY_QUOTE,
    right="First line 1,27 cm", wrong="không lùi đầu dòng; lùi 2 cm")
PARA_SPACING = define(
    "ND30-604", "khoang-cach-doan", "khoang-cach-doan", REF_BODY, ERROR, "Khoảng cách giữa các đoạn tối thiểu 6 pt",
    explanation="Cách sau của đoạn trên cộng cách trước của đoạn dưới (tính cả «không thêm khoảng cách giữa các "
                "đoạn cùng kiểu») phải từ 6 pt.", quote=_BODY_QUOTE,
    right="cách trước 6 pt", wrong="0 pt giữa các đoạn")
LINE_SPACING = define(
    "ND30-605", "gian-dong", "gian-dong", REF_BODY, ERROR, "Giãn dòng từ dòng đơn đến 1,5 dòng",
    explanation="Giãn dòng bội số 1–1,5; «Exactly» nhỏ hơn cỡ chữ là lỗi, dưới một dòng đơn là cảnh báo; hơn 1,5 "
                "dòng là lỗi.", quote=_BODY_QUOTE,
    right="Single; Multiple 1,15; Exactly 17 pt với chữ 14", wrong="Double; Exactly 12 pt với chữ 14")


class BodyRules:
    """Body paragraphs: mixed into :class:`pipeline.check.checker.Checker`."""

    def check_body(self, blocks: list[Block]) -> None:
        previous: Para | None = None
        for block in blocks:
            if block.kind != "p":
                previous = None
                continue
            para = block.paras[0]
            text = nfc(para.text)
            if not text.strip() or RULE_RE.match(text):
                previous = None
                continue
            self.check_body_paragraph(para, previous)
            self.check_text_dates(para)
            previous = para

    def check_body_paragraph(self, para: Para, previous: Para | None) -> None:
        text = nfc(para.text).strip()
        vis = para.visible()
        sizes = {p.size for _, p in vis if not p.vert}
        heading = (bool(vis) and all(p.bold for _, p in vis)) or bool(HEADING_RE.match(text)) or (
            any(ch.isalpha() for ch in text) and not has_lower(text) and len(text) < 200)
        listed = para.numbered or bool(LIST_RE.match(text))
        bad = {s for s in sizes if not 12.99 <= s <= 14.01}
        if bad:
            self.group(BODY_SIZE, REF_BODY, ERROR, para, f"nội dung cỡ chữ {sizes_text(sizes)}",
                       "nội dung văn bản cỡ chữ từ 13 đến 14")
        # alignment
        if para.jc != "both":
            names = {"left": "canh trái", "center": "canh giữa", "right": "canh phải"}
            found = f"đoạn văn {names.get(para.jc, para.jc)}"
            if heading:
                if para.jc == "right":
                    self.group(BODY_ALIGN, REF_BODY, WARNING, para, f"đề mục {names['right']}",
                               "đề mục canh đều hai lề hoặc canh giữa")
            elif len(text) >= 80:
                self.group(BODY_ALIGN, REF_BODY, ERROR, para, found, "nội dung canh đều cả hai lề")
            elif para.jc != "left":
                self.group(BODY_ALIGN, REF_BODY, WARNING, para, found, "nội dung canh đều cả hai lề")
        # first-line indent
        if para.jc != "center":
            position = para.left + para.first_line
            raw = para.text
            if raw.startswith("\t") and para.first_line <= 0:
                position = max(position, self.pkg.default_tab) if para.left < self.pkg.default_tab else position
            if raw[:1] == " " and raw[:3] == "   ":
                self.group(INDENT, REF_BODY, WARNING, para, "lùi đầu dòng bằng dấu cách",
                           "lùi đầu dòng 1 cm hoặc 1,27 cm bằng định dạng đoạn (First line)")
            elif not INDENT_MIN <= position <= INDENT_MAX:
                severity = WARNING if (heading or listed) else ERROR
                what = "đề mục" if heading else ("dòng liệt kê" if listed else "đoạn văn")
                self.group(INDENT, REF_BODY, severity, para,
                           f"{what} lùi đầu dòng {cm(position)}",
                           "chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm" + (" (đề mục có thể khác: chỉ lưu ý)"
                                                                        if severity == WARNING else ""))
        # spacing between paragraphs
        if previous is not None:
            after = previous.after
            before = para.before
            same_style = previous.style_id == para.style_id
            if same_style and previous.contextual:
                after = 0
            if same_style and para.contextual:
                before = 0
            if after + before < 119:
                note = " («Không thêm khoảng cách giữa các đoạn cùng kiểu»)" if (
                    same_style and (previous.contextual or para.contextual)) else ""
                self.group(PARA_SPACING, REF_BODY, ERROR, para,
                           f"khoảng cách với đoạn trên {pt((after + before) / 20)} pt{note}",
                           "khoảng cách giữa các đoạn văn tối thiểu 6 pt (cách trước + cách sau)")
        # line spacing
        size = max(sizes) if sizes else 14.0
        single = size * 1.15 * 20  # Times New Roman: one line ≈ 1,15 × font size
        rule = para.line_rule
        if rule == "auto":
            ratio = para.line / 240
            if ratio < 0.99:
                self.group(LINE_SPACING, REF_BODY, ERROR, para, f"giãn dòng {num(ratio, 2)} dòng",
                           "khoảng cách giữa các dòng từ dòng đơn (1) đến 1,5 dòng")
            elif ratio > 1.51:
                self.group(LINE_SPACING, REF_BODY, ERROR, para, f"giãn dòng {num(ratio, 2)} dòng",
                           "khoảng cách giữa các dòng từ dòng đơn (1) đến 1,5 dòng")
        elif rule == "exact":
            if para.line < size * 20 - 1:
                self.group(LINE_SPACING, REF_BODY, ERROR, para,
                           f"giãn dòng cố định (Exactly) {pt(para.line / 20)} pt, nhỏ hơn cỡ chữ {pt(size)}",
                           "khoảng cách giữa các dòng tối thiểu là dòng đơn (chữ không bị xén)")
            elif para.line < single * 0.97:
                self.group(LINE_SPACING, REF_BODY, WARNING, para,
                           f"giãn dòng cố định (Exactly) {pt(para.line / 20)} pt, dưới một dòng đơn "
                           f"(≈ {pt(single / 20)} pt với cỡ chữ {pt(size)})",
                           "khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng")
            elif para.line > single * 1.5 * 1.03:
                self.group(LINE_SPACING, REF_BODY, ERROR, para,
                           f"giãn dòng cố định (Exactly) {pt(para.line / 20)} pt, hơn 1,5 dòng",
                           "khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng")
        elif rule == "atLeast" and para.line > single * 1.5 * 1.03:
            self.group(LINE_SPACING, REF_BODY, ERROR, para,
                       f"giãn dòng tối thiểu (At least) {pt(para.line / 20)} pt, hơn 1,5 dòng",
                       "khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng")
