"""Everything one ``vanban build`` run produces, assembled in memory before anything
is written: the .docx files, their PDFs (optional) and the manifest.
"""

from __future__ import annotations

import os
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ContextManager

from pipeline.check import ERROR, Finding, SharedParts, check_document, findings_text, ignored
from pipeline.check.worker import CheckWorker
from pipeline.common.errors import InputError, Location, TemplateProblem, VanbanError
from pipeline.common.files import Staged, Stager, discard
from pipeline.common.once import one_run
from pipeline.check.templates import ERROR as TEMPLATE_ERROR
from pipeline.check.templates import check_context, check_template
from pipeline.results.form import FORM_KIND, plan_form
from pipeline.export.pdf import (ManifestEntry, convert_to_pdf, font_warnings, is_pdfa, manifest_entry,
                             manifest_files, page_count, read_manifest, sha256)
from pipeline.document.model import AdministrativeDocument
from pipeline.document.names import document_filename, recipient_list_filename
from pipeline.render.docx import TemplateFile, find_template, render_document, render_recipient_list
from pipeline.results.facts import NoResponsesYet, load_documents
from pipeline.check.rulebook import UnknownRule
from pipeline.common.vnformat import short_date

if TYPE_CHECKING:  # imported where PDFs are made on servers: a build without them never loads http, xmlrpc
    from pipeline.export.pdf_servers import PdfServer


@dataclass
class Bundle:
    """The files of a run.

    Attributes:
        files: output path -> bytes, in write order (documents, manifest, PDFs); the
            documents of a large batch are already staged on disk
            (:class:`pipeline.common.files.Staged`, :data:`BATCH_IN_MEMORY`).
        derived: the manifest files and the existing PDFs vanban made (replaced or
            removed freely when needed).
        remove: existing PDFs that no longer match their .docx, removed before any
            file is written (see :func:`pipeline.common.files.write_all`).
        warnings: Vietnamese warnings for the summary.
    """

    files: dict[Path, bytes | Staged] = field(default_factory=dict)
    derived: frozenset[Path] = frozenset()
    remove: frozenset[Path] = frozenset()
    warnings: list[str] = field(default_factory=list)


BATCH_IN_MEMORY = 100
"""A data source making more documents than this (one per unit, «Gửi từng đơn vị») has each
staged to disk in the output folder as it is made (:class:`pipeline.common.files.Stager`), so a
batch of 10,000 letters runs in bounded memory; they are renamed into place with the rest."""


@dataclass
class _Item:
    name: str
    data: bytes | Staged
    kind: str
    reference: str
    issued: str
    ignore: tuple[str, ...] = ()
    ignore_at: Location | None = None


@one_run()
def assemble(sources: list[Path], output: Path, templates: Path, pdf: bool = False, pdfa: bool = False,
             progress: Callable[[str], None] = lambda name: None, check: bool = True,
             documents_bar: Callable[[int], ContextManager[Any]] | None = None,
             pdf_servers: tuple[PdfServer, ...] = ()) -> Bundle:
    """Read, check and render every document of ``sources``, and the response form of each
    plan (:func:`pipeline.results.form.plan_form`); convert the documents to PDF if asked.

    Args:
        sources: document data sources (see :func:`pipeline.cli.find_documents`).
        output: the output folder (nothing is written here by this function but the
            temporary files of a large batch, :data:`BATCH_IN_MEMORY`).
        templates: the folder of bundled templates.
        pdf, pdfa: also make PDFs (PDF/A-2b with ``pdfa``), in one LibreOffice run.
        pdf_servers: make the PDFs on these conversion servers (unoserver) instead,
            spread over them (:func:`pipeline.export.pdf_servers.convert_on_servers`); implies ``pdf``.
        progress: called with each source's name as it is processed.
        documents_bar: for a source making several documents (one per unit), called with
            their number; the context it returns (a ``click.progressbar``) gets
            ``update(1)`` after each document.
        check: run the ND30 format check (:mod:`pipeline.check`) on every document;
            errors stop the run, warnings go to ``Bundle.warnings``. Templates are
            always checked first (:mod:`pipeline.check.templates`).

    Returns:
        The :class:`Bundle`. An existing PDF is kept (with or without ``pdf``) only
        when the previous manifest says it was made from exactly the new .docx bytes
        and it is unaltered since; any other existing PDF of a document is re-made
        (``pdf``) or removed (no ``pdf``, with a warning).

    Raises:
        VanbanError: any input, template or export problem (nothing written; the files
            staged for a large batch, see :data:`BATCH_IN_MEMORY`, are removed).
    """
    items: list[_Item] = []
    try:
        return _assemble(sources, output, templates, pdf, pdfa, progress, check, documents_bar, items, pdf_servers)
    except BaseException:
        discard(item.data for item in items)
        raise


