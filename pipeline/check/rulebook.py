"""Rule books: the rules a checker applies, each with a stable code.

Both checkers (the ND30 format checker of a .docx, ``ND30-…`` codes, and the
template checker, ``TPL-…`` codes) describe their rules with :class:`Rule` and
keep them in a :class:`RuleBook`, the way linters such as ruff and pylint keep a
registry of rules: a finding carries the code, ``--list-rules`` prints the book,
``--explain CODE`` prints one rule, ``--ignore CODE`` drops its findings.

A code never changes meaning once published; a rule that is withdrawn keeps its
code unused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from pipeline.common.errors import VanbanError

__all__ = ["ERROR", "WARNING", "Rule", "RuleBook", "UnknownRule"]

ERROR = "lỗi"
WARNING = "cảnh báo"


class UnknownRule(VanbanError):
    """A code given on the command line or in the data names no rule."""


@dataclass(frozen=True)
class Rule:
    """One rule of a checker.

    ``code``: stable code (``ND30-101``, ``TPL-001``); ``name``: short id used in
    older reports (``kho-giay``); ``reference``: the text it rests on (``ND30 Phụ
    lục I Phần I, mục I.1–I.2``); ``severity``: ``lỗi`` or ``cảnh báo`` (the usual
    one; a rule may report the other where its description says so);
    ``summary``: one line in Vietnamese; ``explanation``: what it checks and how;
    ``quote``: what the decree says, in Vietnamese (nd30.md gives it in English); ``right``/``wrong``: one
    example each.
    """

    code: str
    name: str
    reference: str
    severity: str
    summary: str
    explanation: str = ""
    quote: str = ""
    right: str = ""
    wrong: str = ""


class RuleBook:
    """An ordered registry of :class:`Rule` by code (and by short name).

    ``register`` raises ``ValueError`` on a duplicate code or name (a programming
    error, found by the tests); ``get`` raises :class:`UnknownRule` with a
    Vietnamese message that lists close codes.
    """

    def __init__(self, title: str):
        self.title = title
        self._by_code: dict[str, Rule] = {}
        self._by_name: dict[str, Rule] = {}

    def register(self, rule: Rule) -> Rule:
        """Add ``rule``; return it (so a module can write ``X = BOOK.register(Rule(...))``)."""
        if rule.code in self._by_code or rule.name in self._by_name:
            raise ValueError(f"duplicate rule {rule.code} / {rule.name}")
        self._by_code[rule.code] = rule
        self._by_name[rule.name] = rule
        return rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._by_code.values(), key=lambda rule: rule.code))

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: str) -> bool:
        return code.strip().upper() in self._by_code

    def get(self, code: str) -> Rule:
        """The rule with this code (case-insensitive) or short name."""
        key = code.strip()
        rule = self._by_code.get(key.upper()) or self._by_name.get(key.lower())
        if rule is None:
            known = ", ".join(r.code for r in self)
            raise UnknownRule(f"không có quy tắc «{code}» trong {self.title}; các mã có: {known}")
        return rule

    def codes(self, names: Iterable[str]) -> set[str]:
        """The codes of the given codes or names; raises :class:`UnknownRule` for one unknown."""
        return {self.get(name).code for name in names}

    def listing(self) -> str:
        """``--list-rules``: one line per rule: code, severity, reference, summary."""
        lines = [f"{self.title} ({len(self)} quy tắc)"]
        for rule in self:
            lines.append(f"{rule.code}  {rule.severity:<8}  {rule.summary}  [{rule.reference}]")
        return "\n".join(lines)

    def explain(self, code: str) -> str:
        """``--explain CODE``: the rule in full, in Vietnamese."""
        rule = self.get(code)
        parts = [f"{rule.code} ({rule.name}) — {rule.summary}",
                 f"Mức: {rule.severity}", f"Căn cứ: {rule.reference}"]
        if rule.explanation:
            parts.append(f"Kiểm tra: {rule.explanation}")
        if rule.quote:
            parts.append(f"Văn bản quy định: «{rule.quote}»")
        if rule.right:
            parts.append(f"Đúng: {rule.right}")
        if rule.wrong:
            parts.append(f"Sai: {rule.wrong}")
        return "\n".join(parts)
