"""A year folder whose reminder letter goes to many units, one letter each (benchmarks only).

``make_year(folder, count)`` copies the committed ``data/`` (``git archive``) into ``folder``,
adds ``count`` communes of the national list (``vietnam-provinces``, as used by
:mod:`pipeline.data.divisions`) to the registry in a reporting group the plan addresses,
and returns the reminder letter's data folder (``Gửi từng đơn vị`` = ``x``): none of the
new units has reported, so the build makes one letter per commune (plus the bundled ones).
"""

from __future__ import annotations

import csv
import io
import subprocess
import tarfile
from pathlib import Path

from vietnam_provinces import Province, Ward

ROOT = Path(__file__).resolve().parent.parent
GROUP = "xa_ca_nuoc"


def make_year(folder: Path, count: int) -> Path:
    """Write the data into ``folder`` (made if missing) and return ``folder/data/2024/don_doc``."""
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD", "data"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))  # 3.10.12+
    data = folder / "data"
    with (data / "khoi_don_vi.csv").open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerow([GROUP, "UBND các xã, phường, đặc khu cả nước", "UBND các xã, phường, đặc khu",
                                     3, "đầy đủ", "x", "", "", "", "", "", "", ""])
    wards = list(Ward.iter_all())[:count]
    if len(wards) < count:
        raise ValueError(f"the national list has {len(wards)} communes, fewer than {count}")
    with (data / "don_vi.csv").open("a", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        for ward in wards:
            province = Province.from_code(ward.province_code).name
            writer.writerow([f"X{ward.code:05d}", f"Ủy ban nhân dân {ward.name}, {province}",
                             f"UBND {ward.name}, {province}", GROUP, "", "", "", "", "", "", "", ""])
    with (data / "2024" / "ke_hoach" / "noi_nhan.csv").open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerow([GROUP, "", ""])
    return data / "2024" / "don_doc"