def _assemble(sources: list[Path], output: Path, templates: Path, pdf: bool, pdfa: bool,
              progress: Callable[[str], None], check: bool, documents_bar: Callable[[int], ContextManager[Any]] | None,
              items: list[_Item], pdf_servers: tuple[PdfServer, ...]) -> Bundle:
    forms: list[_Item] = []
    origins: dict[str, Path] = {}
    checked: set[Path] = set()
    opened: dict[Path, TemplateFile] = {}  # each template opened once per run, filled for every document
    bundle = Bundle()
    with _Checks() if check else nullcontext(None) as checks:
        _make_all(sources, output, templates, progress, documents_bar, items, forms, origins, checked, opened,
                  bundle, checks)
        if checks is not None:
            checks.finish(bundle)
    _add_files(items, forms, output, pdf or pdfa or bool(pdf_servers), pdfa, bundle, pdf_servers)
    return bundle


def _make_all(sources: list[Path], output: Path, templates: Path, progress: Callable[[str], None],
              documents_bar: Callable[[int], ContextManager[Any]] | None, items: list[_Item], forms: list[_Item],
              origins: dict[str, Path], checked: set[Path], opened: dict[Path, TemplateFile], bundle: Bundle,
              checks: _Checks | None) -> None:
    """Make the documents of every source into ``items`` (and the response forms into ``forms``),
    each checked by ``checks`` as it is made."""
    for source in sources:
        progress(source.name)
        try:
            documents = load_documents(source)
        except NoResponsesYet as exc:
            bundle.warnings.append(f"{exc}: chưa tạo {source.name}")
            continue
        large = len(documents) > BATCH_IN_MEMORY
        if large and checks is not None:
            checks.in_parallel()
        staging = Stager(background=checks is None or checks.worker is None) if large else nullcontext(None)
        bar = documents_bar(len(documents)) if documents_bar and len(documents) > 1 else nullcontext()
        with staging as stager, bar as shown:
            for document in documents:
                made = _add_document(document, source, output, templates, origins, checked, opened, bundle)
                for item in made:  # checked while in memory, then staged (a large batch) or kept
                    if checks is not None:
                        checks.add(item)
                    if stager is not None:
                        item.data = stager.stage(output / item.name, item.data)
                    items.append(item)
                if shown is not None:
                    shown.update(1)
        form = plan_form(documents[0]) if documents else None
        if form:  # the response form goes with the plan (not checked as ND30, no PDF)
            forms.append(_item(documents[0], *form, kind=FORM_KIND))


def _add_document(document: AdministrativeDocument, source: Path, output: Path, templates: Path,
                  origins: dict[str, Path], checked: set[Path], opened: dict[Path, TemplateFile],
                  bundle: Bundle) -> list[_Item]:
    """Check the template of ``document`` (once per run), render it (and its recipient list): its items."""
    for warning in document.warnings:
        if warning not in bundle.warnings:
            bundle.warnings.append(warning)
    name = document_filename(document)
    if name in origins:
        raise VanbanError(f"{origins[name]} và {source} cho cùng một văn bản {name} (cùng loại, số, "
                          "ký hiệu và ngày); hãy bỏ bớt một nguồn dữ liệu")
    origins[name] = source
    template = find_template(document, document.template, templates)
    _check_template(template, lambda: check_context(document), checked, opened)
    made = [_item(document, name, render_document(document, _opened(template, opened)))]
    if document.list_template:
        template = find_template(document, document.list_template, templates)
        _check_template(template, lambda: check_context(document, recipient_list=True), checked, opened)
        made.append(_item(document, recipient_list_filename(document),
                          render_recipient_list(document, _opened(template, opened)), appendix=True))
    return made


