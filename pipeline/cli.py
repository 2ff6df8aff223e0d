"""The ``vanban`` command (also ``python -m pipeline``).

Exit codes: 0 done; 1 bad input data, template, output conflict, export problem or
output folder in use by another run (a Vietnamese message says where); 2 wrong
command-line usage; 130 interrupted (Ctrl+C, SIGTERM).
"""

from __future__ import annotations

import contextlib
import gc
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli_text import VanbanGroup, install, interrupted
from pipeline.common.errors import VanbanError

if TYPE_CHECKING:
    from pipeline.build import Bundle
    from pipeline.common.files import Written

# Each command imports the stages it uses inside its body, so that ``vanban --help``, ``vanban check`` and the
# other commands that need no tables start without pandas, openpyxl or docxtpl (tests/test_cli_vietnamese.py).
install()  # click's usage line, headings and usage errors in Vietnamese

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
        interrupted()


@contextlib.contextmanager
def imports_frozen() -> Iterator[None]:
    """Inside, what exists on entry (the modules a command has just imported) is left out of every garbage
    collection (``gc.freeze``), and put back on exit: it lives to the end of the run anyway, and collecting
    over it cost ``vanban build data/2024`` 0.05 s of CPU (how often Python collects: ``pipeline/__main__.py``)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def find_documents(data_dir: Path) -> list[Path]:
    """Return the document sources in a year folder, sorted by name.

    A source is a sub-folder holding ``thong_tin_chung.csv`` or a workbook
    (``.xlsx``/``.xlsm``; an ``.xls`` or ``.ods`` is listed too, so that reading it
    reports how to convert it instead of skipping it); ``data_dir`` itself counts
    when it holds ``thong_tin_chung.csv`` or is a workbook. Excel's ``~$`` lock files
    are skipped.

    Raises:
        VanbanError: ``data_dir`` is missing or not a folder, a sub-folder has CSV
            files but no ``thong_tin_chung.csv``, one document is there both as a
            folder and as a workbook (``ke_hoach/`` and ``ke_hoach.xlsx``), or there
            is no document at all.
    """
    from pipeline.document.model import GENERAL_TABLE
    if data_dir.is_file() and data_dir.suffix.lower() in WORKBOOK_SUFFIXES:
        return [data_dir]
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
    twice = [path for path in found if path.is_file() and path.with_suffix("") in found]
    if twice:
        raise VanbanError(f"văn bản «{twice[0].stem}» có cả thư mục {twice[0].with_suffix('')} và tệp Excel "
                          f"{twice[0]}; hãy giữ một trong hai (dời hay xoá bản cũ) để không tạo văn bản từ dữ liệu cũ")
    if not found:
        raise VanbanError(f"không thấy văn bản nào trong {data_dir}: cần thư mục con có {GENERAL_TABLE}.csv "
                          "hoặc tệp Excel .xlsx")
    return found


def default_output(data_dir: Path) -> Path:
    """``output/<year>``: the folder's name, or its parent's for a single document folder."""
    from pipeline.document.model import GENERAL_TABLE
    folder = data_dir.resolve()
    if (folder / f"{GENERAL_TABLE}.csv").is_file() or folder.suffix.lower() in WORKBOOK_SUFFIXES:
        folder = folder.parent
    return Path("output") / folder.name


def default_templates() -> Path:
    """``templates_docx`` in the current folder if there is one, else the project's."""
    here = Path.cwd() / "templates_docx"
    return here if here.is_dir() else PROJECT_TEMPLATES


@click.group("vanban", cls=VanbanGroup, help="Soạn văn bản hành chính đúng thể thức Nghị định 30/2020/NĐ-CP từ dữ liệu CSV/Excel. "
                                "Ví dụ: vanban build data/2024; hướng dẫn một lệnh: vanban build --help.")
@click.version_option(package_name="vanban-pipeline", message="vanban %(version)s")
def main() -> None:
    """Entry point of the ``vanban`` console script."""


