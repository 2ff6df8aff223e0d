"""The ``vanban`` command (also ``python -m pipeline``).

Exit codes: 0 done; 1 bad input data, template, output conflict, export problem or
output folder in use by another run (a Vietnamese message says where); 2 wrong
command-line usage; 130 interrupted (Ctrl+C, SIGTERM).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from pipeline.divisions import import_divisions
from pipeline.errors import VanbanError
from pipeline.form import write_form
from pipeline.indicators import INDICATORS_TABLE, load_indicators
from pipeline.inputs import Source
from pipeline.reference import template_reference
from pipeline.model import GENERAL_TABLE, UPDATE_COL, load_document, load_documents
from pipeline.rollover import REPORT_NAME, new_year
from pipeline.bundle import Bundle, assemble
from pipeline.render import find_template
from pipeline.template_check import ERROR as TEMPLATE_ERROR
from pipeline.template_check import check_context, check_template
from pipeline.check import ERROR, check_document, findings_json, findings_text
from pipeline.output import NEW, REMOVED, REPLACED, UNCHANGED, Written, document_filename, write_all
from pipeline.runlock import exclusive_run
from pipeline.vnformat import parse_date

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
PROJECT_TEMPLATES = Path(__file__).resolve().parents[1] / "templates_docx"


@contextlib.contextmanager
def clerk_errors() -> Iterator[None]:
    """Print a :class:`VanbanError` as ``Lỗi: …`` on stderr and exit with code 1."""
    try:
        yield
    except VanbanError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Lỗi: đã dừng giữa chừng theo yêu cầu (Ctrl+C hoặc lệnh dừng); các tệp kết quả giữ bản cũ "
                   "hoặc đã thay trọn bản mới, mỗi PDF vẫn khớp với .docx của nó; chạy lại để hoàn tất", err=True)
        sys.exit(130)


def find_documents(data_dir: Path) -> list[Path]:
    """Return the document sources in a year folder, sorted by name.

    A source is a sub-folder holding ``thong_tin_chung.csv`` or a workbook
    (``.xlsx``/``.xlsm``; an ``.xls`` or ``.ods`` is listed too, so that reading it
    reports how to convert it instead of skipping it); ``data_dir`` itself counts
    when it holds ``thong_tin_chung.csv``. Excel's ``~$`` lock files are skipped.

    Raises:
        VanbanError: ``data_dir`` is missing or not a folder, a sub-folder has CSV
            files but no ``thong_tin_chung.csv``, or there is no document at all.
    """
    if not data_dir.is_dir():
        raise VanbanError(f"không tìm thấy thư mục dữ liệu {data_dir}")
    if (data_dir / f"{GENERAL_TABLE}.csv").is_file():
        return [data_dir]
    found = []
    for path in sorted(data_dir.iterdir()):
        if path.is_dir() and (path / f"{GENERAL_TABLE}.csv").is_file():
            found.append(path)
        elif path.is_dir() and path.name != "responses" and any(path.glob("*.csv")):
            raise VanbanError(f"thư mục {path} có tệp CSV nhưng thiếu {GENERAL_TABLE}.csv, nên không biết "
                              "đây là văn bản nào; hãy thêm (hoặc đặt lại đúng tên) tệp đó")
        elif path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES and not path.name.startswith("~$"):
            found.append(path)
    if not found:
        raise VanbanError(f"không thấy văn bản nào trong {data_dir}: cần thư mục con có {GENERAL_TABLE}.csv "
                          "hoặc tệp Excel .xlsx")
    return found


def default_output(data_dir: Path) -> Path:
    """``output/<year>``: the folder's name, or its parent's for a single document folder."""
    folder = data_dir.resolve()
    if (folder / f"{GENERAL_TABLE}.csv").is_file() or folder.suffix.lower() in WORKBOOK_SUFFIXES:
        folder = folder.parent
    return Path("output") / folder.name


def default_templates() -> Path:
    """``templates_docx`` in the current folder if there is one, else the project's."""
    here = Path.cwd() / "templates_docx"
    return here if here.is_dir() else PROJECT_TEMPLATES


@click.group(help="Soạn văn bản hành chính đúng thể thức Nghị định 30/2020/NĐ-CP từ dữ liệu CSV/Excel.")
@click.version_option(package_name="vanban-pipeline", message="vanban %(version)s")
def main() -> None:
    """Entry point of the ``vanban`` console script."""


@main.command(help="Tạo các văn bản của một năm từ thư mục dữ liệu (ví dụ: vanban build data/2024).")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Thư mục ghi kết quả (mặc định: output/<tên thư mục dữ liệu>).")
@click.option("--templates", type=click.Path(path_type=Path),
              help="Thư mục chứa các mẫu .docx (mặc định: templates_docx).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có nếu nội dung thay đổi.")
