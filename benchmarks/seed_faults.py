"""Measure: how many single faults seeded into correct documents does the ND30 checker catch?

Run by hand:  python benchmarks/seed_faults.py

Builds the bundled 2024 documents (from a copy of data/2024 whose archive line is
``VT, VP``, so that they give no finding) and the hand-typed test letters (tabs and
table layouts, tests/fixtures/check/make_faults.py), then makes one faulty copy per
seeded fault (the fault sets of make_faults: PLAN_FAULTS, LETTER_FAULTS, HAND_FAULTS,
LINE_FAULTS, and TEXT_FAULTS below) and checks it. A fault is caught when the checker reports a finding with
the expected rule (its code, or its old short id) and severity. Prints each miss, the
catch rate, and the catch rate without the short-line rules (``--ignore duong-ke``),
i.e. the checker as it was before ND30-211/212/410.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "check"))

import make_faults  # noqa: E402
from bundled import copy_data  # noqa: E402

from pipeline.check import check_document  # noqa: E402

PLAN = "ke-hoach_du-thao_kh-skhcn_2024.docx"
LETTER = "cong-van_du-thao_skhcn-vp_2024_so-gtvt.docx"

#: more single faults, each one text replacement: name -> (file, old text, new text, expected (code, severity))
TEXT_FAULTS = {
    "quoc-hieu-sai-chu": (PLAN, "CHỦ NGHĨA", "CHỦ NGHIÃ", ("ND30-202", "lỗi")),
    "tieu-ngu-khong-cach": (PLAN, "Độc lập - Tự do - Hạnh phúc", "Độc lập-Tự do-Hạnh phúc", ("ND30-205", "lỗi")),
    "so-viet-hoa": (PLAN, "Số:      /KH-SKHCN", "SỐ:      /KH-SKHCN", ("ND30-303", "lỗi")),
    "so-cach-gach-cheo": (PLAN, "Số:      /KH-SKHCN", "Số: 05 / KH-SKHCN", ("ND30-304", "lỗi")),
    "ky-hieu-co-cach": (PLAN, "/KH-SKHCN", "/KH - SKHCN", ("ND30-307", "lỗi")),
    "ky-hieu-chu-thuong": (PLAN, "/KH-SKHCN", "/Kh-SKHCN", ("ND30-308", "lỗi")),
    "ky-hieu-co-nam": (PLAN, "/KH-SKHCN", "/2024/KH-SKHCN", ("ND30-309", "cảnh báo")),
    "ngay-thieu-phay": (PLAN, "Thanh Hóa, ngày", "Thanh Hóa ngày", ("ND30-325", "lỗi")),
    "ngay-kieu-so": (PLAN, "Thanh Hóa, ngày      tháng      năm 2024", "Thanh Hóa, 05/02/2024", ("ND30-320", "lỗi")),
    "dong-cong-van": (PLAN, "KẾ HOẠCH", "CÔNG VĂN", ("ND30-402", "lỗi")),
    "noi-nhan-in-hoa": (LETTER, "Nơi nhận:", "NƠI NHẬN:", ("ND30-702", "lỗi")),
    "luu-khong-vt": (LETTER, "- Lưu: VT, VP.", "- Lưu: VP.", ("ND30-709", "cảnh báo")),
    "phu-trach": (LETTER, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC PHỤ TRÁCH", ("ND30-803", "lỗi")),
    "hoc-ham": (LETTER, "Trần Duy Bình", "TS. Trần Duy Bình", ("ND30-809", "cảnh báo")),
    "vv-thuong": (LETTER, "V/v đôn đốc", "v/v đôn đốc", ("ND30-408", "lỗi")),
    "ngay-trong-van-ban": (LETTER, "trước ngày 07/6/2024", "trước ngày 7 tháng 06 năm 2024", ("ND30-327", "cảnh báo")),
}


def _build(work: Path) -> Path:
    data = copy_data(work)
    for document in ("ke_hoach", "bao_cao", "don_doc"):
        path = data / "2024" / document / "thong_tin_chung.csv"
        with open(path, encoding="utf-8-sig", newline="") as stream:
            rows = [dict(row, **({"Giá trị": "VT, VP"} if row["Mục"] == "Lưu" else {}))
                    for row in csv.DictReader(stream)]
        with open(path, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=["Mục", "Giá trị"])
            writer.writeheader()
            writer.writerows(rows)
    out = work / "out"
    subprocess.run([sys.executable, "-m", "pipeline", "build", str(data / "2024"), "--output", str(out), "--quiet"],
                   check=True, cwd=ROOT)
    return out


def _seeded(work: Path) -> list[tuple[str, Path, tuple[str, str]]]:
    """(name, faulty file, expected (rule, severity)) for every seeded fault."""
    out = _build(work)
    cases = []
    sources = [(out / PLAN, make_faults.PLAN_FAULTS), (out / LETTER, make_faults.LETTER_FAULTS),
               (out / PLAN, make_faults.LINE_FAULTS)]
    for name, (file, old, new, expected) in TEXT_FAULTS.items():
        def edit(parts, old=old, new=new):
            make_faults.replace_text(parts["word/document.xml"], old, new)
        sources.append((out / file, {name: (edit, expected)}))
    for layout in ("tabs", "table"):
        sources.append((make_faults.hand_typed(work / f"tay_{layout}.docx", layout), make_faults.HAND_FAULTS))
    done: set[tuple[Path, str]] = set()
    for source, faults in sources:
        if check_document(source):
            raise SystemExit(f"{source.name} is not correct: {check_document(source)}")
        for name, (edit, expected) in faults.items():
            if (source, name) in done:
                continue
            done.add((source, name))
            target = work / "loi" / f"{source.stem}_{name}.docx"
            cases.append((f"{source.stem[:24]} / {name}", make_faults.rewrite(source, target, edit), expected))
    return cases


def _caught(path: Path, expected: tuple[str, str], ignore: tuple[str, ...] = ()) -> bool:
    rule, severity = expected
    return any(rule in (f.code, f.rule) and f.severity == severity for f in check_document(path, ignore=ignore))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="vanban-seed-") as scratch:
        cases = _seeded(Path(scratch))
        for label, ignore in (("bộ quy tắc hiện nay", ()), ("không có quy tắc đường kẻ", ("duong-ke",))):
            missed = [name for name, path, expected in cases if not _caught(path, expected, ignore)]
            caught = len(cases) - len(missed)
            print(f"{label}: bắt được {caught}/{len(cases)} lỗi gieo ({100 * caught / len(cases):.1f} %), "
                  f"{len({expected for _, _, expected in cases})} quy tắc khác nhau")
            for name in missed:
                print(f"  bỏ sót: {name}")


if __name__ == "__main__":
    main()
