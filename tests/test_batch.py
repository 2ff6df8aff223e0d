"""Many documents from one template (issue 15): one opened template filled for each document
gives the bytes python-docx's own save gives; the check sharing what the documents of a build
share finds exactly what checking each alone finds."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from conftest import DATA_2024, PLAN_2024, TEMPLATES, copy_data, folder_files, render_failing_at, run_vanban
from pipeline.check import SharedParts, check_document
from pipeline.common.errors import TemplateProblem
from pipeline.common.files import Stager, discard
from pipeline.common.package import repeatable_zip
from pipeline.render.docx import TemplateFile, _timestamp, find_template, render_document
from pipeline.results.facts import load_document, load_documents

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "check"))
import make_faults  # noqa: E402  (tests/fixtures/check/make_faults.py)

LETTERS = DATA_2024 / "don_doc"  # «Gửi từng đơn vị»: one reminder letter per unit that has not reported


def saved(template: TemplateFile, document) -> bytes:
    """The last fill as python-docx saves it, re-zipped as before issue 15 (the independent reference)."""
    buffer = io.BytesIO()
    template.tpl.docx.save(buffer)
    return repeatable_zip(buffer.getvalue(), _timestamp(document))


@pytest.fixture(scope="module")
def letters():
    documents = load_documents(LETTERS)
    assert len(documents) >= 3 and len({d.addressees[0] for d in documents}) == len(documents)
    return documents


def test_one_opened_template_gives_each_letter_the_bytes_of_its_own_save(letters):
    path = find_template(letters[0], letters[0].template, TEMPLATES)
    template = TemplateFile(path)
    filled = {}
    for document in reversed(letters):  # a later fill copies the parts the first one compressed
        filled[document.addressees[0]] = render_document(document, template)
        fresh = TemplateFile(path)  # its first fill is a full one, saved by python-docx
        assert filled[document.addressees[0]] == render_document(document, fresh) == saved(fresh, document)
    assert template.series.made == len(letters) - 2  # the first is the base, the second also filled in full
    assert len(set(filled.values())) == len(letters)


def test_a_template_with_footnotes_filled_again_gives_the_same_file():
    plan = load_document(PLAN_2024)
    assert plan.footnotes  # the footnotes part is changed by a fill and put back before the next
    template = TemplateFile(find_template(plan, plan.template, TEMPLATES))
    first = render_document(plan, template)
    assert render_document(plan, template) == first == saved(template, plan)


def test_the_shared_check_finds_what_the_full_check_finds(letters, tmp_path):
    template = TemplateFile(find_template(letters[0], letters[0].template, TEMPLATES))
    paths = []
    for number, document in enumerate(letters[:4]):
        path = tmp_path / f"{number}.docx"
        path.write_bytes(render_document(document, template))
        paths.append(path)
    faults = {1: make_faults.letter_vv_bold, 2: make_faults.arial_body}  # document.xml; styles.xml of one letter
    for number, fault in faults.items():
        paths[number] = make_faults.rewrite(paths[number], tmp_path / f"{number}-sai.docx", fault)
    shared = SharedParts()
    found = [check_document(path, shared=shared) for path in paths]
    assert found == [check_document(path) for path in paths]
    assert [[(f.rule, f.severity, f.found) for f in findings] for findings in found] == [
        [], [("kieu-chu", "lỗi", "Trích yếu công văn (V/v) in đậm")], [("phong-chu", "lỗi", "phông chữ «Arial»")], []]


# --------------------------------------------------------------------------- a batch staged to disk


@pytest.fixture
def staged_from_three(monkeypatch):
    """Stage the documents of any source that makes more than 2 (the bundled reminder letters);
    returns the list of staged targets, in order."""
    import pipeline.build as build

    staged = []
    real = Stager.stage

    def spy(self, path, data):
        staged.append(path.name)
        return real(self, path, data)

    monkeypatch.setattr(build, "BATCH_IN_MEMORY", 2)  # read by the progress bar too (cli imports it when run)
    monkeypatch.setattr(Stager, "stage", spy)
    return staged


def test_a_staged_batch_gives_the_files_of_a_build_in_memory(tmp_path, staged_from_three):
    data = copy_data(tmp_path / "data")
    assert run_vanban("build", data / "2024", "-o", tmp_path / "memory").exit_code == 0
    expected = folder_files(tmp_path / "memory")
    staged_from_three.clear()  # the first build staged too
    result = run_vanban("build", data / "2024", "-o", tmp_path / "staged")
    assert result.exit_code == 0, result.output
    letters = sorted(name for name in expected if name.startswith(("cong-van_", "giay-moi_")))  # one per unit
    assert len(letters) >= 3 and sorted(staged_from_three) == letters
    assert folder_files(tmp_path / "staged") == expected  # every file, the manifest with each SHA-256 too
    assert "Đang soạn từng văn bản" in result.stderr


def test_a_failed_staged_batch_leaves_nothing(tmp_path, staged_from_three, monkeypatch):
    import pipeline.build as build

    data = copy_data(tmp_path / "data")
    monkeypatch.setattr(build, "render_document",
                        render_failing_at(3, TemplateProblem(Path("cong_van.docx"), "hỏng giả định ở văn bản thứ ba")))
    out = tmp_path / "out"
    result = run_vanban("build", data / "2024" / "don_doc", "-o", out)
    assert result.exit_code == 1 and "hỏng giả định ở văn bản thứ ba" in result.output
    assert len(staged_from_three) == 2 and not out.exists()  # two letters were staged, then removed (and the folder)


def test_a_staged_batch_refused_by_an_existing_output_leaves_no_temporary_file(tmp_path, staged_from_three):
    data = copy_data(tmp_path / "data")
    out = tmp_path / "out"
    assert run_vanban("build", data / "2024" / "don_doc", "-o", out).exit_code == 0
    before = folder_files(out)
    general = data / "2024" / "don_doc" / "thong_tin_chung.csv"
    text = general.read_text(encoding="utf-8-sig")
    assert "Trích yếu,đôn đốc báo cáo" in text
    general.write_text(text.replace("Trích yếu,đôn đốc báo cáo", "Trích yếu,nhắc báo cáo"), encoding="utf-8-sig")
    result = run_vanban("build", data / "2024" / "don_doc", "-o", out)
    assert result.exit_code == 1 and "--force" in result.output
    assert folder_files(out) == before and not list(out.glob(".vanban-*"))


@pytest.mark.parametrize("background", [True, False])
def test_the_stager_writes_every_file_with_its_checksum(tmp_path, background):
    import hashlib

    out = tmp_path / "out"
    contents = {f"cong-van_{i}.docx": f"thư {i}".encode() * 1000 for i in range(50)}
    with Stager(depth=4, background=background) as stager:
        staged = [stager.stage(out / name, data) for name, data in contents.items()]
        if not background:  # written as it is staged
            assert staged[0].temp.read_bytes() == contents["cong-van_0.docx"]
    assert [item.read() for item in staged] == list(contents.values())
    assert [item.sha256 for item in staged] == [hashlib.sha256(data).hexdigest() for data in contents.values()]
    assert all(item.temp.parent == out and item.temp.name.startswith(".vanban-") for item in staged)
    assert sorted(p.name for p in out.iterdir()) == sorted(item.temp.name for item in staged)
    discard(staged)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("background", [True, False])
def test_a_failed_write_names_the_file_and_removes_every_staged_one(tmp_path, monkeypatch, background):
    import errno
    import pipeline.common.files as files

    out = tmp_path / "out"
    real, calls = open, []

    def third_fails(path, mode="r", *args, **kwargs):
        if "x" in mode:
            calls.append(path)
            if len(calls) == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(files, "open", third_fails, raising=False)
    with pytest.raises(files.OutputError) as info:
        with Stager(depth=2, background=background) as stager:
            for i in range(6):
                stager.stage(out / f"thu_{i}.docx", b"x" * 100)
    assert "thu_2.docx" in str(info.value) and "đầy" in str(info.value)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("background", [True, False])
def test_an_interrupted_block_leaves_no_staged_file(tmp_path, background):
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        with Stager(background=background) as stager:
            for i in range(5):
                stager.stage(out / f"thu_{i}.docx", b"x" * 100)
            raise KeyboardInterrupt
    assert list(out.iterdir()) == []


def test_ctrl_c_right_after_a_letter_is_staged_leaves_no_temporary_file(tmp_path, monkeypatch):
    import pipeline.build as build

    monkeypatch.setattr(build, "BATCH_IN_MEMORY", 2)  # the bundled reminder letters are staged
    data = copy_data(tmp_path / "data")
    real, calls = Stager.stage, []

    def interrupted(self, path, content):  # Ctrl+C as the third letter has just been handed to the writer
        staged = real(self, path, content)
        calls.append(staged)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return staged

    monkeypatch.setattr(Stager, "stage", interrupted)
    out = tmp_path / "out"
    result = run_vanban("build", data / "2024" / "don_doc", "-o", out)
    assert result.exit_code == 130 and len(calls) == 3
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_kill"), reason="a signal sent to the main thread (POSIX)")
def test_ctrl_c_while_the_stager_waits_for_its_writer_leaves_no_temporary_file(tmp_path, monkeypatch):
    import signal
    import threading
    import time

    import pipeline.common.files as files

    out = tmp_path / "out"
    real = open

    def slow(path, mode="r", *args, **kwargs):  # a slow disk: each staged file takes 50 ms (breaker6)
        if "x" in mode:
            time.sleep(0.05)
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(files, "open", slow, raising=False)
    staged = []
    timer = threading.Timer(0.2, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT))
    with pytest.raises(KeyboardInterrupt):
        with Stager() as stager:
            for i in range(20):
                staged.append(stager.stage(out / f"thu_{i}.docx", b"x" * 100))
            timer.start()  # Ctrl+C lands while leaving the block waits for the writer (20 × 50 ms)
    time.sleep(0.3)  # a writer still running would create a file now
    assert sorted(p.name for p in out.iterdir()) == []
