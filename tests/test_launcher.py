"""The Windows launcher vanban.bat (vanban install-shortcut): what can be checked off Windows —
its bytes (UTF-8 without BOM, CRLF, chcp 65001 first), the commands it runs and the paths it uses."""

from __future__ import annotations

import sys
from pathlib import PureWindowsPath

from conftest import run_vanban
from pipeline.launcher import LAUNCHER_NAME, windows_launcher

PYTHON = PureWindowsPath(r"C:\Program Files\Python311\python.exe")


def lines(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    body = text[:-2].split("\r\n")
    assert not any("\n" in line or "\r" in line for line in body), "a bare LF or CR"
    return body


def test_bytes_are_utf8_crlf_and_switch_the_console_to_utf8_first():
    data = windows_launcher(PYTHON)
    assert not data.startswith(b"\xef\xbb\xbf")  # a BOM would break «@echo off»
    body = lines(data)
    assert body[:2] == ["@echo off", "chcp 65001 >nul"]
    assert all(line.isascii() for line in body[:2])
    assert "Chưa tạo văn bản nào: đọc thông báo lỗi ở trên, sửa dữ liệu rồi nhấp đúp lại tệp này." in \
        [line.removeprefix("echo ") for line in body]


def test_builds_the_chosen_folder_with_the_python_that_made_it_and_opens_the_output():
    body = lines(windows_launcher(PYTHON))
    assert 'cd /d "%~dp0"' in body
    assert 'for /f "delims=" %%D in (\'dir /b /ad /o-n "data\\????" 2^>nul\') do if not defined NAM set "NAM=%%D"' \
        in body
    assert 'set "THU_MUC=data\\%NAM%"' in body  # Enter keeps the newest year
    assert body.index('set "THU_MUC=data\\%NAM%"') < body.index(next(b for b in body if b.startswith("set /p")))
    build = r'"C:\Program Files\Python311\python.exe" -m pipeline build "%THU_MUC%" -o "output\%TEN%"'
    assert build in body
    after = body[body.index(build) + 1:]
    assert after[:2] == ["if errorlevel 1 goto loi", 'start "" explorer "output\\%TEN%"']
    failed = body.index(":that_bai")
    assert body[failed + 1:failed + 5][-2:] == ["pause", "exit /b 1"]


def test_a_percent_sign_in_the_python_path_is_doubled():
    body = lines(windows_launcher(PureWindowsPath(r"D:\Ứng dụng 100%\python.exe")))
    assert r'"D:\Ứng dụng 100%%\python.exe" -m pipeline build "%THU_MUC%" -o "output\%TEN%"' in body


def test_install_shortcut_writes_vanban_bat_once(tmp_path):
    (tmp_path / "data" / "2024").mkdir(parents=True)
    result = run_vanban("install-shortcut", tmp_path)
    assert result.exit_code == 0
    target = tmp_path / LAUNCHER_NAME
    assert target.read_bytes() == windows_launcher(sys.executable)
    assert result.stdout == f"mới: {target} — nhấp đúp tệp này để tạo văn bản của một năm.\n"
    target.write_bytes(b"@echo off\r\necho sua tay\r\n")
    again = run_vanban("install-shortcut", tmp_path)
    assert again.exit_code == 1 and target.read_bytes() == b"@echo off\r\necho sua tay\r\n"
    assert run_vanban("install-shortcut", tmp_path, "--force").exit_code == 0
    assert target.read_bytes() == windows_launcher(sys.executable)


def test_install_shortcut_into_a_missing_folder(tmp_path):
    result = run_vanban("install-shortcut", tmp_path / "khong_co")
    assert result.exit_code == 1
    assert result.stderr == f"Lỗi: không tìm thấy thư mục {tmp_path / 'khong_co'}\n"


def test_an_earlier_output_is_replaced_only_when_the_clerk_types_c():
    lines = windows_launcher(PureWindowsPath(r"C:\Python312\python.exe")).decode("utf-8").split("\r\n")
    build = [line for line in lines if " -m pipeline build " in line]
    assert len(build) == 2 and not build[0].endswith("--force") and build[1].endswith(" --force")
    ask = lines.index(next(line for line in lines if line.startswith('set /p "GHI_DE=')))
    assert lines[ask + 1] == 'if /i not "%GHI_DE%"=="C" goto that_bai' and lines[ask + 2] == build[1]
    assert lines.index(build[0]) < lines.index(":loi") < ask
