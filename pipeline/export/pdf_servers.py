"""PDF through conversion servers (unoserver), so a large batch spreads over machines.

Each server is an `unoserver <https://github.com/unoconv/unoserver>`_: LibreOffice kept
running behind an XML-RPC endpoint. The documents wait in one queue; one worker thread per
server takes the next document, sends its bytes and gets the PDF back. A request has a
timeout; a failed request is tried again on the same server (``retries`` times, a pause
between); a server that still fails is taken out, and the document it held goes back to
the queue for the others. When every server is out while documents remain, the batch
stops with an :class:`~pipeline.export.pdf.ExportError` naming each server and what went
wrong, and nothing is written (the caller writes all or nothing). Every PDF is checked
(:func:`pipeline.export.pdf.check_pdf`) like one made locally.

The XML-RPC calls are the ones of unoserver's own client (``unoserver.client.UnoClient.convert``,
API version 3: ``info()`` then ``convert(inpath, indata, outpath, convert_to, filtername,
filter_options, update_index, infiltername, password)``), made here directly because that
client has no timeout (unoserver issue #137) and waits 10 s five times on a refused
connection before giving up, which would hold a dead server's documents for most of a
minute. The client side needs only the standard library; the server needs LibreOffice's
Python ``uno`` module (Debian: ``python3-uno``).
"""

from __future__ import annotations

import http.client
import threading
import time
import xmlrpc.client
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.export.pdf import ExportError, check_pdf

API_VERSION = "3"
"""The unoserver XML-RPC API this client speaks (``unoserver.client.API_VERSION``)."""

PDFA_OPTIONS = ["SelectPdfVersion=2"]
"""unoserver filter options for PDF/A-2b (LibreOffice's ``writer_pdf_Export`` filter data)."""


@dataclass(frozen=True)
class PdfServer:
    """One conversion server, ``host:port`` of its XML-RPC endpoint (unoserver ``--port``)."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def parse(cls, text: str) -> "PdfServer":
        """Read ``HOST:PORT`` (``[::1]:2003`` for an IPv6 address).

        Raises:
            ValueError: in Vietnamese, when there is no host or the port is not 1–65535.
        """
        host, _, port = text.strip().rpartition(":")
        if not host or not port.isdecimal() or not 0 < int(port) < 65536:
            raise ValueError(f"«{text}» không phải địa chỉ máy chủ PDF dạng MÁY:CỔNG (ví dụ 127.0.0.1:2003)")
        return cls(host, int(port))


class _Transport(xmlrpc.client.Transport):
    """The standard XML-RPC transport with a socket timeout (seconds) on every request."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


def convert_remote(server: PdfServer, data: bytes, pdfa: bool, timeout: float) -> bytes:
    """Convert one .docx to PDF on ``server`` (the calls of ``unoserver.client.UnoClient.convert``).

    Raises:
        OSError: no connection, or no answer within ``timeout`` seconds.
        xmlrpc.client.Error: the server answered with a fault or a bad HTTP status.
        RuntimeError: the server speaks another API version, or sent no PDF.
    """
    with xmlrpc.client.ServerProxy(f"http://{server}", transport=_Transport(timeout), allow_none=True) as proxy:
        api = proxy.info().get("api")
        if api != API_VERSION:
            raise RuntimeError(f"máy chủ dùng giao thức unoserver phiên bản {api}, cần phiên bản {API_VERSION}")
        result = proxy.convert(None, xmlrpc.client.Binary(data), None, "pdf", "writer_pdf_Export",
                               PDFA_OPTIONS if pdfa else [], True, None, None)
    if not isinstance(result, xmlrpc.client.Binary):
        raise RuntimeError("máy chủ không gửi lại PDF")
    return result.data


def describe(exc: BaseException) -> str:
    """A short Vietnamese reason for a failed request."""
    if isinstance(exc, TimeoutError):
        return "quá thời gian chờ"
    if isinstance(exc, ConnectionRefusedError):
        return "không kết nối được (máy chủ không chạy hoặc sai cổng)"
    if isinstance(exc, xmlrpc.client.Fault):
        return f"máy chủ báo lỗi: {exc.faultString.strip()[-200:]}"
    if isinstance(exc, OSError):
        return f"lỗi kết nối: {exc.strerror or exc}"
    return str(exc) if isinstance(exc, RuntimeError) else f"trả lời không đọc được ({type(exc).__name__}: {exc})"


