"""A year folder whose reminder letter goes to many units, one letter each (benchmarks only).

``make_year(folder, count)`` copies the committed ``data/`` (:func:`bundled.copy_data`) into ``folder``,
adds ``count`` communes of the national list (``vietnam-provinces``, as used by
:mod:`pipeline.data.divisions`) to the registry in a reporting group the plan addresses,
and returns the reminder letter's data folder (``Gửi từng đơn vị`` = ``x``): none of the
new units has reported, so the build makes one letter per commune (plus the bundled ones).
"""

from __future__ import annotations

import csv
from pathlib import Path

from vietnam_provinces import Province, Ward

from bundled import copy_data

ROOT = Path(__file__).resolve().parent.parent
GROUP = "xa_ca_nuoc"


def make_year(folder: Path, count: int) -> Path:
    """Write the data into ``folder`` (made if missing) and return ``folder/data/2024/don_doc``."""
    data = copy_data(folder)
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