@click.option("--pdf", is_flag=True, help="Xuất thêm PDF của mỗi văn bản (cần LibreOffice).")
@click.option("--pdfa", is_flag=True, help="Xuất PDF/A-2b để lưu trữ (bao gồm --pdf).")
@click.option("--quiet", "-q", is_flag=True, help="Chỉ in lỗi và cảnh báo.")
@click.option("--no-check", is_flag=True, help="Ghi cả văn bản sai thể thức (không khuyến nghị).")
def build(data_dir: Path, output: Path | None, templates: Path | None, force: bool, pdf: bool, pdfa: bool,
          quiet: bool, no_check: bool) -> None:
    """Read, check and render every document in DATA_DIR, then write them all (or none)."""
    output = output or default_output(data_dir)
    templates = templates or default_templates()
    with clerk_errors():
        if not templates.is_dir():
            raise VanbanError(f"không tìm thấy thư mục mẫu {templates}")
        sources = find_documents(data_dir)
        with exclusive_run(output, report_cleanup):
            with click.progressbar(length=len(sources), label="Đang soạn", file=sys.stderr,
                                   hidden=quiet or len(sources) < 2) as bar:
                bundle = assemble(sources, output, templates, pdf=pdf, pdfa=pdfa,
                                  progress=lambda name: bar.update(1), check=not no_check)
            results = write_all(bundle.files, force=force, derived=bundle.derived, remove=bundle.remove)
        _report_build(output, bundle, results, quiet)


def _report_build(output: Path, bundle: Bundle, results: list[Written], quiet: bool) -> None:
    """Print the warnings, the files with their status and the counts of a build."""
    stale = sorted(p.name for p in output.glob("*") if p.suffix in (".docx", ".pdf") and p not in bundle.files)
    if stale:
        bundle.warnings.append("trong thư mục kết quả còn tệp không do lần tạo này sinh ra (dữ liệu đã đổi, ví dụ "
                               "đơn vị đã gửi báo cáo nên không cần công văn đôn đốc nữa); xem lại trước khi gửi: "
                               + ", ".join(stale))
    for warning in bundle.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    if quiet:
        return
    for result in results:
        click.echo(f"{result.status:>10}  {result.path}")
    counts = {status: sum(r.status == status for r in results) for status in (NEW, REPLACED, UNCHANGED, REMOVED)}
    removed = f", {counts[REMOVED]} đã xóa" if counts[REMOVED] else ""
    click.echo(f"Tổng cộng: {len(results) - counts[REMOVED]} tệp — {counts[NEW]} mới, {counts[REPLACED]} ghi đè, "
               f"{counts[UNCHANGED]} không đổi{removed}; {len(bundle.warnings)} cảnh báo.")


def report_cleanup(note: str) -> None:
    """Print a note of :func:`pipeline.runlock.exclusive_run` (take-over, clean-up) on stderr."""
    click.echo(f"Cảnh báo: {note}", err=True)


@main.group(help="Danh bạ đơn vị (don_vi.csv, khoi_don_vi.csv).")
def units() -> None:
    """Commands on the unit registry."""


@units.command("import-divisions",
               help="Thêm hoặc cập nhật các xã, phường của một tỉnh (danh mục từ 01/7/2025) vào danh bạ.")
@click.option("--province", required=True, help="Tên tỉnh, thành phố, ví dụ «Thanh Hóa».")
@click.option("--registry", "registry_dir", type=click.Path(path_type=Path),
              default=Path("data"), show_default=True, help="Thư mục chứa don_vi.csv và khoi_don_vi.csv.")
@click.option("--group", default="ubnd_cap_xa", show_default=True, help="Mã khối của các xã, phường.")
@click.option("--from", "valid_from", default="01/07/2025", show_default=True,
              help="Ngày bắt đầu hiệu lực của các đơn vị.")
def import_divisions_command(province: str, registry_dir: Path, group: str, valid_from: str) -> None:
    """Import a province's communes and wards as units of ``group``."""
    try:
        start = parse_date(valid_from)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--from") from None
    with clerk_errors():
        result = import_divisions(registry_dir, province, group, start)
    click.echo(f"Đã thêm {result.added}, cập nhật {result.updated}, giữ nguyên {result.unchanged} đơn vị "
               f"vào {registry_dir / 'don_vi.csv'}.")


@main.group(help="Báo cáo kết quả các đơn vị gửi về.")
def responses() -> None:
    """Commands on the units' responses."""


@responses.command("form", help="Tạo biểu mẫu Excel để các đơn vị điền báo cáo kết quả "
                                "(ví dụ: vanban responses form data/2024).")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Thư mục ghi biểu mẫu (mặc định: output/<tên thư mục dữ liệu>).")
