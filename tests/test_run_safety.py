"""Issue 10: a build crashed or killed at any point leaves every document consistent
with its PDF (or without PDF), the next run cleans up and says so, and one run at a
time writes into an output folder."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from pypdf import PdfReader, PdfWriter

from conftest import ROOT, SLEEPER, alive, fake_soffice, noted_pids, run_vanban
import pipeline.build as bundle_module
from pipeline.common.files import REMOVED, write_all
from pipeline.export.processes import SCRATCH_PREFIX
from pipeline.export.runlock import LOCK_NAME

POSIX = os.name == "posix"
PLAN = "ke-hoach_du-thao_kh-skhcn_2024"
LIST = "phu-luc-noi-nhan_" + PLAN
OLD_SIGNER, NEW_SIGNER = "Trần Duy Bình", "Nguyễn Văn An"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fake_pdf(docx: bytes) -> bytes:
    """A one-page PDF whose subject is the SHA-256 of the .docx it stands for."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Subject": sha(docx)})
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.fixture
def fake_converter(monkeypatch):
    """Replace LibreOffice by :func:`fake_pdf`; returns the list of names converted."""
    converted = []

    def convert(documents, pdfa=False):
        converted.extend(documents)
        return {Path(name).with_suffix(".pdf").name: fake_pdf(data) for name, data in documents.items()}

    monkeypatch.setattr(bundle_module, "convert_to_pdf", convert)
    return converted


