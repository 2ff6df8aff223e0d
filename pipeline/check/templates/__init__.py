"""Checking a Word template before it is filled, with findings a clerk can act on.

:func:`check_template` reads a .docx template the way :class:`pipeline.render.docx.TemplateFile`
will fill it — docxtpl's own XML patching, then the same Jinja sandbox — and reports,
in Vietnamese, each problem with the place a clerk can find in Word (``đoạn 7 «Kính
gửi: …»``, ``bảng 2, hàng 3, ô 1 «…»``, ``đầu trang (header), đoạn 1 «…»``), the
tag as it is written there and the code of the rule it breaks (``TPL-030``). Nothing
is written and the template is not changed.

Layout, as python-docx layers its reading and ruff/pylint keep a rule registry:

- reading layer, no rules: :mod:`.layout` (parts, paragraphs/rows/cells named as in
  Word, location markers that survive docxtpl's patching), :mod:`.tags` (tags as
  written and as patched), :mod:`.jinja_tools`;
- :mod:`.findings` (:class:`TemplateFinding`, the rule book :data:`RULES`) and
  :mod:`.run` (what every rule works with);
- the rules, one module per kind, each registering its ``TPL-…`` rules:
  :mod:`.syntax` (TPL-00x), :mod:`.word_editing` (TPL-01x), :mod:`.docxtpl_tags`
  (TPL-02x), :mod:`.variables` (TPL-03x), :mod:`.styles` (TPL-04x),
  :mod:`.trial_fill` (TPL-05x), :mod:`.properties` (tags in the file's properties);
- :mod:`.checker`: the order the rules run in, and TPL-090 (file unreadable).
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from pipeline.document.model import AdministrativeDocument
from pipeline.render.docx import recipient_list_context, recipient_list_title, template_context
from pipeline.check.templates.checker import check_template
from pipeline.check.templates.findings import ERROR, RULES, WARNING, TemplateFinding
from pipeline.check.templates.styles import BODY_STYLES
from pipeline.check.templates.variables import OFF_BY_DEFAULT

__all__ = ["BODY_SAMPLE", "BODY_STYLES", "ERROR", "OFF_BY_DEFAULT", "RULES", "WARNING", "TemplateFinding",
           "check_context", "check_template", "selected"]

BODY_SAMPLE = Markup('<w:p><w:r><w:t xml:space="preserve">Nội dung.</w:t></w:r></w:p>')


def check_context(document: AdministrativeDocument, recipient_list: bool = False) -> dict:
    """The variables the renderer passes for ``document``, for :func:`check_template`.

    Args:
        document: the document's data.
        recipient_list: the context of the recipient list appendix instead of the document's.

    The body (and the recipient table) is one sample paragraph (the real one needs the template's styles, which
    the check itself reports when missing); everything else is the real value.
    """
    if recipient_list:
        return recipient_list_context(document, recipient_list_title(document), BODY_SAMPLE)
    return template_context(document, BODY_SAMPLE)


def selected(findings: Iterable[TemplateFinding], ignore: Iterable[str] = (),
             enable: Iterable[str] = ()) -> list[TemplateFinding]:
    """The findings ``vanban templates check`` shows: without the rules in ``ignore``
    nor the rules off by default (:data:`OFF_BY_DEFAULT`) unless named in ``enable``.

    ``ignore`` and ``enable`` hold codes (``TPL-032``, any case) or rule names
    (``bien-khong-dung``). Raises :class:`pipeline.check.rulebook.UnknownRule` for a name
    that is no rule of :data:`RULES`.
    """
    dropped = RULES.codes(ignore) | (OFF_BY_DEFAULT - RULES.codes(enable))
    return [finding for finding in findings if finding.code not in dropped]
