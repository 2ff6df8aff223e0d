"""Small Jinja helpers of the template checker: messages, names a tag stores, reads
safely or tests, the template line of an exception, and "có phải là …?" suggestions."""

from __future__ import annotations

import difflib
import re
import traceback

import jinja2
from jinja2 import nodes
from markupsafe import Markup


def jinja_message(exc: jinja2.TemplateSyntaxError) -> str:
    """Jinja's message without its file and line."""
    return exc.message or str(exc)


def stored_names(node) -> set[str]:
    """Names a target assigns (``x``, ``a, b``)."""
    found = [node] if isinstance(node, nodes.Name) else list(node.find_all(nodes.Name))
    return {name.name for name in found if name.ctx in ("store", "param")}


def guarded_names(tree) -> set[str]:
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


def defined_tests(tree) -> set[str]:
    """Names an ``if`` tests with ``is defined``: its body may use them safely."""
    if tree is None:
        return set()
    return {test.node.name for test in tree.find_all(nodes.Test)
            if test.name == "defined" and isinstance(test.node, nodes.Name)}


def template_line(exc: BaseException) -> int | None:
    """The line of the template where Jinja raised ``exc`` (from its traceback), or None."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def field_keys(value, depth: int = 0) -> set[str]:
    """Field names of the dictionaries inside a context value (for suggestions)."""
    if depth > 4:
        return set()
    if isinstance(value, dict):
        found = {key for key in value if isinstance(key, str)}
        for item in value.values():
            found |= field_keys(item, depth + 1)
        return found
    if isinstance(value, (list, tuple)):
        found = set()
        for item in value[:20]:
            found |= field_keys(item, depth + 1)
        return found
    return set()


def suggest(name: str, candidates) -> str | None:
    """The closest of ``candidates`` to a misspelt ``name`` (difflib, ratio ≥ 0.6), or None."""
    match = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


def is_paragraphs(value) -> bool:
    """Whether a context value is WordprocessingML paragraphs or tables (``body``)."""
    return isinstance(value, Markup) and bool(re.search(r"<w:(p|tbl)[ >]", value))
