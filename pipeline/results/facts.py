"""What a results report or a reminder letter can say about the plan's responses:
placeholders, lists and tables computed from the aggregation.

A report's or letter's ``thong_tin_chung`` names its plan (``Kế hoạch`` = the plan's
folder in the same year folder); the responses are read from ``<year>/responses/``.

Placeholders (in ``Nội dung``): ``{kế hoạch}`` (``Kế hoạch số 05/KH-SKHCN ngày 05/02/2024``),
``{số đơn vị phải báo cáo}``, ``{số đơn vị đã báo cáo}``,
``{số đơn vị đúng hạn}``, ``{số đơn vị trễ hạn}``, ``{số đơn vị chưa báo cáo}``,
``{hạn báo cáo}`` (the plan's deadline, ``25/5/2024``) and ``{tổng <mã chỉ tiêu>}`` for
each indicator (``{tổng hoi_thao}``), in Vietnamese number format.
Lists (a row naming one repeats per item): ``{điểm nổi bật}`` (``Tên đơn vị: …``),
``{đơn vị trễ hạn}``, ``{đơn vị chưa báo cáo}``.
Tables (a row with ``Cấp`` = ``bảng`` and the table's name in ``Nội dung``):
``kết quả theo khối`` and ``tình hình báo cáo``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.results.aggregate import LATE, MISSING, ON_TIME, Summary, expected_units, summarise
from pipeline.common.errors import InputError, Location, VanbanError
from pipeline.common.once import once_per_run
from pipeline.data.indicators import load_indicators
from pipeline.data.tables import Source, fold_key
from pipeline.document.model import GENERAL_TABLE, AdministrativeDocument, DataTable, read_document
from pipeline.results.responses import read_responses
from pipeline.common.vnformat import doc_ref, format_number, short_date

RESPONSES_FOLDER = "responses"
DEADLINE_NAME = "hạn báo cáo"


class NoResponsesYet(VanbanError):
    """The responses folder is missing or empty: no report or reminder can be made yet."""


def has_responses(folder: Path) -> bool:
    """Whether ``folder`` holds any returned file (not a README, lock or hidden file)."""
    if not folder.is_dir():
        return False
    for path in folder.iterdir():
        name = path.name.casefold()
        if name.startswith(("~$", ".", "readme")) or name.endswith((".md", ".txt")) or \
                name in ("thumbs.db", "desktop.ini"):
            continue
        return True
    return False


@dataclass
class Results:
    """The plan, its aggregation and what a document can print from it.

    Attributes:
        plan: the plan's ``AdministrativeDocument``.
        summary: the aggregation.
        values, lists, tables: placeholders, list placeholders and tables (folded names).
        per_unit: reminder letters go one per unit (``Gửi từng đơn vị`` = ``x``).
    """

    plan: object
    summary: Summary
    values: dict[str, str]
    lists: dict[str, list[str]]
    tables: dict[str, DataTable]
    per_unit: bool = False


@once_per_run()
def load_document(path: Path) -> AdministrativeDocument:
    """Read and check one document's data, with its plan's results when it names one.

    The entry point for reading a document: :func:`pipeline.document.model.read_document`
    with :func:`load_results` as the results loader. Raises as that function does. Read once
    per run (:mod:`pipeline.common.once`): a plan is read once for itself and its reports.
    """
    return read_document(path, load_results)


def load_documents(path: Path) -> list[AdministrativeDocument]:
    """Read one data source into the documents it makes.

    Usually one document. A reminder letter (a công văn naming its plan with
    ``Kế hoạch``) is addressed to the units that have not reported: with
    ``Gửi từng đơn vị`` = ``x`` one letter per unit, otherwise one letter to all of
    them (its Kính gửi lists them, unless ``Kính gửi`` is given); when every unit
    has reported there is no letter at all.

    Raises:
        InputError: as :func:`load_document`; ``Gửi từng đơn vị`` without ``Kế hoạch``.
    """
    document = load_document(path)
    results = document.results
    if results is None or not document.is_letter:
        return [document]
    missing = results.summary.units
    missing = missing[missing["expected"] & (missing["status"] == "chưa báo cáo")]
    units = [results.plan.recipients.registry.units[code] for code in missing["code"]]
    if not units:
        return []
    if results.per_unit:
        if document.number:
            raise InputError(Location(document.source / f"{GENERAL_TABLE}.csv", column="Giá trị"),
                             "công văn gửi từng đơn vị thì mỗi công văn một số: để trống «Số» (văn thư ghi số "
                             "cho từng công văn) hoặc bỏ «Gửi từng đơn vị» để gửi một công văn chung")
        return [replace(document, addressees=[unit.full_name], file_suffix=unit.code) for unit in units]
    if document.addressees:
        return [document]
    return [replace(document, addressees=[unit.full_name for unit in units])]


@once_per_run()
def load_results(plan_path: Path, location: Location) -> Results:
    """Read the plan, the responses and aggregate (once per run for each plan: a report and a
    reminder letter of one plan share it).

    Args:
        plan_path: the plan's data folder (or workbook).
        location: the cell naming the plan (for errors).

    Raises:
        InputError: the plan is missing or has no ``hạn báo cáo`` date; any
            problem in the plan's data; ResponseErrors for the responses.
        NoResponsesYet: no returned file yet (the build skips the document with a warning).
    """
    if not plan_path.exists():
        raise InputError(location, f"không tìm thấy dữ liệu kế hoạch {plan_path}")
    plan = load_document(plan_path)  # the plan is a document like any other
    deadline = plan.named_dates.get(fold_key(DEADLINE_NAME))
    if deadline is None:
        raise InputError(location, f"kế hoạch {plan_path.name} chưa có mốc thời gian «{DEADLINE_NAME}» "
                         "(bảng moc_thoi_gian), nên không biết hạn để tính đúng hạn, trễ hạn")
    indicators = load_indicators(Source(plan_path))
    registry = plan.recipients.registry  # as it stands on the plan's date: who must report, group names
    folder = plan_path.parent / RESPONSES_FOLDER
    if not has_responses(folder):
        raise NoResponsesYet(f"chưa có báo cáo nào của các đơn vị trong {folder}")
    responses = read_responses(folder, indicators, plan.recipients.history)
    summary = summarise(expected_units(plan.recipients, registry), responses, indicators, registry, deadline,
                        plan.year, plan.issue_date)
    values = _values(summary)
    values[fold_key("kế hoạch")] = _plan_reference(plan)
    return Results(plan, summary, values, _lists(summary), _tables(summary))


def _plan_reference(plan) -> str:
    """``Kế hoạch số 05/KH-SKHCN ngày 05/02/2024`` (blank number and date for a draft plan)."""
    kind = plan.doc_type.lower().capitalize()
    if plan.number:
        text = f"{kind} số {doc_ref(plan.number, plan.symbol)}"
    else:
        text = f"{kind} số{doc_ref(None, plan.symbol)}"
    return text + (f" ngày {short_date(plan.issue_date)}" if plan.issue_date else "")


def _values(summary: Summary) -> dict[str, str]:
    values = {
        "số đơn vị phải báo cáo": summary.expected,
        "số đơn vị đã báo cáo": summary.count(ON_TIME) + summary.count(LATE),
        "số đơn vị đúng hạn": summary.count(ON_TIME),
        "số đơn vị trễ hạn": summary.count(LATE),
        "số đơn vị chưa báo cáo": summary.count(MISSING),
    }
    values.update({f"tổng {i.code}": summary.total(i.code) for i in summary.indicators})
    texts = {fold_key(name): format_number(value) for name, value in values.items()}
    texts[fold_key(DEADLINE_NAME)] = short_date(summary.deadline)
    return texts


def _lists(summary: Summary) -> dict[str, list[str]]:
    return {
        fold_key("điểm nổi bật"): [f"{name}: {text}" for name, text in summary.highlights],
        fold_key("đơn vị trễ hạn"): summary.names(LATE),
        fold_key("đơn vị chưa báo cáo"): summary.names(MISSING),
    }


def _tables(summary: Summary) -> dict[str, DataTable]:
    indicators = summary.indicators
    by_group = DataTable(
        header=["TT", "Khối đơn vị", "Phải báo cáo", "Đã báo cáo"] + [i.header for i in indicators],
        rows=[], widths=[7, 21, 8, 8] + [10] * len(indicators), total_row=True)
    for number, (code, row) in enumerate(summary.totals.iterrows(), start=1):
        first = "" if code == "" else str(number)
        by_group.rows.append([first, row["group_name"], format_number(row["expected"]),
                              format_number(row["reported"])]
                             + [format_number(row[i.code]) for i in indicators])
    status = DataTable(header=["STT", "Đơn vị", "Tình hình", "Ngày gửi"], rows=[], widths=[8, 52, 16, 14])
    expected = summary.units[summary.units["expected"]]
    for number, row in enumerate(expected.itertuples(), start=1):
        sent = short_date(row.sent) if row.status != MISSING else ""
        status.rows.append([str(number), row.name, row.status.capitalize(), sent])
    return {fold_key("kết quả theo khối"): by_group, fold_key("tình hình báo cáo"): status}
