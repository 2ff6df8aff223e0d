"""What ``vanban import`` prints: files written, tracked changes accepted, the report's lines."""

from __future__ import annotations

from pipeline.importer.run import ImportOutcome
from pipeline.importer.tables import CHANGES_NAME, REPORT_NAME
from pipeline.importer.update import UpdateOutcome
from pipeline.common.files import NEW, REPLACED, UNCHANGED

STATUS = {NEW: "mới", REPLACED: "thay", UNCHANGED: "không đổi"}
SHOWN_ISSUES = 30
"""At most this many report lines on the console; the CSV report has them all."""


def console_lines(outcome: ImportOutcome | UpdateOutcome) -> list[str]:
    """The console summary of an import or an update (Vietnamese)."""
    lines = [f"{STATUS.get(w.status, w.status)}: {w.path}" for w in outcome.written]
    doc = outcome.document
    if doc.tracked_changes:
        lines.append(f"Đã chấp nhận {doc.tracked_changes} thay đổi được theo dõi (Track Changes) trong tệp Word.")
    if isinstance(outcome, UpdateOutcome):
        lines += [f"{c['Bảng']} dòng {c['Dòng']}, cột «{c['Cột']}»: {c['Thay đổi']}" for c in outcome.changes]
        lines.append(f"{len(outcome.changes)} ô thay đổi (danh sách trong {CHANGES_NAME}).")
    for issue in doc.issues[:SHOWN_ISSUES]:
        where = f"đoạn {issue.paragraph}" if issue.paragraph else "cả văn bản"
        lines.append(f"Chưa nhận dạng: {where} «{issue.first_words}»: {issue.expected}")
    if len(doc.issues) > SHOWN_ISSUES:
        lines.append(f"… và {len(doc.issues) - SHOWN_ISSUES} dòng nữa")
    if not isinstance(outcome, UpdateOutcome):
        lines.append(f"{len(doc.issues)} điểm chưa nhận dạng được (danh sách trong {REPORT_NAME}).")
    return lines