def _pdf_servers(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple:
    """The ``--pdf-server HOST:PORT`` values, read by :meth:`pipeline.export.pdf_servers.PdfServer.parse`."""
    if not values:  # no server asked for: the server module (http, xmlrpc) is not loaded
        return ()
    from pipeline.export.pdf_servers import PdfServer
    try:
        return tuple(PdfServer.parse(value) for value in values)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command(help="Tạo các văn bản của một năm từ thư mục dữ liệu (ví dụ: vanban build data/2024).")
@click.argument("data_dir", metavar="DỮ_LIỆU", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Thư mục ghi kết quả (mặc định: output/<tên thư mục dữ liệu>).")
@click.option("--templates", type=click.Path(path_type=Path),
              help="Thư mục chứa các mẫu .docx (mặc định: templates_docx).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có nếu nội dung thay đổi.")
@click.option("--pdf", is_flag=True, help="Xuất thêm PDF của mỗi văn bản (cần LibreOffice).")
@click.option("--pdfa", is_flag=True, help="Xuất PDF/A-2b để lưu trữ (bao gồm --pdf).")
@click.option("--pdf-server", "pdf_servers", multiple=True, callback=_pdf_servers, metavar="MÁY:CỔNG",
              help="Xuất PDF trên máy chủ chuyển đổi unoserver thay vì LibreOffice của máy này (bao gồm --pdf); "
                   "lặp lại để chia văn bản cho nhiều máy, ví dụ --pdf-server 10.0.0.5:2003 --pdf-server "
                   "10.0.0.6:2003.")
@click.option("--quiet", "-q", is_flag=True, help="Chỉ in lỗi và cảnh báo.")
@click.option("--no-check", is_flag=True, help="Ghi cả văn bản sai thể thức (không khuyến nghị).")
def build(data_dir: Path, output: Path | None, templates: Path | None, force: bool, pdf: bool, pdfa: bool,
          pdf_servers: tuple, quiet: bool, no_check: bool) -> None:
    """Read, check and render every document in DATA_DIR, then write them all (or none)."""
    from pipeline.build import assemble
    from pipeline.common.files import write_all
    from pipeline.export.runlock import exclusive_run
    output = output or default_output(data_dir)
    templates = templates or default_templates()
    with clerk_errors(), imports_frozen():
        if not templates.is_dir():
            raise VanbanError(f"không tìm thấy thư mục mẫu {templates}")
        sources = find_documents(data_dir)
        with exclusive_run(output, report_cleanup):
            with click.progressbar(length=len(sources), label="Đang soạn", file=sys.stderr,
                                   hidden=quiet or len(sources) < 2) as bar:
                bundle = assemble(sources, output, templates, pdf=pdf, pdfa=pdfa,
                                  progress=lambda name: bar.update(1), check=not no_check, pdf_servers=pdf_servers,
                                  documents_bar=lambda total: _documents_bar(total, quiet))
            results = write_all(bundle.files, force=force, derived=bundle.derived, remove=bundle.remove)
        _report_build(output, bundle, results, quiet)


def _documents_bar(total: int, quiet: bool):
    """The progress bar, with the time left, over the documents of one data source that makes
    many (one per unit): on stderr, shown on a terminal or for a batch staged to disk."""
    from pipeline.build import BATCH_IN_MEMORY
    return click.progressbar(length=total, label="Đang soạn từng văn bản", file=sys.stderr, show_eta=True,
                             hidden=quiet or not (sys.stderr.isatty() or total > BATCH_IN_MEMORY))


def _report_build(output: Path, bundle: Bundle, results: list[Written], quiet: bool) -> None:
    """Print the warnings, the files with their status and the counts of a build."""
    from pipeline.common.files import NEW, REMOVED, REPLACED, UNCHANGED
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
    """Print a note of :func:`pipeline.export.runlock.exclusive_run` (take-over, clean-up) on stderr."""
    click.echo(f"Cảnh báo: {note}", err=True)


@main.group(help="Danh bạ đơn vị (don_vi.csv, khoi_don_vi.csv). Ví dụ: vanban units list --date 01/7/2025.")
def units() -> None:
    """Commands on the unit registry."""


@units.command("import-divisions",
               help="Thêm hoặc cập nhật các xã, phường, đặc khu của một trong 34 tỉnh, thành phố (danh mục từ "
                    "01/7/2025) vào danh bạ (ví dụ: vanban units import-divisions --province \"Thanh Hóa\").")
@click.option("--province", required=True, help="Tên tỉnh, thành phố, ví dụ «Thanh Hóa», «Hà Nội», «TP. Hồ Chí Minh».")
@click.option("--registry", "registry_dir", type=click.Path(path_type=Path),
              default=Path("data"), show_default=True, help="Thư mục chứa don_vi.csv và khoi_don_vi.csv.")
@click.option("--group", default="ubnd_cap_xa", show_default=True, help="Mã khối của các xã, phường.")
@click.option("--from", "valid_from", default="01/07/2025", show_default=True,
              help="Ngày bắt đầu hiệu lực của các đơn vị.")
def import_divisions_command(province: str, registry_dir: Path, group: str, valid_from: str) -> None:
    """Import a province's communes and wards as units of ``group``."""
    from pipeline.common.vnformat import parse_date
    from pipeline.data.divisions import import_divisions
    try:
        start = parse_date(valid_from)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--from") from None
    with clerk_errors():
        result = import_divisions(registry_dir, province, group, start)
    click.echo(f"Đã thêm {result.added}, cập nhật {result.updated}, giữ nguyên {result.unchanged} đơn vị "
               f"vào {registry_dir / 'don_vi.csv'}.")


class EndForm(click.Choice):
    """The ``Hình thức`` of an end (``pipeline.data.registry.FORMS``), read when the option is used or shown."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        """The forms an end can take, in the registry's order."""
        from pipeline.data.registry import FORMS
        return tuple(FORMS)


REGISTRY_OPTION = click.option("--registry", "registry_dir", type=click.Path(path_type=Path), default=Path("data"),
                               show_default=True, help="Thư mục chứa don_vi.csv và khoi_don_vi.csv.")


def _day(value: str | None, option: str) -> date:
    """A day-first date option; today when not given."""
    from pipeline.common.vnformat import parse_date
    if not value:
        return date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


@units.command("list", help="Các đơn vị và khối có hiệu lực vào một ngày (ví dụ: vanban units list --date 18/5/2027).")
@REGISTRY_OPTION
@click.option("--date", "day", help="Ngày cần xem (mặc định: hôm nay).")
def units_list(registry_dir: Path, day: str | None) -> None:
    """Print the registry as it stands on a day."""
    from pipeline.data.registry import find_registry, load_registry
    from pipeline.data.registry_view import registry_on
    on = _day(day, "--date")
    with clerk_errors():
        registry = load_registry(find_registry(registry_dir))
    click.echo(registry_on(registry, on), nl=False)


@units.command("history", help="Lịch sử một đơn vị hay khối (mã hoặc tên): các dòng, tiền thân, đơn vị kế thừa "
                               "(ví dụ: vanban units history SO_KHDT).")
@click.argument("key", metavar="MÃ_HOẶC_TÊN")
@REGISTRY_OPTION
@click.option("--date", "day", help="Ngày để cho biết đơn vị nào thay thế (mặc định: hôm nay).")
def units_history(key: str, registry_dir: Path, day: str | None) -> None:
    """Print the versions, predecessors and successors of a unit or group."""
    from pipeline.data.registry import find_registry, load_registry
    from pipeline.data.registry_view import history
    on = _day(day, "--date")
    with clerk_errors():
        registry = load_registry(find_registry(registry_dir))
        try:
            target = registry.lookup(key)
        except ValueError as exc:
            raise VanbanError(str(exc)) from None
        if target is None:
            raise VanbanError(f"«{key}» không phải mã hay tên đơn vị, mã khối nào trong danh bạ "
                              f"({registry.location.file}){registry.suggest(key)}")
    click.echo(history(registry, target.code, on), nl=False)


@units.command("end", help="Ghi một đơn vị chấm dứt (sáp nhập, hợp nhất, chia tách, giải thể …) với đơn vị kế thừa "
                           "và văn bản quyết định (ví dụ: vanban units end SO_KHDT --last-day 28/02/2025 "
                           "--form \"sáp nhập\" --successor SO_TC --decision \"Nghị quyết số …\").")
@click.argument("code", metavar="MÃ")
@click.option("--last-day", required=True, help="Ngày cuối cùng đơn vị còn hoạt động.")
@click.option("--form", required=True, type=EndForm(), help="Hình thức.")
@click.option("--successor", multiple=True, help="Mã đơn vị kế thừa (ghi nhiều lần khi chia tách).")
@click.option("--decision", required=True, help="Văn bản quyết định (số, ký hiệu, ngày, cơ quan).")
@REGISTRY_OPTION
def units_end(code: str, last_day: str, form: str, successor: tuple[str, ...], decision: str,
              registry_dir: Path) -> None:
    """Fill the end columns of a unit's row in force on LAST_DAY."""
    from pipeline.common.vnformat import short_date
    from pipeline.data.registry_edit import end_unit
    last = _day(last_day, "--last-day")
    with clerk_errors():
        row = end_unit(registry_dir, code, last, form, list(successor), decision)
    click.echo(f"Đã ghi: {code} hết hiệu lực sau ngày {short_date(last)} ({form}) — dòng {row} của "
               f"{registry_dir / 'don_vi.csv'}.")


@units.command("rename", help="Ghi một đơn vị đổi tên từ một ngày: thêm dòng tên mới (mã mới) ngay dưới dòng cũ, dòng "
                              "cũ hết hiệu lực ngày hôm trước (ví dụ: vanban units rename SO_NV --new-code SO_NV2 --name "
                              "\"Sở Nội vụ tỉnh X\" --from 01/03/2025 --decision \"Quyết định số …\").")
@click.argument("code", metavar="MÃ")
@click.option("--new-code", required=True, help="Mã của đơn vị với tên mới.")
@click.option("--name", required=True, help="Tên đầy đủ mới.")
@click.option("--short-name", default="", help="Tên viết tắt mới (mặc định: tên đầy đủ).")
@click.option("--from", "first_day", required=True, help="Ngày tên mới có hiệu lực.")
@click.option("--decision", required=True, help="Văn bản quyết định.")
@REGISTRY_OPTION
def units_rename(code: str, new_code: str, name: str, short_name: str, first_day: str, decision: str,
                 registry_dir: Path) -> None:
    """End CODE the day before FIRST_DAY and add NEW_CODE with the new name."""
    from pipeline.common.vnformat import short_date
    from pipeline.data.registry_edit import rename_unit
    first = _day(first_day, "--from")
    with clerk_errors():
        row = rename_unit(registry_dir, code, new_code, name, short_name, first, decision)
    click.echo(f"Đã ghi: {code} đổi tên thành «{name}» ({new_code}) từ ngày {short_date(first)} — dòng {row} của "
               f"{registry_dir / 'don_vi.csv'}.")


@main.group(help="Báo cáo kết quả các đơn vị gửi về. Ví dụ: vanban responses form data/2024.")
def responses() -> None:
    """Commands on the units' responses."""


@responses.command("form", help="Tạo biểu mẫu Excel để các đơn vị điền báo cáo kết quả "
                                "(ví dụ: vanban responses form data/2024).")
@click.argument("data_dir", metavar="DỮ_LIỆU", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Thư mục ghi biểu mẫu (mặc định: output/<tên thư mục dữ liệu>).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè biểu mẫu đã có nếu nội dung thay đổi.")
def responses_form(data_dir: Path, output: Path | None, force: bool) -> None:
    """Write the response form of every plan (a document with ``chi_tieu``) in DATA_DIR."""
    output = output or default_output(data_dir)
    with clerk_errors():
        written = _write_forms(data_dir, output, force)
    for result in written:
        click.echo(f"Biểu mẫu {result.path}: {result.status}")


def _write_forms(data_dir: Path, output: Path, force: bool = False) -> list[Written]:
    """Write the response form of each plan in ``data_dir`` into ``output`` like ``build``
    writes documents (:func:`pipeline.common.files.write_all`: an edited form is not replaced
    without ``force``)."""
    from pipeline.common.files import write_all
    from pipeline.data.indicators import INDICATORS_TABLE
    from pipeline.data.tables import Source
    from pipeline.export.runlock import exclusive_run
    from pipeline.results.facts import load_document
    from pipeline.results.form import plan_form
    plans = [s for s in find_documents(data_dir) if Source(s).has_table(INDICATORS_TABLE)]
    if not plans:
        raise VanbanError(f"không có kế hoạch nào trong {data_dir} có bảng chỉ tiêu ({INDICATORS_TABLE})")
    files = {}
    with exclusive_run(output, report_cleanup):
        for source in plans:
            name, data = plan_form(load_document(source))
            files[output / name] = data
        return write_all(files, force=force)


@main.command("convert", help="Chuyển dữ liệu một văn bản giữa thư mục các tệp CSV và một tệp Excel (mỗi bảng một "
                              "trang tính, có trang «Hướng dẫn» và danh sách chọn), không mất gì. Ví dụ: vanban "
                              "convert data/2024/ke_hoach data/2024/ke_hoach.xlsx, hoặc ngược lại vanban convert "
                              "data/2024/ke_hoach.xlsx data/2024/ke_hoach.")
@click.argument("source", metavar="NGUỒN", type=click.Path(path_type=Path))
@click.argument("target", metavar="ĐÍCH", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Cho phép ghi đè (và xoá tệp CSV thừa trong thư mục đích) nếu đã có.")
def convert_command(source: Path, target: Path, force: bool) -> None:
    """Write SOURCE (a CSV folder or a workbook) as TARGET in the other form (all files or none)."""
    from pipeline.common.files import write_all
    from pipeline.document.workbook import conversion
    with clerk_errors():
        files, stale = conversion(source, target)
        results = write_all(files, force=force, remove=frozenset(stale))
    for result in results:
        click.echo(f"{result.path}: {result.status}")
    leftovers = sorted(p.name for p in source.iterdir() if p.is_file() and p.suffix.lower() != ".csv") \
        if source.is_dir() else []
    if leftovers:
        click.echo("Lưu ý: các tệp không phải CSV trong thư mục không được đưa vào tệp Excel: " + ", ".join(leftovers)
                   + " (mẫu .docx để cạnh dữ liệu thì đặt ở thư mục chứa tệp Excel)", err=True)


@main.command("new-year", help="Tạo dữ liệu năm sau từ dữ liệu năm nay (ví dụ: vanban new-year data/2024 "
                               "data/2025); danh sách thay đổi ghi trong thay_doi_nam_moi.csv.")
@click.argument("source", metavar="NGUỒN", type=click.Path(path_type=Path))
@click.argument("target", metavar="ĐÍCH", type=click.Path(path_type=Path))
def new_year_command(source: Path, target: Path) -> None:
    """Roll SOURCE's data forward one year into TARGET (the response form comes with the plan's build)."""
    from pipeline.document.model import UPDATE_COL
    from pipeline.rollover import REPORT_NAME, new_year
    with clerk_errors():
        if not source.is_dir():
            raise VanbanError(f"không tìm thấy thư mục dữ liệu {source}")
        changes = new_year(source, target)
    refused = [c for c in changes if c.refused]
    review = [c for c in changes if c.to_review or c.column == UPDATE_COL]
    edited = [c for c in changes if c.before != c.after and c.after]
    for change in refused:
        click.echo(f"Cảnh báo: {change.note.split(': ', 1)[1]}", err=True)
    click.echo(f"Đã tạo {target}: {len(edited)} ô dữ liệu đã sửa, {len(review)} điểm cần xem lại — xem "
               f"{target / REPORT_NAME}. Kế hoạch và biểu mẫu báo cáo được tạo khi chạy «vanban build {target}».")
    _warn_other_registry(source, target)


NEW_KINDS = "kế hoạch, báo cáo, công văn, giấy mời, quyết định, tờ trình, thông báo"
"""The types ``vanban new`` makes (pipeline.skeleton.KINDS; written out so that ``--help`` imports nothing)."""


@main.command("new", help="Tạo dữ liệu một văn bản mới theo loại (ND30), dựng được ngay với hồ sơ cơ quan "
                          f"co_quan.csv và danh bạ. Loại: {NEW_KINDS} (viết có dấu hay không dấu, ví dụ ke-hoach, "
                          "quyet-dinh, to-trinh). Ví dụ: vanban new quyet-dinh data/2025/qd_khen_thuong")
@click.argument("kind", metavar="LOẠI")
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path))
def new_command(kind: str, folder: Path) -> None:
    """Write the skeleton of a new document of KIND into FOLDER (refused when FOLDER is not empty)."""
    from pipeline.skeleton import kind_of, new_document
    with clerk_errors():
        written = new_document(kind, folder)
    name = kind_of(kind).name.lower()
    click.echo(f"Đã tạo {name} mới trong {folder}: " + ", ".join(path.name for path in written) + ".")
    click.echo("Việc cần làm tiếp:")
    for step in (f"sửa «Trích yếu» (và «Kính gửi», «Căn cứ ban hành» nếu có) trong {written[0]};",
                 f"viết nội dung trong {written[1]} (mỗi dòng một đoạn; cột «Cấp»: I., 1., a), -);",
                 f"ghi nơi nhận trong {written[2]} (mã đơn vị, mã khối trong danh bạ don_vi.csv);",
                 *[f"ghi tên, ngày, giờ, địa điểm cuộc họp trong {path};" for path in written if path.name == "hoi_thao.csv"],
                 *[f"ghi các đơn vị được mời trong {path} (mỗi đơn vị một giấy mời; mã đơn vị, mã khối);"
                   for path in written if path.name == "khach_moi.csv"],
                 "cơ quan, ký hiệu, địa danh, người ký, «Lưu» lấy từ hồ sơ cơ quan co_quan.csv; ghi vào "
                 "thong_tin_chung.csv để thay cho riêng văn bản này;",
                 f"dựng văn bản: vanban build {folder.parent}"):
        click.echo(f"  - {step}")


def _warn_other_registry(source: Path, target: Path) -> None:
    """Warn when ``target`` does not see the registry ``source`` used (the build would stop or use another)."""
    from pipeline.data.registry import find_registry
    try:
        used = find_registry(source)
    except VanbanError:
        return
    try:
        seen = find_registry(target)
    except VanbanError:
        seen = None
    if seen != used:
        click.echo(f"Cảnh báo: {target} không dùng danh bạ đơn vị {used} như {source} "
                   f"({'không tìm thấy danh bạ nào' if seen is None else f'sẽ dùng {seen}'}); hãy đặt thư mục năm "
                   f"mới cạnh {source} hoặc chép don_vi.csv, khoi_don_vi.csv vào {target.parent} trước khi build",
                   err=True)


@main.group(help="Các mẫu .docx (templates_docx). Ví dụ: vanban templates check data/2024.")
def templates() -> None:
    """Commands on templates."""


@templates.command("reference", help="In bảng các biến và bộ lọc mà mẫu được dùng (ví dụ: vanban templates reference).")
def templates_reference() -> None:
    """Print the template reference (the same text as in the README)."""
    from pipeline.render.reference import template_reference
    click.echo(template_reference(), nl=False)


@main.command("check", help="Kiểm tra thể thức Nghị định 30/2020/NĐ-CP của các tệp .docx (văn bản tạo bằng "
                            "vanban hay gõ tay). Mỗi sai sót kèm mã quy tắc (ND30-…): xem danh sách bằng "
                            "--list-rules, giải thích bằng --explain MÃ. Ví dụ: vanban check output/2024/*.docx; "
                            "vanban check --explain ND30-905.")
@click.argument("files", metavar="[TỆP]...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Dạng kết quả: text cho người đọc, json cho máy.")
@click.option("--ignore", "ignore", multiple=True, metavar="MÃ",
              help="Bỏ qua một quy tắc: mã (ND30-905) hoặc tên cũ (so-trang); dùng nhiều lần cho nhiều quy tắc.")
@click.option("--list-rules", is_flag=True, help="In danh sách mọi quy tắc: mã, mức, mô tả, căn cứ ND30.")
@click.option("--explain", "explain", metavar="MÃ",
              help="In giải thích một quy tắc: kiểm tra gì, văn bản quy định, ví dụ đúng và sai.")
def check_command(files: tuple[Path, ...], output_format: str, ignore: tuple[str, ...], list_rules: bool,
                  explain: str | None) -> None:
    """Check FILES; exit code 1 when any has an error."""
    from pipeline.check import BOOK as RULES
    from pipeline.check import ERROR, check_document, findings_json, findings_text, ignored
    if list_rules:
        click.echo(RULES.listing())
        return
    if explain:
        with clerk_errors():
            click.echo(RULES.explain(explain))
        return
    if not files:
        raise click.UsageError("cần ít nhất một tệp .docx (hoặc --list-rules, --explain MÃ)")
    with clerk_errors():
        ignored(ignore)  # an unknown code stops before any file is read
    results, unreadable = {}, {}
    for path in files:
        try:
            results[path] = check_document(path, ignore=ignore)
        except VanbanError as exc:
            unreadable[path] = str(exc)
            click.echo(f"Lỗi: {exc}", err=True)
    if output_format == "json":
        report = json.loads(findings_json(results, codes=True))
        report["unreadable"] = [{"path": str(path), "error": error} for path, error in unreadable.items()]
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for path, findings in results.items():
            click.echo(findings_text(path, findings))
        if len(files) > 1:
            every = [f for findings in results.values() for f in findings]
            errors = sum(f.severity == ERROR for f in every)
            click.echo(f"Tất cả: {len(files)} tệp ({len(unreadable)} không đọc được), {errors} lỗi, "
                       f"{len(every) - errors} cảnh báo.")
    if unreadable or any(f.severity == ERROR for findings in results.values() for f in findings):
        sys.exit(1)


@templates.command("check", help="Kiểm tra các mẫu mà văn bản trong DỮ_LIỆU dùng, với dữ liệu thật "
                                 "(ví dụ: vanban templates check data/2024). Mỗi sai sót ghi kèm mã quy tắc "
                                 "(TPL-…); xem các quy tắc bằng --list-rules, giải thích một quy tắc bằng --explain.")
@click.argument("data_dir", metavar="[DỮ_LIỆU]", required=False, type=click.Path(path_type=Path))
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục chứa các mẫu .docx (mặc định: templates_docx).")
@click.option("--ignore", "ignored", multiple=True, metavar="MÃ",
              help="Bỏ qua các sai sót của quy tắc có mã này (ví dụ: --ignore TPL-018); dùng được nhiều lần.")
@click.option("--enable", "enabled", multiple=True, metavar="MÃ",
              help="Bật một quy tắc tắt sẵn (ví dụ: --enable TPL-032, các biến dữ liệu mà mẫu không in); "
                   "dùng được nhiều lần.")
@click.option("--list-rules", is_flag=True, help="In danh sách các quy tắc kiểm tra mẫu (mã, mức, mô tả, căn cứ) "
                                                 "rồi thôi.")
@click.option("--explain", "explained", metavar="MÃ",
              help="Giải thích một quy tắc: kiểm tra gì, căn cứ, ví dụ đúng và sai (ví dụ: --explain TPL-010).")
def templates_check(data_dir: Path | None, templates_dir: Path | None, ignored: tuple[str, ...],
                    enabled: tuple[str, ...], list_rules: bool, explained: str | None) -> None:
    """Check each template used by DATA_DIR's documents; exit code 1 on errors."""
    from pipeline.check.templates import ERROR as TEMPLATE_ERROR
    from pipeline.check.templates import RULES as TEMPLATE_RULES
    from pipeline.check.templates import check_context, check_template, selected
    from pipeline.render.docx import find_template
    from pipeline.results.facts import NoResponsesYet, load_documents
    if list_rules:
        click.echo(TEMPLATE_RULES.listing())
        return
    if explained:
        click.echo(TEMPLATE_RULES.explain(_rule_code(explained, "--explain")))
        return
    if data_dir is None:
        raise click.UsageError("thiếu thư mục dữ liệu DỮ_LIỆU (ví dụ: vanban templates check data/2024)")
    for code in ignored:
        _rule_code(code, "--ignore")
    for code in enabled:
        _rule_code(code, "--enable")
    templates_dir = templates_dir or default_templates()
    findings = []
    waiting = []
    with clerk_errors():
        seen = set()
        for source in find_documents(data_dir):
            try:
                documents = load_documents(source)
            except NoResponsesYet as exc:
                waiting.append(f"{source.name} ({exc})")
                continue
            for document in documents[:1]:
                pairs = [(document.template, check_context(document))]
                if document.list_template:
                    pairs.append((document.list_template, check_context(document, recipient_list=True)))
                for name, context in pairs:
                    path = find_template(document, name, templates_dir)
                    if path not in seen:
                        seen.add(path)
                        findings += check_template(path, context)
    findings = selected(findings, ignored, enabled)
    for finding in findings:
        click.echo(str(finding))
    for name in waiting:
        click.echo(f"Chưa kiểm tra mẫu của {name}: văn bản này chỉ điền được khi đã có báo cáo của các đơn vị; "
                   "mẫu của nó sẽ được kiểm tra khi chạy build lúc đó.")
    errors = sum(f.severity == TEMPLATE_ERROR for f in findings)
    click.echo(f"Tổng cộng: {len(seen)} mẫu, {errors} lỗi, {len(findings) - errors} cảnh báo.")
    if errors:
        sys.exit(1)


def _rule_code(code: str, option: str) -> str:
    """The code of the template rule ``code`` names; a usage error (exit code 2) when none."""
    from pipeline.check.rulebook import UnknownRule
    from pipeline.check.templates import RULES as TEMPLATE_RULES
    try:
        return TEMPLATE_RULES.get(code).code
    except UnknownRule as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


@main.command("import", help="Nhập một văn bản Word thành thư mục dữ liệu: vanban import VAN_BAN.docx [THU_MUC]; "
                             "đưa các sửa đổi trong Word về dữ liệu: vanban import --update THU_MUC DA_SUA.docx.")
@click.argument("first", metavar="TỆP_HAY_THƯ_MỤC", type=click.Path(path_type=Path))
@click.argument("second", metavar="[TỆP_HAY_THƯ_MỤC]", type=click.Path(path_type=Path), required=False)
@click.option("--update", is_flag=True, help="Cập nhật thư mục dữ liệu (tham số thứ nhất) theo văn bản Word đã sửa (tham số thứ hai).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè các tệp đã có trong thư mục.")
@click.option("--ngay", "dates", multiple=True, metavar="TÊN=NGÀY",
              help="Một mốc thời gian cần nhận ra trong nội dung, ví dụ --ngay \"hạn báo cáo=25/5/2024\" (lặp lại được).")
def import_command(first: Path, second: Path | None, update: bool, force: bool, dates: tuple[str, ...]) -> None:
    """Import a .docx into data, or take a clerk's Word edits back into FIRST (--update)."""
    from pipeline.importer import console_lines, default_folder, import_docx, update_folder
    with clerk_errors():
        if update:
            if second is None:
                raise click.UsageError("--update cần hai tham số: THƯ_MỤC_DỮ_LIỆU VĂN_BẢN_ĐÃ_SỬA.docx")
            outcome = update_folder(first, second)
        else:
            outcome = import_docx(first, second or default_folder(first), force=force, dates=dates)
        for line in console_lines(outcome):
            click.echo(line)


@main.command("install-shortcut", help="Tạo tệp vanban.bat để nhấp đúp trên Windows: hỏi thư mục dữ liệu (mặc định "
                                       "năm mới nhất trong data), tạo văn bản, mở thư mục kết quả, giữ cửa sổ khi có "
                                       "lỗi (ví dụ: vanban install-shortcut, hoặc vanban install-shortcut D:\\VanBan).")
@click.argument("folder", metavar="[THƯ_MỤC]", required=False, default=Path("."), type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Cho phép ghi đè vanban.bat đã có nếu nội dung thay đổi.")
def install_shortcut(folder: Path, force: bool) -> None:
    """Write ``vanban.bat`` into FOLDER (the folder holding ``data``), for the running Python."""
    from pipeline.common.files import write_all
    from pipeline.launcher import LAUNCHER_NAME, windows_launcher
    with clerk_errors():
        if not folder.is_dir():
            raise VanbanError(f"không tìm thấy thư mục {folder}")
        if not (folder / "data").is_dir():
            click.echo(f"Cảnh báo: {folder.resolve()} chưa có thư mục data; tệp .bat tìm dữ liệu ở "
                       f"{folder.resolve() / 'data'}", err=True)
        result, = write_all({folder / LAUNCHER_NAME: windows_launcher(sys.executable)}, force=force)
    click.echo(f"{result.status}: {result.path} — nhấp đúp tệp này để tạo văn bản của một năm.")
