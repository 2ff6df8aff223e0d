"""The ND30 check of a large batch in a second process (kiểm tra song song), on another core
while the main process makes the next documents.

A letter to each of 1,000 units costs about as much to check (:func:`pipeline.check.check_document`)
as to make; on a machine with two cores or more the two overlap. The child is a plain Python
process (``python -c …`` running :func:`serve`, :mod:`subprocess`) fed through its standard input
and answering on its standard output, chosen over :mod:`multiprocessing` because a pipe ends
with the process that holds it: when vanban is killed, the child reads the end of its input
and stops, on Windows too (the workers of a killed ``ProcessPoolExecutor`` stay alive, waiting
on their queue: CPython issue #111873). The child ignores Ctrl+C (the console sends it to both):
the main process stops it.

The findings are exactly those of the check in the main process: a document the child could
not check (any exception) and every document still unanswered when the child ends early is
checked again in the main process, where the same exception, if any, is raised as usual.

Protocol: pickled ``(ticket, name, ignore, data)`` in, pickled ``(ticket, findings | None)``
out, one frame per document, in order, after a first ``(-1, None)`` once the child has started
(until then the main process checks the documents itself, so that it never waits for the child's
start); both ends are vanban's own.
"""

from __future__ import annotations

import itertools
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterable

import pipeline
from pipeline.check import SharedParts, check_document
from pipeline.check.findings import Finding

__all__ = ["CheckWorker", "serve"]

ANSWERED_AT_ONCE = 16
"""The child sends its answers in groups of this many (and the rest when its input ends): the
main process's thread that takes them wakes once per group, not once per document (each wake
takes Python's interpreter lock from the thread making the documents). At most this many
documents' bytes wait in the main process for their answer, beside those in the pipe."""

_READY = -1
"""The child's first answer: it has started and takes documents (until then, and once it has
ended, the main process checks each document itself)."""


class CheckWorker:
    """A child process checking documents in the order they are given (:meth:`submit`),
    their findings taken back in that order (:meth:`findings`). Use as a context manager:
    leaving it stops the child (at once when leaving with an exception).

    Memory stays bounded: a document's bytes are kept only until the child has answered for
    it, and :meth:`submit` waits while the pipe to the child is full.

    Args:
        shared: what the documents checked in this process share (the caller's
            :class:`pipeline.check.shared.SharedParts`, so the main process reads it once).
    """

    def __init__(self, shared: SharedParts) -> None:
        self._shared = shared  # for the documents checked here
        self._kept: dict[int, tuple[str, tuple[str, ...], bytes]] = {}
        self._answers: dict[int, list[Finding] | None] = {}
        self._ready = False  # the child has started (imported the check) and takes documents
        self._ended = False
        self._tickets = 0
        self._changed = threading.Condition()
        try:
            self._process: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-c", _child_code()], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except OSError:  # no second process here: every document is checked in this one
            self._process = None
            self._ended = True
            return
        self._reader = threading.Thread(target=self._read, name="vanban-check-answers", daemon=True)
        self._reader.start()

    def __enter__(self) -> CheckWorker:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.stop()
        elif self._process is not None:
            self._close_input()
            self._process.wait()

    def submit(self, name: str, ignore: Iterable[str], data: bytes) -> int:
        """Send one document (``name`` as in messages, its «Bỏ qua kiểm tra» rules, its .docx
        bytes) to be checked: the ticket to give :meth:`findings`. Until the child has started
        and once it has ended, the document is checked here at once (raising what :func:`pipeline.check.check_document` raises)."""
        ticket = self._tickets
        self._tickets += 1
        frame = (ticket, name, tuple(ignore), data)
        with self._changed:
            ready = self._ready and not self._ended
            if ready:
                self._kept[ticket] = frame[1:]
        if ready:
            try:
                pickle.dump(frame, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self._process.stdin.flush()
                return ticket
            except (OSError, ValueError):  # the child has ended: what it has not answered is checked here
                self._end()
                with self._changed:
                    self._kept.pop(ticket, None)
        self._answers[ticket] = self._here(name, ignore, data)
        return ticket

    def findings(self, ticket: int) -> list[Finding]:
        """The findings of the document of ``ticket``, after every document is submitted
        (the first call closes the child's input). Raises what
        :func:`pipeline.check.check_document` raises for that document."""
        self._close_input()
        with self._changed:
            while ticket not in self._answers and not self._ended:
                self._changed.wait()
            answer = self._answers.pop(ticket, None)
            kept = self._kept.pop(ticket, None)
        return answer if answer is not None else self._here(*kept)

    def _here(self, name: str, ignore: Iterable[str], data: bytes) -> list[Finding]:
        """The document checked in this process."""
        return check_document(Path(name), ignore=ignore, shared=self._shared, data=data)

    def stop(self) -> None:
        """Stop the child at once (a failed or interrupted run)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        self._close_input()
        if self._process is not None:
            self._process.wait()

    def _close_input(self) -> None:
        if self._process is not None and not self._process.stdin.closed:
            try:
                self._process.stdin.close()
            except OSError:
                pass

    def _read(self) -> None:
        """Take the child's answers as they come (a thread of this process)."""
        try:
            while True:
                ticket, findings = pickle.load(self._process.stdout)
                with self._changed:
                    if ticket == _READY:
                        self._ready = True
                        continue
                    self._answers[ticket] = findings
                    if findings is not None:
                        del self._kept[ticket]
                    self._changed.notify_all()
        except Exception:  # end of the child's output: it finished, or ended early
            self._end()

    def _end(self) -> None:
        with self._changed:
            self._ended = True
            self._changed.notify_all()


def _child_code() -> str:
    """The child's program: Ctrl+C ignored from its first instruction, then :func:`serve` of this
    very ``pipeline`` package: the working directory (which ``python -c`` puts first) is taken off
    the path, this package's folder put first unless already there (vanban may run from a checkout
    without being installed), and a child that still finds another copy of the package ends at once,
    leaving every document to the main process (a ``pipeline`` folder beside the clerk's data, an
    older checkout, must not check the letters this code made: found by breaker8)."""
    package = Path(pipeline.__file__).resolve()
    root = str(package.parent.parent)
    return ("import signal, sys, os\n"
            "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "sys.path[:] = [p for p in sys.path if p]\n"
            f"sys.path[0:0] = [] if {root!r} in sys.path else [{root!r}]\n"
            "import pipeline\n"
            f"if os.path.realpath(pipeline.__file__) != {str(package)!r}:\n"
            "    sys.exit(0)\n"
            "from pipeline.check.worker import serve\n"
            "serve()\n")


def serve() -> None:
    """The child (:class:`CheckWorker`): check each document read from standard input, answer
    on standard output, until the input ends or the main process has gone."""
    answers = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed may corrupt the answers
    shared = SharedParts()
    try:
        pickle.dump((_READY, None), answers)
        answers.flush()
        for count in itertools.count(1):
            try:
                ticket, name, ignore, data = pickle.load(sys.stdin.buffer)
            except EOFError:
                answers.flush()
                return
            try:
                findings = check_document(Path(name), ignore=ignore, shared=shared, data=data)
            except Exception:  # checked again by the main process, which reports it
                findings = None
            pickle.dump((ticket, findings), answers, protocol=pickle.HIGHEST_PROTOCOL)
            if count % ANSWERED_AT_ONCE == 0:
                answers.flush()
    except OSError:  # the main process has gone
        return
