"""Type name and abstract (ND30 Phụ lục I Phần I, mục II.5; Điều 7; Phụ lục III).

Codes ND30-401…409; the short line under the abstract is in
:mod:`pipeline.check.rules.lines` (ND30-410).
"""

from __future__ import annotations

import re

from pipeline.check.elements import Para, Seg
from pipeline.check.patterns import KINH_GUI_RE, REF_TYPE, REF_TYPE_LIST, RULE_RE
from pipeline.check.registry import ERROR, FORMAT_EXPLANATION, WARNING, define
from pipeline.check.text import nfc
from pipeline.common.vnformat import type_abbreviation


TYPE_MISSING = define(
    "ND30-401", "ten-loai", "ten-loai", REF_TYPE, ERROR, "Có tên loại văn bản, hoặc «V/v …» của công văn",
    explanation="Dưới phần đầu phải có dòng tên loại (KẾ HOẠCH, BÁO CÁO…) hoặc, ở công văn, trích yếu «V/v …» "
                "dưới số, ký hiệu.",
    quote="Văn bản có tên loại: dòng tên loại rồi dòng trích yếu, cùng canh giữa, dưới là đường kẻ ngắn.",
    right="KẾ HOẠCH / Triển khai …", wrong="nội dung ngay dưới phần đầu")
TYPE_CONG_VAN = define(
    "ND30-402", "dong-cong-van", "ten-loai", REF_TYPE_LIST, ERROR, "Công văn không có dòng tên loại «CÔNG VĂN»",
    explanation="Dòng «CÔNG VĂN» dưới phần đầu là lỗi: công văn ghi trích yếu «V/v …» dưới số, ký hiệu.",
    quote="Công văn không có dòng tên loại (không có tiêu đề «CÔNG VĂN»); trích yếu đặt dưới số, ký hiệu, sau chữ "
          "«V/v …».",
    right="Số: 12/UBND-VX / V/v …", wrong="CÔNG VĂN (dòng giữa trang)")
TYPE_UNKNOWN = define(
    "ND30-403", "ten-loai-danh-muc", "ten-loai", REF_TYPE_LIST, ERROR, "Tên loại là một loại văn bản hành chính của ND30",
    explanation="Tên loại phải thuộc danh mục ND30 Điều 7; «DANH SÁCH» không phải loại văn bản.",
    quote="«Danh sách» không thuộc 29 loại văn bản hành chính và không có chữ viết tắt",
    right="KẾ HOẠCH; BÁO CÁO; TỜ TRÌNH", wrong="DANH SÁCH; BẢN KẾ HOẠCH")
TYPE_FORMAT = define(
    "ND30-404", "ten-loai-trinh-bay", "co-chu", REF_TYPE, ERROR, "Tên loại: chữ in hoa, cỡ 13–14, đứng, đậm",
    explanation=FORMAT_EXPLANATION, quote="tên loại (KẾ HOẠCH, BÁO CÁO …) | in hoa | cỡ 13–14 | đứng, đậm | canh "
                                          "giữa trang",
    right="KẾ HOẠCH (in hoa, đậm, cỡ 14)", wrong="Kế hoạch (chữ thường)")
VV_WITH_TYPE = define(
    "ND30-405", "vv-co-ten-loai", "trich-yeu", REF_TYPE, WARNING, "«V/v …» chỉ dùng cho công văn",
    explanation="Văn bản có tên loại mà vẫn ghi «V/v …» dưới số, ký hiệu: cảnh báo.",
    quote="trích yếu công văn «V/v …» | chữ thường | cỡ 12–13 | đứng, không đậm | canh giữa dưới số, ký hiệu (ô "
          "5b)",
    right="KẾ HOẠCH / <trích yếu>", wrong="Số: 05/KH-SKHCN / V/v … và dòng KẾ HOẠCH")
ABSTRACT_MISSING = define(
    "ND30-406", "trich-yeu", "trich-yeu", REF_TYPE, WARNING, "Có trích yếu nội dung dưới tên loại",
    explanation="Dưới dòng tên loại phải có trích yếu (các dòng canh giữa liền sau).",
    quote="trích yếu (văn bản có tên loại) | chữ thường | cỡ 13–14 | đứng, đậm | ngay dưới tên loại, canh giữa",
    right="KẾ HOẠCH / Triển khai nhiệm vụ năm 2024", wrong="KẾ HOẠCH rồi ngay nội dung")
ABSTRACT_FORMAT = define(
    "ND30-407", "trich-yeu-trinh-bay", "co-chu", REF_TYPE, ERROR, "Trích yếu: cỡ 13–14, đứng, đậm",
    explanation=FORMAT_EXPLANATION, quote="trích yếu (văn bản có tên loại) | chữ thường | cỡ 13–14 | đứng, đậm",
    right="Triển khai nhiệm vụ năm 2024 (đậm)", wrong="không đậm, in nghiêng")
