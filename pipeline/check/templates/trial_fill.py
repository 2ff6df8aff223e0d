"""Rules of the trial fill (``TPL-05x``): when a part has no error so far, it is filled
with the data's variables exactly as the renderer will (a missing field such as
``{{ u.nmae }}``, a filter given the wrong type), and the filled part must still be
well-formed XML."""

from __future__ import annotations

import re

import jinja2
from lxml import etree

from pipeline.check.rulebook import ERROR, Rule
from pipeline.check.templates.findings import RULES
from pipeline.check.templates.jinja_tools import field_keys, suggest, template_line
from pipeline.check.templates.run import CheckRun, Part
from pipeline.check.templates.tags import Tag

FILL_FAILS = RULES.register(Rule(
    "TPL-050", "thu-dien-loi", "Jinja — Template Designer Documentation, mục Variables (StrictUndefined: trường "
    "không có là lỗi), Builtin Filters", ERROR,
    "Thử điền mẫu với dữ liệu thật thì lỗi (trường không có, bộ lọc nhận sai kiểu …)",
    "Khi các kiểm tra trước không thấy lỗi, phần mẫu được điền thử bằng đúng dữ liệu của văn bản. Lỗi thường "
    "gặp: trường của một biến lặp gõ sai («{{ u.nmae }}», có gợi ý tên gần nhất), bộ lọc dùng cho giá trị "
    "không hợp.",
    right="{%tr for u in groups[0].units %} … {{ u.name }}",
    wrong="{%tr for u in groups[0].units %} … {{ u.nmae }}"))

BROKEN_XML = RULES.register(Rule(
    "TPL-051", "xml-hong-sau-khi-dien", "Office Open XML (ECMA-376 Phần 1): tệp phải là XML hợp lệ; docxtpl — "
    "tài liệu, mục Jinja2-like syntax › Extensions", ERROR,
    "Sau khi điền thử, phần này không còn là XML hợp lệ (Word sẽ báo tệp hỏng)",
    "Phần mẫu đã điền thử được đọc lại như XML; nếu hỏng, thường do một thẻ «{%p …%}», «{%tr …%}» hoặc "
    "«{{p …}}» đặt sai chỗ.",
    right="{{p body }}  (một đoạn riêng)", wrong="{{p body }} và chữ khác trong cùng đoạn"))


def trial_fill(run: CheckRun, part: Part, tags: list[Tag], source: str, anchors) -> None:
    """TPL-050, TPL-051: fill the patched part ``source`` with ``run.provided``."""
    try:
        filled = run.env.from_string(source).render(run.provided)
    except Exception as exc:  # anything the real fill would raise
        word = None
        detail = str(exc)
        if isinstance(exc, jinja2.UndefinedError):
            attribute = re.search(r"has no attribute '([^']+)'", detail)
            undefined = re.search(r"'([^']+)' is undefined", detail)
            if attribute:
                word = attribute.group(1)
                suggestion = suggest(word, field_keys(list(run.provided.values())))
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
        run.at_line(part, tags, source, anchors, template_line(exc), FILL_FAILS, message, hint_word=word)
        return
    try:
        etree.fromstring(filled.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        run.add(part, 10**9, part.label or "phần thân văn bản", "", BROKEN_XML,
                f"sau khi điền, phần này không còn là XML hợp lệ nên Word sẽ báo tệp hỏng hoặc mất chữ ({exc}); "
                "thường do một thẻ «{%p …%}», «{%tr …%}» hoặc «{{p …}}» đặt sai chỗ")
