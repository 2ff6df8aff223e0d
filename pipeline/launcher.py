"""The Windows launcher: ``vanban.bat``, a file the clerk double-clicks to build a year.

It asks which data folder to build (Enter: the newest ``data\\<năm>`` next to it), runs
``python -m pipeline build`` with the Python that made it, opens the output folder in
Explorer, and keeps its window open (``pause``) so that errors and warnings can be read.
Written by ``vanban install-shortcut [THƯ_MỤC]`` (cli.py).
"""

from __future__ import annotations

from pathlib import PurePath

LAUNCHER_NAME = "vanban.bat"

_SCRIPT = """@echo off
chcp 65001 >nul
rem Tạo văn bản của một năm: nhấp đúp tệp này (vanban install-shortcut tạo ra).
set "PYTHONUTF8=1"
cd /d "%~dp0"
set "NAM="
for /f "delims=" %%D in ('dir /b /ad /o-n "data\\????" 2^>nul') do if not defined NAM set "NAM=%%D"
if not defined NAM goto khong_co_nam
echo Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP
echo.
set "THU_MUC=data\\%NAM%"
set /p "THU_MUC=Thư mục dữ liệu cần tạo văn bản [Enter: data\\%NAM%]: "
for %%I in ("%THU_MUC%") do set "TEN=%%~nxI"
"{python}" -m pipeline build "%THU_MUC%" -o "output\\%TEN%"
if errorlevel 1 goto loi
start "" explorer "output\\%TEN%"
echo.
echo Xong: các văn bản ở thư mục %CD%\\output\\%TEN%
pause
exit /b 0
:loi
echo.
set "GHI_DE="
set /p "GHI_DE=Nếu lỗi trên là tệp kết quả đã có và khác (không ghi đè): gõ C rồi Enter để tạo lại và ghi đè; chỉ Enter để thoát: "
if /i not "%GHI_DE%"=="C" goto that_bai
"{python}" -m pipeline build "%THU_MUC%" -o "output\\%TEN%" --force
if errorlevel 1 goto that_bai
start "" explorer "output\\%TEN%"
echo.
echo Xong: các văn bản ở thư mục %CD%\\output\\%TEN%
pause
exit /b 0
:that_bai
echo.
echo Chưa tạo văn bản nào: đọc thông báo lỗi ở trên, sửa dữ liệu rồi nhấp đúp lại tệp này.
pause
exit /b 1
:khong_co_nam
echo Không thấy thư mục dữ liệu năm nào (ví dụ data\\2024) trong %CD%\\data
pause
exit /b 1
"""


def windows_launcher(python: PurePath | str) -> bytes:
    """The bytes of ``vanban.bat``: UTF-8 without BOM (``chcp 65001`` makes cmd read the rest of
    the file as UTF-8, so the Vietnamese messages show right), Windows line ends (CRLF).

    Args:
        python: the Python interpreter to run (``sys.executable`` of ``vanban install-shortcut``),
            a Windows path; ``%`` in it is doubled, as a batch file needs.
    """
    command = str(python).replace("%", "%%")
    return _SCRIPT.replace("{python}", command).replace("\n", "\r\n").encode("utf-8")
