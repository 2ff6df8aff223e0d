"""Checking a Word template before it is filled, with findings a clerk can act on.

:func:`check_template` reads a .docx template the way :class:`pipeline.render.TemplateFile`
will fill it — docxtpl's own XML patching, then the same Jinja sandbox — and reports,
in Vietnamese, each problem with the place a clerk can find in Word (``đoạn 7 «Kính
gửi: …»``, ``bảng 2, hàng 3, ô 1 «…»``, ``đầu trang (header), đoạn 1 «…»``) and the
tag as it is written there. Nothing is written and the template is not changed.

How a location survives docxtpl's patching: before patching, a processing
instruction ``<?vbloc …?>`` is put in front of every paragraph, table row and cell
of a copy of the part. docxtpl's regular expressions treat it as one more XML tag
(so it changes nothing they do), and what is left of it afterwards says which
paragraph, row or cell each piece of the patched text came from. Tags found in the
patched text are then matched, in order, with the tags as written in Word, to quote
them as the clerk typed them (``{%p for … %}``, not docxtpl's ``{% for … %}``).

Checks, per part (body, headers, footers, footnotes):

1. Jinja syntax of every tag on its own (unknown tag, bad expression) and the block
   structure across the part (a ``for``/``if`` never closed is reported where it opens,
   a stray ``endfor`` where it stands); if Jinja still rejects the part, its message at
   the paragraph of the line it names.
2. Tags broken by editing in Word, seen in the text as written: a tag split over two
   paragraphs (docxtpl silently merges the paragraphs), ``{ {`` with a space,
   braces separated by tracked-deleted text or a field code (never rejoined), a lone
   ``{{`` or ``}}``, ``{% … }}``, single braces ``{abstract}``, quotation marks
   Word made typographic (“ ” ‘ ’ are repaired by docxtpl: a warning; « » „ are not:
   an error).
3. ``{%tr``/``{%tc`` outside a table; other content of a paragraph, row or cell that
   docxtpl replaces by a ``{%p``/``{%tr``/``{%tc`` tag (lost in the output); a block
   opened and closed in different paragraphs, cells or rows without the ``{%p``
   (``{%tr``) form, or with one end in that form and the other not; a value used in
   the wrong form (``{{ body }}`` instead of ``{{p body }}``, ``{{p abstract }}``).
4. Variables the template uses that ``provided`` lacks (with a ``có phải là «…»?``
   suggestion), and ``provided`` variables no part uses (warning).
5. Paragraph styles the body needs, when the template uses ``body``.
6. When the part has no error so far: a trial fill with ``provided`` (a missing field
   such as ``{{ u.nmae }}``, a filter given the wrong type) and a check that the filled
   part is still well-formed XML.
"""

from __future__ import annotations

import copy
import difflib
import html
import re
import traceback
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.oxml import parse_xml
from jinja2 import meta, nodes
from lxml import etree
from markupsafe import Markup

from pipeline.errors import TemplateProblem
from pipeline.footnotes import FOOTNOTE_REFERENCE_STYLE, FOOTNOTE_TEXT_STYLE
from pipeline.model import LEVEL_STYLES, AdministrativeDocument
from pipeline.render import TemplateFile, make_environment, recipient_list_context, recipient_list_title, template_context

ERROR = "lỗi"
WARNING = "cảnh báo"


@dataclass(frozen=True)
class TemplateFinding:
    """One problem of a template.

    Attributes:
        template: the template file.
        where: the place in Word: ``đoạn 7 «Kính gửi: {{ line }}…»``, ``bảng 2, hàng 3, ô 1 «…»``,
            ``đầu trang (header), đoạn 1 «…»``, ``toàn bộ mẫu``.
        tag: the tag as written (``{%p for line in recipient_lines %}``), "" when none.
        message: what is wrong and what to do, in Vietnamese.
        severity: ``"lỗi"`` (the document would fail or come out wrong) or ``"cảnh báo"``.
    """

    template: Path
    where: str
    tag: str
    message: str
    severity: str

    def __str__(self) -> str:
        tag = f" {self.tag}:" if self.tag else ""
        return f"mẫu {self.template.name}, {self.where}:{tag} {self.severity}: {self.message}"


def _body_style_list() -> tuple[tuple[str, str, WD_STYLE_TYPE], ...]:
    purpose = {"VB Muc": "các mục I., II. …", "VB Diem": "các điểm a), b) …",
               "VB Gach dau dong": "các dòng gạch đầu dòng «-»", "VB Dau cong": "các dòng «+»",
               "VB Dau sao": "các dòng «*»", "VB Doan van": "các đoạn văn thường và dòng dưới bảng"}
    styles = [(name, purpose.get(name, "phần nội dung"), WD_STYLE_TYPE.PARAGRAPH)
              for name in dict.fromkeys(LEVEL_STYLES.values())]
    styles += [("VB Khoan 1", "các khoản 1., 2. …", WD_STYLE_TYPE.PARAGRAPH),
               ("VB Khoan 2", "các khoản 1.1., 1.2. …", WD_STYLE_TYPE.PARAGRAPH),
               ("VB Khoan 3", "các khoản 1.1.1. …", WD_STYLE_TYPE.PARAGRAPH),
               (FOOTNOTE_TEXT_STYLE, "chữ của chú thích cuối trang", WD_STYLE_TYPE.PARAGRAPH),
               (FOOTNOTE_REFERENCE_STYLE, "số chú thích trong câu", WD_STYLE_TYPE.CHARACTER),
               ("Table Grid", "các bảng số liệu", WD_STYLE_TYPE.TABLE)]
    return tuple(styles)


BODY_STYLES = _body_style_list()
"""``(style name, what it is for, style type)`` of every style ``{{p body }}`` may need."""

BODY_SAMPLE = Markup('<w:p><w:r><w:t xml:space="preserve">Nội dung.</w:t></w:r></w:p>')


def check_context(document: AdministrativeDocument, recipient_list: bool = False) -> dict:
    """The variables the renderer passes for ``document``, for :func:`check_template`.

    Args:
        document: the document's data.
        recipient_list: the context of the recipient list appendix instead of the document's.

    The body is one sample paragraph (the real one needs the template's styles, which
    the check itself reports when missing); everything else is the real value.
    """
    if recipient_list:
        return recipient_list_context(document, recipient_list_title(document))
    return template_context(document, BODY_SAMPLE)


def check_template(path: Path, provided: dict[str, object]) -> list[TemplateFinding]:
    """Check the template ``path`` against the variables ``provided``.

    Args:
        path: a .docx template.
        provided: the variables the data provides, as the context the renderer passes
            (see :func:`check_context`).

    Returns:
        The findings, in document order (body, headers, footers, footnotes, then the
        whole template); empty, or warnings only, for a template that fills correctly.
    """
    path = Path(path)
    try:
        template = TemplateFile(path)
    except TemplateProblem as exc:
        return [TemplateFinding(path, "cả tệp", "", exc.message, ERROR)]
    return _Checker(path, template, dict(provided)).run()


