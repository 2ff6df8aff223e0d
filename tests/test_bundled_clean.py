"""The bundled data a clerk copies is clean (issue 16 item 5): every bundled folder — each year of
data/ and each data/examples/* — builds with no warning, its documents have no `vanban check`
finding, and `vanban templates check` finds nothing in the templates they use. The seed's own
wording («Lưu: VT; VP», with its ND30-709 warning) lives in the seed's tests, not in data/."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_data, run_vanban


def bundled_folders(data: Path) -> list[Path]:
    """Each year folder of ``data`` and each example under ``data/examples`` (an example agency with its
    own profile and registry has year folders of its own: each of them)."""
    def years(folder: Path) -> list[Path]:
        return sorted(p for p in folder.iterdir() if p.is_dir() and p.name.isdecimal())

    examples = sorted(p for p in (data / "examples").iterdir() if p.is_dir()) if (data / "examples").is_dir() else []
    return years(data) + [year for example in examples for year in (years(example) or [example])]


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return copy_data(tmp_path_factory.mktemp("bundled") / "data")


def test_there_are_bundled_folders(data):
    names = [p.relative_to(data).as_posix() for p in bundled_folders(data)]
    assert {"2024", "examples/ubnd_nghe_an", "examples/so_khcn_nghe_an/2025", "examples/ubnd_xa_hoang_hoa/2026"} \
        <= set(names)


def test_every_bundled_folder_builds_and_checks_with_no_warning(data, tmp_path):
    for index, folder in enumerate(bundled_folders(data)):
        out = tmp_path / f"out{index}"
        built = run_vanban("build", folder, "--output", out)
        assert built.exit_code == 0, built.output
        assert "Cảnh báo" not in built.output, built.output
        assert built.output.rstrip().endswith("; 0 cảnh báo."), built.output

        documents = sorted(out.glob("*.docx"))
        assert documents, folder
        checked = run_vanban("check", *documents)
        assert checked.exit_code == 0, checked.output
        summary = (f"Tất cả: {len(documents)} tệp (0 không đọc được), 0 lỗi, 0 cảnh báo." if len(documents) > 1
                   else "Tổng cộng: 0 lỗi, 0 cảnh báo.")
        assert checked.output.rstrip().endswith(summary), checked.output

        templates = run_vanban("templates", "check", folder)
        assert templates.exit_code == 0, templates.output
        assert templates.output.rstrip().endswith(" mẫu, 0 lỗi, 0 cảnh báo."), templates.output
        assert "TPL-" not in templates.output, templates.output
