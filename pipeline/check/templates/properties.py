"""The file's properties (File → Info → Properties): docxtpl fills them as templates
too, so their tags get the syntax rule (TPL-001) and the variable rule (TPL-030)."""

from __future__ import annotations

import jinja2
from jinja2 import meta

from pipeline.check.templates.findings import TemplateFinding
from pipeline.check.templates.jinja_tools import jinja_message, suggest
from pipeline.check.templates.layout import short_tag
from pipeline.check.templates.run import CheckRun
from pipeline.check.templates.syntax import TAG_SYNTAX
from pipeline.check.templates.variables import UNKNOWN_VARIABLE

PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
"""The core properties docxtpl renders (``DocxTemplate.render`` → ``render_properties``)."""


def check_properties(run: CheckRun, used: set[str]) -> list[TemplateFinding]:
    """Findings on the tags of the file's properties; adds the variables they read to ``used``."""
    found = []
    core = run.tpl.get_docx().core_properties
    for name in PROPERTIES:
        value = getattr(core, name, "") or ""
        if not any(mark in value for mark in ("{{", "{%", "{#")):
            continue
        where = f"thuộc tính tệp «{name}» (File → Info → Properties)"
        try:
            variables = meta.find_undeclared_variables(run.env.parse(value))
        except jinja2.TemplateSyntaxError as exc:
            found.append(run.finding(where, short_tag(value), TAG_SYNTAX,
                                     f"thẻ trong thuộc tính tệp viết sai cú pháp (Jinja: {jinja_message(exc)})"))
            continue
        used |= variables
        for variable in sorted(variables - run.names):
            suggestion = suggest(variable, run.names)
            hint = f" — có phải là «{suggestion}»?" if suggestion else ""
            found.append(run.finding(where, short_tag(value), UNKNOWN_VARIABLE,
                                     f"dữ liệu không có biến «{variable}»{hint}"))
    return found
