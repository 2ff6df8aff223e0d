"""So sánh và trích dẫn chữ trong tệp đơn vị gửi về.

Text keys for comparing what units typed (NFC, case, spaces and tone-mark position
ignored) and the helpers that quote a header, cell or row in a message.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Sequence

from openpyxl.utils import get_column_letter

from pipeline.data.tables import cell_text, fold_key


# --------------------------------------------------------------------------- text keys

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """Comparison key of a header or unit name.

    :func:`fold_key` (NFC, case-folded, single spaces), with the spacing around
    ``,`` ``;`` ``:`` and parentheses made regular, a trailing ``:`` or ``*`` removed,
    and the tone mark of each syllable moved to its end, so that the old and new
    tone placements (``hóa``/``hoá``, ``thủy``/``thuỷ``) give the same key.
    """
    key = fold_key(text)
    key = re.sub(r"\s*([,;:])\s*", r"\1 ", key)
    key = re.sub(r"\s*\(\s*", " (", key)
    key = re.sub(r"\s*\)", ")", key)
    key = " ".join(key.split()).strip(" :*")
    return _WORD.sub(_tone_last, key)


def _tone_last(match: re.Match) -> str:
    letters = unicodedata.normalize("NFD", match.group())
    tones = "".join(c for c in letters if c in _TONE_MARKS)
    if not tones:
        return match.group()
    return "".join(c for c in letters if c not in _TONE_MARKS) + tones


def _strip_unit(key: str) -> str:
    """``key`` without a trailing ``(…)`` part: ``số hội thảo (cuộc)`` → ``số hội thảo``."""
    return re.sub(r"\s*\([^()]*\)$", "", key)


def _one_line(text: str) -> str:
    """A header or name as written, on one line with single spaces."""
    return " ".join(text.split())


def _column_letter(position: int) -> str:
    """Excel's letter of the column at 0-based ``position``: 0 → A, 26 → AA."""
    return get_column_letter(position + 1)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _preview(row: Sequence[Any], limit: int = 3) -> str:
    """The first non-empty cells of a row, for a message: «A»; «B»."""
    texts = [_one_line(cell_text(v)) for v in row if not _is_blank(v)]
    shown = "; ".join(f"«{t[:40]}»" for t in texts[:limit])
    return shown + ("; …" if len(texts) > limit else "")
