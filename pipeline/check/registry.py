"""The ND30 rule book: every rule of the format checker, with its stable code.

Codes (``ND30-`` + three digits) are grouped by ND30 component, one hundred a
component, in the order a document is read:

======  ==========================================  ===============================
code    component                                   module (pipeline/check/rules/)
======  ==========================================  ===============================
0xx     whole document: text, Unicode, tone marks   text.py
1xx     page and fonts                              page_fonts.py
2xx     letterhead: Quốc hiệu, Tiêu ngữ, agencies   letterhead.py, lines.py
3xx     number and symbol (30x–31x), date (32x)     number_date.py
4xx     type name and abstract (V/v)                type_abstract.py, lines.py
5xx     Kính gửi                                    addressees.py
6xx     body                                        body.py
7xx     Nơi nhận                                    recipients.py
8xx     signature block                             signature.py
90x     page numbers                                page_numbers.py
95x     appendix                                    appendix.py
======  ==========================================  ===============================

A code never changes meaning once published; a withdrawn rule keeps its code
unused. A finding carries the code (``Finding.code``) and, for reports made before
codes existed, the older short id of its family (``Finding.rule``: ``co-chu``,
``so-ky-hieu`` …), which ``--ignore`` also accepts.

Rules that look at the document after its components have been located are plain
functions registered with :func:`after_structure`; they run in code order.
"""

from __future__ import annotations

from typing import Callable

from pipeline.check.rulebook import ERROR, WARNING, Rule, RuleBook

__all__ = ["BOOK", "ERROR", "WARNING", "FAMILIES", "FORMAT_EXPLANATION", "define", "family",
           "after_structure", "STEPS"]

BOOK = RuleBook("Quy tắc kiểm tra thể thức Nghị định 30/2020/NĐ-CP")

#: old short id of each code (the ``rule`` field of a finding)
_FAMILY: dict[str, str] = {}
#: every old short id (accepted by ``--ignore``)
FAMILIES: set[str] = {"co-chu", "kieu-chu", "chu-hoa", "can-le"}

#: explanation shared by the rules on the size, bold/italic and case of one component
FORMAT_EXPLANATION = ("Cỡ chữ, kiểu chữ (đậm, nghiêng) và chữ hoa của thành phần; mỗi sai một phát hiện "
                      "(co-chu, kieu-chu, chu-hoa).")

#: functions run after the structure walk: (rule, function(checker))
STEPS: list[tuple[Rule, Callable]] = []


def define(code: str, name: str, family_name: str, reference: str, severity: str, summary: str, *,
           explanation: str, quote: str, right: str, wrong: str) -> Rule:
    """Register one rule in :data:`BOOK` and return it.

    ``name`` is the rule's own short name (unique); ``family_name`` the short id
    its findings report in ``Finding.rule`` (the ids used before codes existed).
    Raises ``ValueError`` for a duplicate code or name.
    """
    rule = BOOK.register(Rule(code, name, reference, severity, summary, explanation, quote, right, wrong))
    _FAMILY[code] = family_name
    FAMILIES.add(family_name)
    return rule


def family(rule: Rule) -> str:
    """The short id reported with the findings of ``rule`` (``Finding.rule``)."""
    return _FAMILY[rule.code]


def after_structure(rule: Rule) -> Callable[[Callable], Callable]:
    """Decorator: run ``function(checker)`` for ``rule`` once the components are located.

    ``checker`` is a :class:`pipeline.check.checker.Checker`: ``checker.parts`` holds
    the located components (``national``, ``motto``, ``agencies``, ``number``,
    ``date``, ``vv``, ``type_line``, ``abstract`` …), ``checker.add(rule, …)``
    records a finding.
    """
    def register(function: Callable) -> Callable:
        STEPS.append((rule, function))
        return function
    return register
