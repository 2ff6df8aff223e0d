"""Signature block (ND30 Phụ lục I Phần I, mục II.7; Điều 13). Codes ND30-801…809."""

from __future__ import annotations

import re

from pipeline.check.elements import Seg
from pipeline.check.patterns import ACADEMIC_RE, ALLOWED_MARKS, MARK_RE, REF_SIGN, REF_SIGN_NAME, RULE_RE
from pipeline.check.registry import ERROR, FORMAT_EXPLANATION, WARNING, define
from pipeline.check.text import has_lower, nfc

_MARKS = ("«TM.» thay mặt tập thể; «KT.» cấp phó ký thay người đứng đầu; «Q.» quyền người đứng đầu; «TL.» thừa "
          "lệnh; «TUQ.» thừa ủy quyền; người đứng đầu ký thì không ghi quyền hạn")

SIGN_MISSING = define(
    "ND30-801", "chu-ky", "chu-ky", REF_SIGN, ERROR, "Có quyền hạn, chức vụ của người ký",
    explanation="Cột chữ ký (bên phải «Nơi nhận») có dòng chức vụ in hoa trên họ tên; không có gì: cảnh báo.",
    quote="quyền hạn, chức vụ người ký | in hoa | cỡ 13–14 | đứng, đậm | ô bên phải phía dưới (ô 7a, 7b)",
    right="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A", wrong="chỉ có họ tên người ký")
TITLE_FORMAT = define(
    "ND30-802", "chuc-vu-trinh-bay", "co-chu", REF_SIGN, ERROR, "Chức vụ người ký: in hoa, cỡ 13–14, đứng, đậm",
    explanation=FORMAT_EXPLANATION, quote="quyền hạn, chức vụ người ký | in hoa | cỡ 13–14 | đứng, đậm",
    right="GIÁM ĐỐC (đậm)", wrong="Giám đốc")
SIGN_PHU_TRACH = define(
    "ND30-803", "phu-trach", "chu-ky", REF_SIGN, ERROR, "Không ghi «PHỤ TRÁCH» trong chức vụ người ký",
    explanation="Cấp phó được giao phụ trách ký như cấp phó ký thay: «KT. <CHỨC VỤ CẤP TRƯỞNG>» / «PHÓ …».",
    quote="Cấp phó được giao phụ trách, điều hành vẫn ký thay (KT.) người đứng đầu; không ghi chức vụ «phụ "
          "trách».",
    right="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", wrong="PHÓ GIÁM ĐỐC PHỤ TRÁCH")
SIGN_MARK = define(
    "ND30-804", "quyen-han", "chu-ky", REF_SIGN, ERROR, "Chữ viết tắt quyền hạn: TM., KT., TL., TUQ., Q.",
    explanation="Chỉ các chữ viết tắt này, viết liền, có dấu chấm sau.", quote=_MARKS,
    right="TM. ỦY BAN NHÂN DÂN; KT. GIÁM ĐỐC", wrong="T/M UBND; K.T GIÁM ĐỐC; KT GIÁM ĐỐC")
SIGN_KT = define(
    "ND30-805", "ky-thay", "chu-ky", REF_SIGN, ERROR, "«KT.» có dòng chức vụ của cấp phó ký thay",
    explanation="Sau «KT. <CHỨC VỤ CẤP TRƯỞNG>» là dòng chức vụ cấp phó (PHÓ…, THỨ…); thiếu: lỗi; dòng khác: cảnh báo.",
    quote="«KT.» — cấp phó ký thay người đứng đầu: «KT. GIÁM ĐỐC» / «PHÓ GIÁM ĐỐC»",
    right="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", wrong="KT. GIÁM ĐỐC / Nguyễn Văn A")
NAME_MISSING = define(
    "ND30-806", "ho-ten", "chu-ky", REF_SIGN_NAME, WARNING, "Có họ tên người ký dưới chức vụ",
    explanation="Dòng cuối của cột chữ ký (chữ thường) là họ tên người ký.",
    quote="họ tên người ký | chữ thường, viết hoa chữ cái đầu | cỡ 13–14 | đứng, đậm | canh giữa dưới quyền hạn, "
          "chức vụ",
    right="GIÁM ĐỐC / Nguyễn Văn A", wrong="GIÁM ĐỐC (không có họ tên)")
NAME_FORMAT = define(
    "ND30-807", "ho-ten-trinh-bay", "co-chu", REF_SIGN_NAME, ERROR, "Họ tên người ký: cỡ 13–14, đứng, đậm",
    explanation=FORMAT_EXPLANATION, quote="họ tên người ký | cỡ 13–14 | đứng, đậm",
    right="Nguyễn Văn A (đậm)", wrong="Nguyễn Văn A (nghiêng, không đậm)")
NAME_CASE = define(
    "ND30-808", "ho-ten-chu-thuong", "chu-hoa", REF_SIGN_NAME, ERROR, "Họ tên người ký viết chữ thường",
    explanation="Họ tên viết hoa chữ cái đầu mỗi tiếng, không viết in hoa cả dòng.",
    quote="họ tên người ký | chữ thường, viết hoa chữ cái đầu", right="Nguyễn Văn A", wrong="NGUYỄN VĂN A")
