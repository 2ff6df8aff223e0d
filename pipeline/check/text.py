"""Text helpers of the checker: Unicode NFC, Vietnamese numbers and units, excerpts, tone-mark styles."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from pipeline.common.vnformat import format_number


@lru_cache(maxsize=8192)
def nfc(text: str) -> str:
    """``text`` in Unicode NFC (remembered: the rules ask for the same texts many times)."""
    return unicodedata.normalize("NFC", text)


def num(value: float, decimals: int = 2) -> str:
    """Vietnamese number: 12,5 / 20 / 1,27."""
    return format_number(round(float(value), decimals))


def pt(size: float) -> str:
    return num(size, 1)


def sizes_text(sizes: Iterable[float]) -> str:
    return " và ".join(pt(s) for s in sorted(set(sizes)))


def mm(twips: float) -> str:
    return f"{num(twips / 56.6929, 1)} mm"


def cm(twips: float) -> str:
    return f"{num(twips / 566.929, 2)} cm"


def excerpt(text: str, limit: int = 40) -> str:
    """First words of a text for a location: NFC, tabs and breaks as spaces, «…» when cut."""
    flat = " ".join(nfc(text).replace("\t", " ").replace("\n", " ").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut + "…"


def letters(text: str) -> str:
    return "".join(ch for ch in nfc(text) if ch.isalpha())


def has_lower(text: str) -> bool:
    return any(ch.islower() for ch in text)


# --------------------------------------------------------------------------- tone-mark styles

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
OLD_STYLE = re.compile(r"(?:[òóỏõọ][ae]|[ùúủũụ]y)$")
NEW_STYLE = re.compile(r"(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])$")
WORD = re.compile(r"[^\W\d_]+")


def tone_style(word: str) -> str | None:
    """``"cũ"`` for hòa/thủy (mark on the first vowel), ``"mới"`` for hoà/thuỷ, else None.

    Only open syllables ending in oa, oe, uy are ambiguous: hoạch, hoàn, thuyết
    (with a final consonant) are written one way only, and qu + y (quý) is not a
    uy diphthong.
    """
    lower = word.lower()
    if lower.startswith("qu") and lower[-1:] in "yỳýỷỹỵ":
        return None
    if OLD_STYLE.search(lower):
        return "cũ"
    if NEW_STYLE.search(lower):
        return "mới"
    return None


def restyle(word: str, to_old: bool) -> str:
    """Move the tone mark of a final oa/oe/uy to the other vowel: HOÀ ↔ HÒA."""
    decomposed = unicodedata.normalize("NFD", word)
    chars = list(decomposed)
    tone_pos = next((i for i, ch in enumerate(chars) if ch in TONES), None)
    if tone_pos is None:
        return word
    tone = chars.pop(tone_pos)
    base = "".join(chars)
    # position of the last two vowels of the base (o/u then a/e/y)
    letters = [i for i, ch in enumerate(base) if not unicodedata.combining(ch)]
    if len(letters) < 2:
        return word
    first, second = letters[-2], letters[-1]
    target = first if to_old else second
    # insert after the base letter and any of its own marks (circumflex, horn, breve)
    insert_at = target + 1
    while insert_at < len(base) and unicodedata.combining(base[insert_at]):
        insert_at += 1
    return nfc(base[:insert_at] + tone + base[insert_at:])