# ---------------------------------------------------------------------------------------------
# WordprocessingML names

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P, T, TBL, TR, TC = (f"{{{W_NS}}}{name}" for name in ("p", "t", "tbl", "tr", "tc"))
TXBX = f"{{{W_NS}}}txbxContent"
NOTES = (f"{{{W_NS}}}footnote", f"{{{W_NS}}}endnote")
HIDDEN_TEXT = (f"{{{W_NS}}}delText", f"{{{W_NS}}}instrText", f"{{{W_NS}}}delInstrText")
REVISIONS = tuple(f"{{{W_NS}}}{name}" for name in ("ins", "del", "moveFrom", "moveTo"))
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

PARA, HIDDEN = "\ue000", "\ue001"  # paragraph boundary / hidden text in the text stream
SMART_QUOTES = "“”‘’"               # docxtpl turns these back into " and '
FOREIGN_QUOTES = "«»„‟‹›″′＂＇‚‛"    # … but not these
DOCXTPL_PREFIXES = ("tr", "tc", "p", "r")

OPENERS = ("for", "if", "with", "macro", "call", "filter", "autoescape", "block")
END_STUBS = {"endfor": "{% for _ in _ %}", "endif": "{% if _ %}", "endwith": "{% with %}",
             "endmacro": "{% macro _() %}", "endcall": "{% call _() %}", "endfilter": "{% filter upper %}",
             "endautoescape": "{% autoescape true %}", "endblock": "{% block _ %}", "endset": "{% set _ %}"}
LOADER_TAGS = ("include", "import", "from", "extends")


# ---------------------------------------------------------------------------------------------
# Locations