def _opened(template: Path, opened: dict[Path, TemplateFile]) -> TemplateFile:
    """``template`` opened once per run (:class:`pipeline.render.docx.TemplateFile`)."""
    if template not in opened:
        opened[template] = TemplateFile(template)
    return opened[template]


def _item(document: AdministrativeDocument, name: str, data: bytes | Staged, appendix: bool = False,
          kind: str | None = None) -> _Item:
    kind = kind or (document.doc_type.lower().capitalize() if document.doc_type else "Công văn")
    if appendix:
        kind = f"Phụ lục danh sách nơi nhận ({kind})"
    reference = document.number_line.removeprefix("Số:").strip()
    issued = short_date(document.issue_date) if document.issue_date else ""
    return _Item(name, data, kind, reference, issued, document.check_ignore, document.check_ignore_at)


def _check_template(template: Path, context: Callable[[], dict], checked: set[Path],
                    opened: dict[Path, TemplateFile]) -> None:
    """Check a template once per run before it is used (:mod:`pipeline.check.templates`), with the
    variables ``context()`` gives; an error stops the run before anything is written. The template
    checked is the one then filled (opened once); one that cannot be opened is reported by the check (TPL-090)."""
    if template in checked:
        return
    checked.add(template)
    try:
        source: Path | TemplateFile = _opened(template, opened)
    except TemplateProblem:
        source = template
    errors = [str(f) for f in check_template(source, context()) if f.severity == TEMPLATE_ERROR]
    if errors:
        raise VanbanError("mẫu có lỗi, chưa tạo văn bản nào (sửa mẫu trong Word rồi chạy lại):\n" + "\n".join(errors))


class _Checks:
    """The ND30 check of each generated document (nd30.md), made from its bytes as soon
    as it is made (a staged document is not read back); what the documents share, such as the
    template's parts, is read once (:class:`pipeline.check.SharedParts`). The documents of a large
    batch are checked in a second process while the next ones are made
    (:class:`pipeline.check.worker.CheckWorker`), with the same findings. A context manager:
    leaving it stops that process."""

    def __init__(self) -> None:
        self.shared = SharedParts()
        self.worker: CheckWorker | None = None
        self.checked: list[tuple[_Item, list[Finding] | int]] = []
        """Each document with its findings, or its ticket at :attr:`worker`."""

    def __enter__(self) -> _Checks:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self.worker is not None:
            self.worker.__exit__(kind, value, traceback)

    def in_parallel(self) -> None:
        """Check the next documents in a second process, on a machine with more than one core."""
        if self.worker is None and _cores() > 1:
            self.worker = CheckWorker(self.shared)

    def add(self, item: _Item) -> None:
        """Check ``item`` (its ``data`` still bytes).

        Raises:
            InputError: its «Bỏ qua kiểm tra» names no rule.
        """
        try:
            ignored(item.ignore)
        except UnknownRule as exc:  # «Bỏ qua kiểm tra» names no rule
            raise InputError(item.ignore_at, str(exc)) from None
        if self.worker is not None:
            self.checked.append((item, self.worker.submit(item.name, item.ignore, item.data)))
        else:
            self.checked.append((item, check_document(Path(item.name), ignore=item.ignore, shared=self.shared,
                                                      data=item.data)))

    def finish(self, bundle: Bundle) -> None:
        """Add the warnings to ``bundle``, in the order the documents were made.

        Raises:
            VanbanError: some document breaks a rule (errors are refused), listing every such document.
        """
        errors = []
        for item, findings in self.checked:
            if isinstance(findings, int):
                findings = self.worker.findings(findings)
            if any(f.severity == ERROR for f in findings):
                errors.append(findings_text(Path(item.name), findings))
            bundle.warnings.extend(f"{item.name}: {f.rule} — {f.where}: {f.found}; cần: {f.expected}"
                                   for f in findings if f.severity != ERROR)
        if errors:
            raise VanbanError("văn bản tạo ra sai thể thức nên chưa ghi (sửa dữ liệu hoặc mẫu; hoặc thêm --no-check "
                              "nếu chắc chắn):\n" + "\n".join(errors))