@pytest.fixture
def private_temp(tmp_path, monkeypatch) -> Path:
    """A system temp folder of this test's own (scratch folders are looked for there)."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def set_signer(plan: Path, signer: str) -> None:
    table = plan / "thong_tin_chung.csv"
    text = table.read_text(encoding="utf-8-sig")
    table.write_text(text.replace(OLD_SIGNER, signer).replace(NEW_SIGNER, signer), encoding="utf-8-sig")


def manifest(out: Path) -> dict[str, dict]:
    return {row["Tệp"]: row for row in json.loads((out / "danh_muc_tep.json").read_text(encoding="utf-8"))}


def assert_consistent(out: Path) -> None:
    """Every PDF: listed in the manifest with its own hash and, as source, its .docx's hash
    (and the fake PDF's own subject says the same)."""
    rows = manifest(out) if (out / "danh_muc_tep.json").exists() else {}
    for pdf in out.glob("*.pdf"):
        docx = sha(pdf.with_suffix(".docx").read_bytes())
        assert rows[pdf.name]["SHA-256"] == sha(pdf.read_bytes()), pdf.name
        assert rows[pdf.name]["SHA-256 của .docx nguồn"] == docx, pdf.name
        assert PdfReader(pdf).metadata["/Subject"] == docx, pdf.name


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.tmp"))


# -- the stale-PDF sequence and what a run does with existing PDFs ---------------------------------

def test_a_pdf_whose_docx_changed_is_removed_without_pdf_and_remade_with_it(plan_copy, tmp_path, fake_converter):
    out = tmp_path / "out"
    assert run_vanban("build", plan_copy, "-o", out, "--pdf").exit_code == 0
    old_pdf = (out / f"{PLAN}.pdf").read_bytes()
    set_signer(plan_copy, NEW_SIGNER)
    result = run_vanban("build", plan_copy, "-o", out, "--force")
    assert result.exit_code == 0
    assert f"Cảnh báo: đã xóa {PLAN}.pdf: PDF này không làm từ đúng nội dung hiện tại của {PLAN}.docx; " \
           "chạy lại với --pdf để tạo PDF mới" in result.output
    assert f"    đã xóa  {out / (PLAN + '.pdf')}" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Tổng cộng: 6 tệp — 0 mới, 3 ghi đè, 3 không đổi, 1 đã xóa;")  # with the response form
    assert not (out / f"{PLAN}.pdf").exists() and (out / f"{LIST}.pdf").exists()  # the list did not change
    assert f"{PLAN}.pdf" not in manifest(out)
    assert_consistent(out)
    result = run_vanban("build", plan_copy, "-o", out, "--pdf")
    assert result.exit_code == 0
    assert fake_converter == [f"{PLAN}.docx", f"{LIST}.docx", f"{PLAN}.docx"]
    assert (out / f"{PLAN}.pdf").read_bytes() != old_pdf
    assert_consistent(out)


def test_a_current_pdf_is_kept_by_a_run_without_pdf(plan_copy, tmp_path, fake_converter):
    out = tmp_path / "out"
    run_vanban("build", plan_copy, "-o", out, "--pdf")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run_vanban("build", plan_copy, "-o", out)
    assert result.stdout.splitlines()[-1].startswith("Tổng cộng: 7 tệp — 0 mới, 0 ghi đè, 7 không đổi;")  # with the response form
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_pdf_from_an_older_manifest_without_source_is_treated_as_stale(plan_copy, tmp_path, fake_converter):
    """Manifests from before the source column cannot vouch for their PDFs."""
    out = tmp_path / "out"
    run_vanban("build", plan_copy, "-o", out, "--pdf")
    rows = json.loads((out / "danh_muc_tep.json").read_text(encoding="utf-8"))
    for row in rows:
        del row["SHA-256 của .docx nguồn"]
    (out / "danh_muc_tep.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run_vanban("build", plan_copy, "-o", out)
    assert result.exit_code == 0
    assert sorted(p.name for p in out.glob("*.pdf")) == []
    result = run_vanban("build", plan_copy, "-o", out, "--pdf")
    assert result.exit_code == 0 and len(list(out.glob("*.pdf"))) == 2
    assert_consistent(out)


def test_a_pdf_vanban_did_not_make_is_not_removed_without_force(plan_copy, tmp_path, fake_converter):
    out = tmp_path / "out"
    run_vanban("build", plan_copy, "-o", out)
    (out / f"{PLAN}.pdf").write_bytes(b"%PDF-1.4 scanned by the clerk")
    result = run_vanban("build", plan_copy, "-o", out)
    assert result.exit_code == 1
    assert f"{out / (PLAN + '.pdf')} (sẽ bị xóa)" in result.output and "--force" in result.output
    assert (out / f"{PLAN}.pdf").read_bytes() == b"%PDF-1.4 scanned by the clerk"
    assert run_vanban("build", plan_copy, "-o", out, "--force").exit_code == 0
    assert not (out / f"{PLAN}.pdf").exists()


def test_an_edited_pdf_is_not_replaced_without_force(plan_copy, tmp_path, fake_converter):
    out = tmp_path / "out"
    run_vanban("build", plan_copy, "-o", out, "--pdf")
    (out / f"{PLAN}.pdf").write_bytes(b"%PDF-1.4 signed copy")
    result = run_vanban("build", plan_copy, "-o", out, "--pdf")
    assert result.exit_code == 1 and str(out / f"{PLAN}.pdf") in result.output
    assert (out / f"{PLAN}.pdf").read_bytes() == b"%PDF-1.4 signed copy"


def test_write_all_removes_before_renaming_and_reports_it(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"stale")
    (tmp_path / "b.pdf").write_bytes(b"stale b")
    order = []
    real = os.unlink

    def unlink(path, *args, **kwargs):
        order.append(("unlink", Path(path).name))
        return real(path, *args, **kwargs)

    real_replace = os.replace

    def replace(src, dst):
        order.append(("replace", Path(dst).name))
        return real_replace(src, dst)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "unlink", unlink)
        patch.setattr(os, "replace", replace)
        results = write_all({tmp_path / "a.docx": b"x", tmp_path / "a.pdf": b"new"}, derived=frozenset(
            {tmp_path / "a.pdf", tmp_path / "b.pdf"}), remove=frozenset({tmp_path / "a.pdf", tmp_path / "b.pdf"}))
    assert [(r.path.name, r.status) for r in results] == [("a.docx", "mới"), ("a.pdf", "ghi đè"), ("b.pdf", REMOVED)]
    assert order == [("unlink", "a.pdf"), ("unlink", "b.pdf"), ("replace", "a.docx"), ("replace", "a.pdf")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.pdf"]


# -- crashing at every rename ------------------------------------------------------------------------

class Crash(BaseException):
    """The process dies here."""


def crash_at(monkeypatch, out: Path, step: int, dead: bool) -> list[int]:
    """Make the ``step``-th removal or rename inside ``out`` raise :class:`Crash`; with ``dead``,
    every later file operation raises too (a killed process cleans nothing up)."""
    calls = [0, 0]  # operations in out, crashed

    def guard(real, target_index):
        def wrapper(*args, **kwargs):
            if calls[1] and dead:
                raise Crash
            if not calls[1] and out in Path(args[target_index]).parents:
                if calls[0] == step:
                    calls[1] = 1
                    raise Crash
                calls[0] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(os, "replace", guard(os.replace, 1))
    monkeypatch.setattr(os, "unlink", guard(os.unlink, 0))
    return calls


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.mark.parametrize("pdf, dead", [(True, True), (True, False), (False, True)],
                         ids=["pdf-killed", "pdf-exception", "no-pdf-killed"])
def test_a_crash_at_every_rename_leaves_documents_consistent_and_the_next_run_repairs(
        plan_copy, tmp_path, fake_converter, monkeypatch, pdf, dead):
    out, saved = tmp_path / "out", tmp_path / "saved"
    assert run_vanban("build", plan_copy, "-o", out, "--pdf").exit_code == 0
    old = snapshot(out)
    shutil.copytree(out, saved)
    set_signer(plan_copy, NEW_SIGNER)
    flags = ["--pdf"] if pdf else []
    step, finished = 0, False
    while not finished:
        shutil.rmtree(out)
        shutil.copytree(saved, out)
        with monkeypatch.context() as patch:
            calls = crash_at(patch, out, step, dead)
            try:
                run_vanban("build", plan_copy, "-o", out, "--force", *flags)
                finished = True
            except Crash:
                pass
        assert finished or calls[1], step
        assert_consistent(out)
        if not dead:
            assert temporaries(out) == []
        new_docx = (out / f"{PLAN}.docx").read_bytes()
        assert new_docx == old[f"{PLAN}.docx"] or NEW_SIGNER.encode() not in old[f"{PLAN}.docx"]
        left = temporaries(out)
        result = run_vanban("build", plan_copy, "-o", out, "--force", *flags)
        assert result.exit_code == 0, (step, result.output)
        if left:
            assert f"Cảnh báo: đã xóa {len(left)} tệp tạm do lần chạy trước bị ngắt để lại trong {out}" \
                   in result.output
        assert temporaries(out) == [] and not (out / LOCK_NAME).exists()
        assert_consistent(out)
        assert (out / f"{LIST}.pdf").exists()  # unchanged document: its PDF survives every crash
        assert (out / f"{PLAN}.pdf").exists() == pdf
        step += 1
    # the stale PDF's removal, the changed .docx, 2 manifest files, the new PDF, the lock; then no crash
    assert step == (7 if pdf else 6)


# -- one run at a time ------------------------------------------------------------------------------

def write_lock(out: Path, pid: int, started: float, host: str | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / LOCK_NAME).write_text(json.dumps({"tien_trinh": pid, "may": host or socket.gethostname(),
                                             "thoi_diem": started, "bat_dau": "", "lenh": "vanban build x"}),
                                 encoding="utf-8")


def test_a_lock_left_by_a_dead_process_is_taken_over_with_a_message(plan_copy, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    write_lock(out, dead.pid, time.time() - 60)
    result = run_vanban("build", plan_copy, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"Cảnh báo: lần chạy trước vào thư mục {out} (tiến trình {dead.pid} trên máy {socket.gethostname()}" \
           in result.output
    assert "đã dừng giữa chừng; lần chạy này tiếp quản" in result.output
    assert not (out / LOCK_NAME).exists()


def test_a_lock_of_a_live_process_refuses_even_where_the_file_system_has_no_locks(plan_copy, tmp_path):
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out = tmp_path / "out"
        write_lock(out, live.pid, psutil.Process(live.pid).create_time())
        result = run_vanban("build", plan_copy, "-o", out)
    finally:
        live.kill()
        live.wait()
    assert result.exit_code == 1
    assert f"Lỗi: thư mục kết quả {out} đang được một lần chạy vanban khác ghi vào (tiến trình {live.pid}" \
           in result.output
    assert f"hãy xóa tệp {out / LOCK_NAME} rồi chạy lại (chưa ghi tệp nào)" in result.output
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]


def wait_for(condition, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def start_build(plan: Path, out: Path, soffice: Path, temp: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, VANBAN_SOFFICE=str(soffice), TMPDIR=str(temp), PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(plan), "-o", str(out), *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def start_converting(plan: Path, out: Path, tmp_path: Path, temp: Path) -> subprocess.Popen:
    """A build --pdf whose stand-in LibreOffice hangs; returns once LibreOffice (and its child) runs."""
    process = start_build(plan, out, fake_soffice(tmp_path, SLEEPER), temp, "--pdf")
    wait_for(lambda: (tmp_path / "pids").exists() and len(noted_pids(tmp_path)) == 2)
    return process


def gone(pids: list[int]) -> bool:
    return not any(alive(pid) for pid in pids)


@pytest.mark.skipif(not POSIX, reason="the stand-in LibreOffice is a POSIX script; signals")
def test_a_second_run_into_the_same_folder_refuses_and_sigterm_ends_libreoffice(plan_copy, tmp_path,
                                                                                private_temp):
    out = tmp_path / "out"
    first = start_converting(plan_copy, out, tmp_path, private_temp)
    try:
        second = start_build(plan_copy, out, tmp_path / "soffice", private_temp)
        _, err = second.communicate(timeout=60)
        form = subprocess.run([sys.executable, "-m", "pipeline", "responses", "form", str(plan_copy.parent), "-o",
                               str(out)], capture_output=True, text=True, encoding="utf-8",
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
        first.send_signal(signal.SIGTERM)
        _, first_err = first.communicate(timeout=60)
    finally:
        first.kill()
    assert second.returncode == 1
    assert (f"Lỗi: thư mục kết quả {out} đang được một lần chạy vanban khác ghi vào (tiến trình {first.pid} "
            f"trên máy {socket.gethostname()}, bắt đầu lúc ") in err
    assert f"lệnh «vanban build {plan_copy} -o {out} --pdf»); hãy chờ lần chạy đó xong rồi chạy lại" in err
    assert form.returncode == 1 and f"(tiến trình {first.pid} " in form.stderr
    assert first.returncode == 130 and "Lỗi: đã dừng giữa chừng theo yêu cầu" in first_err
    assert gone(noted_pids(tmp_path))
    assert list(private_temp.iterdir()) == [] and not out.exists()


@pytest.mark.skipif(not POSIX, reason="the stand-in LibreOffice is a POSIX script; signals")
def test_after_kill_9_the_next_run_ends_libreoffice_and_removes_its_scratch_folder(plan_copy, tmp_path,
                                                                                   private_temp):
    out = tmp_path / "out"
    first = start_converting(plan_copy, out, tmp_path, private_temp)
    try:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=60)
    finally:
        first.kill()
    pids = noted_pids(tmp_path)
    assert not gone(pids)  # LibreOffice runs in its own session: kill -9 of vanban leaves it
    scratch = [p for p in private_temp.iterdir() if p.name.startswith(SCRATCH_PREFIX)]
    assert len(scratch) == 1 and (out / LOCK_NAME).exists()
    after = start_build(plan_copy, out, tmp_path / "soffice", private_temp)
    _, err = after.communicate(timeout=120)
    assert after.returncode == 0, err
    assert f"Cảnh báo: lần chạy trước vào thư mục {out} (tiến trình {first.pid} " in err
    assert (f"Cảnh báo: đã xóa thư mục tạm {scratch[0]} do lần chạy trước (tiến trình {first.pid}) bị ngắt để "
            "lại và dừng 2 tiến trình LibreOffice còn chạy") in err
    assert gone(pids) and list(private_temp.iterdir()) == []
    assert not (out / LOCK_NAME).exists()


def test_temporary_files_of_an_interrupted_run_are_removed_and_nothing_else(plan_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    ours = out / f".vanban-4242.{PLAN}.docx.k2j_9x0a.tmp"
    ours.write_bytes(b"half a document")
    others = [out / f".{PLAN}.docx.k2j_9x0a.tmp", out / "ghi-chu.tmp", out / ".vanban-abc.x.docx.k2j_9x0a.tmp"]
    for other in others:
        other.write_bytes(b"not vanban's")
    result = run_vanban("build", plan_copy, "-o", out)
    assert result.exit_code == 0
    assert (f"Cảnh báo: đã xóa 1 tệp tạm do lần chạy trước bị ngắt để lại trong {out}: {ours.name}"
            in result.output)
    assert not ours.exists() and all(p.read_bytes() == b"not vanban's" for p in others)


def test_the_clean_up_note_names_ten_temporary_files_and_counts_the_others(tmp_path):
    from pipeline.common.files import clean_temporaries

    left = [tmp_path / f".vanban-4242.cong-van_{i:04d}.docx.k2j_9x0a.tmp" for i in range(609)]  # a killed batch
    for path in left:
        path.write_bytes(b"")
    [note] = clean_temporaries(tmp_path)
    names = ", ".join(path.name for path in left[:10])
    assert note == f"đã xóa 609 tệp tạm do lần chạy trước bị ngắt để lại trong {tmp_path}: {names} và 599 tệp khác"
    assert list(tmp_path.iterdir()) == []


def test_scratch_folders_of_live_runs_are_left_alone(plan_copy, tmp_path, private_temp):
    me = psutil.Process(os.getpid())
    live = private_temp / f"{SCRATCH_PREFIX}{me.pid}-{int(me.create_time() * 1000)}-abcd1234"
    foreign = private_temp / "vanban-pdf-abcd1234"
    live.mkdir()
    foreign.mkdir()
    assert run_vanban("build", plan_copy, "-o", tmp_path / "out").exit_code == 0
    assert live.is_dir() and foreign.is_dir()


def test_an_output_folder_replaced_by_a_file_during_the_run_gives_the_clerks_message_not_a_traceback(tmp_path):
    """The lock file cannot be removed when its folder was moved away and a file took its name
    (breaker6, seen in a 1,000-letter build): the run's own message must still be what is raised."""
    from pipeline.common.files import OutputError
    from pipeline.export.runlock import exclusive_run

    out = tmp_path / "out"
    with pytest.raises(OutputError, match="là một tệp"):
        with exclusive_run(out, lambda note: None):
            os.rename(out, tmp_path / "out.moved")
            out.write_bytes(b"x")
            raise OutputError(f"{out} là một tệp, không phải thư mục")
