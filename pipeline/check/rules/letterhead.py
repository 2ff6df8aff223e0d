"""Letterhead (ND30 Phụ lục I Phần I, mục II.1–II.2): Quốc hiệu, Tiêu ngữ, agency names.

Codes ND30-201…210; the short lines under the motto and the issuer are in
:mod:`pipeline.check.rules.lines` (ND30-211, 212).
"""

from __future__ import annotations

import re

from pipeline.check.elements import Seg
from pipeline.check.patterns import (
    AGENCY_HEAD_RE, MOTTO, NATIONAL, NUMBER_RE, REF_AGENCY, REF_DATE, REF_MOTTO, REF_NATIONAL, REF_NUMBER,
    REF_TYPE, RULE_RE, STAMP_RE, VV_RE,
)
from pipeline.check.registry import ERROR, FORMAT_EXPLANATION, WARNING, define
from pipeline.check.rules.number_date import DATE_MISSING, NUMBER_MISSING
from pipeline.check.rules.type_abstract import VV_FORMAT, VV_TEXT
from pipeline.check.text import excerpt, nfc, restyle, tone_style


NATIONAL_MISSING = define(
    "ND30-201", "quoc-hieu", "quoc-hieu", REF_NATIONAL, ERROR, "Có Quốc hiệu ở đầu văn bản",
    explanation="Tìm Quốc hiệu trong phần đầu (bảng đầu tiên hoặc các đoạn đầu, tách theo tab và ngắt dòng).",
    quote="Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» | in hoa | cỡ 12–13 | đứng, đậm | ô bên phải phần đầu, "
          "dòng trên cùng của trang thứ nhất",
    right="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ở ô trên bên phải", wrong="văn bản bắt đầu ngay bằng tên loại")
NATIONAL_TEXT = define(
    "ND30-202", "quoc-hieu-nguyen-van", "quoc-hieu", REF_NATIONAL, ERROR, "Quốc hiệu đúng nguyên văn",
    explanation="So từng chữ với «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» (chấp nhận cả HÒA và HOÀ); sai chữ hoa "
                "thuộc ND30-203.",
    quote="Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»",
    right="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", wrong="CỘNG HÒA XÃ HỘI CHỦ NGHIÃ VIỆT NAM")
NATIONAL_FORMAT = define(
    "ND30-203", "quoc-hieu-trinh-bay", "co-chu", REF_NATIONAL, ERROR, "Quốc hiệu: chữ in hoa, cỡ 12–13, đứng, đậm",
    explanation=FORMAT_EXPLANATION,
    quote="Quốc hiệu | in hoa | cỡ 12–13 | đứng, đậm",
    right="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, cỡ 12, đậm", wrong="cỡ 14, không đậm")
MOTTO_MISSING = define(
    "ND30-204", "tieu-ngu", "tieu-ngu", REF_MOTTO, ERROR, "Có Tiêu ngữ dưới Quốc hiệu",
    explanation="Tìm dòng «Độc lập - Tự do - Hạnh phúc» trong phần đầu (so các chữ cái, không kể dấu câu).",
    quote="Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» | in thường, viết hoa chữ cái đầu mỗi cụm từ | cỡ 13–14 | đứng, "
          "đậm | canh giữa dưới Quốc hiệu",
    right="Độc lập - Tự do - Hạnh phúc dưới Quốc hiệu", wrong="chỉ có Quốc hiệu")
MOTTO_TEXT = define(
    "ND30-205", "tieu-ngu-nguyen-van", "tieu-ngu", REF_MOTTO, ERROR, "Tiêu ngữ đúng nguyên văn, gạch nối có cách",
    explanation="Tiêu ngữ phải đúng từng ký tự: gạch nối ASCII «-» có một dấu cách mỗi bên, chữ hoa đầu mỗi cụm.",
    quote="giữa các cụm từ của Tiêu ngữ có gạch nối (-), có cách chữ hai bên",
    right="Độc lập - Tự do - Hạnh phúc", wrong="Độc lập – Tự do – Hạnh phúc; Độc lập-Tự do-Hạnh phúc")
MOTTO_FORMAT = define(
    "ND30-206", "tieu-ngu-trinh-bay", "co-chu", REF_MOTTO, ERROR, "Tiêu ngữ: cỡ 13–14, đứng, đậm",
    explanation=FORMAT_EXPLANATION,
    quote="Tiêu ngữ | in thường, viết hoa chữ cái đầu mỗi cụm từ | cỡ 13–14 | đứng, đậm",
    right="Độc lập - Tự do - Hạnh phúc, cỡ 13, đậm", wrong="in nghiêng, cỡ 12")
AGENCY_MISSING = define(
    "ND30-207", "co-quan", "co-quan", REF_AGENCY, ERROR, "Có tên cơ quan ban hành ở góc trên bên trái",
    explanation="Các dòng của phần đầu trước dòng «Số:» không phải Quốc hiệu, Tiêu ngữ, dấu mật/khẩn là tên cơ quan.",
    quote="tên cơ quan ban hành | in hoa | cỡ 12–13 | đứng, đậm | canh giữa dưới tên cơ quan chủ quản",
    right="UBND TỈNH THANH HÓA / SỞ KHOA HỌC VÀ CÔNG NGHỆ", wrong="ô bên trái chỉ có «Số: …»")
