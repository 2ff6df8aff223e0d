"""The bundled ``data/`` as the benchmarks edit it (benchmarks only).

:func:`copy_data` extracts ``data/`` as committed (``git archive HEAD``: not a clerk's edits
or a ``data/2025`` lying in the checkout) and turns each document kept as a workbook
(``2024/ke_hoach.xlsx``) into its CSV folder with the reader of ``vanban convert``
(lossless, the same documents), so that a benchmark edits a table as a file.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from pipeline.document.workbook import workbook_to_folder

ROOT = Path(__file__).resolve().parent.parent


def copy_data(folder: Path) -> Path:
    """Write the committed ``data/`` into ``folder`` (made if missing), its document workbooks as
    CSV folders (returned files in ``responses/`` left as they are); returns ``folder/data``."""
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD", "data"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))  # 3.10.12+
    data = folder / "data"
    for book in sorted(data.rglob("*.xlsx")):
        if "responses" not in book.parts:
            target = book.with_suffix("")
            target.mkdir()
            for name, content in workbook_to_folder(book).items():
                (target / name).write_bytes(content)
            book.unlink()
    return data
