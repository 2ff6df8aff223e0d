"""`vanban build --pdf-server HOST:PORT`: PDFs made on conversion servers (unoserver), spread over them.

The tests with real servers start two unoservers on localhost (each with its own ports and
LibreOffice profile) and skip, saying why, where unoserver or LibreOffice's Python ``uno``
cannot run (CI installs them: python3-uno and the `unoserver` extra, see .ci/run). The
failure paths (no server, a server that hangs, a server that sends no PDF) use no LibreOffice.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
import xmlrpc.server
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import DATA_2024, run_vanban
from pipeline.export.pdf import ExportError
from pipeline.export.pdf_servers import PdfServer, convert_on_servers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unoserver_command() -> str:
    """The unoserver program ($VANBAN_TEST_UNOSERVER or the PATH), or skip saying why it cannot run."""
    command = os.environ.get("VANBAN_TEST_UNOSERVER") or shutil.which("unoserver")
    if not command:
        pytest.skip("unoserver is not installed (CI: python3-uno and a venv with --system-site-packages; see .ci/run)")
    if sys.platform == "win32" or not shutil.which("soffice"):
        pytest.skip("these tests start unoserver in a POSIX process group and need LibreOffice's soffice")
    probe = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=60, check=False)
    if probe.returncode != 0:
        pytest.skip(f"unoserver cannot run here (LibreOffice's Python module uno missing?): {probe.stderr[-200:]}")
    return command


class Unoserver:
    """One unoserver on localhost with its own XML-RPC and UNO ports and its own LibreOffice profile."""

    def __init__(self, command: str, profile: Path) -> None:
        self.server = PdfServer("127.0.0.1", free_port())
        self.process = subprocess.Popen(
            [command, "--interface", "127.0.0.1", "--port", str(self.server.port), "--uno-port", str(free_port()),
             "--user-installation", str(profile)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with xmlrpc.client.ServerProxy(f"http://{self.server}") as proxy:
                    if proxy.info()["api"] == "3":
                        return
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.5)
        self.stop()
        pytest.fail(f"unoserver on {self.server} did not answer within 120 s")

    def stop(self) -> None:
        """End the server and its LibreOffice at once (the whole process group)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    command = unoserver_command()
    started = [Unoserver(command, tmp_path_factory.mktemp(f"profile{i}")) for i in (1, 2)]
    yield started
    for server in started:
        server.stop()


def numbered_documents(count: int) -> dict[str, bytes]:
    """``count`` small .docx files, each with its own words (so a PDF of the wrong document fails the check)."""
    documents = {}
    for i in range(count):
        document = Document()
        document.add_paragraph(f"Văn bản thử VB{i:03d} gửi các đơn vị trực thuộc Sở Khoa học và Công nghệ tỉnh")
        document.add_paragraph(f"Nội dung riêng của văn bản số {i} để kiểm tra PDF đúng văn bản.")
        buffer = io.BytesIO()
        document.save(buffer)
        documents[f"vb_{i:03d}.docx"] = buffer.getvalue()
    return documents


def pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_twenty_documents_are_spread_over_two_servers(servers):
    used: dict[str, PdfServer] = {}
    pdfs = convert_on_servers(numbered_documents(20), [s.server for s in servers],
                              progress=lambda name, server: used.__setitem__(name, server))
    assert sorted(pdfs) == [f"vb_{i:03d}.pdf" for i in range(20)]
    for i in range(20):
        assert f"VB{i:03d}" in pdf_text(pdfs[f"vb_{i:03d}.pdf"])
    assert set(used.values()) == {s.server for s in servers}  # both servers worked


def test_a_server_stopped_halfway_leaves_its_documents_to_the_other(tmp_path):
    command = unoserver_command()
    doomed, survivor = Unoserver(command, tmp_path / "p1"), Unoserver(command, tmp_path / "p2")
    done: list[tuple[str, PdfServer]] = []

    def progress(name: str, server: PdfServer) -> None:
        done.append((name, server))
        if len(done) == 10:
            doomed.stop()

    warnings: list[str] = []
    try:
        pdfs = convert_on_servers(numbered_documents(20), [doomed.server, survivor.server], retries=1, pause=0.2,
                                  progress=progress, warn=warnings.append)
    finally:
        doomed.stop()
        survivor.stop()
    assert len(pdfs) == 20
    for i in range(20):
        assert f"VB{i:03d}" in pdf_text(pdfs[f"vb_{i:03d}.pdf"])
    assert all(server == survivor.server for _, server in done[11:])  # the 10th may still be the doomed one's
    assert len(warnings) == 1 and warnings[0].startswith(f"đã bỏ máy chủ PDF {doomed.server} — ")
    assert warnings[0].endswith("các văn bản của nó đã được máy chủ khác xuất")


