"""Number, symbol and date (ND30 Phụ lục I Phần I, mục II.3–II.4; Phụ lục III).

Codes ND30-301…311 (Số, ký hiệu) and ND30-320…329 (địa danh, ngày tháng năm).
"""

from __future__ import annotations

import re

from pipeline.check.elements import Para, Seg
from pipeline.check.patterns import (
    DATE_LINE_RE, LONG_DATE_RE, MIXED_CASE_GROUPS, PLACE_ABBR_RE, REF_DATE, REF_DATE_TEXT, REF_NUMBER, REF_PLACE,
    REF_SYMBOL_TYPE,
)
from pipeline.check.registry import ERROR, FORMAT_EXPLANATION, WARNING, define
from pipeline.check.text import excerpt, has_lower, nfc
from pipeline.common.vnformat import doc_number, pad_day, pad_month, type_abbreviation

_NUMBER_QUOTE = ("«Số:» và số của văn bản | chữ thường | cỡ 13 | đứng | canh giữa dưới tên cơ quan ban hành (ô 3) "
                 "| sau từ «Số» có dấu hai chấm; số nhỏ hơn 10 ghi thêm số 0 phía trước")
_SYMBOL_QUOTE = ("ký hiệu | in hoa | cỡ 13 | giữa số và ký hiệu có dấu gạch chéo (/); giữa các nhóm chữ viết tắt "
                 "có dấu gạch nối (-); không cách chữ")
_DATE_QUOTE = ("Mẫu: «<Địa danh>, ngày DD tháng M năm YYYY», chữ nghiêng, canh giữa dưới Tiêu ngữ, cùng hàng với "
               "«Số:».")
_ZERO_QUOTE = ("ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 phía trước (01 … 09; 01, 02); tháng 3–12 không thêm; "
               "năm ghi đủ bốn chữ số.")

NUMBER_MISSING = define(
    "ND30-301", "so-ky-hieu", "so-ky-hieu", REF_NUMBER, ERROR, "Có dòng «Số: …/…» dưới tên cơ quan",
    explanation="Tìm trong phần đầu một dòng bắt đầu bằng «Số».", quote=_NUMBER_QUOTE,
    right="Số: 05/KH-SKHCN", wrong="không có dòng số, ký hiệu")
NUMBER_FORMAT = define(
    "ND30-302", "so-ky-hieu-trinh-bay", "co-chu", REF_NUMBER, ERROR, "Dòng số, ký hiệu: cỡ 13, chữ đứng",
    explanation=FORMAT_EXPLANATION + " Cỡ chữ khác 13 chỉ là cảnh báo.", quote=_NUMBER_QUOTE,
    right="Số: 05/KH-SKHCN cỡ 13, đứng", wrong="Số: 05/KH-SKHCN in nghiêng")
NUMBER_WORD = define(
    "ND30-303", "chu-so", "so-ky-hieu", REF_NUMBER, ERROR, "Chữ «Số» viết thường (S hoa) và có dấu hai chấm",
    explanation="Từ «Số» viết «Số» (không «SỐ», «số») và có dấu hai chấm ngay sau.", quote=_NUMBER_QUOTE,
    right="Số: 05/KH-SKHCN", wrong="SỐ 05/KH-SKHCN")
NUMBER_SLASH = define(
    "ND30-304", "gach-cheo", "so-ky-hieu", REF_NUMBER, ERROR, "Dấu «/» giữa số và ký hiệu, viết liền",
    explanation="Số và ký hiệu nối bằng «/», không có dấu cách hai bên.", quote=_SYMBOL_QUOTE,
    right="Số: 05/KH-SKHCN", wrong="Số: 05 / KH-SKHCN; Số: 05-KH-SKHCN")
