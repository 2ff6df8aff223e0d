"""Office files (.docx, .xlsx) as packages: a zip of XML parts, checked whole.

Every workbook and template the tool reads, and every .docx and .xlsx it makes, is
checked here first, so that damage is reported in Vietnamese with the part that is
damaged instead of surfacing as a parser's traceback, and so that no file with two
entries of one name (Word may call it damaged, and which one it shows is undefined)
or a broken XML part is ever written (ECMA-376 Part 2, §9.3: part names are unique).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from xml.parsers import expat

MAX_UNPACKED_BYTES = 500 * 1024 * 1024
"""Total size of the parts once unpacked (a real template or workbook is a few MB)."""

_XML_SUFFIXES = (".xml", ".rels", ".vml")


class PackageProblem(Exception):
    """A damaged package; ``str()`` says what, in Vietnamese, naming the part."""


def check_package(source: Path | bytes) -> None:
    """Check that ``source`` is a whole, well-formed Office package.

    Checked: a readable zip (not cut short), no two entries of one name, an unpacked
    size below :data:`MAX_UNPACKED_BYTES`, every entry's checksum, and every XML part
    (``.xml``, ``.rels``, ``.vml``) well-formed (expat, which fetches no external entity).

    Args:
        source: the file, or its bytes.

    Raises:
        PackageProblem: the first problem found (message in Vietnamese, naming the part).
        OSError: the file cannot be opened.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            seen: set[str] = set()
            for entry in entries:
                if entry.filename in seen:
                    raise PackageProblem(f"tệp có hai phần cùng tên «{entry.filename}» bên trong (thường do một "
                                         "chương trình lưu tệp sai; Word, Excel có thể báo tệp hỏng)")
                seen.add(entry.filename)
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise PackageProblem(f"tệp khi giải nén lớn hơn {MAX_UNPACKED_BYTES // 2**20} MB, không phải một "
                                     "văn bản hay bảng tính bình thường")
            for entry in entries:
                data = _read(archive, entry)
                check_member(entry.filename, data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise PackageProblem("tệp có thể đã đặt mật khẩu, bị hỏng, không trọn vẹn, hoặc là tệp khác đổi đuôi "
                             f"({exc})") from None


def check_member(name: str, data: bytes) -> None:
    """Refuse an XML part (``.xml``, ``.rels``, ``.vml``) that is not well-formed (expat: no tree
    is built, no entity is fetched); other parts pass.

    Raises:
        PackageProblem: naming the part, line and column.
    """
    if not name.lower().endswith(_XML_SUFFIXES):
        return
    try:
        expat.ParserCreate().Parse(data, True)
    except expat.ExpatError as exc:
        raise PackageProblem(f"phần «{name}» trong tệp không phải XML hợp lệ (dòng {exc.lineno}, cột "
                             f"{exc.offset + 1}: {expat.errors.messages[exc.code]})") from None


def _read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(entry)
    except zipfile.BadZipFile as exc:  # wrong checksum, bad local header
        raise PackageProblem(f"phần «{entry.filename}» trong tệp bị hỏng ({exc})") from None
    except (EOFError, OSError, RuntimeError, ValueError, NotImplementedError) as exc:  # cut short, encrypted, zlib
        raise PackageProblem(f"phần «{entry.filename}» trong tệp không đọc được ({exc})") from None


def repeatable_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite an Office file's zip with every entry dated ``stamp`` (python-docx and
    openpyxl use the clock), then check the result (:func:`check_package`).

    Raises:
        PackageProblem: the package has two entries of one name or a part that is not
            well-formed XML: nothing must be written.
    """
    date_time = zip_date(stamp)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in target.NameToInfo:
                raise PackageProblem(f"tệp có hai phần cùng tên «{info.filename}» bên trong")
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    result = out.getvalue()
    check_package(result)
    return result


def zip_date(stamp: datetime) -> tuple[int, int, int, int, int, int]:
    """The zip entry date of a package stamped ``stamp``: that day at midnight (zip dates start in 1980)."""
    return (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