def responses_form(data_dir: Path, output: Path | None) -> None:
    """Write the response form of every plan (a document with ``chi_tieu``) in DATA_DIR."""
    output = output or default_output(data_dir)
    with clerk_errors():
        written = _write_forms(data_dir, output)
    for target in written:
        click.echo(f"Đã ghi biểu mẫu {target}")


def _write_forms(data_dir: Path, output: Path) -> list[Path]:
    """Write the response form of each plan in ``data_dir`` into ``output``; return the paths."""
    plans = [s for s in find_documents(data_dir) if Source(s).has_table(INDICATORS_TABLE)]
    if not plans:
        raise VanbanError(f"không có kế hoạch nào trong {data_dir} có bảng chỉ tiêu ({INDICATORS_TABLE})")
    written = []
    with exclusive_run(output, report_cleanup):
        for source in plans:
            plan = load_document(source)
            title = f"BÁO CÁO KẾT QUẢ {plan.abstract.upper()}"
            target = output / f"bieu-mau-bao-cao_{document_filename(plan).removesuffix('.docx')}.xlsx"
            write_form(load_indicators(Source(source)), plan.year, title, target)
            written.append(target)
    return written


@main.command("new-year", help="Tạo dữ liệu năm sau từ dữ liệu năm nay (ví dụ: vanban new-year data/2024 "
                               "data/2025); danh sách thay đổi ghi trong thay_doi_nam_moi.csv.")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(path_type=Path))
def new_year_command(source: Path, target: Path) -> None:
    """Roll SOURCE's data forward one year into TARGET and regenerate the response forms."""
    with clerk_errors():
        if not source.is_dir():
            raise VanbanError(f"không tìm thấy thư mục dữ liệu {source}")
        changes = new_year(source, target)
        forms = _write_forms(target, Path("output") / target.name) if any(
            Source(s).has_table(INDICATORS_TABLE) for s in find_documents(target)) else []
    review = [c for c in changes if "CẦN XEM LẠI" in c.note or c.column == UPDATE_COL]
    edited = [c for c in changes if c.before != c.after and c.after]
    click.echo(f"Đã tạo {target}: {len(edited)} ô dữ liệu đã sửa, {len(review)} điểm cần xem lại — xem "
               f"{target / REPORT_NAME}.")
    for form in forms:
        click.echo(f"Đã ghi biểu mẫu {form}")


@main.group(help="Các mẫu .docx (templates_docx).")
def templates() -> None:
    """Commands on templates."""


@templates.command("reference", help="In bảng các biến và bộ lọc mà mẫu được dùng.")
def templates_reference() -> None:
    """Print the template reference (the same text as in the README)."""
    click.echo(template_reference(), nl=False)


@main.command("check", help="Kiểm tra thể thức Nghị định 30/2020/NĐ-CP của các tệp .docx (văn bản tạo bằng "
                            "vanban hay gõ tay).")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Dạng kết quả: text cho người đọc, json cho máy.")
def check_command(files: tuple[Path, ...], output_format: str) -> None:
    """Check FILES; exit code 1 when any has an error."""
    results, unreadable = {}, {}
    for path in files:
        try:
            results[path] = check_document(path)
        except VanbanError as exc:
            unreadable[path] = str(exc)
            click.echo(f"Lỗi: {exc}", err=True)
    if output_format == "json":
        report = json.loads(findings_json(results))
        report["unreadable"] = [{"path": str(path), "error": error} for path, error in unreadable.items()]
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for path, findings in results.items():
            click.echo(findings_text(path, findings))
    if unreadable or any(f.severity == ERROR for findings in results.values() for f in findings):
        sys.exit(1)


@templates.command("check", help="Kiểm tra các mẫu mà văn bản trong DATA_DIR dùng, với dữ liệu thật "
                                 "(ví dụ: vanban templates check data/2024).")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục chứa các mẫu .docx (mặc định: templates_docx).")
def templates_check(data_dir: Path, templates_dir: Path | None) -> None:
    """Check each template used by DATA_DIR's documents; exit code 1 on errors."""
    templates_dir = templates_dir or default_templates()
    findings = []
    with clerk_errors():
        seen = set()
        for source in find_documents(data_dir):
            for document in load_documents(source)[:1]:
                pairs = [(document.template, check_context(document))]
                if document.list_template:
                    pairs.append((document.list_template, check_context(document, recipient_list=True)))
                for name, context in pairs:
                    path = find_template(document, name, templates_dir)
                    if path not in seen:
                        seen.add(path)
                        findings += check_template(path, context)
    for finding in findings:
        click.echo(str(finding))
    errors = sum(f.severity == TEMPLATE_ERROR for f in findings)
    click.echo(f"Tổng cộng: {len(seen)} mẫu, {errors} lỗi, {len(findings) - errors} cảnh báo.")
    if errors:
        sys.exit(1)
