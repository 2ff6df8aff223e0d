"""Tags of a part, read twice: as written in Word (the text a clerk sees, with the
faults of Word editing) and as Jinja will read them after docxtpl's patching (with
the XML elements open at each tag). Patched tags are matched, in order, with the tags
as written, to quote them as the clerk typed them (``{%p for … %}``, not docxtpl's
``{% for … %}``). No rule lives here.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

import jinja2

from pipeline.check.templates.layout import HIDDEN, PARA, Layout, short_tag

SMART_QUOTES = "“”‘’"               # docxtpl turns these back into " and '
FOREIGN_QUOTES = "«»„‟‹›″′＂＇‚‛"    # … but not these
DOCXTPL_PREFIXES = ("tr", "tc", "p", "r")

OPENERS = ("for", "if", "with", "macro", "call", "filter", "autoescape", "block")
END_STUBS = {"endfor": "{% for _ in _ %}", "endif": "{% if _ %}", "endwith": "{% with %}",
             "endmacro": "{% macro _() %}", "endcall": "{% call _() %}", "endfilter": "{% filter upper %}",
             "endautoescape": "{% autoescape true %}", "endblock": "{% block _ %}", "endset": "{% set _ %}"}
LOADER_TAGS = ("include", "import", "from", "extends")

# ---------------------------------------------------------------------------------------------
# Tags as written (the text a clerk sees)

OPEN = re.compile(r"\{(?:(?P<g1>[\ue000\ue001]*)(?P<k1>[{%#])|(?P<g2>[ \t\u00a0]{1,3})(?P<k2>[{%]))")
CLOSE = {kind: re.compile(re.escape(kind) + r"(?P<gap>[\ue000\ue001]*|[ \t\u00a0]{1,3})\}")
         for kind in "}%#"}
ANY_CLOSE = re.compile(r"(?P<k>[}%#])(?P<gap>[\ue000\ue001]*)\}")
SINGLE_BRACES = re.compile(r"(?<![{%#])\{(\w[\w .]{0,38}\w|\w)\}(?!\})")
END_OF = {"{": "}", "%": "%", "#": "#"}


@dataclass
class WrittenTag:
    """A tag in the text as written in Word."""

    start: int
    end: int
    para: str               # id of the paragraph where it starts
    end_para: str
    text: str               # as written, "¶" where a paragraph break cuts it
    kind: str = ""          # "{", "%" or "#"
    problem: str = ""       # "", "split", "spaced", "hidden", "mismatch", "unclosed", "stray"
    prefix: str = ""        # docxtpl's "p", "tr", "tc", "r" or ""
    key: str = ""


def same_unit(layout: Layout, row_tag: WrittenTag, tag: WrittenTag) -> bool:
    """Whether ``tag`` stands in the row (``{%tr``) or cell (``{%tc``) of ``row_tag``."""
    units = layout.row_of if row_tag.prefix == "tr" else layout.cell_of
    unit = units.get(row_tag.para)
    return unit is not None and units.get(tag.para) is unit


def _gap_problem(gap: str) -> str:
    if not gap:
        return ""
    if HIDDEN in gap:
        return "hidden"
    if PARA in gap:
        return "split"
    return "spaced"


def _display(text: str) -> str:
    return re.sub(f"{PARA}+", "¶", text.replace(HIDDEN, "")).strip("¶")


def _tag_key(text: str) -> str:
    """What identifies a tag before and after docxtpl's patching."""
    text = html.unescape(text).replace(PARA, "").replace(HIDDEN, "")
    for smart, plain in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(smart, plain)
    match = re.fullmatch(r"(\{[{%#])[-+]?(?:(?:tr|tc|p|r) )?(.*?)[-+]?([}%#]\})", text, re.S)
    if not match:
        return " ".join(text.split())
    return match.group(1) + " ".join(match.group(2).split()) + match.group(3)


def scan_written(layout: Layout) -> list[WrittenTag]:
    """The tags in ``layout``'s text as written, in order, each with the fault it has
    (``problem``: split over paragraphs, spaced or hidden braces, wrong or missing
    closing mark, stray closing mark, single braces) and its docxtpl prefix."""
    stream, owner = layout.stream, layout.owner

    def para_at(index: int) -> str | None:
        return owner[min(index, len(owner) - 1)] if owner else None

    def para_end(index: int) -> int:
        found = stream.find(PARA, index)
        return len(stream) if found < 0 else found

    found: list[WrittenTag] = []

    def data(start: int, end: int) -> None:
        for match in ANY_CLOSE.finditer(stream, start, end):
            before = stream.rfind(PARA, 0, match.start()) + 1
            text = _display(stream[max(before, start, match.start() - 25):match.end()]).strip()
            found.append(WrittenTag(match.start(), match.end(), para_at(match.start()), para_at(match.end() - 1),
                                  text, match.group("k"), "stray"))
        for match in SINGLE_BRACES.finditer(stream, start, end):
            found.append(WrittenTag(match.start(), match.end(), para_at(match.start()), para_at(match.start()),
                                  match.group(0), "", "single"))

    pos = 0
    while True:
        opener = OPEN.search(stream, pos)
        data(pos, opener.start() if opener else len(stream))
        if not opener:
            break
        kind = opener.group("k1") or opener.group("k2")
        problem = _gap_problem(opener.group("g1") or opener.group("g2") or "")
        following = OPEN.search(stream, opener.end())
        limit = following.start() if following else len(stream)
        closer = CLOSE[END_OF[kind]].search(stream, opener.end())
        line_end = min(para_end(opener.end()), limit)
        other = next((m for m in ANY_CLOSE.finditer(stream, opener.end(), line_end)
                      if m.group("k") != END_OF[kind]), None)
        if closer and closer.start() < limit and (closer.end() <= line_end or other is None):
            end = closer.end()
            problem = problem or _gap_problem(closer.group("gap"))
            if not problem and PARA in stream[opener.start():end]:
                problem = "split"
        elif other is not None:
            end, problem = other.end(), problem or "mismatch"
        else:
            end, problem = line_end, problem or "unclosed"
        text = _display(stream[opener.start():end])
        tag = WrittenTag(opener.start(), end, para_at(opener.start()), para_at(end - 1), text, kind, problem)
        if problem in ("", "split"):
            body = text.replace("¶", "")[2:]
            prefix = re.match(r"(tr|tc|p|r) ", body)
            tag.prefix = prefix.group(1) if prefix else ""
            tag.key = _tag_key(stream[opener.start():end])
        found.append(tag)
        pos = max(end, opener.start() + 1)
    found.sort(key=lambda tag: tag.start)
    return found


# ---------------------------------------------------------------------------------------------
# Tags in the patched XML (what Jinja will read)

MARK = re.compile(r"<\?vbloc (\w+)\?>")
SCAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<[^>]*>", re.S)
XML_TAG = re.compile(r"<(/?)([^\s>/?!]+)[^>]*?(/?)>")
IN_ATTRIBUTE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


@dataclass
class Tag:
    """A Jinja tag of the patched part, where it stands in the XML and where it was written."""

    text: str
    offset: int
    stack: tuple                 # open XML elements at the tag: ((name, serial), …)
    anchor: str | None           # the paragraph, row or cell it came from
    attribute: bool = False      # inside an XML attribute (docxtpl's colspan, cellbg, vm, hm)
    written: WrittenTag | None = None
    kind: str = ""               # "{", "%", "#"
    name: str = ""               # the statement: for, if, endfor, … ("" for {{ }})
    tree: object = None          # the tag parsed alone (completed with its end tag), if it parses
    error: jinja2.TemplateSyntaxError | None = None

    @property
    def shown(self) -> str:
        """The tag as the clerk wrote it (else as patched, shortened)."""
        return self.written.text if self.written else short_tag(self.text)


def unmark(patched: str) -> tuple[str, list[tuple[int, str]]]:
    """The patched text with each marker replaced by a line break, and where each
    marker's place starts (offset in the returned text)."""
    pieces, anchors, length, pos = [], [], 0, 0
    for match in MARK.finditer(patched):
        piece = patched[pos:match.start()]
        pieces.append(piece + "\n")
        length += len(piece) + 1
        anchors.append((length, match.group(1)))
        pos = match.end()
    pieces.append(patched[pos:])
    return "".join(pieces), anchors


def scan_patched(source: str, anchors: list[tuple[int, str]]) -> list[Tag]:
    """The Jinja tags of the patched part ``source`` (see :func:`unmark`), in order, each
    with the XML elements open at it and the place (``anchors``) it came from."""
    starts = [offset for offset, _ in anchors]

    def anchor_at(offset: int) -> str | None:
        index = bisect_right(starts, offset) - 1
        return anchors[index][1] if index >= 0 else None

    stack: list[tuple[str, int]] = []
    serial = 0
    tags: list[Tag] = []

    def xml(tag: str) -> None:
        nonlocal serial
        match = XML_TAG.match(tag)
        if not match:
            return
        closing, name, empty = match.groups()
        if closing:
            if any(open_name == name for open_name, _ in stack):
                while stack and stack.pop()[0] != name:
                    pass
        elif not empty:
            serial += 1
            stack.append((name, serial))

    for match in SCAN.finditer(source):
        text = match.group(0)
        if text.startswith("<"):
            if "{" in text:
                serial += 1
                for inner in IN_ATTRIBUTE.finditer(text):
                    tags.append(Tag(inner.group(0), match.start() + inner.start(),
                                     tuple(stack) + (("@", serial),), anchor_at(match.start()), attribute=True))
            xml(text)
            continue
        tags.append(Tag(text, match.start(), tuple(stack), anchor_at(match.start())))
        for inner in XML_TAG.finditer(text):  # a tag that swallowed XML (unclosed): keep the stack right
            xml(inner.group(0))
    for tag in tags:
        tag.kind = tag.text[1]
        if tag.kind == "%":
            tag.name = statement_of(tag.text)
    return tags


def statement_of(text: str) -> str:
    """The statement of a ``{% … %}`` tag: ``for``, ``endif`` … A docxtpl prefix left
    in by a typing mistake (``{% p if``, ``{%pif``) is skipped, so that the block
    structure is still checked as the clerk meant it."""
    words = re.match(r"\{%[-+]?\s*(\w*)\s*(\w*)", text)
    if not words:
        return ""
    first, second = words.groups()
    if first in DOCXTPL_PREFIXES and second:
        return second
    glued = re.fullmatch(r"(?:tr|tc|p)(for|if|elif|else|endfor|endif|with|endwith|set)", first)
    return glued.group(1) if glued else first


def align(written: list[WrittenTag], tags: list[Tag]) -> None:
    """Match each patched tag with the same tag as written (same order, same words)."""
    usable = [tag for tag in written if tag.key]
    pointer = 0
    for tag in tags:
        if tag.attribute:
            continue
        key = _tag_key(tag.text)
        for index in range(pointer, len(usable)):
            if usable[index].key == key:
                tag.written = usable[index]
                pointer = index + 1
                break


def block_context(tag: Tag) -> tuple[tuple, tuple]:
    """(element names at the tag, the elements from the part down to the innermost paragraph)."""
    names = tuple(name for name, _ in tag.stack)
    if "w:p" in names:
        cut = len(names) - names[::-1].index("w:p")
        return names, tag.stack[:cut]
    return names, tag.stack


def innermost(tag: Tag) -> str:
    """The name of the innermost XML element open at ``tag`` (``w:t``, ``w:p`` …)."""
    return tag.stack[-1][0] if tag.stack else ""


def stub(tag: Tag) -> str:
    """The tag alone, completed so that Jinja can parse it."""
    name, text = tag.name, tag.text
    if tag.kind == "{":
        return text
    if name in OPENERS or (name == "set" and "=" not in text):
        return text + "{% end" + name + " %}"
    if name in ("elif", "else"):
        return "{% if _ %}" + text + "{% endif %}"
    if name in END_STUBS:
        return END_STUBS[name] + text
    return text


def parse_tags(env: jinja2.Environment, tags: list[Tag]) -> None:
    """Parse and compile each tag alone (its :func:`stub`) in ``env``: set ``tag.tree``,
    or ``tag.error`` when Jinja rejects it (unknown filters and tests fail when compiling).
    Comments and the inside of ``{% raw %}`` are skipped."""
    in_raw = False
    for tag in tags:
        if tag.kind == "%" and tag.name == "endraw":
            in_raw = False
            continue
        if in_raw or tag.kind == "#":
            continue
        if tag.kind == "%" and tag.name == "raw":
            in_raw = True
            continue
        try:
            tree = env.parse(stub(tag))
            env.compile(tree)
        except jinja2.TemplateSyntaxError as exc:
            tag.error = exc
        else:
            tag.tree = tree
