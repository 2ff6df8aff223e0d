"""What a results report or a reminder letter can say about the plan's responses:
placeholders, lists and tables computed from the aggregation.

A report's or letter's ``thong_tin_chung`` names its plan (``Kế hoạch`` = the plan's
folder in the same year folder); the responses are read from ``<year>/responses/``.

Placeholders (in ``Nội dung``): ``{kế hoạch}`` (``Kế hoạch số 05/KH-SKHCN ngày 05/02/2024``),
``{số đơn vị phải báo cáo}``, ``{số đơn vị đã báo cáo}``,
``{số đơn vị đúng hạn}``, ``{số đơn vị trễ hạn}``, ``{số đơn vị chưa báo cáo}``,
``{hạn báo cáo}`` (the plan's deadline, ``25/5/2024``) and ``{tổng <mã chỉ tiêu>}`` for
each counted indicator (``{tổng hoi_thao}``), in Vietnamese number format (counts below
10 as ``01`` … when the report says ``Số đếm hai chữ số`` = ``x``).
Lists (a row naming one repeats per item): ``{điểm nổi bật}`` (``Tên đơn vị: …``),
``{đơn vị trễ hạn}``, ``{đơn vị chưa báo cáo}``, and ``{nội dung <mã chỉ tiêu>}`` for each
text indicator (``Tên đơn vị: what it wrote``).
Tables (a row with ``Cấp`` = ``bảng`` and the table's name in ``Nội dung``): see :data:`TABLES`.
Blocks (rows with ``Lặp theo``): :mod:`pipeline.results.blocks`. Every name is listed,
with its meaning, by :func:`report_reference` (``vanban templates reference``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.results.aggregate import LATE, MISSING, ON_TIME, Summary, expected_units, summarise
from pipeline.results.blocks import BLOCK_FIELDS, report_blocks
from pipeline.results.report_tables import TABLES, report_tables
from pipeline.common.errors import InputError, Location, VanbanError
from pipeline.common.once import once_per_run, path_key
from pipeline.data.indicators import load_indicators
from pipeline.data.tables import Source, fold_key
from pipeline.document.invitation import invitations
from pipeline.document.model import GENERAL_TABLE, AdministrativeDocument, DataTable, read_document
from pipeline.document.model.blocks import Block
from pipeline.results.responses import ResponseSet, read_responses
from pipeline.common.vnformat import doc_ref, format_count, short_date

RESPONSES_FOLDER = "responses"
DEADLINE_NAME = "hạn báo cáo"


class NoResponsesYet(VanbanError):
    """No unit has reported yet and the report says «Khi chưa có báo cáo» = «bỏ qua»:
    the build leaves that report out with a warning."""


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
        blocks: the blocks body rows repeat over (``Lặp theo``), by folded name.
        per_unit: reminder letters go one per unit (``Gửi từng đơn vị`` = ``x``).
        skip_without_responses: no report while no unit has reported
            (``Khi chưa có báo cáo`` = ``bỏ qua``).
        group_letters: group codes whose units that have not reported get one letter
            for the whole group (``Gửi chung cho khối``).
        folder: the responses folder.
    """

    plan: object
    summary: Summary
    values: dict[str, str]
    lists: dict[str, list[str]]
    tables: dict[str, DataTable]
    blocks: dict[str, Block]
    per_unit: bool = False
    skip_without_responses: bool = False
    group_letters: list[str] = field(default_factory=list)
    folder: Path | None = None
    template_data: dict | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def nobody_reported(self) -> bool:
        """No expected unit has sent a report yet (the usual state on the deadline)."""
        return self.summary.count(ON_TIME) + self.summary.count(LATE) == 0


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

    Usually one document. A Giấy mời makes its invitations
    (:func:`pipeline.document.invitation.invitations`). A reminder letter (a công văn
    naming its plan with ``Kế hoạch``) is addressed to the units that have not reported — all of them
    when nobody has reported yet: the units of each group named in
    ``Gửi chung cho khối`` get one letter for the whole group (Kính gửi: the group's
    line; with ``Mẫu danh sách nơi nhận``, the list of those units is attached);
    the others one letter each with ``Gửi từng đơn vị`` = ``x``, otherwise one
    letter to all of them (its Kính gửi lists them, unless ``Kính gửi`` is given, or
    with ``Mẫu danh sách nơi nhận`` names the attached list). When every unit has
    reported there is no letter at all. A report made while nobody has reported
    says so through its figures (warned); with ``Khi chưa có báo cáo`` = ``bỏ qua``
    it is not made.

    Raises:
        InputError: as :func:`load_document`; ``Gửi từng đơn vị`` without ``Kế hoạch``;
            a numbered letter that would go out as several letters; an attached list
            with only per-unit letters.
        NoResponsesYet: a report with ``Khi chưa có báo cáo`` = ``bỏ qua`` while nobody has reported.
    """
    document = load_document(path)
    if document.invitation is not None:
        return invitations(document)
    results = document.results
    if results is None:
        return [document]
    if not document.is_letter:
        if results.nobody_reported:
            if results.skip_without_responses:
                raise NoResponsesYet(f"chưa có đơn vị nào gửi báo cáo trong {results.folder} và «Khi chưa có "
                                     "báo cáo» = «bỏ qua»")
            document.warnings.append(f"chưa có đơn vị nào gửi báo cáo trong {results.folder}: {path.name} được "
                                     "lập, ghi rõ chưa đơn vị nào báo cáo (ghi «Khi chưa có báo cáo» = «bỏ qua» "
                                     "để không lập)")
        return [document]
    return _reminders(document, results)


def _reminders(document: AdministrativeDocument, results: Results) -> list[AdministrativeDocument]:
    """The reminder letters of :func:`load_documents`, groups first then units."""
    missing = results.summary.units
    missing = missing[missing["expected"] & (missing["status"] == MISSING)]
    registry = results.plan.recipients.registry
    units = [registry.units[code] for code in missing["code"]]
    if results.nobody_reported and units:
        document.warnings.append(f"chưa có đơn vị nào gửi báo cáo trong {results.folder}: công văn đôn đốc "
                                 f"{document.source.name} gửi cả {len(units)} đơn vị")
    letters = []
    for code in results.group_letters:
        members = [unit for unit in units if unit.group == code]
        if members:
            letters.append(_group_letter(document, registry.groups[code], members))
    units = [unit for unit in units if unit.group not in results.group_letters]
    several = len(letters) + (len(units) if results.per_unit else bool(units)) > 1
    if several and document.number:
        raise InputError(Location(document.source / f"{GENERAL_TABLE}.csv", column="Giá trị"),
                         "công văn gửi thành nhiều công văn thì mỗi công văn một số: để trống «Số» (văn thư ghi "
                         "số cho từng công văn) hoặc bỏ «Gửi từng đơn vị», «Gửi chung cho khối» để gửi một "
                         "công văn chung")
    if not units:
        return letters
    if results.per_unit:
        if document.list_template and not letters:
            raise InputError(Location(document.source / f"{GENERAL_TABLE}.csv", column="Giá trị"),
                             "«Mẫu danh sách nơi nhận» kèm danh sách đơn vị vào công văn gửi chung; công văn "
                             "gửi từng đơn vị không kèm danh sách: bỏ một trong hai mục")
        return letters + [replace(document, addressees=[unit.full_name], file_suffix=unit.code, list_template="")
                          for unit in units]
    if document.list_template:
        return letters + [_listed(document, units, [LISTED_ADDRESSEE])]
    if document.addressees:
        return letters + [document]
    return letters + [replace(document, addressees=[unit.full_name for unit in units])]


LISTED_ADDRESSEE = "Các cơ quan, đơn vị có tên trong danh sách kèm theo"
LIST_TITLE = "DANH SÁCH CÁC ĐƠN VỊ CHƯA GỬI BÁO CÁO"


def _group_letter(document: AdministrativeDocument, group, members: list) -> AdministrativeDocument:
    """One letter to a whole group (Kính gửi: its ``Ghi trong nơi nhận``), with the list of
    its units that have not reported when the document has ``Mẫu danh sách nơi nhận``."""
    line = group.recipient_line
    if document.list_template:
        return replace(_listed(document, members, [f"{line} (có tên trong danh sách kèm theo)"]),
                       file_suffix=group.code)
    return replace(document, addressees=[line], file_suffix=group.code)


def _listed(document: AdministrativeDocument, units: list, addressees: list[str]) -> AdministrativeDocument:
    """``document`` addressed to ``addressees`` with ``units`` as its attached list."""
    listed = replace(document.recipients, units=units, addressed=[])
    return replace(document, addressees=addressees, recipients=listed, list_title=LIST_TITLE)


def _results_key(plan_path: Path, location: Location, two_digits: bool = False) -> tuple:
    """One set of texts per plan and way of writing counts (the cell that named the plan aside)."""
    return path_key(plan_path), two_digits


@dataclass(frozen=True)
class _Aggregation:
    """A plan with its responses read and aggregated: what every report of the plan shares."""

    plan: AdministrativeDocument
    summary: Summary
    folder: Path


@once_per_run()
def _aggregate(plan_path: Path, location: Location) -> _Aggregation:
    """Read the plan and its responses and aggregate them, once per run for each plan (its reports
    and reminder letters share it, whichever way they write counts); raises as :func:`load_results`."""
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
    if has_responses(folder):
        responses = read_responses(folder, indicators, plan.recipients.history)
    else:  # on the deadline usually nobody has reported yet: every unit is missing
        responses = ResponseSet([], [], [])
    summary = summarise(expected_units(plan.recipients, registry), responses, indicators, registry, deadline,
                        plan.year, plan.issue_date)
    return _Aggregation(plan, summary, folder)


@once_per_run(_results_key)
def load_results(plan_path: Path, location: Location, two_digits: bool = False) -> Results:
    """Read the plan, the responses and aggregate (once per run for each plan: a report and a
    reminder letter of one plan share it), then write its figures.

    Args:
        plan_path: the plan's data folder (or workbook).
        location: the cell naming the plan (for errors).
        two_digits: the report writes counts below 10 as ``01`` … ``09``
            (``Số đếm hai chữ số`` = ``x``; :func:`pipeline.common.vnformat.format_count`).

    Raises:
        InputError: the plan is missing or has no ``hạn báo cáo`` date; any
            problem in the plan's data; ResponseErrors for the responses.
        (No returned file yet is no error: every expected unit is then «chưa báo cáo».)
    """
    aggregation = _aggregate(plan_path, location)
    plan, summary = aggregation.plan, aggregation.summary
    _check_figures(summary, location)
    values = _values(summary, two_digits)
    values[fold_key("kế hoạch")] = _plan_reference(plan)
    return Results(plan, summary, values, _lists(summary), report_tables(summary, two_digits),
                   report_blocks(summary, two_digits), folder=aggregation.folder)


VALUES = {
    "kế hoạch": "`Kế hoạch số 05/KH-SKHCN ngày 05/02/2024`",
    "hạn báo cáo": "hạn gửi báo cáo của kế hoạch (`25/5/2024`)",
    "số đơn vị phải báo cáo": "số đơn vị phải báo cáo theo kế hoạch",
    "số đơn vị đã báo cáo": "số đơn vị đã gửi báo cáo (đúng hạn + trễ hạn)",
    "số đơn vị đúng hạn": "số đơn vị gửi đúng hạn",
    "số đơn vị trễ hạn": "số đơn vị gửi trễ hạn",
    "số đơn vị chưa báo cáo": "số đơn vị chưa gửi báo cáo",
    "các đơn vị trễ hạn": "tên ngắn các đơn vị gửi trễ hạn, cách nhau bởi dấu phẩy",
    "các đơn vị chưa báo cáo": "tên ngắn các đơn vị chưa báo cáo, cách nhau bởi dấu phẩy",
    "tổng <mã chỉ tiêu>": "tổng của một chỉ tiêu số (`{tổng hoi_thao}`), bằng tổng của các đơn vị",
}
LISTS = {
    "điểm nổi bật": "`Tên đơn vị: …` cho mỗi đơn vị có ghi điểm nổi bật",
    "đơn vị trễ hạn": "tên ngắn mỗi đơn vị gửi trễ hạn",
    "đơn vị chưa báo cáo": "tên ngắn mỗi đơn vị chưa báo cáo",
    "nội dung <mã chỉ tiêu>": "`Tên đơn vị: …` cho mỗi đơn vị có ghi lời ở chỉ tiêu kiểu «chữ»",
}


def report_reference() -> str:
    """The Markdown tables of what a report's ``noi_dung`` can print from its plan's results:
    values (``{tên}``), lists (a row per item), tables (``Cấp`` = ``bảng``) and blocks
    (``Lặp theo``) with their fields. Generated from :data:`VALUES`, :data:`LISTS`,
    :data:`pipeline.results.report_tables.TABLES` and :data:`pipeline.results.blocks.BLOCK_FIELDS`.
    """
    lines = ["| giá trị của báo cáo (`{tên}`) | nội dung |", "|---|---|"]
    lines += [f"| `{{{name}}}` | {text} |" for name, text in VALUES.items()]
    lines += ["", "| danh mục của báo cáo (mỗi mục một đoạn) | nội dung |", "|---|---|"]
    lines += [f"| `{{{name}}}` | {text} |" for name, text in LISTS.items()]
    lines += ["", "| bảng của báo cáo (`Cấp` = `bảng`) | nội dung |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in TABLES.items()]
    lines += ["", "| khối lặp (`Lặp theo`) | lặp theo | trường |", "|---|---|---|"]
    for name, (what, fields) in BLOCK_FIELDS.items():
        listed = "; ".join(f"`{{{field}}}` {text}" for field, text in fields.items())
        lines.append(f"| `{name}` | {what} | {listed} |")
    lines.append("| (mọi khối) | | `{thứ tự}` 1, 2 … trong các bản ghi được in; `{dấu kết}` `;`, bản ghi cuối `.`; "
                 "`{dấu phẩy}` `,`, bản ghi cuối `.` |")
    return "\n".join(lines) + "\n"


def template_data(results: Results | None) -> dict:
    """What a Word template of a report reads as ``report`` (empty dicts for a document without results).

    Returns:
        ``{"figures": {name: text}, "lists": {name: [text]}, "tables": {name: {"header": [text],
        "rows": [[text]]}}, "blocks": {name: [record]}}``, names folded (lower case); a record is
        ``{field: text}`` with each nested block as ``{nested name: [record]}``. Example:
        ``{{ report.figures["số đơn vị đã báo cáo"] }}``,
        ``{% for kind in report.blocks["loại hoạt động"] %}{{ kind["tổng"] }}{% endfor %}``.
        Made once per :class:`Results` (the letters of one plan share it; templates cannot
        change it: the sandbox is immutable).
    """
    if results is None:
        return {"figures": {}, "lists": {}, "tables": {}, "blocks": {}}
    if results.template_data is None:
        results.template_data = _template_data(results)
    return results.template_data


def _template_data(results: Results) -> dict:
    def records(block: Block) -> list[dict]:
        return [{**record.values, **{name: records(child) for name, child in record.children.items()}}
                for record in block.records]

    return {"figures": dict(results.values), "lists": {name: list(items) for name, items in results.lists.items()},
            "tables": {name: {"header": list(table.header), "rows": [list(row) for row in table.rows]}
                       for name, table in results.tables.items()},
            "blocks": {name: records(block) for name, block in results.blocks.items()}}


def _plan_reference(plan) -> str:
    """``Kế hoạch số 05/KH-SKHCN ngày 05/02/2024`` (blank number and date for a draft plan)."""
    kind = plan.doc_type.lower().capitalize()
    if plan.number:
        text = f"{kind} số {doc_ref(plan.number, plan.symbol)}"
    else:
        text = f"{kind} số{doc_ref(None, plan.symbol)}"
    return text + (f" ngày {short_date(plan.issue_date)}" if plan.issue_date else "")


def _check_figures(summary: Summary, location: Location) -> None:
    """The sentence figures are the sums of their parts: reported = on time + late, expected =
    reported + missing, each overall total = the sum of the groups' totals.

    Raises:
        InputError: at the cell naming the plan, with the figure and both numbers.
    """
    groups = summary.totals.drop(index="")
    checks = [("số đơn vị phải báo cáo", summary.expected, summary.count(ON_TIME) + summary.count(LATE)
               + summary.count(MISSING))]
    checks += [(f"tổng {i.code}", summary.total(i.code), int(groups[i.code].sum())) for i in summary.counted]
    for name, figure, parts in checks:
        if figure != parts:
            raise InputError(location, f"{{{name}}} là {format_count(figure)} nhưng cộng các phần được "
                             f"{format_count(parts)}; số liệu không khớp, không in báo cáo")


def _values(summary: Summary, two_digits: bool) -> dict[str, str]:
    values = {
        "số đơn vị phải báo cáo": summary.expected,
        "số đơn vị đã báo cáo": summary.count(ON_TIME) + summary.count(LATE),
        "số đơn vị đúng hạn": summary.count(ON_TIME),
        "số đơn vị trễ hạn": summary.count(LATE),
        "số đơn vị chưa báo cáo": summary.count(MISSING),
    }
    values.update({f"tổng {i.code}": summary.total(i.code) for i in summary.counted})
    texts = {fold_key(name): format_count(value, two_digits) for name, value in values.items()}
    texts[fold_key(DEADLINE_NAME)] = short_date(summary.deadline)
    texts[fold_key("các đơn vị trễ hạn")] = ", ".join(summary.names(LATE))
    texts[fold_key("các đơn vị chưa báo cáo")] = ", ".join(summary.names(MISSING))
    return texts


def _lists(summary: Summary) -> dict[str, list[str]]:
    units = summary.units
    reported = units[units["expected"] & (units["status"] != MISSING)]
    return {
        fold_key("điểm nổi bật"): [f"{name}: {text}" for name, text in summary.highlights],
        fold_key("đơn vị trễ hạn"): summary.names(LATE),
        fold_key("đơn vị chưa báo cáo"): summary.names(MISSING),
        **{fold_key(f"nội dung {i.code}"): [f"{row.short_name}: {row[i.code]}" for _, row in reported.iterrows()
                                            if row[i.code]] for i in summary.indicators if i.text},
    }