VV_TEXT = define(
    "ND30-408", "vv-viet", "trich-yeu", REF_TYPE, ERROR, "Trích yếu công văn bắt đầu bằng «V/v »",
    explanation="Chữ V hoa, v thường, có dấu cách sau.", quote="trích yếu công văn đặt dưới số, ký hiệu, sau chữ "
                                                               "«V/v …»",
    right="V/v triển khai …", wrong="v/v triển khai …; V/V triển khai …")
VV_FORMAT = define(
    "ND30-409", "vv-trinh-bay", "co-chu", REF_TYPE, ERROR, "Trích yếu công văn: cỡ 12–13, đứng, không đậm",
    explanation=FORMAT_EXPLANATION, quote="trích yếu công văn «V/v …» | chữ thường | cỡ 12–13 | đứng, không đậm",
    right="V/v triển khai … (cỡ 12, thường)", wrong="V/v triển khai … (đậm)")


class TypeAbstractRules:
    """Type line and abstract: mixed into :class:`pipeline.check.checker.Checker`."""

    def is_type_line(self, para: Para) -> bool:
        text = " ".join(nfc(para.text).split())
        if not text:
            return False
        if type_abbreviation(text) or text.upper() in ("CÔNG VĂN", "DANH SÁCH", "THƯ CÔNG"):
            return True
        seg = Seg(para, para.pieces, 0)
        return (para.jc == "center" and len(text) <= 40 and seg.is_upper() and seg.all_bold()
                and not re.search(r"[0-9:;,./]", text) and not self.is_national(seg))

    def check_type_line(self, para: Para, has_vv: bool) -> str:
        text = " ".join(nfc(para.text).split())
        seg = Seg(para, para.pieces, 0)
        upper = text.upper()
        if upper == "CÔNG VĂN":
            self.add(TYPE_CONG_VAN, REF_TYPE_LIST, ERROR, para.where(), "có dòng tên loại «CÔNG VĂN»",
                     "công văn không có dòng tên loại; trích yếu ghi «V/v …» dưới số, ký hiệu")
            return None
        if upper == "DANH SÁCH":
            self.add(TYPE_UNKNOWN, REF_TYPE_LIST, ERROR, para.where(), "tên loại «DANH SÁCH»",
                     "«Danh sách» không phải loại văn bản hành chính; ban hành kèm theo quyết định, kế hoạch, "
                     "công văn… dưới dạng phụ lục")
            return None
        if type_abbreviation(text) is None:
            self.add(TYPE_UNKNOWN, REF_TYPE_LIST, ERROR, para.where(), f"tên loại «{text}»",
                     "một trong các loại văn bản hành chính của ND30 Điều 7 (KẾ HOẠCH, BÁO CÁO, "
                     "QUYẾT ĐỊNH, THÔNG BÁO, TỜ TRÌNH…)")
        self.style(TYPE_FORMAT, seg, "Tên loại văn bản", REF_TYPE, (13, 14), bold=True, italic=False, upper=True)
        if has_vv:
            self.add(VV_WITH_TYPE, REF_TYPE, WARNING, para.where(),
                     "văn bản có tên loại nhưng trích yếu ghi «V/v …» dưới số, ký hiệu",
                     "«V/v …» chỉ dùng cho công văn; văn bản có tên loại ghi trích yếu dưới tên loại")
        return text

    def check_abstract(self, index: int) -> int:
        blocks = self.m.blocks
        lines: list[Para] = []
        while index < len(blocks) and blocks[index].kind == "p":
            para = blocks[index].paras[0]
            text = nfc(para.text).strip()
            if not text or RULE_RE.match(text):
                break
            if lines and (para.jc != "center" or KINH_GUI_RE.match(text)):
                break
            if not lines and (KINH_GUI_RE.match(text) or (para.jc == "both" and para.first_line > 0)):
                break
            lines.append(para)
            index += 1
        if not lines:
            where = blocks[index].paras[0].where() if index < len(blocks) else "sau tên loại"
            self.add(ABSTRACT_MISSING, REF_TYPE, WARNING, where, "không thấy trích yếu nội dung dưới tên loại",
                     "trích yếu (chữ in thường, đứng, đậm, canh giữa) ngay dưới tên loại văn bản")
        self.parts["abstract"] = lines
        for para in lines:
            self.style(ABSTRACT_FORMAT, Seg(para, para.pieces, 0), "Trích yếu", REF_TYPE, (13, 14), bold=True, italic=False)
        return self.skip_empty(index)
