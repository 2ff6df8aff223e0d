"""The check of a large batch in a second process (issue 15, ``pipeline.check.worker``): the same
findings as the check in the main process, whatever happens to the child; no child left behind
by a finished, failed, interrupted or killed run."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import DATA_2024, TEMPLATES, copy_data, folder_files, render_failing_at, run_vanban
from pipeline.check import SharedParts, check_document
from pipeline.check.worker import CheckWorker
from pipeline.common.errors import VanbanError
from pipeline.render.docx import TemplateFile, find_template, render_document
from pipeline.results.facts import load_documents

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "check"))
import make_faults  # noqa: E402  (tests/fixtures/check/make_faults.py)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> list[tuple[str, bytes]]:
    """Six reminder letters, the second with a bold «V/v» (an error), the fifth in Arial (styles.xml)."""
    folder = tmp_path_factory.mktemp("letters")
    documents = load_documents(DATA_2024 / "don_doc")
    template = TemplateFile(find_template(documents[0], documents[0].template, TEMPLATES))
    made = []
    for number in range(6):
        path = folder / f"{number}.docx"
        path.write_bytes(render_document(documents[number % len(documents)], template))
        made.append(path)
    made[1] = make_faults.rewrite(made[1], folder / "1-sai.docx", make_faults.letter_vv_bold)
    made[4] = make_faults.rewrite(made[4], folder / "4-sai.docx", make_faults.arial_body)
    return [(path.name, path.read_bytes()) for path in made]


def _alone(letters) -> list:
    return [check_document(Path(name), data=data) for name, data in letters]


def _started(worker: CheckWorker) -> CheckWorker:
    deadline = time.monotonic() + 60
    while not worker._ready:
        assert time.monotonic() < deadline, "the check process did not start"
        time.sleep(0.02)
    return worker


@pytest.fixture
def local_checks(monkeypatch) -> list[str]:
    """The names of the documents checked in this process (the child is not affected)."""
    import pipeline.check.worker as worker

    names = []

    def spy(path, **kwargs):
        names.append(path.name)
        return check_document(path, **kwargs)

    monkeypatch.setattr(worker, "check_document", spy)
    return names


def test_the_child_finds_what_the_check_of_each_document_alone_finds(letters, local_checks):
    with _started(CheckWorker(SharedParts())) as worker:
        tickets = [worker.submit(name, (), data) for name, data in letters]
        found = [worker.findings(ticket) for ticket in tickets]
    assert local_checks == []  # every letter was checked by the child
    assert found == _alone(letters)
    assert [[(f.rule, f.severity) for f in findings] for findings in found] == [
        [], [("kieu-chu", "lỗi")], [], [], [("phong-chu", "lỗi")], []]
    assert worker._process.returncode == 0  # it ended at the end of its input


def test_what_a_rule_ignores_is_left_out_by_the_child_too(letters, local_checks):
    with _started(CheckWorker(SharedParts())) as worker:
        ticket = worker.submit(letters[1][0], ("kieu-chu",), letters[1][1])
        assert worker.findings(ticket) == []
    assert local_checks == []


def test_documents_given_before_the_child_has_started_are_checked_here(letters, local_checks):
    with CheckWorker(SharedParts()) as worker:  # not waited for: it takes about a third of a second to start
        found = [worker.findings(worker.submit(name, (), data)) for name, data in letters]
    assert found == _alone(letters)
    assert local_checks  # at least the first ones


def test_a_child_killed_midway_leaves_its_documents_to_this_process(letters, local_checks):
    with _started(CheckWorker(SharedParts())) as worker:
        tickets = [worker.submit(name, (), data) for name, data in letters[:3]]
        worker._process.kill()
        worker._process.wait()
        tickets += [worker.submit(name, (), data) for name, data in letters[3:]]
        found = [worker.findings(ticket) for ticket in tickets]
    assert found == _alone(letters)
    assert {"3.docx", "4-sai.docx", "5.docx"} <= set(local_checks)


def test_a_document_the_child_cannot_read_raises_here_what_the_check_raises(letters):
    with _started(CheckWorker(SharedParts())) as worker:
        good = worker.submit(*letters[0][:1], (), letters[0][1])
        bad = worker.submit("hong.docx", (), b"PK\x03\x04 not a zip")
        assert worker.findings(good) == []
        with pytest.raises(VanbanError, match="hong.docx không phải tệp Word .docx"):
            worker.findings(bad)


def test_no_second_process_means_every_document_is_checked_here(letters, local_checks, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(Path(sys.executable).parent / "khong-co-python"))
    with CheckWorker(SharedParts()) as worker:
        found = [worker.findings(worker.submit(name, (), data)) for name, data in letters]
    assert found == _alone(letters) and len(local_checks) == len(letters)


def test_the_child_ignores_ctrl_c_and_is_stopped_by_the_main_process(letters):
    if os.name == "nt":
        pytest.skip("SIGINT to one process: POSIX")
    worker = _started(CheckWorker(SharedParts()))
    os.kill(worker._process.pid, signal.SIGINT)  # the console sends Ctrl+C to both processes
    time.sleep(0.2)
    assert worker._process.poll() is None
    ticket = worker.submit(*letters[1][:1], (), letters[1][1])
    assert worker.findings(ticket) == _alone(letters[1:2])[0]
    with pytest.raises(KeyboardInterrupt):
        with worker:
            raise KeyboardInterrupt
    assert worker._process.returncode is not None  # stopped at once, not left to finish


def test_the_child_ends_when_the_main_process_is_killed(tmp_path):
    if os.name == "nt":
        pytest.skip("SIGKILL: POSIX (on Windows the pipe closes the same way when a process is ended)")
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent("""
        import os, signal, sys, time
        from pipeline.check import SharedParts
        from pipeline.check.worker import CheckWorker
        worker = CheckWorker(SharedParts())
        while not worker._ready:
            time.sleep(0.02)
        print(worker._process.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """), encoding="utf-8")
    parent = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert parent.returncode == -signal.SIGKILL
    child = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 20
    while psutil.pid_exists(child) and psutil.Process(child).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the check process outlived the killed vanban"
        time.sleep(0.05)


# --------------------------------------------------------------------------- inside vanban build


@pytest.fixture
def parallel_from_three(monkeypatch):
    """Check the documents of any source making more than 2 in a second process; the workers made."""
    import pipeline.build as build

    made = []
    real = CheckWorker.__init__

    def started(self, shared):
        real(self, shared)
        _started(self)
        made.append(self)

    monkeypatch.setattr(build, "BATCH_IN_MEMORY", 2)
    monkeypatch.setattr(build, "_cores", lambda: 2)
    monkeypatch.setattr(CheckWorker, "__init__", started)
    return made


@pytest.fixture
def stagers(monkeypatch) -> list[bool]:
    """Whether each stager of a build writes in a background thread."""
    from pipeline.common.files import Stager

    made = []
    real = Stager.__init__

    def recorded(self, depth=32, background=True):
        made.append(background)
        real(self, depth, background)

    monkeypatch.setattr(Stager, "__init__", recorded)
    return made


def test_a_build_checked_in_two_processes_gives_the_files_and_warnings_of_one(tmp_path, parallel_from_three,
                                                                              monkeypatch, stagers):
    import pipeline.build as build

    data = copy_data(tmp_path / "data")
    parallel = run_vanban("build", data / "2024", "-o", tmp_path / "two")
    assert parallel.exit_code == 0, parallel.output
    assert parallel_from_three and all(w._process.returncode == 0 for w in parallel_from_three)
    assert stagers and not any(stagers)  # the other core checks: each letter written as it is staged
    stagers.clear()
    monkeypatch.setattr(build, "_cores", lambda: 1)
    single = run_vanban("build", data / "2024", "-o", tmp_path / "one")
    assert single.exit_code == 0
    assert stagers and all(stagers)
    assert folder_files(tmp_path / "two") == folder_files(tmp_path / "one")
    assert parallel.output == single.output.replace(str(tmp_path / "one"), str(tmp_path / "two"))


def test_an_error_found_by_the_child_stops_the_build_and_names_each_letter(tmp_path, parallel_from_three):
    letters = copy_data(tmp_path / "data") / "2024" / "don_doc"
    template = Document(str(TEMPLATES / "cong_van.docx"))
    fonts = template.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{slot}"), "Arial")
    template.save(str(letters / "rieng.docx"))
    general = letters / "thong_tin_chung.csv"
    with open(general, encoding="utf-8-sig", newline="") as stream:
        rows = [row for row in csv.reader(stream) if row[0] != "Mẫu"]
    with open(general, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows + [["Mẫu", "rieng.docx"]])
    out = tmp_path / "out"
    forced = run_vanban("build", letters, "-o", out, "--no-check")
    assert forced.exit_code == 0
    names = sorted(p.name for p in out.glob("cong-van_*.docx"))
    assert len(names) >= 3
    refused = run_vanban("build", letters, "-o", tmp_path / "refused")
    assert refused.exit_code == 1 and parallel_from_three
    assert "văn bản tạo ra sai thể thức nên chưa ghi" in refused.output
    assert all(f"Kiểm tra thể thức: {name}" in refused.output for name in names)
    assert refused.output.count("phông chữ «Arial»") >= len(names)
    assert not (tmp_path / "refused").exists()
    assert all(w._process.returncode is not None for w in parallel_from_three)


def test_an_interrupted_build_leaves_no_check_process(tmp_path, parallel_from_three, monkeypatch):
    import pipeline.build as build

    data = copy_data(tmp_path / "data")
    monkeypatch.setattr(build, "render_document", render_failing_at(3, KeyboardInterrupt()))
    out = tmp_path / "out"
    result = run_vanban("build", data / "2024" / "don_doc", "-o", out)
    assert result.exit_code == 130 and not out.exists()
    assert len(parallel_from_three) == 1 and parallel_from_three[0]._process.returncode is not None
    assert [p.pid for p in psutil.Process().children() if p.status() != psutil.STATUS_ZOMBIE] == []
