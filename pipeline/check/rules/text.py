"""The text as a whole (ND30 Phụ lục I Phần I, mục I.4; TCVN 6909:2001). Codes ND30-002, 003."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pipeline.check.elements import Para
from pipeline.check.patterns import REF_NFC, REF_TONE
from pipeline.check.registry import ERROR, WARNING, define
from pipeline.check.text import WORD, nfc, restyle, tone_style

NFC = define(
    "ND30-002", "unicode-nfc", "unicode-nfc", REF_NFC, ERROR, "Chữ tiếng Việt dựng sẵn (Unicode NFC)",
    explanation="Chữ có dấu gõ thành ký tự gốc + dấu tổ hợp (NFD, thường do chuyển mã Windows-1258 hay máy Mac): "
                "một phát hiện cho mọi đoạn, nêu mã ký tự.",
    quote="Chữ Việt dùng dạng dựng sẵn («Unicode dựng sẵn»), đúng là dạng chuẩn NFC của mọi chữ cái tiếng Việt; "
          "dữ liệu nhập vào được chuẩn hóa về NFC.", right="«ệ» = U+1EC7", wrong="«ệ» = U+0065 + U+0323 + U+0302")
TONE = define(
    "ND30-003", "kieu-bo-dau", "kieu-bo-dau", REF_TONE, WARNING, "Một kiểu đặt dấu thanh trong cả văn bản",
    explanation="Đếm các từ đặt dấu kiểu cũ (hòa, thủy) và kiểu mới (hoà, thuỷ); có cả hai: cảnh báo ở kiểu ít hơn.",
    quote="phần chữ tự do dùng thống nhất một kiểu đặt dấu, không trộn lẫn hai kiểu",
    right="hòa … thủy … (cùng kiểu cũ)",
    wrong="Thanh Hóa … hoà giải")


class TextRules:
    """Unicode form and tone-mark style: mixed into :class:`pipeline.check.checker.Checker`."""

    def check_text(self) -> None:
        styles: dict[str, list[tuple[Para, str]]] = {"cũ": [], "mới": []}
        order: list[str] = []
        decomposed: list[tuple[Para, str]] = []
        for para in self.m.all_paras():
            text = para.text
            if not text:
                continue
            normal = nfc(text)
            if normal != text:
                bad = next((i for i in range(len(text)) if unicodedata.combining(text[i])), None)
                sample = ""
                if bad is not None:
                    start = bad
                    while start > 0 and unicodedata.combining(text[start]):
                        start -= 1
                    end = bad
                    while end < len(text) and (end == start or unicodedata.combining(text[end])):
                        end += 1
                    chunk = text[start:end]
                    codes = " + ".join(f"U+{ord(ch):04X}" for ch in chunk)
                    sample = f": «{nfc(chunk)}» gõ thành {len(chunk)} ký tự ({codes})"
                decomposed.append((para, sample))
            for style, word in _styled_words(normal):
                styles[style].append((para, word))
                if style not in order:
                    order.append(style)
        if decomposed:
            para, sample = decomposed[0]
            where = para.where()
            if len(decomposed) > 1:
                more = ", ".join(p.short_where() for p, _ in decomposed[1:6])
                where += f" và {len(decomposed) - 1} chỗ khác ({more}{', …' if len(decomposed) > 6 else ''})"
            self.add(NFC, REF_NFC, ERROR, where, f"chữ tổ hợp (Unicode dạng NFD){sample}",
                     "chữ tiếng Việt dựng sẵn (Unicode NFC): mỗi chữ có dấu là một ký tự, ví dụ «ệ» = U+1EC7")
        if styles["cũ"] and styles["mới"]:
            old, new = len(styles["cũ"]), len(styles["mới"])
            minority = "mới" if new < old else ("cũ" if old < new else order[1])
            majority = "cũ" if minority == "mới" else "mới"
            para, word = styles[minority][0]
            fixed = restyle(word, to_old=(majority == "cũ"))
            names = {"cũ": "kiểu cũ (dấu trên nguyên âm đầu: hòa, thủy)",
                     "mới": "kiểu mới (dấu trên nguyên âm chính: hoà, thuỷ)"}
            example = styles[majority][0][1]
            minority_paras = []
            for p, _ in styles[minority]:
                if not any(p is q for q in minority_paras):
                    minority_paras.append(p)
            where = para.where()
            if len(minority_paras) > 1:
                more = ", ".join(p.short_where() for p in minority_paras[1:6])
                where += f" và {len(minority_paras) - 1} chỗ khác ({more}{', …' if len(minority_paras) > 6 else ''})"
            self.add(TONE, REF_TONE, WARNING, where,
                     f"«{word}» đặt dấu {names[minority]}: {len(styles[minority])} từ, trong khi văn bản có "
                     f"{len(styles[majority])} từ {names[majority].split(' (')[0]} (như «{example}»)",
                     f"thống nhất một kiểu đặt dấu trong cả văn bản: «{fixed}» theo {names[majority]}")


@lru_cache(maxsize=4096)
def _styled_words(text: str) -> tuple[tuple[str, str], ...]:
    """(tone-mark style, word) of each word of ``text`` written in one of the two styles, in order
    (remembered by the text: the letters of a batch repeat most of their paragraphs)."""
    return tuple((style, word) for word in WORD.findall(text) if (style := tone_style(word)))
