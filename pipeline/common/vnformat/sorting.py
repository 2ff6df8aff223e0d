"""Sắp xếp theo thứ tự từ điển tiếng Việt.

Vietnamese dictionary order (CLDR ``vi`` collation) as a sort key.
"""

from __future__ import annotations

import functools
import re
import unicodedata


# Vietnamese alphabetical order (CLDR "vi" collation): ă and â are letters after a,
# đ after d, ê after e, ô and ơ after o, ư after u; tones only break ties, in
# dictionary order: ngang < huyền < hỏi < ngã < sắc < nặng.
_ALPHABET = {letter: rank for rank, letter in enumerate(
    ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
     "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"])}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """Return a key that sorts Vietnamese text in dictionary order.

    Letters compare by the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n
    o ô ơ p q r s t u ư v x y, with f j w z in their Latin places), so ``Đông``
    sorts after ``Dương`` and before ``Eo``, ``Ư`` after ``U`` and before ``V``;
    tones are a secondary key (``ba`` < ``bà`` < ``bả`` < ``bã`` < ``bá`` < ``bạ``),
    case a tertiary one. Spaces and punctuation sort before digits, digits before
    letters, and a run of digits compares as a number (``Phường 2`` < ``Phường 10``,
    ICU's "numeric" option). Precomposed and decomposed input give the same key.

    Rule: the CLDR collation tailoring for Vietnamese (``vi``). ICU implements it,
    but PyICU has no wheels (it must be compiled, and not at all on a clerk's
    Windows machine), so the rule is written out here.

    Args:
        text: any string.

    Returns:
        A tuple ``(primary, secondary, tertiary)`` of tuples, for ``sorted(key=...)``
        (cached: registries sort the same names again and again).
    """
    primary, secondary, tertiary = [], [], []
    for token in re.findall(r"\d+|\D", unicodedata.normalize("NFC", text)):
        if token.isdecimal():  # a run of digits compares as a number: 2 < 10
            primary.append((2, int(token)))
            secondary.append(0)
            tertiary.append(0)
            continue
        decomposed = unicodedata.normalize("NFD", token)
        tone = next((_TONES[m] for m in decomposed[1:] if m in _TONES), 0)
        letter = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
        lower = letter.lower()
        if lower in _ALPHABET:
            primary.append((3, _ALPHABET[lower]))
        elif lower.isalpha():
            primary.append((4, ord(lower)))
        else:
            primary.append((1, ord(lower)))
        secondary.append(tone)
        tertiary.append(0 if letter == lower else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary)