AGENCY_FORMAT = define(
    "ND30-208", "co-quan-trinh-bay", "co-chu", REF_AGENCY, ERROR, "Tên cơ quan: chữ in hoa, cỡ 12–13, đứng",
    explanation=FORMAT_EXPLANATION,
    quote="tên cơ quan chủ quản | in hoa | cỡ 12–13 | đứng, không đậm",
    right="SỞ KHOA HỌC VÀ CÔNG NGHỆ, cỡ 12", wrong="Sở Khoa học và Công nghệ (chữ thường)")
ISSUER_BOLD = define(
    "ND30-209", "co-quan-ban-hanh-dam", "kieu-chu", REF_AGENCY, ERROR, "Tên cơ quan ban hành in đậm",
    explanation="Khi không dòng tên cơ quan nào in đậm: tên cơ quan ban hành (dòng dưới) phải in đậm.",
    quote="tên cơ quan ban hành | in hoa | cỡ 12–13 | đứng, đậm",
    right="SỞ KHOA HỌC VÀ CÔNG NGHỆ (đậm)", wrong="SỞ KHOA HỌC VÀ CÔNG NGHỆ (không đậm)")
AGENCY_LEVELS = define(
    "ND30-210", "co-quan-chu-quan", "co-quan", REF_AGENCY, WARNING,
    "Phân biệt cơ quan chủ quản (không đậm) và cơ quan ban hành (đậm)",
    explanation="Mẫu đậm/không đậm của các dòng tên cơ quan: dòng trên không đậm, dòng dưới đậm; hai dòng đều đậm "
                "khi dòng dưới là một cơ quan khác (SỞ…, PHÒNG…), đậm một phần hay xen kẽ: cảnh báo.",
    quote="Tên cơ quan chủ quản chữ không đậm, tên cơ quan ban hành chữ đậm (sai thường gặp: làm ngược lại).",
    right="UBND TỈNH THANH HÓA (thường) / SỞ KHOA HỌC VÀ CÔNG NGHỆ (đậm)",
    wrong="UBND TỈNH THANH HÓA (đậm) / SỞ KHOA HỌC VÀ CÔNG NGHỆ (đậm)")


