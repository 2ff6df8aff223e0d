"""Writing generated files safely: Windows-safe names, no half-written files,
no earlier output overwritten unless the clerk asks.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import VanbanError
from pipeline.model import AdministrativeDocument

NEW, UNCHANGED, REPLACED = "mới", "không đổi", "ghi đè"


class OutputConflict(VanbanError):
    """An existing output would change and ``--force`` was not given."""


@dataclass
class Written:
    """What happened to one output file: ``status`` is NEW, UNCHANGED or REPLACED."""

    path: Path
    status: str


def ascii_slug(text: str) -> str:
    """Return ``text`` as a lower-case ASCII file-name part: ``Kế hoạch`` → ``ke-hoach``.

    Vietnamese letters lose their marks (``đ`` → ``d``); anything that is not a
    letter, digit or ``-`` becomes ``-``. The result is valid on Windows and Linux.
    """
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "van-ban"


def document_filename(document: AdministrativeDocument) -> str:
    """The output file name: type, number or ``du-thao``, symbol, date or year.

    Examples: ``ke-hoach_du-thao_kh-skhcn_2024.docx``,
    ``ke-hoach_05_kh-skhcn_2024-02-05.docx``, ``cong-van_du-thao_skhcn-vp_2024_so-tp.docx``
    (a công văn, one of a set of per-unit letters). ASCII only, no character Windows forbids.
    """
    number = document.number.zfill(2) if document.number else "du-thao"
    when = document.issue_date.isoformat() if document.issue_date else str(document.year)
    parts = [ascii_slug(document.doc_type or "cong van"), ascii_slug(number), ascii_slug(document.symbol), when]
    if document.file_suffix:
        parts.append(ascii_slug(document.file_suffix))
    return "_".join(parts) + ".docx"


def recipient_list_filename(document: AdministrativeDocument) -> str:
    """The recipient list appendix's file name: ``phu-luc-noi-nhan_`` + the document's name."""
    return "phu-luc-noi-nhan_" + document_filename(document)


def write_all(files: dict[Path, bytes], force: bool = False,
              derived: frozenset[Path] = frozenset()) -> list[Written]:
    """Write every file, or none of them.

    Three steps:

    1. Check, before anything is written: no target is a folder, no parent of a
       target folder is a file, an existing target can be read, a target that
       would change is not read-only or locked (a file open in Word on Windows),
       and no target would change unless ``force`` is given.
    2. Write each changed file to a temporary file beside it (``.<name>.*.tmp``,
       created by :func:`tempfile.mkstemp` with mode 0600, then given the normal
       mode: 0o666 minus the umask for a new file, the old file's mode for a
       replaced one). If one of them fails, every temporary file (and every
       folder this call created) is removed: the earlier outputs are untouched.
    3. Rename the temporary files into place (:func:`os.replace`, atomic per file).

    Limit: step 3 is atomic for each file, not for the whole set. If a rename
    fails half-way (a file locked between step 1 and step 3, a disk unplugged),
    the files renamed before it are already replaced; the error names them and the
    remaining temporary files are removed.

    Args:
        files: target path -> content.
        force: replace existing files whose content differs.
        derived: files that describe the others (the manifest) and are always
            replaced when they change, without ``force``.

    Returns:
        One :class:`Written` per file, in the given order.

    Raises:
        OutputConflict: before anything is written, when an existing file would
            change and ``force`` is false.
        OutputError: any file system problem (``OSError``), with the path and what
            to do in Vietnamese; see above for what is left on disk.
    """
    results, changed = [], {}
    for path, data in files.items():
        _check_target(path)
        old = _read_existing(path)
        if old == data:
            results.append(Written(path, UNCHANGED))
        else:
            results.append(Written(path, NEW if old is None else REPLACED))
            changed[path] = data
    conflicts = [w.path for w in results if w.status == REPLACED and w.path not in derived]
    if conflicts and not force:
        raise OutputConflict("các tệp sau đã có và sẽ bị thay đổi; không ghi đè khi chưa được phép "
                             "(thêm --force để ghi đè): " + ", ".join(str(p) for p in conflicts))
    for written in results:
        if written.status == REPLACED:
            _check_replaceable(written.path)
    _write_staged(changed)
    return results


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    A crash leaves either the old file or the new one, never a partial file. The
    file gets the normal permissions (a replaced file keeps its own).

    Raises:
        OutputError: any file system problem, in Vietnamese (nothing is changed).
    """
    _check_target(path)
    if path.exists():
        _check_replaceable(path)
    _write_staged({path: data})


class OutputError(VanbanError):
    """A file system problem while writing the outputs (message in Vietnamese)."""


NOTHING_WRITTEN = "không tệp nào được ghi"


