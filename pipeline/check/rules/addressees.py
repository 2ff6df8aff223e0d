"""Kính gửi (ND30 Phụ lục I Phần I, mục II.9; nd30.md §3.7). Code ND30-501."""

from __future__ import annotations

from pipeline.check.elements import Seg
from pipeline.check.patterns import KINH_GUI_RE, REF_RECIPIENTS
from pipeline.check.registry import ERROR, define
from pipeline.check.text import nfc

ADDRESSEE_FORMAT = define(
    "ND30-501", "kinh-gui-trinh-bay", "co-chu", REF_RECIPIENTS, ERROR, "«Kính gửi»: cỡ chữ 13–14",
    explanation="Cỡ chữ của dòng «Kính gửi:» và các dòng «- …» liền sau (một phát hiện cho cả phần).",
    quote="«Kính gửi» và tên cơ quan, tổ chức, cá nhân nhận | chữ thường | cỡ 13–14 | đứng | ô 9a, dưới phần đầu, "
          "trên nội dung",
    right="Kính gửi: Sở Giao thông vận tải (cỡ 14)", wrong="Kính gửi: … (cỡ 12)")


class AddresseeRules:
    """The Kính gửi block: mixed into :class:`pipeline.check.checker.Checker`."""

    def skip_addressees(self, index: int) -> int:
        blocks = self.m.blocks
        if index >= len(blocks) or blocks[index].kind != "p":
            return index
        text = nfc(blocks[index].paras[0].text).strip()
        if not KINH_GUI_RE.match(text):
            return index
        self.has_addressees = True
        last = text
        first_para = blocks[index].paras[0]
        self.style(ADDRESSEE_FORMAT, Seg(first_para, first_para.pieces, 0), "Phần «Kính gửi»", REF_RECIPIENTS, (13, 14),
                   grouped=True)
        index += 1
        while index < len(blocks) and blocks[index].kind == "p":
            line = nfc(blocks[index].paras[0].text).strip()
            if not line:
                break
            if line.startswith(("-", "–", "+")) and not last.endswith("."):
                para = blocks[index].paras[0]
                self.style(ADDRESSEE_FORMAT, Seg(para, para.pieces, 0), "Phần «Kính gửi»", REF_RECIPIENTS, (13, 14),
                           grouped=True)
                last = line
                index += 1
                continue
            break
        return self.skip_empty(index)