class LetterheadRules:
    """Quốc hiệu, Tiêu ngữ, agency names: mixed into :class:`pipeline.check.checker.Checker`."""

    def check_letterhead(self, segs: list[Seg]) -> Seg | None:
        """Check the letterhead; return the V/v segment (công văn) or None."""
        national = motto = number = date = vv = None
        national_cell = None
        agencies: list[Seg] = []
        after_number: list[Seg] = []
        for seg in segs:
            text = nfc(seg.text)
            if not text or RULE_RE.match(text):
                continue
            if national is None and self.is_national(seg):
                national, national_cell = seg, seg.cell_key
            elif motto is None and self.is_motto(seg):
                motto = seg
            elif number is None and NUMBER_RE.match(text):
                number = seg
            elif vv is None and VV_RE.match(text):
                vv = seg
            elif date is None and self.is_date(seg):
                date = seg
            elif number is None:
                if national_cell is not None and seg.cell_key == national_cell and seg.para.area == "table":
                    continue
                if STAMP_RE.match(" ".join(text.split())):
                    continue
                agencies.append(seg)
            else:
                after_number.append(seg)
        if vv is not None:
            # V/v wrapped over more paragraphs of the same cell (or the next lines)
            vv_lines = [vv] + [s for s in after_number if s.para.cell == vv.para.cell
                               and s.para.area == vv.para.area]
        else:
            vv_lines = []

        where0 = segs[0].where() if segs else "đầu văn bản"
        # Quốc hiệu
        if national is None:
            self.add(NATIONAL_MISSING, REF_NATIONAL, ERROR, where0, "không tìm thấy Quốc hiệu",
                     f"Quốc hiệu «{NATIONAL}» ở trên cùng, bên phải trang đầu")
        else:
            text = " ".join(nfc(national.text).split())
            as_old = " ".join(restyle(w, True) if tone_style(w) == "mới" else w for w in text.split(" "))
            if as_old != NATIONAL and as_old.upper() == NATIONAL:
                pass  # case only: reported by the case check below
            elif as_old != NATIONAL:
                self.add(NATIONAL_TEXT, REF_NATIONAL, ERROR, national.where(), f"Quốc hiệu ghi là «{text}»",
                         f"Quốc hiệu đúng nguyên văn «{NATIONAL}»")
            self.style(NATIONAL_FORMAT, national, "Quốc hiệu", REF_NATIONAL, (12, 13), bold=True, italic=False, upper=True)
        # Tiêu ngữ
        if motto is None:
            self.add(MOTTO_MISSING, REF_MOTTO, ERROR, national.where() if national else where0,
                     "không tìm thấy Tiêu ngữ", f"Tiêu ngữ «{MOTTO}» canh giữa dưới Quốc hiệu")
        else:
            text = nfc(motto.text)
            if text != MOTTO:
                reasons = []
                if re.search(r"[–—‐‑−]", text):
                    reasons.append("dùng gạch dài (–) thay cho gạch nối (-)")
                if re.search(r"\S-|-\S", text):
                    reasons.append("thiếu dấu cách hai bên gạch nối")
                if text.lower() == MOTTO.lower() and text != MOTTO:
                    reasons.append("viết hoa sai: chữ in thường, chỉ viết hoa chữ đầu mỗi cụm từ")
                if "  " in text:
                    reasons.append("thừa dấu cách")
                why = f" ({'; '.join(reasons)})" if reasons else ""
                self.add(MOTTO_TEXT, REF_MOTTO, ERROR, motto.where(), f"Tiêu ngữ ghi là «{text}»{why}",
                         f"Tiêu ngữ đúng nguyên văn «{MOTTO}» (gạch nối «-», có dấu cách hai bên)")
            self.style(MOTTO_FORMAT, motto, "Tiêu ngữ", REF_MOTTO, (13, 14), bold=True, italic=False)
        # Tên cơ quan
        self.check_agencies(agencies, where0)
        # Số, ký hiệu
        if number is None:
            self.add(NUMBER_MISSING, REF_NUMBER, ERROR, where0, "không tìm thấy dòng «Số: …/…»",
                     "dòng «Số:» + số + «/» + ký hiệu, canh giữa dưới tên cơ quan ban hành (ô số 3)")
        else:
            self.check_number(number)
        # Địa danh, ngày tháng
        if date is None:
            self.add(DATE_MISSING, REF_DATE, ERROR, national.where() if national else where0,
                     "không tìm thấy dòng địa danh và ngày tháng năm ban hành",
                     "«<Địa danh>, ngày … tháng … năm …» in nghiêng, dưới Quốc hiệu và Tiêu ngữ (ô số 4)")
        else:
            self.check_date_line(date)
        # V/v
        if vv is not None:
            text = nfc(vv.text)
            if not text.startswith("V/v "):
                self.add(VV_TEXT, REF_TYPE, ERROR, vv.where(), f"trích yếu công văn bắt đầu «{text[:5]}»",
                         "trích yếu công văn bắt đầu bằng «V/v » (chữ V hoa, v thường)")
            for line in vv_lines:
                self.style(VV_FORMAT, line, "Trích yếu công văn (V/v)", REF_TYPE, (12, 13), bold=False, italic=False)
        self.parts.update(national=national, motto=motto, agencies=agencies, number=number, date=date, vv=vv)
        return vv

    def check_agencies(self, agencies: list[Seg], where0: str) -> None:
        agencies = [a for a in agencies if a.visible()]
        if not agencies:
            self.add(AGENCY_MISSING, REF_AGENCY, ERROR, where0, "không tìm thấy tên cơ quan ban hành văn bản",
                     "tên cơ quan, tổ chức ban hành (và cơ quan chủ quản, nếu có) ở góc trên bên trái (ô số 2)")
            return
        for seg in agencies:
            self.style(AGENCY_FORMAT, seg, "Tên cơ quan", REF_AGENCY, (12, 13), italic=False, upper=True)
        pattern = ["B" if a.all_bold() else ("M" if a.any_bold() else "N") for a in agencies]
        text = " / ".join(excerpt(a.text, 50) for a in agencies)
        if "B" not in pattern and "M" not in pattern:
            seg = agencies[-1]
            self.add(ISSUER_BOLD, REF_AGENCY, ERROR, seg.where(),
                     f"tên cơ quan ban hành không in đậm ({text})",
                     "tên cơ quan ban hành in hoa, đậm; tên cơ quan chủ quản (dòng trên) in hoa, không đậm")
            return
        shape = "".join(pattern)
        if re.fullmatch(r"B{2,}", shape) and AGENCY_HEAD_RE.match(nfc(agencies[-1].text)):
            # «UBND TỈNH …» / «SỞ …» both bold: the upper line is a parent agency, not part of the name
            self.add(AGENCY_LEVELS, REF_AGENCY, WARNING, agencies[0].where(),
                     f"mọi dòng tên cơ quan đều in đậm, dòng dưới là một cơ quan khác ({text})",
                     "tên cơ quan chủ quản (dòng trên) in hoa, không đậm; chỉ tên cơ quan ban hành in đậm")
            return
        if re.fullmatch(r"N*B+", shape):
            return
        if "M" in pattern:
            seg = agencies[pattern.index("M")]
            self.add(AGENCY_LEVELS, REF_AGENCY, WARNING, seg.where(),
                     f"dòng tên cơ quan chỉ in đậm một phần ({text})",
                     "tên cơ quan chủ quản in hoa, không đậm; tên cơ quan ban hành in hoa, đậm")
            return
        seg = agencies[0]
        self.add(AGENCY_LEVELS, REF_AGENCY, WARNING, seg.where(),
                 f"không phân biệt được cơ quan chủ quản và cơ quan ban hành: đậm/không đậm xen kẽ ({text})",
                 "cơ quan chủ quản ở trên, in hoa, không đậm; cơ quan ban hành ở dưới, in hoa, đậm")