NUMBER_ZERO = define(
    "ND30-305", "so-0", "so-ky-hieu", REF_NUMBER, ERROR, "Số văn bản từ 01, số nhỏ hơn 10 có số 0 phía trước",
    explanation="Số nhỏ hơn 10 ghi 01…09; từ 10 trở lên không thêm số 0; số 0 không có. Số để trống (dự thảo) "
                "không bị bắt lỗi.", quote="Số nhỏ hơn 10 ghi thêm số 0 phía trước (01 … 09); từ 10 trở đi không "
                                           "thêm",
    right="Số: 05/KH-SKHCN; Số: 123/KH-SKHCN", wrong="Số: 5/KH-SKHCN; Số: 012/KH-SKHCN")
SYMBOL_MISSING = define(
    "ND30-306", "ky-hieu", "so-ky-hieu", REF_NUMBER, ERROR, "Có ký hiệu văn bản sau «/»",
    explanation="Sau «/» phải có ký hiệu (chữ viết tắt tên loại và tên cơ quan, hoặc cơ quan và đơn vị).",
    quote=_SYMBOL_QUOTE, right="Số: 05/KH-SKHCN", wrong="Số: 05/")
SYMBOL_JOIN = define(
    "ND30-307", "ky-hieu-noi", "so-ky-hieu", REF_NUMBER, ERROR, "Ký hiệu viết liền, các nhóm nối bằng gạch nối «-»",
    explanation="Ký hiệu không có dấu cách; các nhóm chữ nối bằng gạch nối ASCII, không dùng gạch dài.",
    quote=_SYMBOL_QUOTE, right="KH-SKHCN", wrong="KH - SKHCN; KH–SKHCN")
SYMBOL_CASE = define(
    "ND30-308", "ky-hieu-chu-hoa", "so-ky-hieu", REF_NUMBER, ERROR, "Ký hiệu viết chữ in hoa (trừ QyĐ, CTr, TTr, TrS)",
    explanation="Mỗi nhóm của ký hiệu viết in hoa, trừ các chữ viết tắt chính thức có chữ thường.",
    quote="Các chữ viết tắt chính thức có chữ thường (QyĐ, CTr, TTr, TrS) giữ nguyên như đã viết, dù ký hiệu viết "
          "bằng chữ in hoa.", right="KH-SKHCN; TTr-SKHCN", wrong="Kh-SKHCN")
SYMBOL_YEAR = define(
    "ND30-309", "ky-hieu-nam", "so-ky-hieu", REF_NUMBER, WARNING, "Số, ký hiệu văn bản hành chính không ghi năm",
    explanation="Số có năm (05/2025/QĐ-UBND) là của văn bản quy phạm pháp luật, ngoài phạm vi ND30: cảnh báo và "
                "không đối chiếu ký hiệu với tên loại.",
    quote="Chỉ văn bản quy phạm pháp luật (theo chế độ riêng) ghi năm trong số, ký hiệu: «05/2025/QĐ-UBND».",
    right="Số: 15/QĐ-UBND", wrong="Số: 15/2024/QĐ-UBND trong một văn bản hành chính")
SYMBOL_TYPE = define(
    "ND30-310", "ky-hieu-ten-loai", "so-ky-hieu", REF_SYMBOL_TYPE, ERROR,
    "Ký hiệu bắt đầu bằng chữ viết tắt của tên loại",
    explanation="Văn bản có tên loại: nhóm đầu của ký hiệu là chữ viết tắt tên loại theo Phụ lục III (KH, BC, TTr…).",
    quote="văn bản có tên loại: «<chữ viết tắt tên loại>-<chữ viết tắt tên cơ quan>» → «123/KH-SKHCN», "
          "«15/QĐ-BNV»",
    right="KẾ HOẠCH, Số: 05/KH-SKHCN", wrong="KẾ HOẠCH, Số: 05/BC-SKHCN")
