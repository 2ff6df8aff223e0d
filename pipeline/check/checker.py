"""The checker: locates the ND30 components of a document and applies the rules to each.

``Checker(model).run()`` walks the document model (:mod:`pipeline.check.model`):
page and fonts; then the letterhead (the first table, or the first paragraphs split
into segments at tabs and line breaks, each segment classified by its text), the
type line and abstract (or the công văn's ``V/v``), the ``Kính gửi`` block, the
body up to the block that holds ``Nơi nhận``, the Nơi nhận column and the signature
column; a document that starts with ``Phụ lục`` is checked as an appendix; then page
numbers and the text as a whole. The rules themselves live in
:mod:`pipeline.check.rules` (one module per ND30 component, mixed into
:class:`Checker`) and in functions registered with
:func:`pipeline.check.registry.after_structure` (for example
:mod:`pipeline.check.rules.lines`).
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from pipeline.check.elements import Para, Seg, columns, segments
from pipeline.check.findings import Finding
from pipeline.check.model import Model
from pipeline.check.patterns import (
    APPENDIX_RE, DATE_RE, KINH_GUI_RE, MOTTO_LETTERS, NATIONAL_LETTERS, NOI_NHAN_RE, NUMBER_RE, REF_NATIONAL,
    REF_RECIPIENTS, REF_TYPE, RULE_RE, STAMP_RE, VV_RE,
)
from pipeline.check.registry import ERROR, STEPS, family
from pipeline.check.rules import (  # noqa: F401  (lines: rules run after the structure walk)
    addressees, appendix, body, letterhead, lines, number_date, page_fonts, page_numbers, recipients, signature,
    text as text_rules, type_abstract,
)
from pipeline.check.rules.letterhead import NATIONAL_MISSING
from pipeline.check.rules.page_fonts import EMPTY
from pipeline.check.rules.recipients import RECIPIENTS_MISSING
from pipeline.check.rules.type_abstract import TYPE_MISSING
from pipeline.check.text import excerpt, letters, nfc, pt, sizes_text
from pipeline.check.rulebook import Rule

__all__ = ["Checker"]


class Checker(page_fonts.PageFontRules, letterhead.LetterheadRules, number_date.NumberDateRules,
              type_abstract.TypeAbstractRules, addressees.AddresseeRules, body.BodyRules,
              recipients.RecipientRules, signature.SignatureRules, page_numbers.PageNumberRules,
              appendix.AppendixRules, text_rules.TextRules):
    """One run of the rules over one document (``ignore``: codes whose findings are dropped)."""

    def __init__(self, model: Model, ignore: frozenset[str] = frozenset()):
        self.m = model
        self.ignore = ignore
        self.pkg = model.pkg
        self.findings: list[Finding] = []
        self.groups: dict[tuple, list] = {}
        self.has_addressees = False
        self.doc_kind = "?"
        self.parts: dict = {}  # located components, for the rules run after the structure walk
        self.letterhead_in_table = False
        self.number_symbol: str | None = None

    # ------------------------------------------------------------------ recording

    def add(self, rule: Rule, ref: str, severity: str, where: str, found: str, expected: str,
            name: str | None = None) -> None:
        """Record one finding of ``rule`` (``name``: its short id when not the rule's family)."""
        if rule.code not in self.ignore:
            self.findings.append(Finding(name or family(rule), ref, severity, where, found, expected, rule.code))

    def group(self, rule: Rule, ref: str, severity: str, para: Para, found: str, expected: str,
              key_extra: str = "", name: str | None = None) -> None:
        """Collect the same finding over many paragraphs into one (first place + count)."""
        if rule.code in self.ignore:
            return
        key = (rule.code, name or family(rule), ref, severity, found, expected, key_extra)
        if key not in self.groups:
            self.groups[key] = []
            self.findings.append(None)  # placeholder keeps the order
            self.groups[key].append(len(self.findings) - 1)
        self.groups[key].append(para)

    def finish(self) -> list[Finding]:
        for (code, name, ref, severity, found, expected, _extra), entry in self.groups.items():
            slot, paras = entry[0], entry[1:]
            unique = []
            for para in paras:
                if not any(para is other for other in unique):
                    unique.append(para)
            where = unique[0].where()
            if len(unique) > 1:
                more = ", ".join(p.short_where() for p in unique[1:6])
                if len(unique) > 6:
                    more += ", …"
                where += f" và {len(unique) - 1} chỗ khác ({more})"
            self.findings[slot] = Finding(name, ref, severity, where, found, expected, code)
        return [f for f in self.findings if f is not None]

    # ------------------------------------------------------------------ entry point

    def run(self) -> list[Finding]:
        self.check_page()
        self.check_fonts()
        blocks = self.m.blocks
        first = next((i for i, b in enumerate(blocks) if not b.empty), None)
        if first is None:
            self.add(EMPTY, "ND30 Điều 8", ERROR, "văn bản", "văn bản không có chữ nào",
                     "văn bản hành chính có đủ các thành phần thể thức")
        elif APPENDIX_RE.match(nfc(blocks[first].paras[0].text)) and blocks[first].kind == "p":
            self.doc_kind = "phụ lục"
            self.check_appendix(first)
        else:
            self.check_typed_document(first)
        self.check_page_numbers()
        self.check_text()
        return self.finish()

    # ------------------------------------------------------------------ page


    def style(self, rule: Rule, seg: Seg, what: str, ref: str, sizes: tuple[float, float] | None,
              bold: bool | None = None, italic: bool | None = None, upper: bool | None = None,
              size_severity: str = ERROR, grouped: bool = False) -> None:
        """Size, bold, italic and case of one component (``grouped``: one finding for many lines)."""
        if not seg.visible():
            return
        def add(name, ref_, severity, where, found, expected):
            if grouped:
                self.group(rule, ref_, severity, seg.para, found, expected, name=name)
            else:
                self.add(rule, ref_, severity, where, found, expected, name=name)
        if sizes is not None:
            found_sizes = seg.sizes()
            low, high = sizes
            bad = {s for s in found_sizes if not low - 0.01 <= s <= high + 0.01}
            if bad:
                expected = f"cỡ chữ {pt(low)}" if low == high else f"cỡ chữ từ {pt(low)} đến {pt(high)}"
                add("co-chu", ref, size_severity, seg.where(), f"{what} cỡ chữ {sizes_text(found_sizes)}",
                         f"{what} {expected}")
        if bold is True and not seg.all_bold():
            add("kieu-chu", ref, ERROR, seg.where(),
                     f"{what} {'chỉ in đậm một phần' if seg.any_bold() else 'không in đậm'}",
                     f"{what} in đậm")
        if bold is False and seg.any_bold():
            add("kieu-chu", ref, ERROR, seg.where(), f"{what} in đậm", f"{what} không in đậm (chữ đứng)")
        if italic is True and not seg.all_italic():
            add("kieu-chu", ref, ERROR, seg.where(),
                     f"{what} {'chỉ in nghiêng một phần' if seg.any_italic() else 'không in nghiêng'}",
                     f"{what} in nghiêng")
        if italic is False and seg.any_italic():
            add("kieu-chu", ref, ERROR, seg.where(), f"{what} in nghiêng", f"{what} kiểu chữ đứng")
        if upper is True and not seg.is_upper():
            add("chu-hoa", ref, ERROR, seg.where(), f"{what} có chữ thường: «{excerpt(seg.text, 60)}»",
                     f"{what} viết bằng chữ in hoa")

    # ------------------------------------------------------------------ typed documents


    def check_typed_document(self, first: int) -> None:
        blocks = self.m.blocks
        head, end = self.letterhead(first)
        if head is None:
            self.add(NATIONAL_MISSING, REF_NATIONAL, ERROR, "đầu văn bản",
                     "không tìm thấy Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» ở đầu văn bản",
                     "Quốc hiệu và Tiêu ngữ ở trên cùng, bên phải trang đầu (ô số 1)")
            return
        vv = self.check_letterhead(head)
        index = end
        # type line and abstract
        index = self.skip_empty(index)
        doc_type = None
        if index < len(blocks) and blocks[index].kind == "p" and self.is_type_line(blocks[index].paras[0]):
            self.parts["type_line"] = blocks[index].paras[0]
            doc_type = self.check_type_line(blocks[index].paras[0], vv is not None)
            index = self.check_abstract(index + 1)
        elif vv is None:
            where = blocks[index].paras[0].where() if index < len(blocks) else "đầu văn bản"
            self.add(TYPE_MISSING, REF_TYPE, ERROR, where,
                     "không thấy tên loại văn bản dưới phần đầu, cũng không có dòng «V/v …» của công văn",
                     "văn bản có tên loại: dòng tên loại (KẾ HOẠCH, BÁO CÁO…) và trích yếu; công văn: "
                     "trích yếu «V/v …» dưới số, ký hiệu")
        self.doc_kind = doc_type or ("công văn" if vv is not None else "?")
        self.check_symbol_type(head, doc_type)
        for rule, step in sorted(STEPS, key=lambda entry: entry[0].code):
            if rule.code not in self.ignore:
                step(self)
        # addressees (Kính gửi)
        index = self.skip_empty(index)
        index = self.skip_addressees(index)
        # body and signature
        sign_start = self.find_signature(index)
        body_end = sign_start if sign_start is not None else len(blocks)
        body_end, sign_paras_before = self.trailing_signature(index, body_end)
        self.check_body(blocks[index:body_end])
        if sign_start is None:
            self.add(RECIPIENTS_MISSING, REF_RECIPIENTS, ERROR, "cuối văn bản",
                     "không tìm thấy phần «Nơi nhận:»",
                     "«Nơi nhận:» ở góc dưới bên trái, ngang hàng với quyền hạn, chức vụ người ký (ô số 9b)")
            return
        self.check_signature_zone(sign_start, sign_paras_before)
        # an appendix in the same file, after the signature
        for index in range(sign_start + 1, len(blocks)):
            block = blocks[index]
            if block.kind == "p" and APPENDIX_RE.match(nfc(block.paras[0].text)):
                self.check_appendix(index)
                break

    def skip_empty(self, index: int) -> int:
        blocks = self.m.blocks
        while index < len(blocks) and blocks[index].kind == "p" and (
                blocks[index].empty or RULE_RE.match(nfc(blocks[index].text))):
            index += 1
        return index

    # ------------------------------------------------------------------ letterhead

    def letterhead(self, first: int) -> tuple[list[Seg] | None, int]:
        """Segments of the letterhead and the index of the first block after it.

        The letterhead is a table at the start (possibly after stamps such as «DỰ THẢO»),
        or the first paragraphs (columns separated by tabs), up to the ``Số:`` and
        date lines and a ``V/v`` line with its continuation lines.
        """
        blocks = self.m.blocks
        segs: list[Seg] = []
        index = first
        table_mode = False
        seen = {"number": False, "date": False, "vv": False, "national": False}

        def take(new: list[Seg]) -> None:
            segs.extend(new)
            for seg in new:
                text = nfc(seg.text)
                seen["number"] = seen["number"] or bool(NUMBER_RE.match(text))
                seen["date"] = seen["date"] or self.is_date(seg)
                seen["vv"] = seen["vv"] or bool(VV_RE.match(text))
                seen["national"] = seen["national"] or self.is_national(seg)

        count = 0
        while index < len(blocks) and count < 12:
            block = blocks[index]
            complete = seen["number"] and seen["date"]
            if block.kind == "tbl":
                texts = [nfc(p.text) for p in block.paras]
                if not complete and (not segs or any(
                        NUMBER_RE.match(t) or DATE_RE.search(t) or VV_RE.match(t) for t in texts)):
                    table_mode = True
                    take([seg for para in block.paras for seg in segments(para)])
                    index += 1
                    continue
                break
            para = block.paras[0]
            text = " ".join(nfc(para.text).split())
            if not text or RULE_RE.match(text) or STAMP_RE.match(text):
                index += 1
                continue
            if complete:
                if table_mode:
                    break
                if VV_RE.match(text) and not seen["vv"]:
                    take(segments(para))
                    index += 1
                    continue
                if seen["vv"] and self.vv_continuation(para):
                    take(segments(para))
                    index += 1
                    continue
                break
            if (KINH_GUI_RE.match(text) or self.is_type_line(para) or len(text) > 150
                    or (para.jc == "both" and para.first_line > 0 and len(text) > 80)):
                break
            take(segments(para))
            index += 1
            count += 1
        if not seen["national"] and not seen["number"]:
            return None, first
        self.letterhead_in_table = table_mode
        return segs, index

    def vv_continuation(self, para: Para) -> bool:
        text = nfc(para.text).strip()
        return bool(text) and not KINH_GUI_RE.match(text) and not self.is_type_line(para) and len(text) < 120 \
            and not (para.jc == "both" and para.first_line > 0)

    @staticmethod
    def is_national(seg: Seg) -> bool:
        """The Quốc hiệu, also misspelt (letters 85 % alike), so that ND30-202 names the mistake."""
        return _national(seg.text)

    @staticmethod
    def is_motto(seg: Seg) -> bool:
        return seg.once("is_motto", lambda s: letters(s.text).lower() == MOTTO_LETTERS)

    @staticmethod
    def is_date(seg: Seg) -> bool:
        return seg.once("is_date", _is_date)


    def find_signature(self, start: int) -> int | None:
        for index in range(start, len(self.m.blocks)):
            block = self.m.blocks[index]
            for para in block.paras:
                for seg in segments(para):
                    if NOI_NHAN_RE.match(nfc(seg.text)):
                        return index
        return None

    def trailing_signature(self, start: int, end: int) -> tuple[int, list[Para]]:
        """Signature lines typed just above a Nơi nhận block laid out in paragraphs.

        Returns the index of the first such block and its paragraphs: short paragraphs
        pushed to the right (left indent ≥ 5 cm, right-aligned or after tabs), or one
        small table whose first line is in capitals and bold.
        """
        blocks = self.m.blocks
        if end >= len(blocks) or blocks[end].kind != "p":
            return end, []
        out: list[Para] = []
        index = end - 1
        first = end
        while index >= start:
            block = blocks[index]
            if block.kind == "tbl":
                filled = [p for p in block.paras if p.text.strip()]
                if not out and 0 < len(filled) <= 6 and Seg(filled[0], filled[0].pieces, 0).is_upper() \
                        and Seg(filled[0], filled[0].pieces, 0).all_bold():
                    out = list(block.paras)
                    first = index
                break
            para = block.paras[0]
            text = nfc(para.text)
            if not text.strip():
                index -= 1
                continue
            if len(text.strip()) < 60 and (para.left >= 2800 or para.jc == "right" or text.startswith("\t")):
                out.insert(0, para)
                first = index
                index -= 1
                continue
            break
        return first, out

    def check_signature_zone(self, start: int, before: list[Para]) -> None:
        """Split the end of the document into the Nơi nhận column and the signature column."""
        blocks = self.m.blocks
        left: list[Seg] = []
        right: list[Seg] = []

        def column(para: Para, target: list[Seg]) -> None:
            segs = segments(para)
            if not para.text.strip():
                target.append(segs[0])  # an empty line: the space for the signature
            else:
                target.extend(s for s in segs if s.text)

        for para in before:
            column(para, right)
        block = blocks[start]
        if block.kind == "tbl":
            cells: dict = {}
            for para in block.paras:
                cells.setdefault(para.cell, []).append(para)
            for paras in cells.values():
                label = next((i for i, p in enumerate(paras)
                              if any(NOI_NHAN_RE.match(nfc(s.text)) for s in segments(p))), None)
                if label is None:
                    for para in paras:
                        column(para, right)
                    continue
                for para in paras[label:]:
                    left.extend(s for s in segments(para) if s.text)
        else:
            for block in blocks[start:]:
                if block.kind == "tbl":
                    for para in block.paras:
                        column(para, right)
                    continue
                para = block.paras[0]
                text = nfc(para.text)
                if APPENDIX_RE.match(text):
                    break
                if not text.strip():
                    right.append(segments(para)[0])
                    continue
                para_left, para_right = columns(para)
                if para.left >= 2800 and (NOI_NHAN_RE.match(text) or text.strip().startswith("-")):
                    para_left, para_right = [s for s in segments(para) if s.text], []
                left.extend(para_left)
                right.extend(para_right)
        self.check_recipients(left)
        self.check_signer(right)


def _is_date(seg: Seg) -> bool:
    """:meth:`Checker.is_date` of a segment: the place and date line."""
    text = nfc(seg.text)
    return bool(DATE_RE.search(text)) and "tháng" in text.lower() and not NUMBER_RE.match(text)


@lru_cache(maxsize=4096)
def _national(text: str) -> bool:
    """:meth:`Checker.is_national` of a text (remembered: a batch's letters repeat their letterhead)."""
    found = letters(text).upper().replace("HOÀ", "HÒA")
    return found == NATIONAL_LETTERS or (found.startswith("CỘNGH") and found.endswith("VIỆTNAM")
                                         and "CHỦNGHĨA" in found) or \
        difflib.SequenceMatcher(None, found, NATIONAL_LETTERS).ratio() >= 0.85