def _check_target(path: Path) -> None:
    """Refuse a target that is a folder, or whose folder (or a parent of it) is a file."""
    try:
        if path.is_dir():
            raise OutputError(f"{path} là một thư mục nên không ghi tệp kết quả vào đó được; hãy đổi "
                              f"tên hoặc xóa thư mục này rồi chạy lại ({NOTHING_WRITTEN})")
        for folder in (path.parent, *path.parent.parents):
            if folder.is_dir():
                break
            if folder.exists() or folder.is_symlink():
                raise OutputError(
                    f"{folder} là một tệp, không phải thư mục, nên không tạo được thư mục kết quả "
                    f"{path.parent}; hãy đổi tên hoặc xóa tệp đó, hoặc chọn thư mục kết quả khác "
                    f"(tùy chọn --output) ({NOTHING_WRITTEN})")
    except OSError as exc:
        raise _explain(exc, path, "check") from None


def _read_existing(path: Path) -> bytes | None:
    """The current content of ``path``, ``None`` when there is no such file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _explain(exc, path, "read") from None


def _check_replaceable(path: Path) -> None:
    """Open an existing target for writing (without changing it), to find a read-only
    file or, on Windows, a file another program (Word) holds open."""
    try:
        with open(path, "r+b"):
            pass
    except OSError as exc:
        raise _explain(exc, path, "replace") from None


def _write_staged(files: dict[Path, bytes]) -> None:
    """Write all temporaries, then rename them all; clean up on any failure."""
    created: list[Path] = []
    staged: dict[Path, str] = {}
    replaced: list[Path] = []
    mode = _default_mode()
    path, step = None, "folder"
    try:
        for path, data in files.items():
            step = "folder"
            created += _make_folders(path.parent)
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged[path] = temp
            step = "write"
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            _set_mode(temp, path, mode)
        step = "replace"
        for path, temp in staged.items():
            os.replace(temp, path)
            replaced.append(path)
    except BaseException as exc:
        for target, temp in staged.items():
            if target not in replaced:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
        if not replaced:
            for folder in reversed(created):
                try:
                    folder.rmdir()
                except OSError:
                    pass
        if isinstance(exc, OSError):
            raise _explain(exc, path, step, replaced) from None
        raise


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return the ones created, outermost first."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(exist_ok=True)
    return list(reversed(missing))


def _default_mode() -> int:
    """0o666 minus the process umask: the mode ``open()`` would give a new file."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it back at once
    os.umask(mask)
    return 0o666 & ~mask


def _set_mode(temp: str, target: Path, default: int) -> None:
    """Give ``temp`` (mode 0600 from mkstemp) the replaced file's mode or ``default``.

    On Windows :func:`os.chmod` only sets or clears the read-only flag (0o666 clears
    it); where it is unsupported the file simply keeps mkstemp's mode.
    """
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = default
    try:
        os.chmod(temp, mode)
    except (NotImplementedError, PermissionError):
        pass


def _explain(exc: OSError, path: Path | None, step: str, replaced: list[Path] = ()) -> OutputError:
    """Turn ``exc`` into a Vietnamese :class:`OutputError` naming the path and what to do."""
    name = Path(exc.filename) if isinstance(exc.filename, (str, os.PathLike)) else path
    folder = path.parent if path is not None else name
    reason = exc.strerror or str(exc)
    if step == "read":
        text = f"không đọc được tệp đã có {path} ({reason}); hãy kiểm tra quyền đọc tệp này rồi chạy lại"
    elif step == "check":
        text = (f"không kiểm tra được {name} ({reason}); hãy kiểm tra quyền truy cập thư mục kết quả "
                "hoặc chọn thư mục khác (tùy chọn --output)")
    elif isinstance(exc, PermissionError) and step in ("folder", "write"):
        text = (f"không được phép ghi vào thư mục {folder} ({reason}); hãy cấp quyền ghi cho thư mục "
                "này hoặc chọn thư mục kết quả khác (tùy chọn --output)")
    elif isinstance(exc, PermissionError):
        text = (f"không ghi đè được {path}: tệp đang mở (trong Word, Excel…) hoặc chỉ cho phép đọc "
                f"({reason}); hãy đóng tệp trong Word hoặc bỏ thuộc tính chỉ đọc rồi chạy lại")
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        text = f"ổ đĩa đầy, không ghi được {path}; hãy giải phóng dung lượng rồi chạy lại"
    elif isinstance(exc, IsADirectoryError):
        text = f"{path} là một thư mục; hãy đổi tên hoặc xóa thư mục này rồi chạy lại"
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        text = (f"một phần của đường dẫn {name} là tệp, không phải thư mục; hãy chọn thư mục kết quả "
                "khác (tùy chọn --output)")
    else:
        text = f"không ghi được {path} ({reason}); hãy kiểm tra thư mục kết quả {folder} rồi chạy lại"
    if replaced:
        text += ("; các tệp sau đã được thay bằng bản mới trước khi gặp lỗi: "
                 + ", ".join(str(p) for p in replaced) + "; các tệp còn lại giữ nguyên")
    else:
        text += f" ({NOTHING_WRITTEN})"
    return OutputError(text)
