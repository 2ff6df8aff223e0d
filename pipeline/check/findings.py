"""A finding of the format checker and the two reports (text for people, JSON for machines)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.check.rulebook import ERROR

__all__ = ["Finding", "findings_text", "findings_json"]


@dataclass(frozen=True)
class Finding:
    """One departure from the ND30 format.

    Attributes:
        rule: short id of the rule family, as in reports made before codes existed,
            e.g. ``"le-trang"``, ``"co-chu"``, ``"ngay-thang"``.
        reference: the ND30 source, e.g. ``"ND30 Phụ lục I Phần I, mục I.3"``.
        severity: ``"lỗi"`` (a clear breach) or ``"cảnh báo"`` (practice, or not
            readable reliably).
        where: where it is, e.g. ``"bảng 1, ô (2, 2) «Thanh Hóa, ngày 05 tháng 08…»"``,
            ``"đoạn 12 «Thực hiện…»"`` or ``"trang"``.
        found: what was found (Vietnamese).
        expected: what ND30 expects (Vietnamese).
        code: the stable rule code, e.g. ``"ND30-103"`` (``vanban check --explain``).
    """

    rule: str
    reference: str
    severity: str
    where: str
    found: str
    expected: str
    code: str = ""


def _counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.severity == ERROR for f in findings)
    return errors, len(findings) - errors


def findings_text(path: Path, findings: list[Finding]) -> str:
    """Báo cáo kiểm tra cho người đọc: một dòng cho mỗi sai sót và một dòng tổng.

    Each line: ``[lỗi] <rule> — <where>: <found>; cần: <expected> (<reference>) [<code>]``.
    """
    lines = [f"Kiểm tra thể thức: {path}"]
    for finding in findings:
        code = f" [{finding.code}]" if finding.code else ""
        lines.append(f"  [{finding.severity}] {finding.rule} — {finding.where}: {finding.found}; "
                     f"cần: {finding.expected} ({finding.reference}){code}")
    errors, warnings = _counts(findings)
    if not findings:
        lines.append("  Không phát hiện sai sót về thể thức.")
    lines.append(f"Tổng cộng: {errors} lỗi, {warnings} cảnh báo.")
    return "\n".join(lines) + "\n"


def findings_json(results: dict[Path, list[Finding]], codes: bool = False) -> str:
    """Báo cáo cho máy: JSON (UTF-8, không thoát ký tự tiếng Việt).

    Shape::

        {"files": [{"path": "...", "errors": 1, "warnings": 0,
                    "findings": [{"rule": ..., "reference": ..., "severity": ...,
                                  "where": ..., "found": ..., "expected": ...,
                                  "code": ...}]}],
         "errors": 1, "warnings": 0}

    ``codes``: include each finding's ``code`` (``vanban check --format json`` does;
    the default keeps the shape of reports made before codes existed).
    """
    files = []
    total_errors = total_warnings = 0
    for path, findings in results.items():
        errors, warnings = _counts(findings)
        total_errors += errors
        total_warnings += warnings
        rows = [asdict(f) for f in findings]
        if not codes:
            for row in rows:
                del row["code"]
        files.append({"path": str(path), "errors": errors, "warnings": warnings, "findings": rows})
    return json.dumps({"files": files, "errors": total_errors, "warnings": total_warnings},
                      ensure_ascii=False, indent=1)
