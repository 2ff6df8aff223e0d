"""Child processes kept on a leash: LibreOffice runs in a process group of its own,
under a timeout, inside a scratch folder marked as ours; on timeout, Ctrl+C or
SIGTERM its whole process tree is ended and the scratch folder removed, and the
next run removes what a ``kill -9`` left (processes and folders).

Portable (Linux, macOS, Windows) through :mod:`psutil`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

SCRATCH_PREFIX = "vanban-tam-"
"""Scratch folders are ``<system temp>/vanban-tam-<pid>-<start ms>-<random>``: the
owner's process id and start time tell the next run whether the owner is gone."""

_SCRATCH_NAME = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-(\d+)-[a-z0-9_]+$")


def process_alive(pid: int, started: float | None = None) -> bool:
    """Whether process ``pid`` runs (a zombie counts as gone).

    Args:
        pid: process id.
        started: the process's start time (seconds since the epoch) when known; a
            process with this id that started more than one second later is another
            process that reused the id, so ``pid`` counts as gone.
    """
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        return started is None or process.create_time() <= started + 1
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def own_start_time() -> float:
    """This process's start time, seconds since the epoch (see :func:`process_alive`)."""
    return psutil.Process(os.getpid()).create_time()


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A new scratch folder in the system temp folder, removed on exit in every case
    (after ending any process still using it).

    A folder left by a killed run is removed by :func:`clean_stale_scratch`.
    """
    stamp = int(own_start_time() * 1000)
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-{stamp}-"))
    try:
        yield folder
    finally:
        end_processes_using(folder)
        _remove_tree(folder)


def clean_stale_scratch() -> list[str]:
    """Remove the scratch folders of vanban processes that are gone, after ending the
    processes (LibreOffice) still using them.

    Returns:
        One Vietnamese note per folder removed (empty when there was nothing).
    """
    notes = []
    for folder in Path(tempfile.gettempdir()).glob(SCRATCH_PREFIX + "*"):
        match = _SCRATCH_NAME.match(folder.name)
        if not match or not folder.is_dir():
            continue
        pid, started = int(match[1]), int(match[2]) / 1000
        if process_alive(pid, started):
            continue
        ended = end_processes_using(folder)
        _remove_tree(folder)
        if folder.exists():
            continue  # another user's, or still held: a later run tries again
        notes.append(f"đã xóa thư mục tạm {folder} do lần chạy trước (tiến trình {pid}) bị ngắt để lại"
                     + (f" và dừng {ended} tiến trình LibreOffice còn chạy" if ended else ""))
    return notes


def run_contained(command: list[str], timeout: float, scratch: Path) -> subprocess.CompletedProcess:
    """Run ``command`` in a process group of its own and wait at most ``timeout`` seconds.

    The command's own temporary files go into ``scratch/tmp`` (``TMPDIR``, ``TMP``,
    ``TEMP``), so that removing the scratch folder removes them too.

    On timeout or any interruption (Ctrl+C, SIGTERM turned into an exception) the
    whole process tree is ended — the group (POSIX), the child processes
    (Windows, via psutil) and any process whose command line names ``scratch`` —
    before the exception propagates.

    Args:
        command: program and arguments.
        timeout: seconds.
        scratch: the scratch folder the command works in (see :func:`scratch_folder`).

    Returns:
        The completed process, with ``stdout``/``stderr`` as bytes.

    Raises:
        subprocess.TimeoutExpired: too slow (the tree is ended).
        OSError: the program cannot be started.
    """
    if os.name == "nt":
        options = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    else:
        options = {"start_new_session": True}
    temp = scratch / "tmp"
    temp.mkdir(exist_ok=True)
    env = dict(os.environ, TMPDIR=str(temp), TMP=str(temp), TEMP=str(temp))
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, **options) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            _end_tree(process, scratch)
            raise
        end_processes_using(scratch)  # a helper LibreOffice left behind after the main one exited
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def end_processes_using(folder: Path) -> int:
    """Kill every process whose command line names ``folder``; return how many."""
    marks = {str(folder), folder.as_uri()}
    found = []
    for process in psutil.process_iter(["cmdline"]):
        line = " ".join(process.info["cmdline"] or ())
        if any(mark in line for mark in marks) and process.pid != os.getpid():
            found.append(process)
    return _kill(found)


def _end_tree(process: subprocess.Popen, scratch: Path) -> None:
    """Kill ``process`` (not yet waited for, so its id is still its own), its
    descendants and every process using ``scratch``."""
    try:
        family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    if os.name != "nt":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    _kill(family)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait()
    end_processes_using(scratch)


def _kill(processes: list[psutil.Process]) -> int:
    """Kill ``processes`` and wait for them (at most 5 seconds); return how many were alive."""
    alive = []
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            process.kill()
            alive.append(process)
    psutil.wait_procs(alive, timeout=5)
    return len(alive)


def _remove_tree(folder: Path) -> None:
    """Remove ``folder``; on Windows a file a dying process still holds can need a few tries.
    What cannot be removed is left for :func:`clean_stale_scratch` of a later run."""
    for attempt in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.2 * (attempt + 1))
