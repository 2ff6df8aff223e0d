"""Everything one ``vanban build`` run produces, assembled in memory before anything
is written: the .docx files, their PDFs (optional) and the manifest.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.check import ERROR, check_document, findings_text
from pipeline.errors import InputError, Location, VanbanError
from pipeline.template_check import ERROR as TEMPLATE_ERROR
from pipeline.template_check import check_context, check_template
from pipeline.form import FORM_KIND, plan_form
from pipeline.export import convert_to_pdf, font_warnings, manifest_entry, manifest_files, page_count
from pipeline.model import AdministrativeDocument
from pipeline.output import document_filename, recipient_list_filename
from pipeline.render import find_template, render_document, render_recipient_list
from pipeline.results import NoResponsesYet, load_documents
from pipeline.rulebook import UnknownRule
from pipeline.vnformat import short_date


@dataclass
class Bundle:
    """The files of a run.

    Attributes:
        files: output path -> bytes (documents, PDFs, manifest).
        derived: the manifest files (replaced freely when they change).
        warnings: Vietnamese warnings for the summary.
    """

    files: dict[Path, bytes] = field(default_factory=dict)
    derived: frozenset[Path] = frozenset()
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Item:
    name: str
    data: bytes
    kind: str
    reference: str
    issued: str
    ignore: tuple[str, ...] = ()
    ignore_at: Location | None = None


def assemble(sources: list[Path], output: Path, templates: Path, pdf: bool = False, pdfa: bool = False,
             progress: Callable[[str], None] = lambda name: None, check: bool = True) -> Bundle:
    """Read, check and render every document of ``sources``, and the response form of each
    plan (:func:`pipeline.form.plan_form`); convert the documents to PDF if asked.

    Args:
        sources: document data sources (see :func:`pipeline.cli.find_documents`).
        output: the output folder (nothing is written here by this function).
        templates: the folder of bundled templates.
        pdf, pdfa: also make PDFs (PDF/A-2b with ``pdfa``), in one LibreOffice run.
        progress: called with each source's name as it is processed.
        check: run the ND30 format check (:mod:`pipeline.check`) on every document;
            errors stop the run, warnings go to ``Bundle.warnings``. Templates are
            always checked first (:mod:`pipeline.template_check`).

    Returns:
        The :class:`Bundle`; a PDF is made again only for a .docx that changed
        (an unchanged .docx keeps its existing PDF, so re-runs report it unchanged).

    Raises:
        VanbanError: any input, template or export problem (nothing written).
    """
    items: list[_Item] = []
    forms: list[_Item] = []
    origins: dict[str, Path] = {}
    checked: set[Path] = set()
    bundle = Bundle()
    for source in sources:
        progress(source.name)
        try:
            documents = load_documents(source)
        except NoResponsesYet as exc:
            bundle.warnings.append(f"{exc}: chưa tạo {source.name}")
            continue
        for document in documents:
            for warning in document.warnings:
                if warning not in bundle.warnings:
                    bundle.warnings.append(warning)
            name = document_filename(document)
            if name in origins:
                raise VanbanError(f"{origins[name]} và {source} cho cùng một văn bản {name} (cùng loại, số, "
                                  "ký hiệu và ngày); hãy bỏ bớt một nguồn dữ liệu")
            origins[name] = source
            template = find_template(document, document.template, templates)
            _check_template(template, check_context(document), checked)
            items.append(_item(document, name, render_document(document, template)))
            if document.list_template:
                template = find_template(document, document.list_template, templates)
                _check_template(template, check_context(document, recipient_list=True), checked)
                items.append(_item(document, recipient_list_filename(document),
                                   render_recipient_list(document, template), appendix=True))
        form = plan_form(documents[0]) if documents else None
        if form:  # the response form goes with the plan (not checked as ND30, no PDF)
            forms.append(_item(documents[0], *form, kind=FORM_KIND))
    if check:
        _check(items, bundle)
    pdfs = _pdfs(items, output, pdfa, bundle) if pdf or pdfa else {}
    entries = []
    for item in items + forms:
        bundle.files[output / item.name] = item.data
        pdf_name = Path(item.name).with_suffix(".pdf").name
        pages = page_count(pdfs[pdf_name]) if pdf_name in pdfs else None
        entries.append(manifest_entry(item.name, item.data, item.kind, item.reference, item.issued, pages))
        if pdf_name in pdfs:
            bundle.files[output / pdf_name] = pdfs[pdf_name]
            entries.append(manifest_entry(pdf_name, pdfs[pdf_name], item.kind, item.reference, item.issued, pages))
    manifest = {output / name: data for name, data in manifest_files(entries).items()}
    bundle.files.update(manifest)
    bundle.derived = frozenset(manifest)
    return bundle


def _item(document: AdministrativeDocument, name: str, data: bytes, appendix: bool = False,
          kind: str | None = None) -> _Item:
    kind = kind or (document.doc_type.lower().capitalize() if document.doc_type else "Công văn")
    if appendix:
        kind = f"Phụ lục danh sách nơi nhận ({kind})"
    reference = document.number_line.removeprefix("Số:").strip()
    issued = short_date(document.issue_date) if document.issue_date else ""
    return _Item(name, data, kind, reference, issued, document.check_ignore, document.check_ignore_at)


def _check_template(template: Path, context: dict, checked: set[Path]) -> None:
    """Check a template once per run before it is used (:mod:`pipeline.template_check`);
    an error stops the run before anything is written."""
    if template in checked:
        return
    checked.add(template)
    errors = [str(f) for f in check_template(template, context) if f.severity == TEMPLATE_ERROR]
    if errors:
        raise VanbanError("mẫu có lỗi, chưa tạo văn bản nào (sửa mẫu trong Word rồi chạy lại):\n" + "\n".join(errors))


def _check(items: list[_Item], bundle: Bundle) -> None:
    """ND30 format check of each generated document (nd30.md); errors are refused."""
    errors = []
    with tempfile.TemporaryDirectory(prefix="vanban-kiem-tra-") as scratch:
        for item in items:
            path = Path(scratch) / item.name
            path.write_bytes(item.data)
            try:
                findings = check_document(path, ignore=item.ignore)
            except UnknownRule as exc:  # «Bỏ qua kiểm tra» names no rule
                raise InputError(item.ignore_at, str(exc)) from None
            if any(f.severity == ERROR for f in findings):
                errors.append(findings_text(Path(item.name), findings))
            bundle.warnings.extend(f"{item.name}: {f.rule} — {f.where}: {f.found}; cần: {f.expected}"
                                   for f in findings if f.severity != ERROR)
    if errors:
        raise VanbanError("văn bản tạo ra sai thể thức nên chưa ghi (sửa dữ liệu hoặc mẫu; hoặc thêm --no-check "
                          "nếu chắc chắn):\n" + "\n".join(errors))


def _pdfs(items: list[_Item], output: Path, pdfa: bool, bundle: Bundle) -> dict[str, bytes]:
    """PDFs for every item: kept from disk when the .docx is unchanged, else converted."""
    bundle.warnings.extend(font_warnings())
    pdfs, pending = {}, {}
    for item in items:
        pdf_name = Path(item.name).with_suffix(".pdf").name
        docx_path, pdf_path = output / item.name, output / pdf_name
        if docx_path.is_file() and pdf_path.is_file() and docx_path.read_bytes() == item.data:
            pdfs[pdf_name] = pdf_path.read_bytes()
        else:
            pending[item.name] = item.data
    pdfs.update(convert_to_pdf(pending, pdfa=pdfa))
    return pdfs
