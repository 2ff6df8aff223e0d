"""One run at a time per output folder, and a clean start after an interrupted run.

A run that writes into an output folder holds ``<folder>/.vanban.lock``: an
operating-system lock on the file (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
Windows; the system releases it when the process dies, even by ``kill -9``) and, in
the file, who holds it (process id, computer, start time, command) for the message
a second run prints. A lock file whose process is gone is taken over with a message;
the taking run then removes the temporary files and LibreOffice scratch folders the
dead run left.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.common.errors import VanbanError
from pipeline.common.files import check_target, clean_temporaries, explain, make_folders
from pipeline.export.processes import clean_stale_scratch, own_start_time, process_alive

LOCK_NAME = ".vanban.lock"
_WINDOWS_LOCK_OFFSET = 1 << 20
"""On Windows the lock covers one byte far past the text, so that the text stays readable."""


class RunLocked(VanbanError):
    """Another run is writing into the same output folder."""


@dataclass
class _Holder:
    pid: int
    host: str
    started: float
    command: str

    def describe(self) -> str:
        when = _dt.datetime.fromtimestamp(self.started).strftime("%H:%M:%S ngày %d/%m/%Y")
        return f"tiến trình {self.pid} trên máy {self.host}, bắt đầu lúc {when}, lệnh «{self.command}»"


@contextlib.contextmanager
def exclusive_run(folder: Path, report: Callable[[str], None]) -> Iterator[None]:
    """Hold ``folder``'s lock for the ``with`` block, after cleaning up an interrupted run.

    On entry: the folder (and missing parents) is created; the lock is taken (a
    stale lock is taken over, ``report`` says so); temporary files left in the
    folder (:func:`pipeline.common.files.clean_temporaries`) and scratch folders of dead
    runs (:func:`pipeline.export.processes.clean_stale_scratch`) are removed, each removal
    reported. SIGTERM (and Ctrl+Break on Windows) raise :class:`KeyboardInterrupt`
    inside the block, so that every ``finally`` runs (LibreOffice is ended, scratch
    folders removed). On exit the lock file is removed, and so are the folders this
    call created if they stayed empty.

    Args:
        folder: the output folder.
        report: receives each Vietnamese note (take-over, clean-up).

    Raises:
        RunLocked: a live run holds the folder; the message names it and the lock file.
        OutputError: the folder cannot be created or the lock file written.
    """
    lock = folder / LOCK_NAME
    check_target(lock)
    try:
        created = make_folders(folder)
        handle = _acquire(lock, report)
    except OSError as exc:
        raise explain(exc, lock, "folder") from None
    try:
        for note in clean_temporaries(folder) + clean_stale_scratch():
            report(note)
        with _terminate_as_interrupt():
            yield
    finally:
        _release(handle, lock)
        for new in reversed(created):
            with contextlib.suppress(OSError):
                new.rmdir()


def _acquire(lock: Path, report: Callable[[str], None]) -> int:
    """Open and lock ``lock``; return its descriptor, with this run's details written in."""
    for _ in range(5):  # the holder may remove the file between our open and our lock
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        locked = _os_lock(handle)
        holder = _read(handle)
        if locked is False:
            os.close(handle)
            raise RunLocked(_busy(lock, holder))
        if not _same_file(handle, lock):
            os.close(handle)
            continue
        if holder and _still_running(holder, os_locked=locked is True):
            os.close(handle)
            raise RunLocked(_busy(lock, holder))
        if holder:
            report(f"lần chạy trước vào thư mục {lock.parent} ({holder.describe()}) đã dừng giữa chừng; "
                   "lần chạy này tiếp quản và dọn những gì nó để lại")
        _write(handle)
        return handle
    raise RunLocked(_busy(lock, None))


def _still_running(holder: _Holder, os_locked: bool) -> bool:
    """Whether the run named in a lock file we could lock still runs: only possible where
    the file system does not support locks; the process id tells on this computer."""
    if holder.pid == os.getpid():
        return False  # left by an earlier run in this same process
    if holder.host == socket.gethostname():
        return process_alive(holder.pid, holder.started)
    return not os_locked


def _busy(lock: Path, holder: _Holder | None) -> str:
    who = holder.describe() if holder else "chưa rõ tiến trình nào"
    return (f"thư mục kết quả {lock.parent} đang được một lần chạy vanban khác ghi vào ({who}); "
            "hãy chờ lần chạy đó xong rồi chạy lại. Nếu chắc chắn không còn lần chạy nào (cửa sổ đó đã "
            f"đóng, máy đó đã tắt), hãy xóa tệp {lock} rồi chạy lại (chưa ghi tệp nào)")


def _os_lock(handle: int) -> bool | None:
    """Lock without waiting: True when locked, False when another process holds it,
    None when the file system does not support locks."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(handle, 0, os.SEEK_SET)
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def _same_file(handle: int, lock: Path) -> bool:
    try:
        on_disk = os.stat(lock)
    except FileNotFoundError:
        return False
    mine = os.fstat(handle)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _read(handle: int) -> _Holder | None:
    """The holder written in the lock file, None when empty or unreadable."""
    os.lseek(handle, 0, os.SEEK_SET)
    try:
        data = json.loads(os.read(handle, 4096).decode("utf-8"))
        return _Holder(int(data["tien_trinh"]), str(data["may"]), float(data["thoi_diem"]), str(data["lenh"]))
    except (ValueError, KeyError, TypeError, OSError):
        return None


def _write(handle: int) -> None:
    started = own_start_time()
    command = " ".join(["vanban", *sys.argv[1:]])
    text = json.dumps({"tien_trinh": os.getpid(), "may": socket.gethostname(), "thoi_diem": started,
                       "bat_dau": _dt.datetime.fromtimestamp(started).isoformat(timespec="seconds"),
                       "lenh": command}, ensure_ascii=False, indent=1)
    os.ftruncate(handle, 0)
    os.lseek(handle, 0, os.SEEK_SET)
    os.write(handle, text.encode("utf-8"))


def _release(handle: int, lock: Path) -> None:
    """Remove the lock file and let go of the lock. POSIX removes it while still locked
    (a waiting run then sees that its file is gone and tries again); Windows cannot
    remove an open file, so it closes first (a run that opened it meanwhile keeps it). A lock
    that can no longer be removed (its folder moved away or replaced by a file during the run)
    is left: the run's own message, not this, is what the clerk must see."""
    try:
        if sys.platform != "win32":
            with contextlib.suppress(OSError):
                lock.unlink()
    finally:
        os.close(handle)
        if sys.platform == "win32":
            with contextlib.suppress(OSError):
                lock.unlink()


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM (and Windows' SIGBREAK) into KeyboardInterrupt for the block (main thread only)."""
    signals = [getattr(signal, name) for name in ("SIGTERM", "SIGBREAK") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _interrupt) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt
