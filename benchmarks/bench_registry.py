"""Benchmark: start-up, the unit registry and the yearly build (issue 15, item 2).

Run by hand:  python benchmarks/bench_registry.py [--sizes 100,1000,10000]
Prints:
  1. ``vanban --help``: wall time (best of 5) against importing every stage up front (the naive way);
  2. ``load_registry`` of a registry of N units (every check run; CPU time), and the same-name check
     done the naive way (every unit against every other) on the same units, for the ratio;
  3. ``vanban build`` of the bundled data/2024 (docx only): CPU time of the process (best of 3);
  4. the same build with N synthetic units added to the registry (a group no document addresses,
     every tenth unit renamed once, so the history checks have work): time per size and
     time per 1,000 units over the bundled build (linear growth keeps it flat).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.data.registry import load_registry  # noqa: E402
from pipeline.data.tables import fold_key  # noqa: E402

UNIT_HEADER = ["Mã", "Tên đầy đủ", "Tên viết tắt", "Khối", "Địa chỉ", "Email", "Hiệu lực từ", "Hiệu lực đến",
               "Kế thừa bởi", "Hình thức", "Văn bản quyết định"]
GROUP_ROW = {"Mã khối": "khoi_thu", "Tên khối": "Khối thử", "Ghi trong nơi nhận": "Các đơn vị thử", "Thứ tự": "9",
             "Thành viên": "đầy đủ"}


def cpu_of(args: list[str], cwd: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of ``args`` (POSIX: the child's user+system time;
    elsewhere the wall time stands for both)."""
    start = time.perf_counter()
    try:
        import resource
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, cwd=cwd, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    except ImportError:
        subprocess.run(args, cwd=cwd, check=True, capture_output=True)
        cpu = time.perf_counter() - start
    return cpu, time.perf_counter() - start


def best(args: list[str], cwd: Path, runs: int = 5) -> float:
    """The best wall time of ``runs`` runs."""
    return min(cpu_of(args, cwd)[1] for _ in range(runs))


def add_units(data: Path, count: int) -> None:
    """Append ``count`` synthetic units (group ``khoi_thu``; every tenth renamed on 01/01/2025) to the
    registry in ``data``."""
    with (data / "khoi_don_vi.csv").open("a", encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader((data / "khoi_don_vi.csv").open(encoding="utf-8-sig")))
        csv.writer(handle).writerow([GROUP_ROW.get(column, "") for column in header])
    header = next(csv.reader((data / "don_vi.csv").open(encoding="utf-8-sig")))
    with (data / "don_vi.csv").open("a", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for number in range(count):
            row = {"Mã": f"T{number:05d}", "Tên đầy đủ": f"Đơn vị thử số {number}", "Khối": "khoi_thu"}
            if number % 10 == 0:
                row.update({"Hiệu lực đến": "31/12/2024", "Kế thừa bởi": f"T{number:05d}M", "Hình thức": "đổi tên",
                            "Văn bản quyết định": f"Quyết định số {number}/QĐ-UBND"})
                renamed = {"Mã": f"T{number:05d}M", "Tên đầy đủ": f"Đơn vị thử số {number} (tên mới)",
                           "Khối": "khoi_thu", "Hiệu lực từ": "01/01/2025"}
                writer.writerow([row.get(column, "") for column in header])
                writer.writerow([renamed.get(column, "") for column in header])
            else:
                writer.writerow([row.get(column, "") for column in header])


def naive_same_name(units: list) -> int:
    """The duplicate-name check done the naive way: every unit against every other."""
    clashes = 0
    for i, unit in enumerate(units):
        for other in units[i + 1:]:
            if fold_key(unit.full_name) == fold_key(other.full_name) and \
                    (unit.valid_to or date.max) >= (other.valid_from or date.min) and \
                    (other.valid_to or date.max) >= (unit.valid_from or date.min):
                clashes += 1
    return clashes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as scratch:
        work = Path(scratch)
        help_time = best([python, "-m", "pipeline", "--help"], work)
        eager = best([python, "-c", "import pipeline.cli, pipeline.build, pipeline.importer, pipeline.rollover, "
                                    "pipeline.data.divisions, pipeline.check.templates"], work)
        print(f"1. vanban --help: {help_time:.2f} s (best of 5); importing every stage up front: {eager:.2f} s "
              f"({eager / help_time:.1f} times slower) — target: under 0.3 s")

        for size in sizes:
            data = work / f"registry{size}"
            data.mkdir()
            for name in ("don_vi.csv", "khoi_don_vi.csv"):
                shutil.copy(ROOT / "data" / name, data / name)
            add_units(data, size)
            start = time.process_time()
            registry = load_registry(data)
            loaded = time.process_time() - start
            line = f"2. load_registry, {len(registry.unit_rows)} unit rows: {loaded:.3f} s CPU"
            if size <= 1000:
                start = time.process_time()
                naive_same_name(registry.unit_rows)
                naive = time.process_time() - start
                line += f"; naive same-name check alone {naive:.3f} s ({naive / loaded:.0f} times the whole load)"
            print(line + (" — target: under 1 s at 10,000 units" if size >= 10_000 else ""))

        bundled = work / "bundled"
        shutil.copytree(ROOT / "data", bundled / "data", ignore=shutil.ignore_patterns("examples"))
        cpu, wall = min(cpu_of([python, "-m", "pipeline", "build", "data/2024", "-o", f"out{run}", "-q"], bundled)
                        for run in range(3))
        print(f"3. vanban build data/2024 (docx only): CPU {cpu:.2f} s, wall {wall:.2f} s (best of 3) — target: "
              "under 1.5 s CPU")

        base = cpu
        for size in sizes:
            folder = work / f"build{size}"
            shutil.copytree(bundled / "data", folder / "data")
            add_units(folder / "data", size)
            cpu, wall = cpu_of([python, "-m", "pipeline", "build", "data/2024", "-o", "out", "-q"], folder)
            print(f"4. build with {size} more units: CPU {cpu:.2f} s (+{cpu - base:.2f} s, "
                  f"{(cpu - base) / size * 1000:.2f} s per 1,000 units)")


if __name__ == "__main__":
    main()
