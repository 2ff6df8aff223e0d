"""Nơi nhận (ND30 Phụ lục I Phần I, mục II.9.b, II.9.d). Codes ND30-701…710."""

from __future__ import annotations

import re

from pipeline.check.elements import Seg
from pipeline.check.patterns import NOI_NHAN_RE, REF_RECIPIENTS, REF_RECIPIENTS_FIRST
from pipeline.check.registry import ERROR, FORMAT_EXPLANATION, WARNING, define
from pipeline.check.text import excerpt, nfc

_QUOTE = ("tên cơ quan, tổ chức, cá nhân nhận | chữ thường | cỡ 11 | đứng | mỗi nơi một dòng, gạch đầu dòng (-) "
          "sát lề trái | cuối mỗi dòng có dấu chấm phẩy; dòng cuối «- Lưu: VT, <đơn vị> (<số bản>).» kết thúc "
          "bằng dấu chấm")

RECIPIENTS_MISSING = define(
    "ND30-701", "noi-nhan", "noi-nhan", REF_RECIPIENTS, ERROR, "Có phần «Nơi nhận:» ở cuối văn bản",
    explanation="Tìm «Nơi nhận» sau nội dung (trong bảng chữ ký hoặc các đoạn cuối).",
    quote="chữ «Nơi nhận:» | chữ thường | cỡ 12 | nghiêng, đậm | một dòng riêng, sát lề trái, ngang hàng với dòng "
          "quyền hạn, chức vụ người ký",
    right="Nơi nhận: / - Như trên; / - Lưu: VT, VP.", wrong="văn bản kết thúc ở chữ ký")
LABEL_TEXT = define(
    "ND30-702", "noi-nhan-chu", "noi-nhan", REF_RECIPIENTS, ERROR, "Ghi đúng «Nơi nhận:»",
    explanation="Chữ in thường (N hoa), có dấu hai chấm.", quote="chữ «Nơi nhận:» | chữ thường | sau có dấu hai "
                                                                 "chấm",
    right="Nơi nhận:", wrong="NƠI NHẬN:; Nơi nhận")
LABEL_FORMAT = define(
    "ND30-703", "noi-nhan-nhan-trinh-bay", "co-chu", REF_RECIPIENTS, ERROR, "Chữ «Nơi nhận:» cỡ 12, đậm, nghiêng",
    explanation=FORMAT_EXPLANATION, quote="chữ «Nơi nhận:» | chữ thường | cỡ 12 | nghiêng, đậm",
    right="Nơi nhận: (12, đậm nghiêng)", wrong="Nơi nhận: (14, đứng)")
NO_ENTRIES = define(
    "ND30-704", "noi-nhan-trong", "noi-nhan", REF_RECIPIENTS, ERROR, "Có ít nhất một dòng dưới «Nơi nhận:»",
    explanation="Dưới «Nơi nhận:» phải có các dòng nơi nhận và dòng lưu.", quote=_QUOTE,
    right="Nơi nhận: / - Lưu: VT, VP.", wrong="Nơi nhận: (không có dòng nào)")
ENTRY_FORMAT = define(
    "ND30-705", "noi-nhan-dong-trinh-bay", "co-chu", REF_RECIPIENTS, ERROR, "Dòng nơi nhận cỡ 11, chữ đứng",
    explanation=FORMAT_EXPLANATION + " Một phát hiện cho mọi dòng cùng lỗi.", quote=_QUOTE,
    right="- Như trên; (cỡ 11)", wrong="- Như trên; (cỡ 13, nghiêng)")
ENTRY_DASH = define(
    "ND30-706", "noi-nhan-gach", "noi-nhan", REF_RECIPIENTS, ERROR, "Dòng nơi nhận bắt đầu bằng «- »",
    explanation="Mỗi dòng bắt đầu bằng gạch đầu dòng (gõ tay hay gạch đầu dòng tự động của Word) và một dấu cách; "
                "thiếu dấu cách chỉ là cảnh báo.", quote=_QUOTE,
    right="- Sở Tài chính;", wrong="Sở Tài chính;")
ENTRY_SEMICOLON = define(
    "ND30-707", "noi-nhan-cham-phay", "noi-nhan", REF_RECIPIENTS, ERROR, "Dòng nơi nhận kết thúc bằng «;»",
    explanation="Mọi dòng nơi nhận trừ dòng cuối kết thúc bằng dấu chấm phẩy.", quote=_QUOTE,
    right="- Sở Tài chính;", wrong="- Sở Tài chính,")
LAST_ARCHIVE = define(
    "ND30-708", "noi-nhan-luu", "noi-nhan", REF_RECIPIENTS, ERROR, "Dòng cuối «- Lưu: …» kết thúc bằng dấu chấm",
    explanation="Dòng cuối là «- Lưu: VT, <đơn vị soạn thảo>.»: có «Lưu», dấu hai chấm và dấu chấm cuối.",
    quote=_QUOTE, right="- Lưu: VT, VP.", wrong="- Lưu VT, VP; - Lưu: VT, VP")
ARCHIVE_VT = define(
    "ND30-709", "noi-nhan-vt", "noi-nhan", REF_RECIPIENTS, WARNING, "Dòng lưu bắt đầu bằng «VT,» (Văn thư)",
    explanation="Sau «Lưu:» là «VT» rồi dấu phẩy.", quote="ví dụ «- Lưu: VT, TCCB.», «- Lưu: VT, NVĐP.»",
    right="- Lưu: VT, VP.", wrong="- Lưu: VP.; - Lưu: VT; VP.")
