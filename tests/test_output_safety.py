"""Writing the outputs: every file system problem becomes a plain Vietnamese error,
and a run writes all its files or none of them."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from conftest import DATA_2024, copy_data, run_vanban
from pipeline.common import files as output
from pipeline.common.errors import VanbanError
from pipeline.common.files import NEW, REPLACED, UNCHANGED, atomic_write, write_all

POSIX = os.name == "posix"


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder``: relative name -> bytes (None for a folder)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture
def earlier(tmp_path: Path) -> tuple[Path, dict[Path, bytes]]:
    """An output folder holding the outputs of an earlier run, and a new run's files."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_bytes(b"old a")
    (out / "b.docx").write_bytes(b"old b")
    return out, {out / "a.docx": b"new a", out / "b.docx": b"new b", out / "c.docx": b"new c"}


def check_nothing_written(folder: Path, before: dict) -> None:
    assert tree(folder) == before
    assert temporaries(folder) == []


def test_output_folder_that_is_a_file_is_reported_before_writing(tmp_path):
    out = tmp_path / "out"
    out.write_bytes(b"not a folder")
    before = tree(tmp_path)
    with pytest.raises(VanbanError) as info:
        write_all({out / "a.docx": b"x", out / "b.docx": b"y"})
    message = str(info.value)
    assert str(out) in message and "là một tệp, không phải thư mục" in message
    check_nothing_written(tmp_path, before)


def test_a_parent_of_the_output_folder_that_is_a_file_is_reported(tmp_path):
    blocker = tmp_path / "ra"
    blocker.write_bytes(b"a file where a folder should be")
    before = tree(tmp_path)
    with pytest.raises(VanbanError) as info:
        write_all({blocker / "2024" / "sub" / "a.docx": b"x"})
    assert str(blocker) in str(info.value) and "không phải thư mục" in str(info.value)
    check_nothing_written(tmp_path, before)


def test_a_target_that_is_a_folder_is_reported_before_any_file_is_written(earlier):
    out, files = earlier
    (out / "c.docx").mkdir()
    before = tree(out)
    with pytest.raises(VanbanError) as info:
        write_all(files, force=True)
    assert str(out / "c.docx") in str(info.value) and "là một thư mục" in str(info.value)
    check_nothing_written(out, before)


