"""Đọc và kiểm tra dữ liệu của một văn bản.

:func:`read_document`: reads every table of one document's folder or workbook into
an :class:`~pipeline.document.model.document.AdministrativeDocument`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pipeline.common import vnformat
from pipeline.common.errors import InputError
from pipeline.data.tables import Source, fold_key
from pipeline.document.model.body import _body
from pipeline.document.invitation import is_invitation, read_invitation
from pipeline.document.model.cells import _checked, _flag
from pipeline.document.model.document import AdministrativeDocument, ResultsLoader
from pipeline.document.model.general import _check_format, _read_general, _results, _signer, _year
from pipeline.document.model.named_values import (_footnotes, _legal_basis, _named_dates, _named_lists,
                                         _resolve_footnotes)
from pipeline.document.model.placeholders import _fill_scalars
from pipeline.document.model.tables import BASIS_PLACEHOLDER, RECIPIENTS_TABLE, VALUE_COL, YEAR_PLACEHOLDER
from pipeline.document.recipients import RULE_COLS, RULE_OPTIONAL, build_recipients
from pipeline.data.registry import find_registry, load_registry


def read_document(path: Path, results_loader: ResultsLoader) -> AdministrativeDocument:
    """Read and check one document's data.

    Most callers want :func:`pipeline.results.facts.load_document`, which passes the loader.

    Args:
        path: a folder of CSV files or an ``.xlsx`` workbook (see the module docstring).
        results_loader: called for a document that names its plan (report, reminder letter).

    Returns:
        The document, fully validated: every placeholder and footnote resolved.

    Raises:
        InputError: anything missing, malformed or inconsistent, located to the cell.
    """
    source = Source(path)
    general, general_rows = _read_general(source)
    year = _year(general["Năm"], general_rows["Năm"])
    issue_date = general_rows["Ngày ban hành"].date(VALUE_COL) if "Ngày ban hành" in general_rows else None
    if issue_date and issue_date.year != year:
        raise InputError(general_rows["Ngày ban hành"].at(VALUE_COL),
                         f"ngày ban hành thuộc năm {issue_date.year}, khác với «Năm» = {year}")
    number = general.get("Số", "")
    if number:
        number = _checked(vnformat.doc_number, general_rows["Số"].at(VALUE_COL), number)
        if len(number) > 6:
            raise InputError(general_rows["Số"].at(VALUE_COL), f"số văn bản «{number}» quá dài (số thứ tự "
                             "trong năm, nhiều nhất 6 chữ số)")
    _check_format(general, general_rows)

    dates: dict[str, date] = {}
    values = {fold_key(YEAR_PLACEHOLDER): str(year)}
    values.update(_named_dates(source, dates))
    warnings: list[str] = []
    values[fold_key(BASIS_PLACEHOLDER)] = _legal_basis(source, values, bool(number), warnings)
    lists = _named_lists(source, taken=values)
    results = _results(source, general, general_rows, results_loader)
    tables, blocks = {}, {}
    if results:
        warnings.extend(results.summary.notes)
        values.update(results.values)
        lists.update(results.lists)
        tables = results.tables
        blocks = results.blocks
    footnote_table = _footnotes(source)
    body = _body(source, values, lists, tables, blocks)
    footnotes = _resolve_footnotes(body, footnote_table, values)
    registry = load_registry(find_registry(source.path if source.path.is_dir() else source.path.parent))
    day = issue_date or date(year, 1, 1)
    recipients = build_recipients(source.table(RECIPIENTS_TABLE, RULE_COLS, RULE_OPTIONAL), registry, day)
    invitation = None
    if is_invitation(general.get("Tên loại", "")):
        if not general.get("Cơ quan ban hành (viết thường)"):
            raise InputError(general_rows["Tên loại"].at(VALUE_COL), "giấy mời cần mục «Cơ quan ban hành (viết "
                             "thường)», ví dụ «Sở Khoa học và Công nghệ», để ghi «… trân trọng kính mời:»")
        per_unit = _flag(general_rows["Gửi từng đơn vị"], VALUE_COL) if "Gửi từng đơn vị" in general_rows else False
        invitation = read_invitation(source, registry, day, issue_date, per_unit)
    list_template = general.get("Mẫu danh sách nơi nhận", "")
    if list_template and not general.get("Cơ quan ban hành (viết thường)"):
        raise InputError(general_rows["Mẫu danh sách nơi nhận"].at(VALUE_COL),
                         "danh sách nơi nhận cần thêm mục «Cơ quan ban hành (viết thường)», ví dụ "
                         "«Sở Khoa học và Công nghệ», để ghi dòng «Kèm theo …»")
    abstract = _fill_scalars(general["Trích yếu"], values, general_rows["Trích yếu"].at(VALUE_COL))
    archive = re.sub(r"^\s*-?\s*Lưu\s*:\s*", "", general["Lưu"]).rstrip(". ")
    addressees = [line.strip().lstrip("-–• ").rstrip(";. ") for line in general.get("Kính gửi", "").splitlines()
                  if line.strip()]
    return AdministrativeDocument(
        source=Path(path),
        template=general["Mẫu"],
        parent_agency=general.get("Cơ quan chủ quản", ""),
        issuer=general["Cơ quan ban hành"],
        doc_type=general.get("Tên loại", ""),
        symbol=general["Ký hiệu"],
        number=number,
        issue_date=issue_date,
        year=year,
        place=general["Địa danh"],
        abstract=abstract,
        body=body,
        footnotes=footnotes,
        recipients=recipients,
        archive=archive,
        signer=_signer(general_rows),
        list_template=list_template,
        issuer_in_text=general.get("Cơ quan ban hành (viết thường)", ""),
        authority=general.get("Thẩm quyền ban hành", ""),
        bases=[_fill_scalars(line.strip().removeprefix("Căn cứ ").rstrip(";. "), values,
                             general_rows["Căn cứ ban hành"].at(VALUE_COL))
               for line in general.get("Căn cứ ban hành", "").splitlines() if line.strip()],
        proposer=general.get("Theo đề nghị của", "").removeprefix("Theo đề nghị của ").rstrip(";. "),
        addressees=addressees,
        named_dates=dates,
        results=results,
        invitation=invitation,
        warnings=warnings,
        check_ignore=tuple(code.strip() for code in general.get("Bỏ qua kiểm tra", "").split(";") if code.strip()),
        check_ignore_at=general_rows["Bỏ qua kiểm tra"].at(VALUE_COL) if "Bỏ qua kiểm tra" in general_rows else None,
    )