AS_ABOVE = define(
    "ND30-710", "nhu-tren", "noi-nhan", REF_RECIPIENTS_FIRST, ERROR, "Có «Kính gửi» thì dòng nơi nhận đầu là «- Như trên;»",
    explanation="Văn bản có phần «Kính gửi»: dòng đầu dưới «Nơi nhận:» là «- Như trên;».",
    quote="phần thứ hai «Nơi nhận:» bắt đầu bằng «- Như trên;» rồi các nơi nhận khác",
    right="- Như trên;", wrong="- Sở Giao thông vận tải; (đã có ở «Kính gửi»)")


class RecipientRules:
    """The Nơi nhận column: mixed into :class:`pipeline.check.checker.Checker`."""

    def check_recipients(self, segs: list[Seg]) -> None:
        label = next((s for s in segs if NOI_NHAN_RE.match(nfc(s.text))), None)
        if label is None:
            return
        text = nfc(label.text).strip()
        if text != "Nơi nhận:":
            self.add(LABEL_TEXT, REF_RECIPIENTS, ERROR, label.where(), f"ghi là «{text}»",
                     "«Nơi nhận:» (chữ in thường, có dấu hai chấm)")
        self.style(LABEL_FORMAT, label, "Chữ «Nơi nhận»", REF_RECIPIENTS, (12, 12), bold=True, italic=True)
        entries: list[list[Seg]] = []
        for seg in segs[segs.index(label) + 1:]:
            line = nfc(seg.text).strip()
            if not line:
                continue
            previous = nfc(entries[-1][-1].text).strip() if entries else ""
            if entries and not line.startswith(("-", "–", "+", "•")) and not previous.endswith((";", ".")):
                entries[-1].append(seg)  # a wrapped entry
                continue
            entries.append([seg])
        if not entries:
            self.add(NO_ENTRIES, REF_RECIPIENTS, ERROR, label.where(), "không có dòng nào dưới «Nơi nhận:»",
                     "mỗi nơi nhận một dòng «- …;», dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.»")
            return
        for number, entry in enumerate(entries, 1):
            first = entry[0]
            line = " ".join(nfc(s.text).strip() for s in entry)
            last = number == len(entries)
            for seg in entry:
                self.style(ENTRY_FORMAT, seg, "Dòng nơi nhận", REF_RECIPIENTS, (11, 11), italic=False, grouped=True)
            if not line.startswith("-"):
                self.add(ENTRY_DASH, REF_RECIPIENTS, ERROR, first.where(), f"dòng nơi nhận «{excerpt(line)}» "
                         "không có gạch đầu dòng", "mỗi dòng nơi nhận bắt đầu bằng «- » sát lề trái")
            elif not line.startswith("- "):
                self.add(ENTRY_DASH, REF_RECIPIENTS, WARNING, first.where(),
                         f"dòng nơi nhận «{excerpt(line)}» thiếu dấu cách sau gạch đầu dòng", "«- <nơi nhận>;»")
            if not last:
                if not line.endswith(";"):
                    self.add(ENTRY_SEMICOLON, REF_RECIPIENTS, ERROR, entry[-1].where(),
                             f"dòng nơi nhận kết thúc bằng «{line[-1:]}»" if line else "dòng trống",
                             "mỗi dòng nơi nhận (trừ dòng cuối) kết thúc bằng dấu chấm phẩy «;»")
                continue
            body = line.lstrip("-–• ").strip()
            if not re.match(r"^Lưu\b", body):
                self.add(LAST_ARCHIVE, REF_RECIPIENTS, ERROR, first.where(),
                         f"dòng cuối của nơi nhận là «{excerpt(line)}»",
                         "dòng cuối là «- Lưu: VT, <đơn vị soạn thảo> (<số bản>).»")
                continue
            if not re.match(r"^Lưu\s*:", body):
                self.add(LAST_ARCHIVE, REF_RECIPIENTS, ERROR, first.where(), f"«{excerpt(line)}» thiếu dấu hai chấm "
                         "sau «Lưu»", "«- Lưu: VT, …»")
            if not line.endswith("."):
                self.add(LAST_ARCHIVE, REF_RECIPIENTS, ERROR, entry[-1].where(),
                         f"dòng «Lưu» kết thúc bằng «{line[-1:]}», không có dấu chấm",
                         "dòng cuối «- Lưu: VT, …» kết thúc bằng dấu chấm «.»")
            archive = re.sub(r"^Lưu\s*:?\s*", "", body)
            if not re.match(r"^VT\b", archive):
                self.add(ARCHIVE_VT, REF_RECIPIENTS, WARNING, first.where(), "dòng «Lưu» không bắt đầu bằng «VT»",
                         "«- Lưu: VT, <đơn vị soạn thảo>.» (VT: Văn thư)")
            elif re.match(r"^VT\s*;", archive):
                self.add(ARCHIVE_VT, REF_RECIPIENTS, WARNING, first.where(),
                         "dòng «Lưu»: sau «VT» là dấu chấm phẩy",
                         "«- Lưu: VT, <đơn vị soạn thảo> (<số bản>).»: sau «VT» là dấu phẩy")
        if self.has_addressees:
            first_line = " ".join(nfc(s.text).strip() for s in entries[0])
            if not re.match(r"^-\s*Như trên\s*;?$", first_line):
                self.add(AS_ABOVE, REF_RECIPIENTS_FIRST, ERROR, entries[0][0].where(),
                         f"văn bản có «Kính gửi» nhưng dòng nơi nhận đầu tiên là «{excerpt(first_line)}»",
                         "dòng đầu tiên dưới «Nơi nhận:» là «- Như trên;»")
