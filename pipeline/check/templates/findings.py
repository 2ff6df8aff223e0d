"""What the template checker reports: :class:`TemplateFinding`, and :data:`RULES`, the
rule book every rule module registers its ``TPL-…`` rules in (:mod:`pipeline.check.rulebook`).

Codes by group: ``TPL-00x`` Jinja syntax and block structure, ``TPL-01x`` tags broken
by editing in Word, ``TPL-02x`` docxtpl's paragraph/row/cell tags, ``TPL-03x``
variables, ``TPL-04x`` styles, ``TPL-05x`` the trial fill, ``TPL-09x`` the file itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.check.rulebook import ERROR, WARNING, RuleBook

__all__ = ["ERROR", "WARNING", "RULES", "TemplateFinding"]

RULES = RuleBook("Quy tắc kiểm tra mẫu .docx")
"""Every ``TPL-…`` rule, filled by the rule modules of this package when they are imported."""


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
        code: the rule's code in :data:`RULES` (``TPL-030``), "" for a finding made by hand.
    """

    template: Path
    where: str
    tag: str
    message: str
    severity: str
    code: str = ""

    def __str__(self) -> str:
        """``mẫu ke_hoach.docx, đoạn 2 «…»: {{ abstrct }}: lỗi [TPL-030]: …`` (one line)."""
        tag = f" {self.tag}:" if self.tag else ""
        code = f" [{self.code}]" if self.code else ""
        return f"mẫu {self.template.name}, {self.where}:{tag} {self.severity}{code}: {self.message}"