def _cores() -> int:
    """The processor cores this process may run on (its CPU affinity, where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def _add_files(items: list[_Item], forms: list[_Item], output: Path, want_pdf: bool, pdfa: bool,
               bundle: Bundle, pdf_servers: tuple[PdfServer, ...] = ()) -> None:
    """Fill ``bundle`` with the documents, the response forms (no PDF), the PDFs and the manifest, in the write order
    that keeps every document consistent with its PDF after a crash at any point:
    stale PDFs are removed first (``Bundle.remove``), then the .docx files are
    renamed into place, then the manifest (which already lists the new PDFs' rows),
    then the new PDFs."""
    previous, warnings = read_manifest(output)
    bundle.warnings.extend(warnings)
    plans = [_plan_pdf(item, output, previous, want_pdf, pdfa) for item in items]
    if want_pdf and not pdf_servers:
        bundle.warnings.extend(font_warnings())
    wanted = {item.name: item.data.read() if isinstance(item.data, Staged) else item.data
              for item, plan in zip(items, plans) if plan.make}
    if pdf_servers:
        from pipeline.export.pdf_servers import convert_on_servers
        made = convert_on_servers(wanted, list(pdf_servers), pdfa=pdfa, warn=bundle.warnings.append)
    else:
        made = convert_to_pdf(wanted, pdfa=pdfa)
    entries, pdfs, remove, derived = [], {}, set(), set()
    for item, plan in zip(items, plans):
        bundle.files[output / item.name] = item.data
        pdf = made.get(plan.path.name, plan.kept)
        pages = page_count(pdf) if pdf is not None else None
        entries.append(manifest_entry(item.name, item.data, item.kind, item.reference, item.issued, pages))
        if plan.ours:
            derived.add(plan.path)
        if plan.stale:
            remove.add(plan.path)
            if pdf is None:
                bundle.warnings.append(f"đã xóa {plan.path.name}: PDF này không làm từ đúng nội dung hiện tại của "
                                       f"{item.name}; chạy lại với --pdf để tạo PDF mới")
        if pdf is not None:
            pdfs[plan.path] = pdf
            entries.append(manifest_entry(plan.path.name, pdf, item.kind, item.reference, item.issued, pages,
                                          source=item.data))
    for form in forms:
        bundle.files[output / form.name] = form.data
        entries.append(manifest_entry(form.name, form.data, form.kind, form.reference, form.issued, None))
    manifest = {output / name: data for name, data in manifest_files(entries).items()}
    bundle.files.update(manifest)
    bundle.files.update(pdfs)
    bundle.derived = frozenset(manifest) | frozenset(derived)
    bundle.remove = frozenset(remove)


@dataclass
class _PdfPlan:
    """What to do with one document's PDF.

    Attributes:
        path: the PDF's path in the output folder.
        kept: the existing PDF's bytes when it is current (made by vanban from exactly
            this .docx, unaltered since, PDF/A when asked), else None.
        make: a new PDF is to be made.
        stale: an existing PDF is not current: it is removed before the .docx is written.
        ours: the existing PDF is the one the previous manifest lists (same SHA-256), so
            it may be replaced or removed without --force.
    """

    path: Path
    kept: bytes | None
    make: bool
    stale: bool
    ours: bool


def _plan_pdf(item: _Item, output: Path, previous: dict[str, ManifestEntry], want_pdf: bool,
              pdfa: bool) -> _PdfPlan:
    path = output / Path(item.name).with_suffix(".pdf").name
    try:
        existing = path.read_bytes() if path.is_file() else None
    except OSError:
        existing = None
    record = previous.get(path.name)
    ours = existing is not None and record is not None and record.sha256 == sha256(existing)
    current = ours and record.sha256_nguon == sha256(item.data) and (is_pdfa(existing) or not pdfa)
    return _PdfPlan(path, existing if current else None, want_pdf and not current,
                    existing is not None and not current, ours)