SYMBOL_CV = define(
    "ND30-311", "ky-hieu-cong-van", "so-ky-hieu", REF_NUMBER, ERROR, "Ký hiệu công văn không có nhóm «CV»",
    explanation="Công văn không có chữ viết tắt tên loại: ký hiệu là <cơ quan>-<đơn vị soạn thảo hoặc lĩnh vực>.",
    quote="Công văn không có chữ viết tắt tên loại (không ghi «CV»).",
    right="Số: 12/UBND-VX", wrong="Số: 12/CV-UBND")
DATE_MISSING = define(
    "ND30-320", "ngay-thang", "ngay-thang", REF_DATE, ERROR, "Có dòng địa danh, ngày tháng năm ban hành",
    explanation="Tìm trong phần đầu dòng có «ngày … tháng … năm».", quote=_DATE_QUOTE,
    right="Thanh Hóa, ngày 05 tháng 02 năm 2024", wrong="không có dòng ngày")
DATE_FORMAT = define(
    "ND30-321", "ngay-thang-trinh-bay", "co-chu", REF_DATE, ERROR, "Dòng ngày: cỡ 13–14, in nghiêng, không đậm",
    explanation=FORMAT_EXPLANATION, quote="địa danh, ngày tháng năm | chữ thường, viết hoa chữ cái đầu của địa "
                                          "danh | cỡ 13–14 | nghiêng",
    right="Thanh Hóa, ngày 05 tháng 02 năm 2024 (nghiêng, cỡ 13)", wrong="chữ đứng")
DATE_ALIGN = define(
    "ND30-322", "ngay-thang-canh", "can-le", REF_DATE, WARNING, "Dòng ngày canh giữa dưới Quốc hiệu, Tiêu ngữ",
    explanation="Dòng ngày trong ô bảng mà canh phải: cảnh báo.",
    quote="Dòng ngày canh giữa dưới Quốc hiệu, Tiêu ngữ, chữ nghiêng, cùng hàng với «Số:» (sai thường gặp: canh "
          "phải).",
    right="canh giữa", wrong="canh phải")
DATE_PATTERN = define(
    "ND30-323", "ngay-thang-mau", "ngay-thang", REF_DATE, ERROR, "Dòng ngày theo mẫu «<Địa danh>, ngày … tháng … năm …»",
    explanation="Dòng ngày phải khớp mẫu (chỗ trống bằng dấu chấm hay dấu cách được chấp nhận ở dự thảo).",
    quote=_DATE_QUOTE, right="Thanh Hóa, ngày 05 tháng 02 năm 2024", wrong="Thanh Hóa, 05/02/2024")
PLACE = define(
    "ND30-324", "dia-danh", "dia-danh", REF_PLACE, ERROR, "Địa danh có, viết đầy đủ, viết hoa chữ cái đầu",
    explanation="Trước «ngày» phải có địa danh, không viết tắt (TP., TX.), chữ cái đầu viết hoa.",
    quote="đơn vị hành chính đặt theo tên người, bằng chữ số hoặc sự kiện lịch sử thì ghi tên gọi đầy đủ: «Thành "
          "phố Hồ Chí Minh», không «TP. Hồ Chí Minh»",
    right="Thành phố Hồ Chí Minh, ngày …", wrong="TP. Hồ Chí Minh, ngày …")
DATE_WORDS = define(
    "ND30-325", "ngay-thang-chu", "ngay-thang", REF_DATE, ERROR, "Dấu phẩy sau địa danh; «ngày», «tháng», «năm» viết thường",
    explanation="Sau địa danh có dấu phẩy; các chữ ngày, tháng, năm viết thường.", quote="sau địa danh có dấu "
                                                                                         "phẩy",
    right="Thanh Hóa, ngày 05 tháng 02 năm 2024", wrong="Thanh Hóa Ngày 05 Tháng 02 Năm 2024")
