"""The inline markup clerks type in text cells.

- ``**đậm**`` bold, ``*nghiêng*`` italic, ``***đậm nghiêng***`` both;
  ``\\*`` is a literal asterisk.
- ``[^1]`` a footnote reference to row ``1`` of the footnote table.
- ``{tên}`` a placeholder: a named date, a named list, or a built-in value
  (resolved by :mod:`pipeline.document.model` before parsing); ``\\{`` and ``\\}`` are
  literal braces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FOOTNOTE_RE = re.compile(r"\[\^([^\]\s]+)\]")
PLACEHOLDER_RE = re.compile(r"(?<!\\)\{([^{}\\]+)\}")


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting.

    Attributes:
        text: the text, never empty.
        bold, italic: run formatting.
    """

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class FootnoteMark:
    """The place of a footnote reference; ``key`` is the footnote's number as typed."""

    key: str


Piece = Run | FootnoteMark


def parse_inline(text: str) -> list[Piece]:
    """Split ``text`` into formatted runs and footnote marks.

    Args:
        text: a cell's text with ``**``/``*`` markup and ``[^n]`` footnote references.

    Returns:
        The pieces in order; adjacent text with the same formatting is one run.

    Raises:
        ValueError: an unclosed ``**`` or ``*`` (message in Vietnamese).
    """
    pieces: list[Piece] = []
    bold = italic = False
    buffer: list[str] = []
    opened_bold = opened_italic = 0

    def flush() -> None:
        if buffer:
            pieces.append(Run("".join(buffer), bold, italic))
            buffer.clear()

    i = 0
    while i < len(text):
        if text.startswith(("\\*", "\\{", "\\}"), i):
            buffer.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            flush()
            bold = not bold
            opened_bold = i
            i += 2
            continue
        if text[i] == "*":
            flush()
            italic = not italic
            opened_italic = i
            i += 1
            continue
        note = FOOTNOTE_RE.match(text, i)
        if note:
            flush()
            pieces.append(FootnoteMark(note.group(1)))
            i = note.end()
            continue
        buffer.append(text[i])
        i += 1
    flush()
    if bold:
        raise ValueError(f"dấu «**» (in đậm) ở vị trí {opened_bold + 1} chưa được đóng; "
                         "cần một cặp «**…**» (dấu sao thật thì viết «\\*»)")
    if italic:
        raise ValueError(f"dấu «*» (in nghiêng) ở vị trí {opened_italic + 1} chưa được đóng; "
                         "cần một cặp «*…*» (dấu sao thật thì viết «\\*»)")
    return pieces


def placeholders(text: str) -> list[str]:
    """Return the names of the ``{…}`` placeholders in ``text``, in order (as typed)."""
    return [match.group(1) for match in PLACEHOLDER_RE.finditer(text)]


def footnote_keys(text: str) -> list[str]:
    """Return the keys of the ``[^…]`` footnote references in ``text``, in order."""
    return FOOTNOTE_RE.findall(text)