@dataclass
class _Place:
    """A paragraph, row or cell of a part: its order in the part and how to name it."""

    order: int
    position: str           # "đoạn 7", "bảng 1, hàng 2, ô 1", "đầu trang (header), đoạn 1"
    text: str | None = None  # a paragraph's text as Word shows it; None for rows and cells
    short: str = ""          # position without the part label, for "… đóng ở đoạn 9"

    @property
    def where(self) -> str:
        return self.position if self.text is None else f"{self.position} {_quote(self.text)}"


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.replace(PARA, " ").replace(HIDDEN, "").split())
    if not text:
        return "(đoạn trống)"
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[:cut if cut > limit // 2 else limit].rstrip() + "…"
    return f"«{text}»"


def _short_tag(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _nearest(element, tags):
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return parent
        parent = parent.getparent()
    return None


class _Layout:
    """Paragraphs, rows and cells of one part, named as a clerk finds them in Word,
    and the part's text as docxtpl sees it (``PARA`` between paragraphs, ``HIDDEN`` for
    tracked-deleted text and field codes)."""

    def __init__(self, root, label: str):
        self.root = root
        self.label = label
        self.places: dict[str, _Place] = {}   # "p3", "r1", "c4" → place
        self.ids: dict = {}                    # element → its id
        self.paragraphs: list = []             # paragraph elements, document order
        self.cell_of: dict[str, object] = {}   # paragraph id → its w:tc (or None)
        self.row_of: dict[str, object] = {}
        self._name()
        self.stream, self.owner = self._text()

    def _prefix(self, position: str) -> str:
        return f"{self.label}, {position}" if self.label else position

    def _name(self) -> None:
        elements = [el for el in self.root.iter(P, TBL, TR, TC, TXBX, *NOTES)]
        count: dict = {}
        per_container: dict = {}
        for el in elements:
            if el.tag == P:
                key = _nearest(el, (TC, TXBX, *NOTES))
                per_container[key] = per_container.get(key, 0) + 1
        labels: dict = {}

        def next_number(key) -> int:
            count[key] = count.get(key, 0) + 1
            return count[key]

        order = 0
        for el in elements:
            order += 1
            if el.tag == TBL:
                container = _nearest(el, (TC, TXBX, *NOTES))
                number = next_number(("tbl", container))
                labels[el] = (f"{labels[container]} › " if container is not None else "") + f"bảng {number}"
                continue
            if el.tag in NOTES:  # Word numbers the notes it shows, not its separators
                shown = el.get(f"{{{W_NS}}}type") in (None, "normal")
                labels[el] = f"chú thích thứ {next_number('note')}" if shown else "dấu phân cách chú thích"
                continue
            if el.tag == TXBX:
                outer = _nearest(el, (P,))
                labels[el] = (labels.get(outer, "") + " › " if outer is not None else "") + "khung chữ (text box)"
                continue
            if el.tag == TR:
                table = _nearest(el, (TBL,))
                labels[el] = f"{labels.get(table, 'bảng ?')}, hàng {next_number(('tr', table))}"
                kind = "r"
            elif el.tag == TC:
                row = _nearest(el, (TR,))
                labels[el] = f"{labels.get(row, 'hàng ?')}, ô {next_number(('tc', row))}"
                kind = "c"
            else:
                container = _nearest(el, (TC, TXBX, *NOTES))
                number = next_number(("p", container))
                if container is None:
                    labels[el] = f"đoạn {number}"
                elif per_container.get(container, 0) > 1 or container.tag == TXBX:
                    labels[el] = f"{labels[container]}, đoạn {number}"
                else:
                    labels[el] = labels[container]
                kind = "p"
            ident = f"{kind}{order}"
            self.ids[el] = ident
            text = None
            if kind == "p":
                self.paragraphs.append(el)
                text = "".join(t.text or "" for t in el.iter(T) if _nearest(t, (P,)) is el)
                self.cell_of[ident] = _nearest(el, (TC,))
                self.row_of[ident] = _nearest(el, (TR,))
            self.places[ident] = _Place(order, self._prefix(labels[el]), text, labels[el])

    def _text(self) -> tuple[str, list[str | None]]:
        chars: list[str] = []
        owner: list[str | None] = []
        stack: list[str] = []

        def emit(text: str, who: str | None) -> None:
            chars.append(text)
            owner.extend([who] * len(text))

        for event, el in etree.iterwalk(self.root, events=("start", "end")):
            if el.tag == P:
                if event == "start":
                    stack.append(self.ids[el])
                    emit(PARA, stack[-1])
                else:
                    stack.pop()
                    emit(PARA, stack[-1] if stack else None)
            elif event == "start" and stack and el.text:
                if el.tag == T:
                    emit(el.text.replace(PARA, "").replace(HIDDEN, ""), stack[-1])
                elif el.tag in HIDDEN_TEXT:
                    emit(HIDDEN, stack[-1])
        return "".join(chars), owner

    def mark(self) -> None:
        """Put a ``<?vbloc id?>`` before every paragraph, row and cell (and after a
        paragraph nested in another, to resume the outer one)."""
        for el, ident in self.ids.items():
            el.addprevious(etree.ProcessingInstruction("vbloc", ident))
            if el.tag == P:
                outer = _nearest(el, (P,))
                if outer is not None:
                    el.addnext(etree.ProcessingInstruction("vbloc", self.ids[outer]))


# ---------------------------------------------------------------------------------------------
# Tags as written (the text a clerk sees)

OPEN = re.compile(r"\{(?:(?P<g1>[\ue000\ue001]*)(?P<k1>[{%#])|(?P<g2>[ \t\u00a0]{1,3})(?P<k2>[{%]))")
CLOSE = {kind: re.compile(re.escape(kind) + r"(?P<gap>[\ue000\ue001]*|[ \t\u00a0]{1,3})\}")
         for kind in "}%#"}
ANY_CLOSE = re.compile(r"(?P<k>[}%#])(?P<gap>[\ue000\ue001]*)\}")
SINGLE_BRACES = re.compile(r"(?<![{%#])\{(\w[\w .]{0,38}\w|\w)\}(?!\})")
END_OF = {"{": "}", "%": "%", "#": "#"}


@dataclass
class _Written:
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


def _same_unit(layout: _Layout, row_tag: _Written, tag: _Written) -> bool:
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


def _scan_written(layout: _Layout) -> list[_Written]:
    stream, owner = layout.stream, layout.owner

    def para_at(index: int) -> str | None:
        return owner[min(index, len(owner) - 1)] if owner else None

    def para_end(index: int) -> int:
        found = stream.find(PARA, index)
        return len(stream) if found < 0 else found

    found: list[_Written] = []

    def data(start: int, end: int) -> None:
        for match in ANY_CLOSE.finditer(stream, start, end):
            before = stream.rfind(PARA, 0, match.start()) + 1
            text = _display(stream[max(before, start, match.start() - 25):match.end()]).strip()
            found.append(_Written(match.start(), match.end(), para_at(match.start()), para_at(match.end() - 1),
                                  text, match.group("k"), "stray"))
        for match in SINGLE_BRACES.finditer(stream, start, end):
            found.append(_Written(match.start(), match.end(), para_at(match.start()), para_at(match.start()),
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
        tag = _Written(opener.start(), end, para_at(opener.start()), para_at(end - 1), text, kind, problem)
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
class _Tag:
    """A Jinja tag of the patched part, where it stands in the XML and where it was written."""

    text: str
    offset: int
    stack: tuple                 # open XML elements at the tag: ((name, serial), …)
    anchor: str | None           # the paragraph, row or cell it came from
    attribute: bool = False      # inside an XML attribute (docxtpl's colspan, cellbg, vm, hm)
    written: _Written | None = None
    kind: str = ""               # "{", "%", "#"
    name: str = ""               # the statement: for, if, endfor, … ("" for {{ }})
    tree: object = None          # the tag parsed alone (completed with its end tag), if it parses
    error: jinja2.TemplateSyntaxError | None = None

    @property
    def shown(self) -> str:
        return self.written.text if self.written else _short_tag(self.text)


def _unmark(patched: str) -> tuple[str, list[tuple[int, str]]]:
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


def _scan_patched(source: str, anchors: list[tuple[int, str]]) -> list[_Tag]:
    starts = [offset for offset, _ in anchors]

    def anchor_at(offset: int) -> str | None:
        index = bisect_right(starts, offset) - 1
        return anchors[index][1] if index >= 0 else None

    stack: list[tuple[str, int]] = []
    serial = 0
    tags: list[_Tag] = []

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
                    tags.append(_Tag(inner.group(0), match.start() + inner.start(),
                                     tuple(stack) + (("@", serial),), anchor_at(match.start()), attribute=True))
            xml(text)
            continue
        tags.append(_Tag(text, match.start(), tuple(stack), anchor_at(match.start())))
        for inner in XML_TAG.finditer(text):  # a tag that swallowed XML (unclosed): keep the stack right
            xml(inner.group(0))
    for tag in tags:
        tag.kind = tag.text[1]
        if tag.kind == "%":
            tag.name = _statement(tag.text)
    return tags


def _statement(text: str) -> str:
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


def _align(written: list[_Written], tags: list[_Tag]) -> None:
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


def _context(tag: _Tag) -> tuple[tuple, tuple]:
    """(element names at the tag, the elements from the part down to the innermost paragraph)."""
    names = tuple(name for name, _ in tag.stack)
    if "w:p" in names:
        cut = len(names) - names[::-1].index("w:p")
        return names, tag.stack[:cut]
    return names, tag.stack


def _innermost(tag: _Tag) -> str:
    return tag.stack[-1][0] if tag.stack else ""


# ---------------------------------------------------------------------------------------------
# Jinja helpers


def _jinja_message(exc: jinja2.TemplateSyntaxError) -> str:
    return exc.message or str(exc)


def _stored(node) -> set[str]:
    """Names a target assigns (``x``, ``a, b``)."""
    found = [node] if isinstance(node, nodes.Name) else list(node.find_all(nodes.Name))
    return {name.name for name in found if name.ctx in ("store", "param")}


def _guarded(tree) -> set[str]:
    """Names read only as ``x|default(…)`` or ``x is defined``: StrictUndefined lets these pass."""
    safe: dict[str, int] = {}
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        if node.name in ("default", "d", "defined", "undefined") and isinstance(node.node, nodes.Name):
            safe[node.node.name] = safe.get(node.node.name, 0) + 1
    loads: dict[str, int] = {}
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load":
            loads[name.name] = loads.get(name.name, 0) + 1
    return {name for name, count in safe.items() if loads.get(name) == count}


def _defined_tests(tree) -> set[str]:
    """Names an ``if`` tests with ``is defined``: its body may use them safely."""
    if tree is None:
        return set()
    return {test.node.name for test in tree.find_all(nodes.Test)
            if test.name == "defined" and isinstance(test.node, nodes.Name)}


def _template_line(exc: BaseException) -> int | None:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def _keys(value, depth: int = 0) -> set[str]:
    """Field names of the dictionaries inside a context value (for suggestions)."""
    if depth > 4:
        return set()
    if isinstance(value, dict):
        found = {key for key in value if isinstance(key, str)}
        for item in value.values():
            found |= _keys(item, depth + 1)
        return found
    if isinstance(value, (list, tuple)):
        found = set()
        for item in value[:20]:
            found |= _keys(item, depth + 1)
        return found
    return set()


def _suggest(name: str, candidates) -> str | None:
    match = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


def _is_paragraphs(value) -> bool:
    return isinstance(value, Markup) and bool(re.search(r"<w:(p|tbl)[ >]", value))


# ---------------------------------------------------------------------------------------------
# The checker


@dataclass
class _Part:
    label: str          # "" for the body, "đầu trang (header)", …
    root: object
    layout: _Layout = None
    findings: list = field(default_factory=list)  # (order, TemplateFinding)
    used: set = field(default_factory=set)
    body_tag: _Tag | None = None


class _Checker:
    def __init__(self, path: Path, template: TemplateFile, provided: dict):
        self.path = path
        self.tpl = template.tpl
        self.env = make_environment()
        self.provided = provided
        self.names = {name for name in provided if isinstance(name, str)}

    def run(self) -> list[TemplateFinding]:
        parts = self._parts()
        used: set[str] = set()
        body: tuple[_Part, _Tag] | None = None
        out: list[TemplateFinding] = []
        for part in parts:
            self._check_part(part)
            used |= part.used
            if part.body_tag is not None and body is None:
                body = (part, part.body_tag)
            out.extend(finding for _, finding in sorted(part.findings, key=lambda item: item[0]))
        out.extend(self._check_properties(used))
        if body is not None:
            out.extend(self._check_styles(*body))
        for name in sorted(self.names - used):
            out.append(TemplateFinding(
                self.path, "toàn bộ mẫu", "",
                f"dữ liệu có biến «{name}» nhưng mẫu không dùng ở đâu (không sao nếu cố ý; muốn in giá trị "
                f"này thì thêm thẻ {{{{ {name} }}}} vào chỗ cần in)", WARNING))
        unique: dict[tuple, TemplateFinding] = {}
        for finding in out:
            unique.setdefault((finding.where, finding.tag, finding.message), finding)
        return list(unique.values())

    # -- parts -----------------------------------------------------------------------------

    def _parts(self) -> list[_Part]:
        document = self.tpl.get_docx()
        body = copy.deepcopy(document._element.body)
        parts = [_Part("", body)]
        kinds = {"default": "", "first": " của trang đầu", "even": " của trang chẵn"}
        references: dict[str, tuple[int, str]] = {}
        sections = list(body.iter(f"{{{W_NS}}}sectPr"))
        for number, section in enumerate(sections, start=1):
            for reference in section:
                if reference.tag in (f"{{{W_NS}}}headerReference", f"{{{W_NS}}}footerReference"):
                    rid = reference.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                    references[rid] = (number, reference.get(f"{{{W_NS}}}type", "default"))
        rels = document.part.rels
        for rid in sorted(rels, key=lambda key: (len(key), key)):
            rel = rels[rid]
            if rel.reltype not in (HEADER_REL, FOOTER_REL) or not rel.target_part.blob:
                continue
            name = "đầu trang" if rel.reltype == HEADER_REL else "chân trang"
            english = "header" if rel.reltype == HEADER_REL else "footer"
            if rid in references:
                number, kind = references[rid]
                label = f"{name}{kinds.get(kind, '')} ({english})"
                if len(sections) > 1:
                    label += f" của phần (section) {number}"
            else:
                label = f"{name} ({english}, {Path(str(rel.target_part.partname)).name})"
            parts.append(_Part(label, parse_xml(rel.target_part.blob)))
        for part in document.part.package.parts:
            if part.content_type == FOOTNOTES_TYPE:
                blob = part.blob
                parts.append(_Part("phần chú thích cuối trang (footnotes)", parse_xml(blob)))
        return parts

    def _add(self, part: _Part, order: int, where: str, tag: str, message: str, severity: str = ERROR) -> None:
        part.findings.append((order, TemplateFinding(self.path, where, tag, message, severity)))

    def _place(self, part: _Part, tag: _Tag) -> _Place:
        layout = part.layout
        if tag.written is not None and tag.written.para in layout.places:
            return layout.places[tag.written.para]
        if tag.anchor in layout.places:
            return layout.places[tag.anchor]
        return _Place(0, part.label or "phần thân văn bản")

    # -- one part ---------------------------------------------------------------------------

    def _check_part(self, part: _Part) -> None:
        layout = part.layout = _Layout(part.root, part.label)
        written = _scan_written(layout)
        self._bad, swallowing = self._check_written(part, written)
        part.used |= self._written_names(written)
        if any(el.tag in REVISIONS for el in part.root.iter()):
            self._add(part, 0, part.label or "phần thân văn bản", "",
                      "mẫu còn những thay đổi chưa chấp nhận (Track Changes): chữ đã xóa vẫn nằm trong tệp và thẻ "
                      "trong đó vẫn được điền; hãy chọn Review → Accept → Accept All Changes rồi lưu lại mẫu",
                      WARNING)
        layout.mark()
        patched = self.tpl.patch_xml(etree.tostring(part.root, encoding="unicode"))
        source, anchors = _unmark(patched)
        tags = _scan_patched(source, anchors)
        _align(written, tags)
        self._parse_tags(tags)
        if not swallowing:  # else docxtpl's patching swallowed text: its result says nothing reliable
            self._check_syntax(part, tags)
            self._check_structure(part, tags)
            self._check_forms(part, tags)
        self._check_variables(part, tags)
        if any(finding.severity == ERROR for _, finding in part.findings):
            return
        try:
            tree = self.env.parse(source)
            part.used |= meta.find_undeclared_variables(tree)
        except jinja2.TemplateSyntaxError as exc:
            self._at_line(part, tags, source, anchors, exc.lineno,
                          f"Jinja không đọc được phần này của mẫu: {_jinja_message(exc)}")
            return
        self._trial(part, tags, source, anchors)

    def _report(self, part: _Part, tag: _Tag, message: str, severity: str = ERROR) -> None:
        """A finding on a patched tag, unless its paragraph already has an error as written
        (the cause, reported in the clerk's terms)."""
        ident = tag.written.para if tag.written is not None else tag.anchor
        if severity == ERROR and ident in self._bad:
            return
        place = self._place(part, tag)
        self._add(part, place.order, place.where, tag.shown, message, severity)

    def _written_names(self, written: list[_Written]) -> set[str]:
        """Variables named in the tags as written (so that a variable is "used" even when
        a broken tag keeps docxtpl from seeing it)."""
        names: set[str] = set()
        for tag in written:
            if not tag.key or tag.kind == "#":
                continue
            probe = _Tag(tag.key, 0, (), None, kind=tag.kind)
            if tag.kind == "%":
                probe.name = _statement(tag.key)
            try:
                names |= set(meta.find_undeclared_variables(self.env.parse(self._stub(probe)))) - {"_"}
            except jinja2.TemplateSyntaxError:
                continue
        return names

    # -- 2. tags broken in Word -------------------------------------------------------------

    def _check_written(self, part: _Part, written: list[_Written]) -> tuple[set[str], bool]:
        """Findings on the text as written. Returns the paragraphs with an error there, and
        whether one of them makes docxtpl's patching swallow text (a tag left open,
        ``{%tr`` outside a table)."""
        layout = part.layout
        bad: set[str] = set()
        swallowing = any(tag.problem in ("unclosed", "mismatch") for tag in written)
        for tag in written:
            place = layout.places.get(tag.para) or _Place(0, part.label or "phần thân văn bản")
            message, severity = self._written_problem(layout, tag)
            if message:
                self._add(part, place.order, place.where, tag.text, message, severity)
                if severity == ERROR:
                    bad.add(tag.para)
        for tag in written:
            if tag.problem in ("", "split") and tag.prefix:
                if tag.prefix in ("tr", "tc") and layout.cell_of.get(tag.para) is None:
                    swallowing = True
                self._check_prefix(part, tag, written, bad)
        return bad, swallowing

    def _written_problem(self, layout: _Layout, tag: _Written) -> tuple[str, str]:
        kinds = {"{": ("{{", "}}"), "%": ("{%", "%}"), "#": ("{#", "#}"), "}": ("{{", "}}")}
        opener, closer = kinds.get(tag.kind, ("{{", "}}"))
        if tag.problem == "split":
            end = layout.places.get(tag.end_para)
            other = f" ({end.short})" if end is not None else ""
            same_cell = layout.cell_of.get(tag.para) is layout.cell_of.get(tag.end_para)
            effect = ("chương trình sẽ nối hai đoạn làm một (đoạn sau mất định dạng riêng)" if same_cell else
                      "chương trình sẽ nối hai ô/đoạn này làm một và làm hỏng bảng")
            return (f"thẻ bị ngắt xuống đoạn sau{other} bởi một dấu xuống đoạn (Enter) ở giữa thẻ: {effect}. "
                    "Hãy xóa dấu xuống đoạn để cả thẻ nằm liền trên một đoạn", ERROR)
        if tag.problem == "spaced":
            return (f"giữa hai dấu ngoặc có dấu cách nên chương trình không nhận ra thẻ và sẽ in nguyên văn "
                    f"«{_short_tag(tag.text, 30)}»; xóa dấu cách: viết «{opener}» và «{closer}» liền nhau", ERROR)
        if tag.problem == "hidden":
            return ("giữa hai dấu ngoặc của thẻ có nội dung ẩn (chữ đã xóa khi bật Theo dõi thay đổi — Track "
                    "Changes, hoặc mã trường — field) nên chương trình không nhận ra thẻ và sẽ in nguyên văn; "
                    "hãy chấp nhận các thay đổi (Accept All Changes) hoặc xóa và gõ lại cả thẻ", ERROR)
        if tag.problem == "mismatch":
            return (f"thẻ mở bằng «{opener}» nhưng đóng bằng dấu khác; thẻ lệnh (for, if …) viết «{{% … %}}», "
                    "thẻ in giá trị viết «{{ … }}»", ERROR)
        if tag.problem == "unclosed":
            return (f"thẻ mở «{opener}» nhưng không có dấu đóng «{closer}» trong đoạn này; thêm «{closer}» ở "
                    "cuối thẻ", ERROR)
        if tag.problem == "stray":
            return (f"dấu đóng «{closer}» thừa: không có «{opener}» mở trước nó trong đoạn này nên nó sẽ được in "
                    f"nguyên văn; xóa dấu này hoặc thêm «{opener}» ở đầu thẻ", ERROR)
        if tag.problem == "single":
            name = tag.text[1:-1]
            hint = f" — có phải là {{{{ {name} }}}}?" if name in self.names else ""
            return (f"«{tag.text}» chỉ có một cặp ngoặc nên sẽ được in nguyên văn; biến trong mẫu viết bằng hai "
                    f"cặp ngoặc: {{{{ tên_biến }}}}{hint}", WARNING)
        foreign = sorted({char for char in tag.text if char in FOREIGN_QUOTES})
        if foreign:
            return (f"dấu {' và '.join(foreign)} trong thẻ không phải dấu nháy của Jinja; gõ lại bằng dấu nháy "
                    "thẳng \" hoặc '", ERROR)
        if any(char in SMART_QUOTES for char in tag.text):
            literal = self._literal_name(tag.key)
            if literal:
                return (f"Word đã đổi dấu nháy thành dấu nháy cong “ ” và thẻ sẽ in ra chữ «{literal}» chứ không "
                        f"phải giá trị của biến {literal}; bỏ hai dấu nháy: {{{{ {literal} }}}}", ERROR)
            return ("Word đã đổi dấu nháy thẳng thành dấu nháy cong “ ” ‘ ’ trong thẻ; chương trình tự đổi lại "
                    "nên thẻ vẫn chạy, nhưng nên gõ lại dấu nháy thẳng (tắt AutoCorrect → AutoFormat As You Type "
                    "→ \"Straight quotes\" with “smart quotes”)", WARNING)
        return "", ""

    def _literal_name(self, key: str) -> str | None:
        """The variable name a ``{{ "name" }}`` tag prints as a word instead of its value."""
        match = re.fullmatch(r"\{\{\s*([\"'])(\w+)\1\s*\}\}", key)
        if match and match.group(2) in self.names:
            return match.group(2)
        return None

    def _check_prefix(self, part: _Part, tag: _Written, written: list[_Written], bad: set[str]) -> None:
        """``{%p``/``{%tr``/``{%tc``: docxtpl replaces the whole paragraph/row/cell by the tag."""
        layout = part.layout
        place = layout.places[tag.para]
        if tag.prefix in ("tr", "tc") and layout.cell_of.get(tag.para) is None:
            what = "hàng" if tag.prefix == "tr" else "ô"
            self._add(part, place.order, place.where, tag.text,
                      f"thẻ «{{%{tag.prefix} …%}}» lặp hoặc ẩn cả một {what} của bảng nên chỉ dùng được "
                      "trong một ô "
                      "bảng; ở ngoài bảng hãy dùng «{%p … %}» trên một đoạn riêng")
            bad.add(tag.para)
            return
        if tag.prefix == "r":
            return
        if tag.prefix == "p" and any(other.problem in ("", "split") and _same_unit(layout, other, tag)
                                     for other in written if other.prefix in ("tr", "tc")):
            return  # docxtpl replaces the row or cell first: reported for the {%tr/{%tc tag
        if tag.prefix == "p":
            unit, what, same = "đoạn", "đoạn", (lambda other: other.para == tag.para)
        elif tag.prefix == "tr":
            row = layout.row_of.get(tag.para)
            unit, what, same = "hàng", "hàng", (lambda other: layout.row_of.get(other.para) is row)
        else:
            cell = layout.cell_of.get(tag.para)
            unit, what, same = "ô", "ô", (lambda other: layout.cell_of.get(other.para) is cell)
        others = [other for other in written if other is not tag and other.problem in ("", "split")
                  and same(other)]
        kept = [other for other in others if other.prefix == tag.prefix] + [tag]
        kept.sort(key=lambda other: other.start)
        if kept[-1] is not tag:
            self._add(part, place.order, place.where, tag.text,
                      f"{what} này có nhiều thẻ dạng «{{%{tag.prefix} …%}}»; chương trình chỉ giữ thẻ cuối "
                      "cùng, thẻ "
                      f"này sẽ mất. Mỗi thẻ «{{%{tag.prefix} …%}}» phải nằm trong một {unit} riêng")
            bad.add(tag.para)
            return
        lost = [other for other in others if other.prefix != tag.prefix]
        if lost:
            self._add(part, place.order, place.where, tag.text,
                      f"cả {what} chứa thẻ «{_short_tag(tag.text, 40)}» được thay bằng thẻ đó khi điền mẫu, "
                      "nên thẻ "
                      f"{', '.join('«' + _short_tag(other.text, 30) + '»' for other in lost)} cùng {what} sẽ mất; "
                      f"chuyển {'chúng' if len(lost) > 1 else 'nó'} sang {unit} khác")
            bad.add(tag.para)
            return
        if tag.prefix == "p":
            text = layout.places[tag.para].text or ""
        else:
            container = layout.row_of.get(tag.para) if tag.prefix == "tr" else layout.cell_of.get(tag.para)
            text = "".join(t.text or "" for t in container.iter(T)) if container is not None else ""
        rest = text
        for other in [tag] + others:
            rest = rest.replace(other.text.replace("¶", ""), " ")
        if rest.strip():
            self._add(part, place.order, place.where, tag.text,
                      f"cả {what} chứa thẻ này được thay bằng thẻ khi điền mẫu, nên chữ «{_short_tag(rest, 40)}» "
                      f"trong {what} sẽ không được in; đặt thẻ trên một {unit} riêng", WARNING)

    # -- 1. syntax of each tag -----------------------------------------------------------------

    def _parse_tags(self, tags: list[_Tag]) -> None:
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
                tree = self.env.parse(self._stub(tag))
                self.env.compile(tree)  # unknown filters and tests fail here, not when parsing
            except jinja2.TemplateSyntaxError as exc:
                tag.error = exc
            else:
                tag.tree = tree

    def _check_syntax(self, part: _Part, tags: list[_Tag]) -> None:
        for tag in tags:
            if tag.error is not None:
                self._report(part, tag, self._syntax_message(tag, tag.error))
            elif "&amp;" in tag.text and not tag.attribute:
                self._report(part, tag, "ký tự «&» trong thẻ được Word lưu thành «&amp;» nên thẻ không so "
                                        "sánh hay thay được chữ «&» của dữ liệu; viết «và» hoặc bỏ ký tự này "
                                        "khỏi thẻ", WARNING)
            elif tag.name in LOADER_TAGS:
                self._report(part, tag, f"lệnh «{tag.name}» (gọi một mẫu khác) không dùng được: mẫu chỉ là "
                                        "một tệp Word")

    def _stub(self, tag: _Tag) -> str:
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

    def _syntax_message(self, tag: _Tag, exc: jinja2.TemplateSyntaxError) -> str:
        detail = _jinja_message(exc)
        unknown = re.match(r"Encountered unknown tag '(\w+)'", detail)
        no_filter = re.match(r"No (filter|test) named '(\w+)'", detail)
        char = re.match(r"unexpected char '(.)'", detail)
        written = tag.written.text if tag.written else tag.text
        if re.match(r"\{[{%#](tr|tc|p|r) ", tag.text):
            prefix = re.match(r"\{[{%#](tr|tc|p|r) ", tag.text).group(1)
            text = (f"chương trình không nhận ra thẻ dạng «{{%{prefix} … %}}» vì bên trong có dấu «%» hoặc «}}», "
                    "hoặc vì thẻ không nằm đúng chỗ (trong một đoạn, hàng hoặc ô); bỏ các dấu đó khỏi thẻ")
        elif no_filter:
            kind, word = no_filter.groups()
            known = self.env.filters if kind == "filter" else self.env.tests
            suggestion = _suggest(word, known)
            hint = f" — có phải là «{suggestion}»?" if suggestion else ""
            what = "bộ lọc (sau dấu |)" if kind == "filter" else "phép thử (sau is)"
            text = f"không có {what} tên «{word}»{hint}"
        elif unknown:
            word = unknown.group(1)
            split = re.fullmatch(r"(tr|tc|p)(for|if|endfor|endif|elif|else|set|with|endwith)", word)
            if word in DOCXTPL_PREFIXES:
                text = (f"«{{% {word}» có dấu cách giữa «%» và «{word}» nên không được hiểu là thẻ dạng "
                        f"«{{%{word} …%}}»; viết liền «{{%{word}» rồi một dấu cách")
            elif split:
                prefix, word = split.groups()
                text = f"thiếu dấu cách sau «{{%{prefix}»: viết «{{%{prefix} {word} …%}}»"
            elif word in ("vm", "hm", "colspan", "cellbg"):
                text = f"thẻ «{{% {word} %}}» chỉ dùng được bên trong một ô bảng có vòng lặp"
            elif word in ("break", "continue", "do"):
                text = f"lệnh «{word}» không được bật trong chương trình"
            else:
                suggestion = _suggest(word, OPENERS + tuple(END_STUBS) + ("elif", "else", "set", "raw"))
                hint = f" — có phải là «{suggestion}»?" if suggestion else ""
                text = (f"«{word}» không phải là lệnh Jinja{hint} (các lệnh dùng được: for, if, elif, else, "
                        "set, with và các thẻ đóng endfor, endif …)")
        elif char and char.group(1) in FOREIGN_QUOTES + SMART_QUOTES:
            text = (f"dấu «{char.group(1)}» không phải dấu nháy của Jinja; gõ lại bằng dấu nháy thẳng \" hoặc ' "
                    "(dấu mở và dấu đóng phải cùng loại)")
        elif char and char.group(1) == "&":
            text = ("ký tự «&» trong thẻ không dùng được (Word lưu nó thành «&amp;»); viết «và» hoặc bỏ ký tự này "
                    "khỏi thẻ")
        elif char:
            text = f"ký tự «{char.group(1)}» không dùng được trong thẻ"
        elif any(quote in written for quote in SMART_QUOTES):
            text = "thẻ viết sai cú pháp; kiểm tra các dấu nháy (dấu mở và dấu đóng phải cùng loại)"
        else:
            text = "thẻ viết sai cú pháp"
        return f"{text} (Jinja: {detail})"

    # -- 1 and 3. blocks -------------------------------------------------------------------------

    def _check_structure(self, part: _Part, tags: list[_Tag]) -> None:
        open_blocks: list[list[_Tag]] = []  # each: its opener, then its elif/else
        in_raw = False
        for tag in tags:
            if tag.kind != "%" or tag.attribute:
                continue
            name = tag.name
            if name == "raw":
                in_raw = True
            if in_raw:
                in_raw = name != "endraw"
                continue
            if name in OPENERS or (name == "set" and "=" not in tag.text):
                open_blocks.append([tag])
            elif name in ("elif", "else"):
                allowed = ("if",) if name == "elif" else ("if", "for")
                if open_blocks and open_blocks[-1][0].name in allowed:
                    open_blocks[-1].append(tag)
                else:
                    inside = "«{% if … %}»" + (" hoặc «{% for … %}»" if name == "else" else "")
                    self._report(part, tag, f"thẻ «{name}» chỉ dùng bên trong một khối {inside} đang mở; xóa thẻ "
                                            "này hoặc thêm thẻ mở tương ứng ở trước")
            elif name.startswith("end") and name[3:]:
                opened = name[3:]
                depth = next((index for index in range(len(open_blocks) - 1, -1, -1)
                              if open_blocks[index][0].name == opened), None)
                if depth is None:
                    self._report(part, tag, f"thẻ đóng «{name}» thừa: không có «{{% {opened} … %}}» nào đang mở "
                                            "trước nó; xóa thẻ này hoặc thêm thẻ mở tương ứng")
                    continue
                while len(open_blocks) > depth + 1:
                    self._unclosed(part, open_blocks.pop()[0])
                self._check_pair(part, open_blocks.pop() + [tag])
        while open_blocks:
            self._unclosed(part, open_blocks.pop()[0])

    def _unclosed(self, part: _Part, opener: _Tag) -> None:
        prefix = opener.written.prefix if opener.written else ""
        end = "{%" + prefix + " end" + opener.name + " %}"
        where_to = {"p": "trên một đoạn riêng ngay sau đoạn cuối của khối",
                    "tr": "trong một hàng riêng của bảng, ngay sau hàng cuối của khối",
                    "tc": "trong một ô riêng, ngay sau ô cuối của khối"}.get(prefix, "ở chỗ khối kết thúc")
        self._report(part, opener, f"khối «{opener.name}» mở ở đây chưa được đóng: thiếu thẻ «{end}». Hãy thêm "
                                   f"thẻ này {where_to}")

    def _check_pair(self, part: _Part, block: list[_Tag]) -> None:
        """The tags of one block must stand in one paragraph, or all at paragraph level
        (``{%p``) of one container, or all at row level (``{%tr``) of one table: the XML
        between them is then balanced, whatever number of times Jinja repeats it."""
        if any(tag.error is not None for tag in block):
            return  # the syntax error is the problem to fix first
        opener = block[0]
        names, upper = _context(opener)
        for other in block[1:]:
            other_names, other_upper = _context(other)
            if other_names == names and other_upper == upper:
                continue
            place, other_place = self._place(part, opener), self._place(part, other)
            inline, other_inline = "w:p" in names, "w:p" in other_names
            rows = [element for element in upper if element[0] == "w:tr"]
            other_rows = [element for element in other_upper if element[0] == "w:tr"]
            cells = [element for element in upper if element[0] == "w:tc"]
            other_cells = [element for element in other_upper if element[0] == "w:tc"]
            if inline != other_inline:
                problem = ("một thẻ ở dạng «{%p …%}» (cả đoạn), thẻ kia nằm lẫn trong đoạn: tệp Word tạo ra sẽ "
                           "bị hỏng")
                hint = "viết cả hai thẻ ở dạng «{%p …%}», mỗi thẻ trên một đoạn riêng"
            elif names != other_names:
                problem = "hai thẻ nằm ở hai chỗ khác cấp (trong và ngoài bảng): tệp Word tạo ra sẽ bị hỏng"
                hint = "đặt thẻ mở và thẻ đóng cùng trong một ô, hoặc cùng ở ngoài bảng, mỗi thẻ dạng «{%p …%}»"
            elif not inline:
                problem = "hai thẻ nằm trong hai ô hoặc hai bảng khác nhau: tệp Word tạo ra sẽ bị hỏng"
                hint = "đặt thẻ mở và thẻ đóng trong cùng một ô (dạng «{%p …%}») hoặc dùng «{%tr …%}» cho cả hàng"
            elif rows and rows != other_rows:
                problem = ("hai thẻ nằm ở hai hàng khác nhau của bảng mà không dùng dạng «{%tr …%}»: các hàng "
                           "sẽ bị cắt ghép sai")
                hint = "để lặp hoặc ẩn cả hàng, viết «{%tr …%}» trong một hàng riêng ở trước và sau các hàng đó"
            elif cells and cells != other_cells:
                problem = "hai thẻ nằm ở hai ô khác nhau: các ô sẽ bị nối hoặc mất"
                hint = "đặt thẻ mở và thẻ đóng trong cùng một ô"
            else:
                problem = ("thẻ mở và thẻ đóng nằm ở hai đoạn khác nhau mà không dùng dạng «{%p …%}»: khi điền, "
                           "các đoạn sẽ bị cắt ghép sai (thừa đoạn trống, đoạn bị nối)")
                hint = (f"viết mỗi thẻ trên một đoạn riêng ở dạng «{{%p {opener.name} … %}}» … "
                        f"«{{%p end{opener.name} %}}»")
            self._report(part, opener, f"khối «{opener.name}» mở ở {place.short or place.position} nhưng thẻ "
                                       f"«{other.shown}» ở {other_place.short or other_place.position}; "
                                       f"{problem}. "
                                       f"Cách sửa: {hint}")
            return

    # -- 3. values in the wrong form ----------------------------------------------------------------

    def _check_forms(self, part: _Part, tags: list[_Tag]) -> None:
        """A value must suit where docxtpl puts it: text in a run, paragraphs (``body``)
        in place of a paragraph."""
        for tag in tags:
            if tag.kind != "{" or tag.attribute or tag.tree is None:
                continue
            body = tag.tree.body
            if not (len(body) == 1 and isinstance(body[0], nodes.Output) and len(body[0].nodes) == 1):
                continue
            node = body[0].nodes[0]
            if isinstance(node, nodes.Const) and isinstance(node.value, str) and node.value in self.names \
                    and not (tag.written and any(quote in tag.written.text for quote in SMART_QUOTES)):
                self._report(part, tag, f"thẻ sẽ in ra chữ «{node.value}» chứ không phải giá trị của biến "
                                        f"{node.value}; bỏ hai dấu nháy: {{{{ {node.value} }}}}")
                continue
            if not isinstance(node, nodes.Name) or node.name not in self.provided:
                continue
            name, value = node.name, self.provided[node.name]
            where = _innermost(tag)
            paragraphs = _is_paragraphs(value)
            if where == "w:t" and paragraphs:
                message = (f"biến «{name}» chứa cả các đoạn văn nên phải viết «{{{{p {name} }}}}» trên một đoạn "
                           f"riêng (không có chữ nào khác); viết «{{{{ {name} }}}}» sẽ làm hỏng tệp Word")
            elif where == "w:p" and not (isinstance(value, Markup) and "<w:r" in value) \
                    and type(value).__name__ != "RichText":
                message = (f"thẻ «{{{{r … }}}}» chỉ dùng cho chữ có định dạng (RichText), còn «{name}» là chữ "
                           f"thường: tệp Word sẽ hỏng. Viết «{{{{ {name} }}}}»")
            elif where in ("w:tbl", "w:tr"):
                if isinstance(value, Markup) and "<w:t" in value:
                    continue
                message = (f"thẻ «{{{{tr … }}}}»/«{{{{tc … }}}}» thay cả hàng/ô bằng giá trị của biến, nhưng "
                           f"«{name}» là chữ: tệp Word sẽ hỏng. Viết «{{{{ {name} }}}}» trong ô")
            elif where not in ("w:t", "w:p") and not paragraphs:
                message = (f"thẻ «{{{{p … }}}}» thay cả đoạn bằng giá trị của biến, nhưng «{name}» là chữ chứ "
                           f"không phải các đoạn văn: tệp Word sẽ hỏng. Viết «{{{{ {name} }}}}» trong đoạn")
            else:
                continue
            self._report(part, tag, message)

    # -- 4. variables ---------------------------------------------------------------------------------

    def _check_variables(self, part: _Part, tags: list[_Tag]) -> None:
        blocks: list[tuple[set[str], set[str]]] = []  # per open block: (names it declares, names it tests
        top: set[str] = set()                          # with «is defined»); names set at the top level
        globals_ = set(self.env.globals)
        for tag in tags:
            if tag.kind == "#":
                continue
            name = tag.name
            if tag.kind == "%" and name.startswith("end") and name[3:]:
                if blocks:
                    blocks.pop()
                continue
            declared = top.union(*(block[0] for block in blocks))
            tested = set().union(*(block[1] for block in blocks))
            used: set[str] = set()
            guarded: set[str] = set()
            declares: set[str] = set()
            if tag.tree is not None:
                used = set(meta.find_undeclared_variables(tag.tree))
                if name in ("elif", "else"):
                    used.discard("_")  # the stub's own name
                guarded = _guarded(tag.tree)
                statement = tag.tree.body[0] if tag.tree.body else None
                if isinstance(statement, nodes.For):
                    declares = _stored(statement.target) | {"loop"}
                elif isinstance(statement, nodes.With):
                    declares = {target.name for target in statement.targets if isinstance(target, nodes.Name)}
                elif isinstance(statement, nodes.Macro):
                    declares = {arg.name for arg in statement.args} | {"varargs", "kwargs", "caller"}
                elif isinstance(statement, (nodes.Assign, nodes.AssignBlock)):
                    declares = _stored(statement.target)
            if tag.kind == "%" and (name in OPENERS or (name == "set" and "=" not in tag.text)):
                blocks.append((declares if name != "set" else set(), _defined_tests(tag.tree)))
                if name == "set":
                    (blocks[-2][0] if len(blocks) > 1 else top).update(declares)
            elif name == "set":
                (blocks[-1][0] if blocks else top).update(declares)
            missing = used - declared - globals_
            part.used |= missing
            if "body" in missing and part.body_tag is None:
                part.body_tag = tag
            for variable in sorted(missing - self.names):
                suggestion = _suggest(variable, self.names)
                if suggestion:
                    hint = f" — có phải là «{suggestion}»?"
                else:
                    hint = f" (các biến có: {', '.join(sorted(self.names))})" if self.names else ""
                if variable in guarded or variable in tested:
                    self._add_at(part, tag, f"dữ liệu không có biến «{variable}»{hint}; thẻ có default hoặc "
                                            "is defined nên vẫn chạy nhưng chỗ này sẽ không in gì", WARNING)
                else:
                    self._add_at(part, tag, f"dữ liệu không có biến «{variable}»{hint}; khi điền mẫu chỗ này "
                                            "sẽ báo lỗi")

    def _add_at(self, part: _Part, tag: _Tag, message: str, severity: str = ERROR) -> None:
        place = self._place(part, tag)
        self._add(part, place.order, place.where, tag.shown, message, severity)

    # -- fallbacks: Jinja's own verdict and a trial fill ------------------------------------------

    def _at_line(self, part: _Part, tags: list[_Tag], source: str, anchors, lineno: int | None,
                 message: str, severity: str = ERROR, hint_word: str | None = None) -> None:
        place = _Place(10**9, part.label or "phần thân văn bản")
        shown = ""
        if lineno:
            starts = [0] + [index + 1 for index, char in enumerate(source) if char == "\n"]
            line_start = starts[min(lineno, len(starts)) - 1]
            line_end = starts[lineno] if lineno < len(starts) else len(source)
            offsets = [offset for offset, _ in anchors]
            index = bisect_right(offsets, line_start) - 1
            if index >= 0 and anchors[index][1] in part.layout.places:
                place = part.layout.places[anchors[index][1]]
            on_line = [tag for tag in tags if line_start <= tag.offset < line_end]
            if hint_word:
                on_line = [tag for tag in on_line if hint_word in tag.text] or on_line
            if on_line:
                tag = on_line[0]
                place = self._place(part, tag) if tag.written else place
                shown = tag.shown
        self._add(part, place.order, place.where, shown, message, severity)

    def _trial(self, part: _Part, tags: list[_Tag], source: str, anchors) -> None:
        try:
            filled = self.env.from_string(source).render(self.provided)
        except Exception as exc:  # anything the real fill would raise
            word = None
            detail = str(exc)
            if isinstance(exc, jinja2.UndefinedError):
                attribute = re.search(r"has no attribute '([^']+)'", detail)
                undefined = re.search(r"'([^']+)' is undefined", detail)
                if attribute:
                    word = attribute.group(1)
                    suggestion = _suggest(word, _keys(list(self.provided.values())))
                    hint = f" — có phải là «{suggestion}»?" if suggestion else ""
                    message = f"dữ liệu không có trường «{word}»{hint} (Jinja: {detail})"
                elif undefined:
                    word = undefined.group(1)
                    message = f"dữ liệu không có biến «{word}» (Jinja: {detail})"
                else:
                    message = f"mẫu dùng một giá trị mà dữ liệu không có (Jinja: {detail})"
            elif isinstance(exc, jinja2.TemplateError):
                message = f"lỗi khi thử điền mẫu với dữ liệu: {detail}"
            else:
                message = f"lỗi khi thử điền mẫu với dữ liệu ({type(exc).__name__}: {detail})"
            self._at_line(part, tags, source, anchors, _template_line(exc), message, hint_word=word)
            return
        try:
            etree.fromstring(filled.encode("utf-8"))
        except etree.XMLSyntaxError as exc:
            self._add(part, 10**9, part.label or "phần thân văn bản", "",
                      f"sau khi điền, phần này không còn là XML hợp lệ nên Word sẽ báo tệp hỏng hoặc mất "
                      f"chữ ({exc}); "
                      "thường do một thẻ «{%p …%}», «{%tr …%}» hoặc «{{p …}}» đặt sai chỗ")

    # -- whole template --------------------------------------------------------------------------------

    def _check_properties(self, used: set[str]) -> list[TemplateFinding]:
        """docxtpl also fills the file's properties (File → Info) as templates."""
        found = []
        core = self.tpl.get_docx().core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            value = getattr(core, name, "") or ""
            if not any(mark in value for mark in ("{{", "{%", "{#")):
                continue
            where = f"thuộc tính tệp «{name}» (File → Info → Properties)"
            try:
                variables = meta.find_undeclared_variables(self.env.parse(value))
            except jinja2.TemplateSyntaxError as exc:
                found.append(TemplateFinding(self.path, where, _short_tag(value),
                                             self._property_message(exc), ERROR))
                continue
            used |= variables
            for variable in sorted(variables - self.names):
                suggestion = _suggest(variable, self.names)
                hint = f" — có phải là «{suggestion}»?" if suggestion else ""
                found.append(TemplateFinding(self.path, where, _short_tag(value),
                                             f"dữ liệu không có biến «{variable}»{hint}", ERROR))
        return found

    @staticmethod
    def _property_message(exc: jinja2.TemplateSyntaxError) -> str:
        return f"thẻ trong thuộc tính tệp viết sai cú pháp (Jinja: {_jinja_message(exc)})"

    def _check_styles(self, part: _Part, tag: _Tag) -> list[TemplateFinding]:
        place = self._place(part, tag)
        # Word's built-in style names are case-insensitive (LibreOffice saves "Footnote Text")
        styles = {style.name.casefold(): style for style in self.tpl.get_docx().styles if style.name}
        kinds = {WD_STYLE_TYPE.PARAGRAPH: "kiểu đoạn", WD_STYLE_TYPE.CHARACTER: "kiểu ký tự",
                 WD_STYLE_TYPE.TABLE: "kiểu bảng", WD_STYLE_TYPE.LIST: "kiểu danh sách"}
        found = []
        for name, purpose, kind in BODY_STYLES:
            style = styles.get(name.casefold())
            if style is None:
                found.append(TemplateFinding(
                    self.path, place.where, tag.shown,
                    f"mẫu thiếu {kinds[kind]} (style) «{name}» mà phần nội dung cần cho {purpose}; hãy "
                    "tạo kiểu này "
                    "trong Word (Home → Styles → Create a Style, đặt đúng tên) rồi lưu lại mẫu", ERROR))
            elif style.type != kind:
                found.append(TemplateFinding(
                    self.path, place.where, tag.shown,
                    f"kiểu «{name}» có trong mẫu nhưng là {kinds.get(style.type, 'kiểu khác')}, cần là "
                    f"{kinds[kind]} (dùng cho {purpose}); hãy xóa rồi tạo lại kiểu này đúng loại", ERROR))
        return found
