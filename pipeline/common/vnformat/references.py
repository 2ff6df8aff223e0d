"""Viết số, ký hiệu văn bản và tên loại văn bản.

Document numbers and symbols (``Số: 05/KH-SKHCN``) and the ND30 document types with
their ký hiệu abbreviations. Errors are ``ValueError`` with a Vietnamese message.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.common.vnformat.dates import DRAFT_BLANK
from pipeline.common.vnformat.values import _is_int, _is_nan, _nfc

# Ký hiệu: groups of letters/digits joined by single ASCII hyphens (KH-SKHCN, QyĐ-UBND, SY).
_SYMBOL_RE = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")


# --------------------------------------------------------------------------- numbers and symbols


def doc_number(number: int | str) -> str:
    """Viết số văn bản: ``5 -> "05"``, ``123 -> "123"``.

    Args:
        number (int | str): a positive integer (numpy integers accepted) or a
            string of ASCII digits; surrounding whitespace is stripped and
            extra leading zeros are dropped (``"005" -> "05"``).

    Returns:
        str: two digits with a leading zero for 1-9, the number as is from 10 on.

    Raises:
        ValueError: (Vietnamese message) for 0, negative numbers, ``bool``,
            floats, an empty string, a string with anything other than digits
            (``"5a"``) or any other type.

    Rule: numbers below 10 are written 01..09 (ND30 Phụ lục I Phần I, mục II.3.c;
    nd30.md §5, trap 2); the yearly sequence starts at 01 (ND30 Điều 15).
    """
    if _is_int(number):
        value = int(number)
    elif isinstance(number, str) and re.fullmatch(r"[0-9]+", number.strip()):
        value = int(number.strip())
    else:
        raise ValueError(
            f"số văn bản phải là số nguyên dương viết bằng chữ số, ví dụ 05 hoặc 123, "
            f"nhận được {number!r}"
        )
    if value < 1:
        raise ValueError(f"số văn bản phải bắt đầu từ 01 (số nguyên dương), nhận được {number!r}")
    return f"{value:02d}"


def _is_blank_number(number: Any) -> bool:
    return number is None or _is_nan(number) or (isinstance(number, str) and not number.strip())


def _check_symbol(symbol: Any) -> str:
    if not isinstance(symbol, str) or not symbol.strip():
        raise ValueError(f"ký hiệu văn bản không được để trống, nhận được {symbol!r}")
    text = _nfc(symbol.strip())
    if any(ch.isspace() for ch in text):
        raise ValueError(
            f"ký hiệu văn bản không được có dấu cách: {symbol!r}; viết liền, ví dụ KH-SKHCN"
        )
    if not _SYMBOL_RE.match(text):
        raise ValueError(
            f"ký hiệu văn bản không hợp lệ: {symbol!r}; chỉ gồm chữ và số, các nhóm nối bằng "
            f"một dấu gạch nối '-', không có '/' ở đầu, ví dụ KH-SKHCN hoặc UBND-NN"
        )
    return text


def doc_ref(number: int | str | None, symbol: str) -> str:
    """Viết số và ký hiệu văn bản: ``05/KH-SKHCN``; dự thảo: ``      /KH-SKHCN``.

    Args:
        number (int | str | None): the document number (see :func:`doc_number`);
            None, NaN or a blank string gives the draft form.
        symbol (str): the ký hiệu, e.g. ``"KH-SKHCN"``, ``"UBND-NN"``,
            ``"QyĐ-UBND"`` (mixed case kept as given). Surrounding whitespace
            is stripped; inside, only letters/digits in groups joined by single
            ASCII hyphens are allowed.

    Returns:
        str: ``"<number>/<symbol>"``, or six spaces + ``"/<symbol>"`` for a draft.

    Raises:
        ValueError: (Vietnamese message) if the number is invalid (see
            :func:`doc_number`), or the symbol is empty, contains spaces
            (``"KH - SKHCN"``), a slash, an en dash or other punctuation.

    Rule: "/" between number and ký hiệu, "-" between the groups, no spaces
    (ND30 Phụ lục I Phần I, mục II.3.c; nd30.md §5, trap 7); blank number in drafts
    (ND30 Phụ lục III mẫu 1.4; nd30.md §5).
    """
    checked_symbol = _check_symbol(symbol)
    if _is_blank_number(number):
        return f"{DRAFT_BLANK}/{checked_symbol}"
    return f"{doc_number(number)}/{checked_symbol}"


def number_line(number: int | str | None, symbol: str) -> str:
    """Dòng số, ký hiệu (ô số 3): ``Số: 05/KH-SKHCN``; dự thảo ``Số:      /KH-SKHCN``.

    Args:
        number (int | str | None): as for :func:`doc_ref`.
        symbol (str): as for :func:`doc_ref`.

    Returns:
        str: ``"Số: " + doc_ref`` or, for a draft, ``"Số:"`` + six spaces +
        ``"/<symbol>"``.

    Raises:
        ValueError: (Vietnamese message) as :func:`doc_ref`.

    Rule: "Số" followed by a colon (ND30 Phụ lục I Phần I, mục II.3.c; nd30.md §3.1, §5).
    """
    ref = doc_ref(number, symbol)
    if _is_blank_number(number):
        return f"Số:{ref}"
    return f"Số: {ref}"


#: The administrative document types and the abbreviations used in their ký hiệu
#: (ND30 Điều 7 and Phụ lục III mục I; nd30.md §5.1). Công văn and thư công have
#: none. Mixed-case abbreviations (QyĐ, CTr, TTr) are official and kept as written.
DOCUMENT_TYPES: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH", "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr", "HỢP ĐỒNG": "HĐ", "CÔNG ĐIỆN": "CĐ", "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT", "GIẤY ỦY QUYỀN": "GUQ", "GIẤY MỜI": "GM", "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP", "PHIẾU GỬI": "PG", "PHIẾU CHUYỂN": "PC", "PHIẾU BÁO": "PB",
}
_NEW_STYLE_WORDS = {"THOẢ": "THỎA", "UỶ": "ỦY"}  # the words of DOCUMENT_TYPES that have two tone styles


def type_abbreviation(doc_type: str) -> str | None:
    """Return the ký hiệu abbreviation of a document type, or ``None`` if it is not one of ND30's.

    ``"KẾ HOẠCH"`` → ``"KH"``, ``"Tờ trình"`` → ``"TTr"``; either tone-mark style is
    accepted (``THOẢ``/``THỎA``).

    Rule: ND30 Phụ lục III mục I (nd30.md §5.1).

    Args:
        doc_type: the document type as printed (any case).

    Returns:
        The abbreviation, or ``None`` for anything else (including công văn).
    """
    words = [_NEW_STYLE_WORDS.get(word, word) for word in _nfc(doc_type).upper().split()]
    return DOCUMENT_TYPES.get(" ".join(words))