def test_build_with_two_servers_writes_checked_pdfs_and_the_manifest(servers, tmp_path):
    out = tmp_path / "out"
    args = [arg for s in servers for arg in ("--pdf-server", str(s.server))]
    result = run_vanban("build", DATA_2024, "--output", out, *args)
    assert result.exit_code == 0, result.output
    documents = sorted(out.glob("*.docx"))
    manifest = {row["Tệp"]: row for row in json.loads((out / "danh_muc_tep.json").read_text(encoding="utf-8"))}
    for document in documents:
        if document.name.startswith("mau-bao-cao"):  # the response form has no PDF
            continue
        pdf = document.with_suffix(".pdf")
        row = manifest[pdf.name]
        assert row["SHA-256 của .docx nguồn"] == manifest[document.name]["SHA-256"]
        assert row["Số trang"] == str(len(PdfReader(pdf).pages))
    again = run_vanban("build", DATA_2024, "--output", out)  # PDFs current: kept without LibreOffice
    assert again.exit_code == 0 and "đã xóa" not in again.output


class FakeServer:
    """An XML-RPC server in a thread speaking unoserver's API 3, with a ``convert`` of the test's choosing."""

    def __init__(self, convert) -> None:
        self.rpc = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, logRequests=False)
        self.rpc.register_function(lambda: {"api": "3", "unoserver": "test"}, "info")
        self.rpc.register_function(convert, "convert")
        self.server = PdfServer("127.0.0.1", self.rpc.server_address[1])
        threading.Thread(target=self.rpc.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.rpc.shutdown()
        self.rpc.server_close()


def test_when_every_server_fails_the_build_stops_and_writes_nothing(tmp_path):
    hanging = FakeServer(lambda *args: time.sleep(3))
    closed = PdfServer("127.0.0.1", free_port())
    try:
        with pytest.raises(ExportError) as failure:
            convert_on_servers(numbered_documents(3), [hanging.server, closed], timeout=0.5, retries=1, pause=0.1)
    finally:
        hanging.close()
    message = str(failure.value)
    assert message.startswith("không máy chủ PDF nào xuất được hết các văn bản: ")
    assert f"{hanging.server} — quá thời gian chờ khi xuất vb_00" in message
    assert f"{closed} — không kết nối được (máy chủ không chạy hoặc sai cổng) khi xuất vb_00" in message
    assert "(đã thử 2 lần)" in message
    assert message.endswith("còn 3 văn bản chưa có PDF (vb_000.docx, vb_001.docx, vb_002.docx); không ghi tệp nào")

    out = tmp_path / "out"
    result = run_vanban("build", DATA_2024, "--output", out, "--pdf-server", str(closed))
    assert result.exit_code == 1
    assert f"Lỗi: không máy chủ PDF nào xuất được hết các văn bản: {closed} — không kết nối được" in result.output
    assert not out.exists() or not any(out.glob("*.docx"))


def test_a_server_that_sends_no_pdf_is_refused(tmp_path):
    liar = FakeServer(lambda *args: xmlrpc.client.Binary(b"not a pdf"))
    try:
        with pytest.raises(ExportError) as failure:
            convert_on_servers(numbered_documents(1), [liar.server])
    finally:
        liar.close()
    assert str(failure.value) == ("PDF mà LibreOffice tạo từ vb_000.docx không phải tệp PDF (không bắt đầu bằng "
                                  f"«%PDF-»); không ghi tệp nào (máy chủ PDF {liar.server})")


class NotXmlRpc(http.server.BaseHTTPRequestHandler):
    """Answers every POST with a page that is not XML-RPC (a proxy's error page, say)."""

    def do_POST(self) -> None:  # noqa: N802  (the name http.server calls)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.end_headers()
        self.wfile.write(b"<html>502 Bad Gateway")

    def log_message(self, *args) -> None:
        pass


def test_a_server_answering_nonsense_is_taken_out_without_hanging_the_batch():
    page = http.server.HTTPServer(("127.0.0.1", 0), NotXmlRpc)
    threading.Thread(target=page.serve_forever, daemon=True).start()
    server = PdfServer("127.0.0.1", page.server_address[1])
    try:
        with pytest.raises(ExportError) as failure:
            convert_on_servers(numbered_documents(2), [server], retries=0)
    finally:
        page.shutdown()
        page.server_close()
    assert str(failure.value).startswith(f"không máy chủ PDF nào xuất được hết các văn bản: {server} — trả lời "
                                         "không đọc được (ExpatError: ")
    assert str(failure.value).endswith("khi xuất vb_000.docx (đã thử 1 lần); còn 2 văn bản chưa có PDF (vb_000.docx, "
                                       "vb_001.docx); không ghi tệp nào")


@pytest.mark.parametrize("text, expected", [("127.0.0.1:2003", PdfServer("127.0.0.1", 2003)),
                                            ("[::1]:2004", PdfServer("[::1]", 2004)),
                                            ("may-in.so.local:17", PdfServer("may-in.so.local", 17))])
def test_server_address(text, expected):
    assert PdfServer.parse(text) == expected


def test_a_bad_server_address_is_refused_before_anything_runs(tmp_path):
    result = run_vanban("build", DATA_2024, "--output", tmp_path / "out", "--pdf-server", "127.0.0.1")
    assert result.exit_code == 2
    assert "«127.0.0.1» không phải địa chỉ máy chủ PDF dạng MÁY:CỔNG (ví dụ 127.0.0.1:2003)" in result.output
    assert not (tmp_path / "out").exists()