def test_new_output_folders_are_not_left_behind_when_nothing_is_written(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(VanbanError):
        write_all({tmp_path / "new" / "deep" / "a.docx": b"x"})
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_write_permission_is_reported(earlier):
    out, files = earlier
    before = tree(out)
    os.chmod(out, 0o555)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("the folder stays writable (running as root or on Windows)")
        with pytest.raises(VanbanError) as info:
            write_all(files, force=True)
    finally:
        os.chmod(out, 0o755)
    assert str(out) in str(info.value) and "quyền ghi" in str(info.value)
    check_nothing_written(out, before)


def test_a_folder_refusing_new_files_is_reported_even_as_root(earlier, monkeypatch):
    out, files = earlier
    before = tree(out)
    real = tempfile.mkstemp
    calls = []

    def mkstemp(*args, **kwargs):
        calls.append(kwargs.get("dir"))
        if len(calls) == 3:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    with pytest.raises(VanbanError) as info:
        write_all(files, force=True)
    assert "quyền ghi" in str(info.value) and str(out) in str(info.value)
    assert "không tệp nào được ghi" in str(info.value)
    check_nothing_written(out, before)


def test_a_read_only_target_is_reported_before_writing(earlier):
    out, files = earlier
    before = tree(out)
    os.chmod(out / "b.docx", 0o444)
    try:
        if os.access(out / "b.docx", os.W_OK):
            pytest.skip("the file stays writable (running as root)")
        with pytest.raises(VanbanError) as info:
            write_all(files, force=True)
    finally:
        os.chmod(out / "b.docx", 0o644)
    assert str(out / "b.docx") in str(info.value) and "đóng tệp" in str(info.value)
    check_nothing_written(out, before)


def test_a_target_locked_by_word_is_reported_and_nothing_is_replaced(earlier, monkeypatch):
    """On Windows a file open in Word cannot be replaced: os.replace raises PermissionError."""
    out, files = earlier
    before = tree(out)

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used "
                                  "by another process", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(VanbanError) as info:
        write_all(files, force=True)
    message = str(info.value)
    assert str(out / "a.docx") in message
    assert "đang mở" in message and "đóng tệp" in message and "Word" in message
    check_nothing_written(out, before)


def test_a_file_open_in_word_is_found_before_anything_is_written(earlier, monkeypatch):
    """Word's lock also refuses opening the file for writing: that is checked first."""
    out, files = earlier
    before = tree(out)
    real_open = open

    def fake_open(file, mode="r", *args, **kwargs):
        if Path(file) == out / "b.docx" and any(c in mode for c in "wa+"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    calls = []
    monkeypatch.setattr(tempfile, "mkstemp", lambda *a, **k: calls.append(a) or pytest.fail("wrote"))
    with pytest.raises(VanbanError) as info:
        write_all(files, force=True)
    assert str(out / "b.docx") in str(info.value) and "đóng tệp" in str(info.value)
    assert calls == []
    check_nothing_written(out, before)


def _failing_writes(monkeypatch, failure: BaseException, at: int) -> None:
    """The ``at``-th file opened for writing by ``write_all`` fails with ``failure`` when written."""
    real = os.fdopen
    calls = []

    class Failing:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise failure

    def fdopen(fd, *args, **kwargs):
        stream = real(fd, *args, **kwargs)
        calls.append(fd)
        return Failing(stream) if len(calls) == at else stream

    monkeypatch.setattr(os, "fdopen", fdopen)


def test_a_failure_on_a_later_file_leaves_the_earlier_outputs_untouched(earlier, monkeypatch):
    out, files = earlier
    before = tree(out)
    _failing_writes(monkeypatch, OSError(errno.ENOSPC, "No space left on device"), at=3)
    with pytest.raises(VanbanError) as info:
        write_all(files, force=True)
    assert "đầy" in str(info.value) and str(out / "c.docx") in str(info.value)
    check_nothing_written(out, before)


@pytest.mark.skipif(not hasattr(os, "sync"), reason="a system-wide sync (POSIX)")
def test_the_files_reach_the_disk_before_any_is_renamed_into_place(earlier, monkeypatch):
    out, files = earlier
    steps = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (steps.append(("replace", Path(dst).name)),
                                                         real_replace(src, dst))[1])
    monkeypatch.setattr(os, "sync", lambda: steps.append(("sync", "")))
    write_all(files, force=True)
    assert steps == [("sync", ""), ("replace", "a.docx"), ("replace", "b.docx"), ("replace", "c.docx")]


def test_without_a_system_wide_sync_each_file_is_flushed_before_the_renames(earlier, monkeypatch):
    out, files = earlier  # Windows has no os.sync: FlushFileBuffers on each file
    steps = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.delattr(os, "sync", raising=False)
    monkeypatch.setattr(os, "fsync", lambda fd: (steps.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda src, dst: (steps.append("replace"), real_replace(src, dst))[1])
    write_all(files, force=True)
    assert steps == ["fsync"] * 3 + ["replace"] * 3
    assert (out / "c.docx").read_bytes() == b"new c"


def test_a_rename_failing_half_way_names_the_files_already_replaced(earlier, monkeypatch):
    out, files = earlier
    real = os.replace
    calls = []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(VanbanError) as info:
        write_all(files, force=True)
    message = str(info.value)
    assert str(out / "b.docx") in message and "đã được thay" in message and str(out / "a.docx") in message
    assert temporaries(out) == []
    assert (out / "b.docx").read_bytes() == b"old b" and not (out / "c.docx").exists()


def test_an_interrupted_run_leaves_no_temporary_file(earlier, monkeypatch):
    out, files = earlier
    before = tree(out)
    _failing_writes(monkeypatch, KeyboardInterrupt(), at=2)
    with pytest.raises(KeyboardInterrupt):
        write_all(files, force=True)
    check_nothing_written(out, before)


def test_all_files_are_written_when_nothing_fails(earlier):
    out, files = earlier
    (out / "b.docx").write_bytes(b"new b")
    results = write_all(files, force=True)
    assert [(r.path.name, r.status) for r in results] == [
        ("a.docx", REPLACED), ("b.docx", UNCHANGED), ("c.docx", NEW)]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        "a.docx": b"new a", "b.docx": b"new b", "c.docx": b"new c"}


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_new_files_get_the_normal_permissions_not_mkstemps_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_all({tmp_path / "out" / "a.docx": b"x"})
        atomic_write(tmp_path / "registry.csv", b"y")
        os.umask(0o027)
        write_all({tmp_path / "out" / "b.docx": b"z"})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out" / "a.docx").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "registry.csv").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "out" / "b.docx").stat().st_mode) == 0o640


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    os.chmod(target, 0o664)
    write_all({target: b"new"}, force=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_permissions_are_set_harmlessly_where_chmod_does_little(tmp_path, monkeypatch):
    """On Windows os.chmod only toggles the read-only flag; a failing chmod must not stop the write."""
    def unsupported(*args, **kwargs):
        raise NotImplementedError("chmod")

    monkeypatch.setattr(os, "chmod", unsupported)
    write_all({tmp_path / "a.docx": b"x"})
    assert (tmp_path / "a.docx").read_bytes() == b"x"


def test_the_cli_prints_the_problem_in_vietnamese_instead_of_a_traceback(tmp_path):
    blocker = tmp_path / "ra"
    blocker.write_bytes(b"a file")
    result = run_vanban("build", DATA_2024, "--output", blocker / "2024")
    assert result.exit_code == 1
    assert "Lỗi:" in result.output and "không phải thư mục" in result.output
    assert "Traceback" not in result.output
    assert blocker.read_bytes() == b"a file"


def test_atomic_write_reports_problems_in_vietnamese(tmp_path):
    (tmp_path / "don_vi.csv").mkdir()
    with pytest.raises(VanbanError) as info:
        atomic_write(tmp_path / "don_vi.csv", b"x")
    assert "là một thư mục" in str(info.value)
    assert temporaries(tmp_path) == []


def test_output_errors_are_vanban_errors():
    assert issubclass(output.OutputError, VanbanError)


def test_ctrl_c_just_after_a_temporary_file_is_created_leaves_none(earlier, monkeypatch):
    """The interruption can come after mkstemp made the file but before it returned its name."""
    out, files = earlier
    before = tree(out)
    real = tempfile.mkstemp
    calls = []

    def interrupted(*args, **kwargs):
        handle, name = real(*args, **kwargs)
        calls.append(name)
        if len(calls) == 2:
            os.close(handle)
            raise KeyboardInterrupt
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_all(files, force=True)
    assert Path(calls[1]).name.startswith(f".vanban-{os.getpid()}.b.docx.")
    check_nothing_written(out, before)


def test_ctrl_c_among_the_renames_is_held_until_every_file_and_the_manifest_are_in_place(tmp_path, monkeypatch):
    import hashlib
    import json
    import signal

    data = copy_data(tmp_path / "data")
    out = tmp_path / "out"
    assert run_vanban("build", data / "2024" / "don_doc", "-o", out).exit_code == 0
    info = data / "2024" / "don_doc" / "thong_tin_chung.csv"
    text = info.read_text(encoding="utf-8-sig")
    assert "Trích yếu,đôn đốc" in text
    info.write_text(text.replace("Trích yếu,đôn đốc", "Trích yếu,khẩn trương đôn đốc"), encoding="utf-8-sig")
    real, renamed = os.replace, []

    def ctrl_c_at_the_third(source, target):  # a real SIGINT, as Ctrl+C sends it, after two letters are in place
        renamed.append(Path(target).name)
        if len(renamed) == 3:
            signal.raise_signal(signal.SIGINT)
        return real(source, target)

    monkeypatch.setattr(os, "replace", ctrl_c_at_the_third)
    result = run_vanban("build", data / "2024" / "don_doc", "-o", out, "--force")
    monkeypatch.setattr(os, "replace", real)
    assert result.exit_code == 130 and len(renamed) > 3
    rows = json.loads((out / "danh_muc_tep.json").read_text(encoding="utf-8"))
    letters = [row["Tệp"] for row in rows if row["Tệp"].endswith(".docx")]
    assert len(letters) >= 3
    assert all(hashlib.sha256((out / row["Tệp"]).read_bytes()).hexdigest() == row["SHA-256"] for row in rows)
    assert temporaries(out) == []


def test_a_refusal_names_the_first_ten_files_and_counts_the_others(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    files = {}
    for i in range(1013):
        (out / f"thu_{i:04}.docx").write_bytes(b"cu")
        files[out / f"thu_{i:04}.docx"] = b"moi"
    with pytest.raises(VanbanError) as info:
        write_all(files)
    message = str(info.value)
    assert message.endswith(f"{out / 'thu_0009.docx'} và 1.003 tệp khác")
    assert str(out / "thu_0000.docx") in message and "thu_0010.docx" not in message and "--force" in message
    assert {p.read_bytes() for p in out.iterdir()} == {b"cu"}
