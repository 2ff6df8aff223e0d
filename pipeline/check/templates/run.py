"""What every template rule works with: the template being checked, the variables the
data provides, the parts with their findings, and the ways to report a finding at a
paragraph, a tag or the whole template."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.render.docx import TemplateFile, make_environment
from pipeline.check.rulebook import ERROR, Rule
from pipeline.check.templates.findings import TemplateFinding
from pipeline.check.templates.layout import Layout, Place
from pipeline.check.templates.tags import Tag


@dataclass
class Part:
    """One XML part of the template (body, a header, a footer, the footnotes) and what
    its checks found: ``findings`` as ``(order in the part, finding)``, ``used`` the
    variables its tags read, ``body_tag`` the first tag that reads ``body``."""

    label: str          # "" for the body, "đầu trang (header)", …
    root: object
    layout: Layout = None
    findings: list = field(default_factory=list)
    used: set = field(default_factory=set)
    body_tag: Tag | None = None


class CheckRun:
    """One check of one template against the variables ``provided``.

    ``bad`` holds the paragraphs (ids of :class:`Layout`) with an error as written in
    Word: a rule on the patched tags stays quiet there (the cause is already reported
    in the clerk's terms).
    """

    def __init__(self, path: Path, template: TemplateFile, provided: dict):
        self.path = path
        self.tpl = template.tpl
        self.env = make_environment()
        self.provided = provided
        self.names = {name for name in provided if isinstance(name, str)}
        self.bad: set[str] = set()

    def finding(self, where: str, tag: str, rule: Rule, message: str) -> TemplateFinding:
        """A finding of ``rule`` (its code and severity) on this template."""
        return TemplateFinding(self.path, where, tag, message, rule.severity, rule.code)

    def add(self, part: Part, order: int, where: str, tag: str, rule: Rule, message: str) -> None:
        """Record a finding of ``rule`` at the place of order ``order`` of ``part``."""
        part.findings.append((order, self.finding(where, tag, rule, message)))

    def place(self, part: Part, tag: Tag) -> Place:
        """Where ``tag`` was written (else where its patched text came from)."""
        layout = part.layout
        if tag.written is not None and tag.written.para in layout.places:
            return layout.places[tag.written.para]
        if tag.anchor in layout.places:
            return layout.places[tag.anchor]
        return Place(0, part.label or "phần thân văn bản")

    def add_at(self, part: Part, tag: Tag, rule: Rule, message: str) -> None:
        """Record a finding of ``rule`` at ``tag``."""
        place = self.place(part, tag)
        self.add(part, place.order, place.where, tag.shown, rule, message)

    def report(self, part: Part, tag: Tag, rule: Rule, message: str) -> None:
        """A finding on a patched tag, unless its paragraph already has an error as written
        (the cause, reported in the clerk's terms)."""
        ident = tag.written.para if tag.written is not None else tag.anchor
        if rule.severity == ERROR and ident in self.bad:
            return
        self.add_at(part, tag, rule, message)

    def at_line(self, part: Part, tags: list[Tag], source: str, anchors: list[tuple[int, str]],
                lineno: int | None, rule: Rule, message: str, hint_word: str | None = None) -> None:
        """Record a finding of ``rule`` at the line ``lineno`` of the patched part ``source``
        (Jinja's own report): at the first tag on that line (the one containing
        ``hint_word`` if any), else at the paragraph the line comes from."""
        place = Place(10**9, part.label or "phần thân văn bản")
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
                place = self.place(part, tag) if tag.written else place
                shown = tag.shown
        self.add(part, place.order, place.where, shown, rule, message)