NAME_ACADEMIC = define(
    "ND30-809", "hoc-ham", "chu-ky", REF_SIGN_NAME, WARNING, "Không ghi học hàm, học vị trước họ tên người ký",
    explanation="TS., PGS., ThS. … trước họ tên: cảnh báo (một số ngành được phép).",
    quote="trước họ tên không ghi học hàm, học vị và các danh hiệu danh dự (người đứng đầu các ngành quân đội, "
          "công an, giáo dục, y tế, khoa học có thể quy định khác)", right="Nguyễn Văn A", wrong="TS. Nguyễn Văn A")


class SignatureRules:
    """The signature column: mixed into :class:`pipeline.check.checker.Checker`."""

    def check_signer(self, segs: list[Seg]) -> None:
        lines: list[tuple[Seg, bool]] = []  # (segment, gap before it)
        gap = False
        for seg in segs:
            text = nfc(seg.text).strip()
            if not text or RULE_RE.match(text):
                if lines:
                    gap = True
                continue
            if re.match(r"^\(.*\)$", text):  # (Đã ký), (Ký, đóng dấu)
                gap = True
                continue
            lines.append((seg, gap))
            gap = False
        if not lines:
            self.add(SIGN_MISSING, REF_SIGN, WARNING, "khối chữ ký",
                     "không tìm thấy quyền hạn, chức vụ và họ tên người ký",
                     "quyền hạn, chức vụ (in hoa, đậm) và họ tên người ký (đậm) ở góc dưới bên phải")
            return
        name_seg = None
        last, last_gap = lines[-1]
        if not last.is_upper() or (last_gap and len(lines) > 1):
            name_seg = last
            titles = [seg for seg, _ in lines[:-1]]
        else:
            titles = [seg for seg, _ in lines]
        if not titles:
            self.add(SIGN_MISSING, REF_SIGN, ERROR, name_seg.where() if name_seg else "khối chữ ký",
                     "không có dòng quyền hạn, chức vụ của người ký",
                     "chức vụ người ký (in hoa, đậm) phía trên họ tên, ví dụ «GIÁM ĐỐC»")
        for number, seg in enumerate(titles):
            text = nfc(seg.text).strip()
            self.style(TITLE_FORMAT, seg, "Quyền hạn, chức vụ người ký", REF_SIGN, (13, 14), bold=True, italic=False, upper=True)
            if "PHỤ TRÁCH" in text.upper():
                self.add(SIGN_PHU_TRACH, REF_SIGN, ERROR, seg.where(), f"chức vụ «{text}»",
                         "cấp phó được giao phụ trách ký như cấp phó ký thay: «KT. <CHỨC VỤ CẤP TRƯỞNG>» / "
                         "«PHÓ <CHỨC VỤ>», không ghi «phụ trách»")
            mark = MARK_RE.match(text)
            if not mark:
                continue
            token, dot = mark.group(1), mark.group(2)
            clean = token.replace(".", "").replace("/", "")
            if token in ("T/M", "K/T") or "." in token[:-1] or clean in ("PP",):
                self.add(SIGN_MARK, REF_SIGN, ERROR, seg.where(), f"chữ viết tắt quyền hạn «{token}»",
                         "chỉ dùng «TM.», «KT.», «TL.», «TUQ.», «Q.»")
                continue
            if clean in ALLOWED_MARKS and not dot:
                self.add(SIGN_MARK, REF_SIGN, ERROR, seg.where(), f"«{clean}» thiếu dấu chấm",
                         f"«{clean}.» (có dấu chấm), ví dụ «{clean}. GIÁM ĐỐC»")
            if clean == "KT":
                following = titles[number + 1] if number + 1 < len(titles) else None
                if following is None:
                    self.add(SIGN_KT, REF_SIGN, ERROR, seg.where(), f"«{text}» không có dòng chức vụ của cấp phó",
                             "«KT. <chức vụ cấp trưởng>» rồi dòng chức vụ của người ký thay, ví dụ «PHÓ GIÁM ĐỐC»")
                elif not re.match(r"^(PHÓ|THỨ)\b", nfc(following.text).strip().upper()):
                    self.add(SIGN_KT, REF_SIGN, WARNING, following.where(),
                             f"sau «{text}» là «{nfc(following.text).strip()}»",
                             "dòng chức vụ của cấp phó ký thay, ví dụ «PHÓ GIÁM ĐỐC», «THỨ TRƯỞNG»")
        if name_seg is None:
            self.add(NAME_MISSING, REF_SIGN_NAME, WARNING, titles[-1].where() if titles else "khối chữ ký",
                     "không thấy họ tên người ký", "họ tên người ký (chữ in thường, đậm) dưới chức vụ")
            return
        name = nfc(name_seg.text).strip()
        self.style(NAME_FORMAT, name_seg, "Họ tên người ký", REF_SIGN_NAME, (13, 14), bold=True, italic=False)
        if not has_lower(name):
            self.add(NAME_CASE, REF_SIGN_NAME, ERROR, name_seg.where(), f"họ tên người ký viết in hoa «{name}»",
                     "họ tên người ký viết chữ in thường (viết hoa chữ cái đầu)")
        if ACADEMIC_RE.match(name):
            self.add(NAME_ACADEMIC, REF_SIGN_NAME, WARNING, name_seg.where(), f"trước họ tên có học hàm, học vị «{name}»",
                     "không ghi học hàm, học vị trước họ tên người ký (trừ ngành được phép)")
