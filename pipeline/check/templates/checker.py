"""The order in which the template rules run over a template, part by part.

For each part (body, headers, footers, footnotes): the tags as written in Word
(:mod:`.word_editing`, the ``{%p``/``{%tr``/``{%tc`` tags of :mod:`.docxtpl_tags`),
then docxtpl's patching with location markers (:mod:`.layout`), the tags as Jinja will
read them (:mod:`.syntax`, block structure, value forms), the variables
(:mod:`.variables`) and, when the part has no error so far, Jinja's verdict on the
whole part and a trial fill (:mod:`.trial_fill`). Then the whole template: the file's
properties (:mod:`.properties`), the styles the body needs (:mod:`.styles`) and the
data's variables no tag reads.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta
from lxml import etree

from pipeline.common.errors import TemplateProblem
from pipeline.render.docx import TemplateFile
from pipeline.check.rulebook import ERROR, Rule
from pipeline.check.templates.docxtpl_tags import check_forms, check_prefixes
from pipeline.check.templates.findings import RULES, TemplateFinding
from pipeline.check.templates.layout import Layout, template_parts
from pipeline.check.templates.properties import check_properties
from pipeline.check.templates.run import CheckRun, Part
from pipeline.check.templates.styles import check_styles
from pipeline.check.templates.syntax import check_part_syntax, check_structure, check_syntax
from pipeline.check.templates.tags import (Tag, WrittenTag, align, parse_tags, scan_patched, scan_written,
                                          statement_of, stub, unmark)
from pipeline.check.templates.trial_fill import trial_fill
from pipeline.check.templates.variables import check_variables, unused_variables
from pipeline.check.templates.word_editing import check_revisions, check_written

UNREADABLE = RULES.register(Rule(
    "TPL-090", "khong-mo-duoc-tep", "python-docx, docxtpl: mẫu phải là tệp Word .docx (Office Open XML)", ERROR,
    "Không mở được tệp mẫu (không phải .docx, tệp hỏng hoặc đang khóa)",
    "Tệp mẫu phải là một tệp .docx đọc được; tệp .doc cũ, tệp hỏng hoặc tệp không đọc được thì không kiểm tra "
    "và không điền được.",
    right="ke_hoach.docx (lưu bằng Word: File → Save As → Word Document)",
    wrong="ke_hoach.doc (Word 97-2003) đổi tên thành .docx"))

TAG_CHECKS = (check_syntax, check_structure, check_forms)
"""Rules on the patched tags, in this order, when docxtpl's patching kept the text whole."""


def check_template(path: Path | TemplateFile, provided: dict[str, object]) -> list[TemplateFinding]:
    """Check the template ``path`` against the variables ``provided``.

    Args:
        path: a .docx template, or one already opened and not yet filled (the build checks the
            :class:`pipeline.render.docx.TemplateFile` it then fills, so each template is
            opened and parsed once per run).
        provided: the variables the data provides, as the context the renderer passes
            (see :func:`pipeline.check.templates.check_context`).

    Returns:
        The findings, in document order (body, headers, footers, footnotes, then the
        whole template), each with its rule's code; empty, or warnings only, for a
        template that fills correctly. Nothing is written and the template is not changed.
    """
    if isinstance(path, TemplateFile):
        return _Checker(path.path, path, dict(provided)).run()
    path = Path(path)
    try:
        template = TemplateFile(path)
    except TemplateProblem as exc:
        return [TemplateFinding(path, "cả tệp", "", exc.message, UNREADABLE.severity, UNREADABLE.code)]
    return _Checker(path, template, dict(provided)).run()


class _Checker(CheckRun):
    def run(self) -> list[TemplateFinding]:
        used: set[str] = set()
        body: tuple[Part, Tag] | None = None
        out: list[TemplateFinding] = []
        for label, root in template_parts(self.tpl.get_docx()):
            part = Part(label, root)
            self._check_part(part)
            used |= part.used
            if part.body_tag is not None and body is None:
                body = (part, part.body_tag)
            out.extend(finding for _, finding in sorted(part.findings, key=lambda item: item[0]))
        out.extend(check_properties(self, used))
        if body is not None:
            out.extend(check_styles(self, *body))
        out.extend(unused_variables(self, used))
        unique: dict[tuple, TemplateFinding] = {}
        for finding in out:
            unique.setdefault((finding.where, finding.tag, finding.message), finding)
        return list(unique.values())

    def _check_part(self, part: Part) -> None:
        layout = part.layout = Layout(part.root, part.label)
        written = scan_written(layout)
        self.bad = set()
        swallowing = check_written(self, part, written)
        swallowing = check_prefixes(self, part, written) or swallowing
        part.used |= self._written_names(written)
        check_revisions(self, part)
        layout.mark()
        patched = self.tpl.patch_xml(etree.tostring(part.root, encoding="unicode"))
        source, anchors = unmark(patched)
        tags = scan_patched(source, anchors)
        align(written, tags)
        parse_tags(self.env, tags)
        if not swallowing:  # else docxtpl's patching swallowed text: its result says nothing reliable
            for check in TAG_CHECKS:
                check(self, part, tags)
        check_variables(self, part, tags)
        if any(finding.severity == ERROR for _, finding in part.findings):
            return
        tree = check_part_syntax(self, part, tags, source, anchors)
        if tree is None:
            return
        part.used |= meta.find_undeclared_variables(tree)
        trial_fill(self, part, tags, source, anchors)

    def _written_names(self, written: list[WrittenTag]) -> set[str]:
        """Variables named in the tags as written (so that a variable is "used" even when
        a broken tag keeps docxtpl from seeing it)."""
        names: set[str] = set()
        for tag in written:
            if not tag.key or tag.kind == "#":
                continue
            probe = Tag(tag.key, 0, (), None, kind=tag.kind)
            if tag.kind == "%":
                probe.name = statement_of(tag.key)
            try:
                names |= set(meta.find_undeclared_variables(self.env.parse(stub(probe)))) - {"_"}
            except jinja2.TemplateSyntaxError:
                continue
        return names