@dataclass
class _Batch:
    """The shared queue of a batch: documents waiting, PDFs made, servers taken out."""

    waiting: deque
    total: int
    made: dict[str, tuple[bytes, PdfServer]] = field(default_factory=dict)
    failed: dict[PdfServer, str] = field(default_factory=dict)
    lock: threading.Condition = field(default_factory=threading.Condition)

    def take(self) -> tuple[str, bytes] | None:
        """The next document, waiting while others are being converted; None when all are done."""
        with self.lock:
            while not self.waiting and len(self.made) < self.total:
                self.lock.wait()
            return self.waiting.popleft() if self.waiting else None

    def done(self, name: str, pdf: bytes, server: PdfServer) -> None:
        with self.lock:
            self.made[name] = (pdf, server)
            self.lock.notify_all()

    def give_back(self, job: tuple[str, bytes], server: PdfServer, reason: str) -> None:
        """Put ``job`` back for the other servers and take ``server`` out."""
        with self.lock:
            self.waiting.appendleft(job)
            self.failed[server] = reason
            self.lock.notify_all()


def _work(server: PdfServer, batch: _Batch, pdfa: bool, timeout: float, retries: int, pause: float,
          progress: Callable[[str, PdfServer], None]) -> None:
    """One server's worker: convert documents from the batch until it is empty or this server fails."""
    while (job := batch.take()) is not None:
        name, data = job
        for attempt in range(retries + 1):
            try:
                pdf = convert_remote(server, data, pdfa, timeout)
                break
            except Exception as exc:  # any failed request (socket, HTTP, XML, fault) counts against the server  # noqa: BLE001
                reason = f"{describe(exc)} khi xuất {name} (đã thử {attempt + 1} lần)"
                if attempt < retries:
                    time.sleep(pause * (attempt + 1))
        else:
            batch.give_back(job, server, reason)
            return
        batch.done(name, pdf, server)
        progress(name, server)


def convert_on_servers(documents: dict[str, bytes], servers: list[PdfServer], pdfa: bool = False,
                       timeout: float = 120, retries: int = 2, pause: float = 1.0,
                       warn: Callable[[str], None] = lambda message: None,
                       progress: Callable[[str, PdfServer], None] = lambda name, server: None) -> dict[str, bytes]:
    """Convert .docx files to PDF on conversion servers (unoserver), spread over them, and check each PDF.

    Args:
        documents: file name (``x.docx``) -> .docx bytes.
        servers: the servers, at least one; each gets one worker thread.
        pdfa: PDF/A-2b for archiving.
        timeout: seconds for one request (one document on one server).
        retries: further tries of a failed request on the same server before it is taken out.
        pause: seconds before the first retry (doubled, tripled … for the next).
        warn: called with a Vietnamese warning for each server taken out while others finished the batch.
        progress: called with each document's name and the server that converted it.

    Returns:
        file name with ``.pdf`` -> PDF bytes, for every input; each checked by :func:`check_pdf`.

    Raises:
        ExportError: every server failed before the batch was done (each server named with
            its reason, and the documents left), or a PDF is not a valid PDF of its document.
    """
    if not documents:
        return {}
    batch = _Batch(deque(documents.items()), len(documents))
    workers = [threading.Thread(target=_work, args=(server, batch, pdfa, timeout, retries, pause, progress),
                                name=f"vanban-pdf-{server}", daemon=True) for server in dict.fromkeys(servers)]
    for worker in workers:
        worker.start()
    for worker in workers:
        while worker.is_alive():
            worker.join(0.5)  # short waits keep Ctrl+C working
    reasons = "; ".join(f"{server} — {reason}" for server, reason in batch.failed.items())
    if len(batch.made) < len(documents):
        left = [name for name in documents if name not in batch.made]
        raise ExportError(f"không máy chủ PDF nào xuất được hết các văn bản: {reasons}; còn {len(left)} văn bản "
                          f"chưa có PDF ({', '.join(left[:5])}{' …' if len(left) > 5 else ''}); không ghi tệp nào")
    if batch.failed:
        warn(f"đã bỏ máy chủ PDF {reasons}; các văn bản của nó đã được máy chủ khác xuất")
    pdfs = {}
    for name, data in documents.items():
        pdf, server = batch.made[name]
        try:
            check_pdf(name, data, pdf)
        except ExportError as exc:
            raise ExportError(f"{exc} (máy chủ PDF {server})") from None
        pdfs[Path(name).with_suffix(".pdf").name] = pdf
    return pdfs
