"""Appendix (ND30 Phụ lục I Phần I, mục III.1). Codes ND30-951…956."""

from __future__ import annotations

from pipeline.check.elements import Seg
from pipeline.check.patterns import REF_APPENDIX
from pipeline.check.registry import ERROR, FORMAT_EXPLANATION, WARNING, define
from pipeline.check.text import nfc


APPENDIX_LABEL = define(
    "ND30-951", "phu-luc-chu", "chu-hoa", REF_APPENDIX, ERROR, "Từ «Phụ lục» viết chữ thường, trên dòng riêng",
    explanation="Dòng đầu của phụ lục bắt đầu đúng «Phụ lục» (P hoa).",
    quote="chữ «Phụ lục» và số thứ tự | chữ thường | cỡ 14 | đứng, đậm | một dòng riêng, canh giữa",
    right="Phụ lục I", wrong="PHỤ LỤC I")
APPENDIX_LABEL_FORMAT = define(
    "ND30-952", "phu-luc-trinh-bay", "co-chu", REF_APPENDIX, ERROR, "Dòng «Phụ lục»: cỡ 14, đứng, đậm",
    explanation=FORMAT_EXPLANATION, quote="chữ «Phụ lục» và số thứ tự | chữ thường | cỡ 14 | đứng, đậm",
    right="Phụ lục (14, đậm)", wrong="Phụ lục (13, nghiêng)")
APPENDIX_ALIGN = define(
    "ND30-953", "phu-luc-canh-giua", "can-le", REF_APPENDIX, ERROR, "Dòng «Phụ lục» canh giữa",
    explanation="Đoạn «Phụ lục» canh giữa.", quote="chữ «Phụ lục» và số thứ tự | một dòng riêng, canh giữa",
    right="canh giữa", wrong="canh trái")
APPENDIX_TITLE_FORMAT = define(
    "ND30-954", "ten-phu-luc-trinh-bay", "co-chu", REF_APPENDIX, ERROR, "Tên phụ lục: in hoa, cỡ 13–14, đứng, đậm",
    explanation=FORMAT_EXPLANATION, quote="tên phụ lục | in hoa | cỡ 13–14 | đứng, đậm | canh giữa",
    right="DANH SÁCH NƠI NHẬN (đậm)", wrong="Danh sách nơi nhận")
APPENDIX_NOTE_FORMAT = define(
    "ND30-955", "kem-theo-trinh-bay", "co-chu", REF_APPENDIX, ERROR, "Dòng «(Kèm theo …)»: cỡ 13–14, in nghiêng",
    explanation=FORMAT_EXPLANATION, quote="«(Kèm theo … số … ngày … của …)» dưới tên phụ lục | chữ thường | cỡ "
                                          "13–14 | nghiêng",
    right="(Kèm theo Kế hoạch số 05/KH-SKHCN …) nghiêng", wrong="chữ đứng")
APPENDIX_NOTE_MISSING = define(
    "ND30-956", "phu-luc", "phu-luc", REF_APPENDIX, WARNING, "Phụ lục có dòng «(Kèm theo … số … ngày … của …)»",
    explanation="Dưới tên phụ lục là dòng trong ngoặc nêu văn bản mà phụ lục kèm theo.",
    quote="«(Kèm theo … số … ngày … của …)» dưới tên phụ lục",
    right="(Kèm theo Kế hoạch số 05/KH-SKHCN ngày 05 tháng 02 năm 2024 của Sở …)", wrong="không có dòng này")


class AppendixRules:
    """An appendix (own file or after the signature): mixed into :class:`pipeline.check.checker.Checker`."""

    def check_appendix(self, first: int) -> None:
        blocks = self.m.blocks
        label = blocks[first].paras[0]
        seg = Seg(label, label.pieces, 0)
        text = nfc(label.text).strip()
        if not text.startswith("Phụ lục"):
            self.add(APPENDIX_LABEL, REF_APPENDIX, ERROR, label.where(), f"ghi là «{text}»",
                     "từ «Phụ lục» (và số thứ tự) viết chữ in thường, trên một dòng riêng")
        self.style(APPENDIX_LABEL_FORMAT, seg, "Dòng «Phụ lục»", REF_APPENDIX, (14, 14), bold=True, italic=False)
        if label.jc != "center":
            self.add(APPENDIX_ALIGN, REF_APPENDIX, ERROR, label.where(), "dòng «Phụ lục» không canh giữa",
                     "dòng «Phụ lục» canh giữa")
        index = self.skip_empty(first + 1)
        if index < len(blocks) and blocks[index].kind == "p":
            title = blocks[index].paras[0]
            title_text = nfc(title.text).strip()
            if not title_text.startswith("("):
                self.style(APPENDIX_TITLE_FORMAT, Seg(title, title.pieces, 0), "Tên phụ lục", REF_APPENDIX, (13, 14), bold=True,
                           italic=False, upper=True)
                index = self.skip_empty(index + 1)
        if index < len(blocks) and blocks[index].kind == "p" and nfc(blocks[index].paras[0].text).strip().startswith(
                "("):
            note = blocks[index].paras[0]
            self.style(APPENDIX_NOTE_FORMAT, Seg(note, note.pieces, 0), "Dòng «(Kèm theo …)»", REF_APPENDIX, (13, 14), italic=True)
            self.check_text_dates(note)
        else:
            where = blocks[index].paras[0].where() if index < len(blocks) else label.where()
            self.add(APPENDIX_NOTE_MISSING, REF_APPENDIX, WARNING, where, "không thấy dòng «(Kèm theo … số … ngày … của …)»",
                     "dưới tên phụ lục: số, ký hiệu, thời gian ban hành và tên cơ quan ban hành văn bản, in nghiêng")