DATE_ZERO = define(
    "ND30-326", "ngay-thang-so-0", "ngay-thang", REF_DATE, ERROR, "Ngày dưới 10 và tháng 1, 2 có số 0; ngày có thật",
    explanation="Quy tắc số 0 của dòng ngày; năm đủ 4 chữ số; ngày phải có thật trên lịch.", quote=_ZERO_QUOTE,
    right="ngày 05 tháng 02 năm 2024; ngày 20 tháng 8 năm 2024", wrong="ngày 5 tháng 2 năm 2024; tháng 08")
TEXT_DATES = define(
    "ND30-327", "ngay-trong-van-ban", "ngay-thang", REF_DATE_TEXT, WARNING,
    "Ngày tháng viết đầy đủ trong nội dung theo cùng quy tắc số 0",
    explanation="«ngày … tháng … năm …» trong nội dung: cùng quy tắc số 0 như dòng ngày (cảnh báo: ND30 chỉ quy "
                "định dòng ngày ban hành).",
    quote="Nghị định trích dẫn ngày tháng ở dạng đầy đủ, cùng quy tắc số 0 («ngày 08 tháng 02 năm 2010»)",
    right="Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020", wrong="ngày 5 tháng 03 năm 2020")


class NumberDateRules:
    """Số, ký hiệu and the date line: mixed into :class:`pipeline.check.checker.Checker`."""

    def check_number(self, seg: Seg) -> None:
        text = nfc(seg.text).strip()
        where = seg.where()
        self.style(NUMBER_FORMAT, seg, "Dòng số, ký hiệu", REF_NUMBER, (13, 13), italic=False, size_severity=WARNING)
        match = re.match(r"^(?P<word>s[ốô])(?P<colon>\s*:)?(?P<rest>.*)$", text, re.IGNORECASE)
        if match is None:
            return
        if match.group("word") != "Số":
            self.add(NUMBER_WORD, REF_NUMBER, ERROR, where, f"chữ «{match.group('word')}»",
                     "từ «Số» viết chữ in thường (chữ S hoa)")
        if not match.group("colon"):
            self.add(NUMBER_WORD, REF_NUMBER, ERROR, where, f"«{excerpt(text, 30)}» thiếu dấu hai chấm sau «Số»",
                     "«Số:» (có dấu hai chấm), ví dụ «Số: 05/KH-SKHCN»")
        rest = match.group("rest")
        ref = re.match(r"^(?P<pre>[\s._…]*)(?P<num>[0-9]*)(?P<mid>[\s._…]*)/(?P<post>\s*)(?P<sym>.*?)\s*$", rest)
        if ref is None:
            self.add(NUMBER_SLASH, REF_NUMBER, ERROR, where,
                     f"«{excerpt(text, 40)}» không có «/» giữa số và ký hiệu",
                     "«Số: <số>/<ký hiệu>», ví dụ «Số: 05/KH-SKHCN»")
            return
        num, sym = ref.group("num"), ref.group("sym")
        self.number_symbol = sym
        if num:
            expected = doc_number(int(num)) if int(num) > 0 else None
            if expected is None:
                self.add(NUMBER_ZERO, REF_NUMBER, ERROR, where, f"số văn bản «{num}»",
                         "số văn bản bắt đầu từ 01")
            elif num != expected:
                why = ("số nhỏ hơn 10 phải ghi thêm số 0 phía trước" if int(num) < 10 and len(num) == 1
                       else "thừa số 0 ở đầu")
                self.add(NUMBER_ZERO, REF_NUMBER, ERROR, where, f"«Số: {num}/{sym}» ({why})",
                         f"«Số: {expected}/{sym}»")
            if ref.group("mid") or ref.group("post"):
                self.add(NUMBER_SLASH, REF_NUMBER, ERROR, where, f"«{excerpt(text, 40)}» có dấu cách quanh «/»",
                         f"số và ký hiệu viết liền: «{num}/{sym}»")
        if not sym:
            self.add(SYMBOL_MISSING, REF_NUMBER, ERROR, where, "thiếu ký hiệu văn bản sau «/»",
                     "ký hiệu gồm chữ viết tắt tên loại (hoặc tên cơ quan) và tên cơ quan, nối bằng «-»")
            return
        if re.search(r"\s", sym):
            self.add(SYMBOL_JOIN, REF_NUMBER, ERROR, where, f"ký hiệu «{sym}» có dấu cách",
                     f"ký hiệu viết liền, không cách chữ: «{''.join(sym.split())}»")
        elif re.search(r"[–—‐‑−]", sym):
            self.add(SYMBOL_JOIN, REF_NUMBER, ERROR, where, f"ký hiệu «{sym}» dùng gạch dài",
                     "các nhóm chữ viết tắt nối bằng gạch nối «-»")
        groups = [g for g in re.split(r"[-–—‐‑−/\s]+", sym) if g]
        lower = [g for g in groups if has_lower(g) and g not in MIXED_CASE_GROUPS]
        if lower:
            self.add(SYMBOL_CASE, REF_NUMBER, ERROR, where, f"ký hiệu «{sym}» có chữ thường ({', '.join(lower)})",
                     "ký hiệu viết chữ in hoa (trừ các chữ viết tắt chính thức QyĐ, CTr, TTr, TrS)")
        if groups and re.fullmatch(r"[0-9]{4}", groups[0]):
            self.number_symbol = None  # a legal normative document: its symbol is not checked against the type
            self.add(SYMBOL_YEAR, REF_NUMBER, WARNING, where, f"số, ký hiệu có năm ban hành «{sym}»",
                     "số, ký hiệu văn bản hành chính không ghi năm (số có năm là của văn bản quy phạm pháp luật, "
                     "không thuộc phạm vi ND30)")

    def check_symbol_type(self, segs: list[Seg], doc_type: str | None) -> None:
        number = self.parts.get("number")
        sym = self.number_symbol
        if number is None or not sym:
            return
        first = re.split(r"[-–—‐‑−\s]+", sym.strip())[0]
        if doc_type is not None:
            abbr = type_abbreviation(doc_type)
            if abbr and first != abbr:
                self.add(SYMBOL_TYPE, REF_SYMBOL_TYPE, ERROR, number.where(),
                         f"ký hiệu «{sym}» không bắt đầu bằng chữ viết tắt của {doc_type}",
                         f"ký hiệu bắt đầu bằng «{abbr}-» (chữ viết tắt tên loại {doc_type}), ví dụ «{abbr}-…»")
        elif first.upper() == "CV":
            self.add(SYMBOL_CV, REF_NUMBER, ERROR, number.where(), f"ký hiệu công văn «{sym}» có nhóm «CV»",
                     "công văn không có chữ viết tắt tên loại: ký hiệu là <cơ quan>-<đơn vị soạn thảo hoặc "
                     "lĩnh vực>, ví dụ «UBND-NN»")

    def check_date_line(self, seg: Seg) -> None:
        text = nfc(seg.text).strip()
        where = seg.where()
        self.style(DATE_FORMAT, seg, "Dòng địa danh, ngày tháng năm", REF_DATE, (13, 14), bold=False, italic=True)
        if seg.para.area == "table" and seg.para.jc == "right":
            self.add(DATE_ALIGN, REF_DATE, WARNING, where, "dòng địa danh, ngày tháng năm canh phải",
                     "canh giữa dưới Quốc hiệu và Tiêu ngữ")
        match = DATE_LINE_RE.match(text)
        if match is None:
            self.add(DATE_PATTERN, REF_DATE, ERROR, where, f"dòng ngày ghi là «{excerpt(text, 60)}»",
                     "«<Địa danh>, ngày DD tháng M năm YYYY», ví dụ «Thanh Hóa, ngày 05 tháng 02 năm 2024»")
            return
        place = match.group("place").strip()
        if not place:
            self.add(PLACE, REF_PLACE, ERROR, where, "dòng ngày không có địa danh",
                     "địa danh (tên đơn vị hành chính nơi cơ quan đóng trụ sở) trước ngày tháng")
        else:
            if PLACE_ABBR_RE.search(place):
                self.add(PLACE, REF_PLACE, ERROR, where, f"địa danh viết tắt «{place}»",
                         "ghi đầy đủ tên đơn vị hành chính, ví dụ «Thành phố Hồ Chí Minh», không viết «TP.»")
            if place[:1].islower():
                self.add(PLACE, REF_PLACE, ERROR, where, f"địa danh «{place}» không viết hoa chữ cái đầu",
                         "các chữ cái đầu của địa danh viết hoa")
            if not match.group("comma"):
                self.add(DATE_WORDS, REF_DATE, ERROR, where, f"thiếu dấu phẩy sau địa danh «{place}»",
                         f"«{place}, ngày …»")
        for word in ("ngày", "tháng", "năm"):
            if re.search(rf"\b{word.capitalize()}\b", text):
                self.add(DATE_WORDS, REF_DATE, ERROR, where, f"chữ «{word.capitalize()}» viết hoa",
                         f"«{word}» viết thường")
        day_s, month_s, year_s = (match.group(k).strip(" ._…") for k in ("day", "month", "year"))
        day_raw = match.group("day").strip()
        month_raw = match.group("month").strip()
        problems, fixed = [], []
        if day_s:
            day = int(day_s)
            if 1 <= day <= 31:
                if day_s != pad_day(day):
                    problems.append(f"«ngày {day_raw}»")
                    fixed.append(f"«ngày {pad_day(day)}»")
            else:
                problems.append(f"ngày {day_raw} không có thật")
                fixed.append("ngày từ 01 đến 31")
        if month_s:
            month = int(month_s)
            if 1 <= month <= 12:
                if month_s != pad_month(month):
                    problems.append(f"«tháng {month_raw}»")
                    fixed.append(f"«tháng {pad_month(month)}»")
            else:
                problems.append(f"tháng {month_raw} không có thật")
                fixed.append("tháng từ 1 đến 12")
        year_draft = bool(re.search(r"[._…]", match.group("year")))
        if year_s and not year_draft and not re.fullmatch(r"[0-9]{4}", year_s):
            problems.append(f"«năm {match.group('year').strip()}»")
            fixed.append("năm ghi đủ 4 chữ số")
        elif not year_s and not year_draft:
            problems.append("thiếu năm")
            fixed.append("năm ghi đủ 4 chữ số (kể cả ở dự thảo)")
        if problems:
            self.add(DATE_ZERO, REF_DATE, ERROR, where, "; ".join(problems),
                     "; ".join(fixed) + " (ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0: «ngày 05 tháng 02», "
                     "«ngày 20 tháng 8»)")
        elif day_s and month_s and len(year_s) == 4:
            import datetime as _dt
            try:
                _dt.date(int(year_s), int(month_s), int(day_s))
            except ValueError:
                self.add(DATE_ZERO, REF_DATE, ERROR, where,
                         f"ngày {day_s} tháng {month_s} năm {year_s} không có thật", "một ngày có thật")

    def check_text_dates(self, para: Para) -> None:
        """Long dates in the text follow the same zero rule (a warning: ND30 rules only the date line)."""
        for match in LONG_DATE_RE.finditer(nfc(para.text)):
            day_s, month_s, year_s = match.groups()
            day, month = int(day_s), int(month_s)
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            if day_s != pad_day(day) or month_s != pad_month(month):
                self.add(TEXT_DATES, REF_DATE_TEXT, WARNING, para.where(),
                         f"«{match.group(0)}»",
                         f"«ngày {pad_day(day)} tháng {pad_month(month)} năm {year_s}» (quy tắc số 0 như dòng "
                         "ngày ban hành)")
