"""The next document of a series filled by rendering only what changed.

Documents made one per recipient (a reminder letter to each unit, an invitation to each
guest) fill one template with contexts that differ in a few variables — usually only
``addressee_lines``. After a full fill (:meth:`pipeline.render.docx.TemplateFile.render`),
:class:`Series` keeps that fill as its *base*: its context, core properties, footnotes,
date stamp and the compressed zip members of its package. A next fill whose properties,
footnotes and stamp are the base's, and whose context differs only in variables read by
the body (not by a header, footer, the footnotes part or a core property), is made from the
base instead of a full fill:

1. the docxtpl Jinja source of the body (:meth:`docxtpl.DocxTemplate.patch_xml` of the body
   as loaded) is cut before top-level paragraphs into *segments*, each a complete Jinja
   template (its blocks closed) that sets nothing another segment could read (no ``set``,
   ``macro``, ``import``, ``include``, ``extends``, ``block`` or ``call``): rendering the
   whole source is then rendering each segment and joining the outputs;
2. a segment that reads no changed variable keeps the base's output; the others are
   rendered by docxtpl's own :meth:`~docxtpl.DocxTemplate.render_xml_part` (Jinja in the
   sandbox, then its paragraph-local text fixes; the sandbox's output limit counts the
   base's characters for the kept segments, so a document over the limit is refused as in a
   full fill), provided no segment's last paragraph is
   left open (docxtpl's ``resolve_listing`` works paragraph by paragraph over the whole
   text: an open one would make it work across the cut);
3. the main document part is the base's, with the bytes of the rendered segments replaced:
   the base's part is cut between segments once (a processing instruction put between them,
   serialised with the rest, then removed; the pieces joined must give the base's part), and
   the rendered segments alone go through docxtpl's whole-body steps (``fix_tables``, table
   by table) and are serialised in the loaded document, between the same ancestors. A
   segment holding a drawing (``fix_docpr_ids`` numbers them over the whole body), the first
   or the last one (the body's own tags), or XML that docxtpl's forgiving parser would mend
   is made by the whole-body steps on the joined body instead, and that part checked
   (:func:`pipeline.common.package.check_member`). The part is compressed; every other member
   is the base's, already compressed.

Rendering only the changed segments is the point: a letter to each of 3,321 communes
renders one paragraph 3,321 times instead of the whole template. The first document made
this way is also filled in full and the two compared byte for byte; if they differ the
series is switched off for the template, and every later document is filled in full.
Why own code: docxtpl renders a whole part at once and has no incremental fill.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

import jinja2
from jinja2 import meta, nodes
from lxml import etree

from pipeline.common.package import check_member
from pipeline.render.reuse import FillableTemplate, Member, deflate, zip_members

STATEFUL = (nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.CallBlock, nodes.Import, nodes.FromImport,
            nodes.Include, nodes.Extends, nodes.Block)
"""Jinja statements whose effect can reach another segment: a template using one is always filled in full."""

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_XML_TAG = re.compile(r"<(/?)([A-Za-z_][^\s/>]*)[^>]*?(/?)>")
_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>")  # as docxtpl's resolve_listing finds a paragraph
_ALL = frozenset({"*"})


@dataclass
class Segment:
    """A piece of the body's Jinja source: top-level paragraphs and tables, blocks closed.

    Attributes:
        source: the Jinja source (docxtpl's patched XML).
        names: the context variables it reads.
    """

    source: str
    names: frozenset[str]


@dataclass
class Base:
    """The last full fill: what a next fill is compared with and copied from."""

    context: dict
    properties: dict
    stamp: datetime
    footnotes: list
    members: list[Member]
    main: str
    written: int
    outputs: list[str] | None = None
    sizes: list[int] | None = None
    pieces: tuple[bytes, ...] | list[bytes] | None = None
    """The main part's bytes cut between segments (:func:`_serialised`); empty if it cannot be."""


class Series:
    """The series state of one opened template (:class:`pipeline.render.docx.TemplateFile`).

    Args:
        tpl: the template.
        environment: the sandbox its fills run in.
        restore: puts the loaded template back as it was before any fill (the names read
            outside the body and the body's segments are read from it, the first time a
            fill could be made from the base).
    """

    def __init__(self, tpl: FillableTemplate, environment: jinja2.Environment, restore: Callable[[], None]):
        self.tpl = tpl
        self.environment = environment
        self.restore = restore
        self.base: Base | None = None
        self.outside: frozenset[str] | None = None
        self.segments: list[Segment] | None = None
        self.verified = False
        self.off = False
        self.made = 0  # documents made from a base (not counting the one compared with a full fill)

    def _prepare(self) -> None:
        """Read the segments and the names read outside the body, from the template as loaded."""
        self.restore()
        self.outside = _outside_names(self.tpl, self.environment)
        self.segments = _segments(self.tpl.patch_xml(self.tpl.get_xml()), self.environment)
        self.off = self.segments is None or "*" in self.outside

    def remember(self, context: dict, properties: dict, stamp: datetime, footnotes: list,
                 members: list[Member], main: str) -> None:
        """Make the full fill just done the base (its segment outputs are rendered when first needed);
        called right after it, while its sandbox still holds the characters it wrote."""
        self.base = Base(context, properties, stamp, list(footnotes), members, main,
                         self.environment.budget.written)

    def fill(self, context: dict, properties: dict, stamp: datetime, footnotes: list,
             write_main: Callable[[Any], bytes]) -> bytes | None:
        """The .docx bytes of the fill with ``context``, made from the base; None when it cannot
        be (no base, series off, other properties, footnotes or stamp, a changed variable read
        outside the body, a segment left open, or any error — the full fill then decides).

        Args:
            write_main: given the body element, puts it into the loaded document and returns
                the main document part's bytes.
        """
        base = self.base
        if self.off or base is None or properties != base.properties or stamp != base.stamp \
                or list(footnotes) != base.footnotes:
            return None
        changed = _changed(base.context, context)
        if changed is None:
            return None
        if self.outside is None:
            self._prepare()
            if self.off:
                return None
        if changed & self.outside:
            return None
        try:
            data = self._make(context, changed, write_main)
        except Exception:  # noqa: BLE001 — the full fill then reports it the project's way
            return None
        self.made += data is not None and self.verified
        return data

    def _make(self, context: dict, changed: frozenset[str], write_main: Callable[[Any], bytes]) -> bytes | None:
        base = self.base
        budget = self.environment.budget
        if base.outputs is None:
            base.outputs, base.sizes = [], []
            for segment in self.segments:
                before = budget.written
                base.outputs.append(self._render(segment, base.context))
                base.sizes.append(budget.written - before)
        # the sandbox's output limit counts the whole document, as a full fill does: the base's
        # characters but those of the segments rendered again, which count as they are written
        budget.written = base.written - sum(size for segment, size in zip(self.segments, base.sizes)
                                            if segment.names & changed)
        outputs = [self._render(segment, context) if segment.names & changed else kept
                   for segment, kept in zip(self.segments, base.outputs)]
        if any(output is None for output in outputs):
            return None
        data = self._main_part(outputs, write_main)
        members = [(name, *deflate(data)) if name == base.main else (name, crc, size, packed)
                   for name, crc, size, packed in base.members]
        return zip_members(members, base.stamp)

    def _main_part(self, outputs: list[str], write_main: Callable[[Any], bytes]) -> bytes:
        """The main document part of the segments' ``outputs``: the base's bytes with those of the
        segments rendered again replaced, when they can be serialised alone (:func:`_local`); else
        the whole body through docxtpl's steps, checked (:func:`pipeline.common.package.check_member`)."""
        base = self.base
        if base.pieces is None:
            pieces = _serialised(self.tpl, base.outputs, write_main)
            base.pieces = tuple(pieces) if pieces and b"".join(pieces) == _inflated(base) else ()
        again = [index for index, output in enumerate(outputs) if output is not base.outputs[index]]
        new = None
        if base.pieces and _local(again, base.outputs, outputs):
            new = _serialised(self.tpl, [_start_tag(outputs[0]), *(outputs[i] for i in again), "</w:body>"],
                              write_main, strict=True)
        if new is None:
            data = write_main(_whole_body(self.tpl, outputs))
            check_member(base.main, data)
            return data
        pieces = list(base.pieces)
        for index, piece in zip(again, new[1:-1]):
            pieces[index] = piece
        return b"".join(pieces)  # whole elements serialised by lxml from strictly parsed XML: well-formed

    def _render(self, segment: Segment, context: dict) -> str | None:
        """One segment rendered as docxtpl renders the body; None if its last paragraph is left open."""
        output = self.tpl.render_xml_part(segment.source, self.tpl.docx._part, context, self.environment)
        return output if _closed(output) else None


_CUT = "<?vanban-segment?>"
"""A processing instruction put between segments, to find each one's bytes in the serialised part."""


def _whole_body(tpl: FillableTemplate, outputs: list[str]) -> Any:
    """The body element of the joined ``outputs``, through docxtpl's whole-body steps."""
    tree = tpl.fix_tables("".join(outputs))
    tpl.docx_ids_index = 1000  # as docxtpl's render_init, before fix_docpr_ids
    tpl.fix_docpr_ids(tree)
    return tree


def _serialised(tpl: FillableTemplate, outputs: list[str], write_main: Callable[[Any], bytes],
                strict: bool = False) -> list[bytes] | None:
    """The main part's bytes with the body of ``outputs`` (complete when joined), cut where one
    output ends and the next begins: the first piece starts with the part's head, the last ends
    with its tail. None when the cuts are not found as expected (the whole part is then written
    at once). ``strict``: refuse XML that docxtpl's forgiving parser would have mended.

    Serialising a body element inside the document gives the same bytes for it whatever its
    siblings are (same ancestors, same namespaces in scope), so a piece serialised once stays
    valid; the series's byte-for-byte comparison with a full fill confirms it for each template.
    """
    joined = _CUT.join(outputs)
    if strict:
        etree.fromstring(joined)  # XMLSyntaxError: a full fill decides
    pieces = write_main(_whole_body(tpl, [joined])).split(_CUT.encode())
    return pieces if len(pieces) == len(outputs) else None


def _inflated(base: Base) -> bytes:
    """The base's main document part, as written."""
    packed = next(packed for name, _, _, packed in base.members if name == base.main)
    return zlib.decompress(packed, -15)


def _local(again: list[int], before: list[str], after: list[str]) -> bool:
    """The segments rendered ``again`` can be serialised alone: neither the first nor the last
    (they hold the body's tags) and no drawing (``wp:docPr`` ids are numbered over the whole body)."""
    return bool(again) and again[0] > 0 and again[-1] < len(before) - 1 and \
        not any("docPr" in before[i] or "docPr" in after[i] for i in again)


def _start_tag(output: str) -> str:
    """The body's start tag that begins the first segment's ``output``."""
    return output[:output.index(">") + 1]


def _changed(base: dict, context: dict) -> frozenset[str] | None:
    """The variables whose values differ; None if the two contexts have different variables."""
    if base.keys() != context.keys():
        return None
    return frozenset(name for name, value in context.items()
                     if not (value is base[name] or value == base[name]))


def _closed(output: str) -> bool:
    """Every paragraph docxtpl's ``resolve_listing`` would start in ``output`` also ends there."""
    last = None
    for last in _PARAGRAPH_START.finditer(output):
        pass
    return last is None or "</w:p>" in output[last.end():]


def _segments(source: str, environment: jinja2.Environment) -> list[Segment] | None:
    """``source`` cut before its top-level paragraphs into complete Jinja templates; None when
    a statement could carry state from one segment to another."""
    segments: list[Segment] = []
    pending = ""
    for piece in _pieces(source):
        pending += piece
        try:
            tree = environment.parse(pending)
        except jinja2.TemplateSyntaxError:  # a block still open: the next piece closes it
            continue
        if any(tree.find_all(STATEFUL)):
            return None
        segments.append(Segment(pending, frozenset(meta.find_undeclared_variables(tree))))
        pending = ""
    return None if pending else segments


def _pieces(source: str) -> list[str]:
    """``source`` cut before each paragraph that is a direct child of the body (XML depth 1,
    Jinja tags read as text)."""
    masked = _JINJA.sub(lambda match: " " * len(match.group()), source)
    cuts, depth = [0], 0
    for match in _XML_TAG.finditer(masked):
        closing, name, empty = match.groups()
        if closing:
            depth -= 1
        elif not empty:
            if depth == 1 and name == "w:p":
                cuts.append(match.start())
            depth += 1
    cuts.append(len(source))
    return [source[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _outside_names(tpl: FillableTemplate, environment: jinja2.Environment) -> frozenset[str]:
    """The variables read by the template's headers, footers, footnotes part and core properties
    (what a series fill copies from the base); ``{"*"}`` if one of them cannot be read."""
    names: set[str] = set()
    sources = [tpl.patch_xml(tpl.get_part_xml(part))
               for uri in (tpl.HEADER_URI, tpl.FOOTER_URI) for _, part in tpl.get_headers_footers(uri)]
    sources += [tpl.patch_xml(part.blob.decode("utf-8")) for part in tpl.docx.part.package.parts
                if part.content_type.endswith(".footnotes+xml")]
    core = tpl.docx.core_properties
    sources += [getattr(core, name) or "" for name in ("author", "comments", "identifier", "language", "subject",
                                                        "title")]
    try:
        for text in sources:
            names |= meta.find_undeclared_variables(environment.parse(text))
    except jinja2.TemplateSyntaxError:
        return _ALL
    return frozenset(names)
