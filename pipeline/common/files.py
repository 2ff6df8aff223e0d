"""Writing generated files safely: no half-written files, no earlier output
overwritten unless the clerk asks, clean-up of what an interrupted run left.

File names come from :mod:`pipeline.document.names`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import queue
import re
import secrets
import signal
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.common.errors import VanbanError

NEW, UNCHANGED, REPLACED, REMOVED = "mới", "không đổi", "ghi đè", "đã xóa"


class OutputConflict(VanbanError):
    """An existing output would change and ``--force`` was not given."""


@dataclass
class Written:
    """What happened to one output file: ``status`` is NEW, UNCHANGED, REPLACED or REMOVED."""

    path: Path
    status: str


@dataclass
class Staged:
    """A file's content already written to a temporary file beside its target (see :class:`Stager`).

    Attributes:
        target: where the file goes.
        temp: the temporary file (``.vanban-<pid>.<name>.<random>.tmp``, :func:`clean_temporaries`).
        size: its size in bytes.
        sha256: its SHA-256, 64 lower-case hex digits; computed by the stager's thread as it writes
            the file (off the thread that makes the documents), so set once the stager is left.
    """

    target: Path
    temp: Path
    size: int
    sha256: str = ""

    def read(self) -> bytes:
        """The content (read back from the temporary file).

        Raises:
            OutputError: the temporary file cannot be read.
        """
        try:
            return self.temp.read_bytes()
        except OSError as exc:
            raise explain(exc, self.target, "write") from None


class Stager:
    """Stages files: each is written to a temporary file beside its target (its folder made if
    missing) for :func:`write_all` to rename into place with the others, all or none, so a batch
    of thousands of documents is not held in memory until the end. The writing is done by a
    background thread, so the disk's work overlaps making the next documents (creating and
    writing a file costs about as much as making a letter); at most ``depth`` files wait in
    memory. Not when the other core is already busy (the build's check process): the thread
    would then mostly wait for Python's interpreter lock and make the main thread wait for it
    (measured: 1,021 letters 1 s slower), so each file is written as it is staged. The files
    reach the disk (:func:`flush_to_disk`) before :func:`write_all` renames them.

    Used as a context manager: leaving it waits until every file is written. If the block
    fails (an error, Ctrl+C) or a write failed, every file it staged is removed; a killed run's
    are removed by the next run (:func:`clean_temporaries`).

    Args:
        depth: files waiting to be written, at most.
        background: write in a background thread (else in :meth:`stage`).

    Raises:
        OutputError: (from :meth:`stage` or on leaving) any file system problem, naming the file.
    """

    def __init__(self, depth: int = 32, background: bool = True):
        self._jobs: queue.Queue = queue.Queue(maxsize=depth)
        self._staged: list[Staged] = []
        self._folders: set[Path] = set()  # checked and made for an earlier file
        self._error: OutputError | None = None
        self._abandoned = False
        self._done = threading.Event()  # not Thread.join: a join interrupted by Ctrl+C may later return early
        self._thread = threading.Thread(target=self._write, name="vanban-stage", daemon=True) if background else None

    def __enter__(self) -> "Stager":
        if self._thread is not None:
            self._thread.start()
        return self

    def stage(self, path: Path, data: bytes) -> Staged:
        """Queue ``data`` to be written beside ``path``; its :class:`Staged` (the file is complete
        once the stager is left without error).

        Raises:
            OutputError: ``path`` is a folder or its folder cannot be made, or an earlier write failed.
        """
        if self._error is not None:
            raise self._error
        known = path.parent in self._folders
        check_target(path, known)
        if not known:
            try:
                make_folders(path.parent)
            except OSError as exc:
                raise explain(exc, path, "write") from None
            self._folders.add(path.parent)
        temp = path.parent / f"{TEMP_PREFIX}{os.getpid()}.{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
        staged = Staged(path, temp, len(data))
        self._staged.append(staged)  # before the file exists: removed whenever the run fails from here on
        if self._thread is None:
            self._write_one(staged, data)
            if self._error is not None:
                raise self._error
        else:
            self._jobs.put((staged, data))
        return staged

    def _write(self) -> None:
        """The thread: write each queued file until told to stop; after a failure, or once the
        stager is abandoned, the rest of the queue is skipped."""
        try:
            while (job := self._jobs.get()) is not None:
                if self._error is None and not self._abandoned:
                    self._write_one(*job)
        finally:
            self._done.set()

    def _write_one(self, staged: Staged, data: bytes) -> None:
        staged.sha256 = hashlib.sha256(data).hexdigest()
        try:
            with open(staged.temp, "xb") as stream:
                stream.write(data)
        except OSError as exc:
            self._error = explain(exc, staged.target, "write")

    def __exit__(self, kind, exc, traceback) -> bool:
        self._abandoned = kind is not None
        interrupted = None
        stop_sent = self._thread is None
        if stop_sent:
            self._done.set()
        while True:  # a Ctrl+C while waiting for the writer still ends it and removes its files
            try:
                if not stop_sent:
                    self._jobs.put(None)
                    stop_sent = True
                self._done.wait()
                break
            except BaseException as caught:  # noqa: BLE001 — re-raised below, after the clean-up
                interrupted = interrupted or caught
                self._abandoned = True
        if self._abandoned or self._error is not None:
            discard(self._staged)
        if interrupted is not None:
            raise interrupted
        if kind is None and self._error is not None:
            raise self._error
        return False


def discard(files: Iterable[bytes | Staged]) -> None:
    """Remove the temporary files of the staged ones among ``files`` (others are ignored)."""
    for item in files:
        if isinstance(item, Staged):
            _unlink_quietly(item.temp)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_all(files: dict[Path, bytes | Staged], force: bool = False, derived: frozenset[Path] = frozenset(),
              remove: frozenset[Path] = frozenset()) -> list[Written]:
    """Write every file, or none of them, in an order that keeps them consistent.

    Three steps:

    1. Check, before anything is written: no target is a folder, no parent of a
       target folder is a file, an existing target can be read, a target that
       would change or be removed is not read-only or locked (a file open in Word
       on Windows), and none would change or be removed unless ``force`` is given.
    2. Write each changed file to a temporary file beside it
       (``.vanban-<pid>.<name>.<random>.tmp``, see :func:`clean_temporaries`;
       created by :func:`tempfile.mkstemp` with mode 0600, then given the normal
       mode: 0o666 minus the umask for a new file, the old file's mode for a
       replaced one). If one of them fails, every temporary file (and every
       folder this call created) is removed: the earlier outputs are untouched.
    3. Remove the files of ``remove``, then rename the temporary files into place
       (:func:`os.replace`, atomic per file) in the order of ``files``.

    Step 3 is atomic for each file, not for the whole set: the caller orders
    ``files`` so that every prefix of the renames is a consistent state (the
    build: stale PDFs removed first, then the .docx files, the manifest, the new
    PDFs last). If a rename fails half-way (a file locked between step 1 and step
    3, a disk unplugged), the error names the files already replaced or removed
    and the remaining temporary files are removed; a killed run's temporary files
    are removed by the next run.

    Args:
        files: target path -> content, in rename order; a :class:`Staged` content is
            already in its temporary file (step 2 only gives it its mode), and its
            temporary file is removed whatever happens (renamed, unchanged, or refused).
        force: replace existing files whose content differs, remove files of ``remove``.
        derived: files that describe the others (the manifest, PDFs made by vanban)
            and are replaced or removed when needed without ``force``.
        remove: files to remove before any rename (when also in ``files``, they
            are written again later, at their place in the order).

    Returns:
        One :class:`Written` per file of ``files`` in the given order, then one
        (status REMOVED) per existing file of ``remove`` not in ``files``.

    Raises:
        OutputConflict: before anything is written, when an existing file would
            change or be removed and ``force`` is false.
        OutputError: any file system problem (``OSError``), with the path and what
            to do in Vietnamese; see above for what is left on disk.
    """
    try:
        return _write_all(files, force, derived, remove)
    finally:  # the staged files not renamed into place
        discard(files.values())


def _write_all(files: dict[Path, bytes | Staged], force: bool, derived: frozenset[Path],
               remove: frozenset[Path]) -> list[Written]:
    results, changed = [], {}
    for path, data in files.items():
        check_target(path)
        old = _read_existing(path)
        same = old is not None and (old == data if isinstance(data, bytes) else
                                    len(old) == data.size and old == data.read())
        if same and path not in remove:
            results.append(Written(path, UNCHANGED))
        else:
            results.append(Written(path, NEW if old is None else REPLACED))
            changed[path] = data
    gone = [path for path in remove if path not in files and path.is_file()]
    results += [Written(path, REMOVED) for path in sorted(gone)]
    conflicts = [w for w in results if w.status in (REPLACED, REMOVED) and w.path not in derived]
    if conflicts and not force:
        raise OutputConflict("các tệp sau đã có và sẽ bị thay đổi hoặc xóa; không ghi đè khi chưa được phép "
                             "(thêm --force để ghi đè): "
                             + _listed([f"{w.path}{' (sẽ bị xóa)' if w.status == REMOVED else ''}" for w in conflicts]))
    for written in results:
        if written.status in (REPLACED, REMOVED):
            _check_replaceable(written.path)
    _write_staged(changed, sorted(p for p in remove if p.is_file()))
    return results


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    A crash leaves either the old file or the new one, never a partial file. The
    file gets the normal permissions (a replaced file keeps its own).

    Raises:
        OutputError: any file system problem, in Vietnamese (nothing is changed).
    """
    check_target(path)
    if path.exists():
        _check_replaceable(path)
    _write_staged({path: data})


class OutputError(VanbanError):
    """A file system problem while writing the outputs (message in Vietnamese)."""


NOTHING_WRITTEN = "không tệp nào được ghi"
TEMP_PREFIX, TEMP_SUFFIX = ".vanban-", ".tmp"
_TEMP_NAME = re.compile(r"\.vanban-\d+\..+\.[a-z0-9_]{8}\.tmp")


def check_target(path: Path, folder_checked: bool = False) -> None:
    """Refuse a target that is a folder, or whose folder (or a parent of it) is a file; with
    ``folder_checked`` (its folder was checked and made for an earlier file), only the target."""
    try:
        if path.is_dir():
            raise OutputError(f"{path} là một thư mục nên không ghi tệp kết quả vào đó được; hãy đổi "
                              f"tên hoặc xóa thư mục này rồi chạy lại ({NOTHING_WRITTEN})")
        if folder_checked:
            return
        for folder in (path.parent, *path.parent.parents):
            if folder.is_dir():
                break
            if folder.exists() or folder.is_symlink():
                raise OutputError(
                    f"{folder} là một tệp, không phải thư mục, nên không tạo được thư mục kết quả "
                    f"{path.parent}; hãy đổi tên hoặc xóa tệp đó, hoặc chọn thư mục kết quả khác "
                    f"(tùy chọn --output) ({NOTHING_WRITTEN})")
    except OSError as exc:
        raise explain(exc, path, "check") from None


LISTED = 10
"""Files named one by one in a refusal or a clean-up note; the others are counted (a batch of 3,321 letters)."""


def _listed(names: list[str]) -> str:
    """``a.docx, b.docx (sẽ bị xóa), … và 1.011 tệp khác``: the first :data:`LISTED` names, then a count."""
    from pipeline.common.vnformat import format_number

    more = len(names) - LISTED
    return ", ".join(names[:LISTED]) + (f" và {format_number(more)} tệp khác" if more > 0 else "")


def _read_existing(path: Path) -> bytes | None:
    """The current content of ``path``, ``None`` when there is no such file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise explain(exc, path, "read") from None


def _check_replaceable(path: Path) -> None:
    """Open an existing target for writing (without changing it), to find a read-only
    file or, on Windows, a file another program (Word) holds open."""
    try:
        with open(path, "r+b"):
            pass
    except OSError as exc:
        raise explain(exc, path, "replace") from None


def _write_staged(files: dict[Path, bytes | Staged], remove: list[Path] = ()) -> None:
    """Write all temporaries, remove ``remove``, then rename the temporaries in order;
    clean up on any failure."""
    created: list[Path] = []
    staged: dict[Path, str] = {}
    done: list[Path] = []
    mode = _default_mode()
    path, step = None, "folder"
    try:
        for path, data in files.items():
            step = "folder"
            created += make_folders(path.parent)
            if isinstance(data, Staged):
                staged[path] = str(data.temp)
                _set_mode(staged[path], path, mode)
                continue
            handle, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}.{path.name}.", suffix=TEMP_SUFFIX,
                                            dir=path.parent)
            staged[path] = temp
            step = "write"
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            _set_mode(temp, path, mode)
        step = "write"
        flush_to_disk([Path(temp) for temp in staged.values()])
        step = "replace"
        with interrupts_deferred():
            for path in remove:
                os.unlink(path)
                done.append(path)
            for path, temp in staged.items():
                os.replace(temp, path)
                done.append(path)
    except BaseException as exc:
        # every temporary file of this process not renamed yet, including one that
        # mkstemp created just before a Ctrl+C reached us (not yet in ``staged``)
        for folder in {target.parent for target in files}:
            for temp in folder.glob(f"{TEMP_PREFIX}{os.getpid()}.*{TEMP_SUFFIX}"):
                try:
                    os.unlink(temp)
                except OSError:
                    pass
        if not done:
            for folder in reversed(created):
                try:
                    folder.rmdir()
                except OSError:
                    pass
        if isinstance(exc, OSError):
            raise explain(exc, path, step, done) from None
        raise


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back Ctrl+C (SIGINT) while the block runs and deliver it after: the renames that put a
    run's files in place (a fraction of a millisecond each) are not cut in the middle, so a
    Ctrl+C never leaves new documents beside a manifest that still lists the old ones. Only the
    main thread receives signals; elsewhere the block runs as it is. A kill (SIGKILL) or a power
    cut can still stop it halfway; the next complete run writes the files and a manifest that
    agrees with them again.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            signal.raise_signal(signal.SIGINT)


def flush_to_disk(paths: list[Path]) -> None:
    """Make sure the content of the files ``paths`` is on the disk, not only in the system's
    cache, before they are renamed into place (a power cut then leaves old or new files, never
    empty ones): one ``sync`` of the file systems where the system has it (POSIX: one call
    instead of one ``fsync`` per file, which costs milliseconds each — 3,321 letters), else an
    ``fsync`` of each file (Windows: ``FlushFileBuffers``).

    Raises:
        OSError: a file cannot be opened or flushed.
    """
    if not paths:
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with open(path, "rb+") as stream:
            os.fsync(stream.fileno())


def clean_temporaries(folder: Path) -> list[str]:
    """Remove the temporary files an interrupted run left in ``folder`` (not in sub-folders).

    Only names vanban makes are touched: ``.vanban-<pid>.<name>.<random>.tmp``.
    Call it only while holding the folder's lock (:mod:`pipeline.export.runlock`), so that
    no live run owns them.

    Returns:
        A Vietnamese note naming the files removed (empty list when there were none).

    Raises:
        OutputError: a temporary file cannot be removed (the message names it).
    """
    found = sorted(p for p in folder.glob(TEMP_PREFIX + "*" + TEMP_SUFFIX) if _TEMP_NAME.fullmatch(p.name))
    for path in found:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise explain(exc, path, "replace") from None
    if not found:
        return []
    return [f"đã xóa {len(found)} tệp tạm do lần chạy trước bị ngắt để lại trong {folder}: "
            + _listed([p.name for p in found])]


def make_folders(folder: Path) -> list[Path]:
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


def explain(exc: OSError, path: Path | None, step: str, replaced: list[Path] = ()) -> OutputError:
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
        text += ("; các tệp sau đã được thay bằng bản mới (hoặc xóa, với PDF không còn khớp) trước khi gặp "
                 "lỗi: " + ", ".join(str(p) for p in dict.fromkeys(replaced)) + "; các tệp còn lại giữ nguyên")
    else:
        text += f" ({NOTHING_WRITTEN})"
    return OutputError(text)
