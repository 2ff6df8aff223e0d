"""Kill test (issue 10): `vanban build` killed at random points must leave the output
folder consistent, and the next run must clean up and succeed.

Run by hand (about 15 s per kill with LibreOffice):
    python benchmarks/kill_test.py [--kills 50] [--seed 1]

Works on a copy of data/2024 in a temporary folder, with its own TMPDIR (so the
LibreOffice scratch folders and processes it counts are only this test's). Each
round changes the signer in every document (so every .docx and PDF changes), starts
`vanban build --force` (with --pdf in most rounds), and sends SIGKILL or SIGINT
either at a random time or 0-30 ms after the first temporary file appears in the output
folder (inside the write phase; --in-write sets the share, 0.4 by default). Right after the kill it checks that every PDF in
the output folder is listed in danh_muc_tep.json with its own SHA-256 and, as its
source, the SHA-256 of the .docx beside it; then it runs the build again without
killing it and checks: exit code 0, no temporary file, no lock file, no scratch
folder, no LibreOffice process of ours, every document consistent with its PDF,
and the plan's PDF showing the current signer. POSIX only (signals).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil

from bundled import copy_data

ROOT = Path(__file__).resolve().parents[1]
SIGNERS = ("Trần Duy Bình", "Nguyễn Văn An")
PLAN_PDF = "ke-hoach_du-thao_kh-skhcn_2024.pdf"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def temporaries(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob(".vanban-*.tmp"))


def ours(root: Path) -> list[psutil.Process]:
    """Processes (LibreOffice, vanban) whose command line names the test folder."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if str(root) in " ".join(process.info["cmdline"] or ()) and process.pid != os.getpid():
            found.append(process)
    return found


def inconsistencies(out: Path) -> list[str]:
    """Every PDF must be recorded with its own hash and its .docx's hash as source."""
    problems = []
    pdfs = sorted(out.glob("*.pdf"))
    if not pdfs:
        return problems
    try:
        rows = {row["Tệp"]: row for row in json.loads((out / "danh_muc_tep.json").read_text(encoding="utf-8"))}
    except (OSError, ValueError) as exc:
        return [f"manifest unreadable: {exc}"]
    for pdf in pdfs:
        docx = pdf.with_suffix(".docx")
        row = rows.get(pdf.name)
        if not docx.is_file():
            problems.append(f"{pdf.name}: no .docx")
        elif row is None:
            problems.append(f"{pdf.name}: not in the manifest")
        elif row["SHA-256"] != sha(pdf):
            problems.append(f"{pdf.name}: hash differs from the manifest")
        elif row["SHA-256 của .docx nguồn"] != sha(docx):
            problems.append(f"{pdf.name}: made from another .docx")
    return problems


def set_signer(data: Path, signer: str) -> None:
    for table in [*data.glob("*/thong_tin_chung.csv"), data.parent / "co_quan.csv"]:  # the profile signs too
        text = table.read_text(encoding="utf-8-sig")
        for name in SIGNERS:
            text = text.replace(name, signer)
        table.write_text(text, encoding="utf-8-sig")


def build(root: Path, env: dict, pdf: bool) -> subprocess.Popen:
    command = [sys.executable, "-m", "pipeline", "build", str(root / "data" / "2024"), "-o", str(root / "out"),
               "--force", "-q"] + (["--pdf"] if pdf else [])
    return subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def phase_now(root: Path, out: Path) -> str:
    if temporaries(out):
        return "ghi tệp"
    if any("soffice" in " ".join(p.info["cmdline"] or ()) for p in ours(root)):
        return "chuyển PDF"
    return "đọc, soạn, kiểm tra"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-write", type=float, default=0.4,
                        help="share of the kills aimed at the write phase (after the first temporary file)")
    args = parser.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job ignores SIGINT: not its builds
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="vanban-kill-test-"))
    copy_data(root)
    (root / "tmp").mkdir()
    out = root / "out"
    env = dict(os.environ, TMPDIR=str(root / "tmp"), PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    first = build(root, env, pdf=True)
    first.communicate()
    full = time.perf_counter() - start
    assert first.returncode == 0, "the first build failed"
    figures: Counter = Counter()
    failures: list[str] = []
    signer = 0
    while figures["kills"] < args.kills:
        signer = 1 - signer
        set_signer(root / "data" / "2024", SIGNERS[signer])
        pdf = rng.random() < 0.75
        sig = rng.choice((signal.SIGKILL, signal.SIGINT))
        in_write = rng.random() < args.in_write
        process = build(root, env, pdf)
        began = time.perf_counter()
        if in_write:
            while not temporaries(out) and process.poll() is None and time.perf_counter() - began < 60:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.03))
        else:
            time.sleep(rng.uniform(0, full if pdf else full / 3))
        if process.poll() is not None:
            figures["finished before the kill"] += 1
            process.communicate()
            continue
        phase = phase_now(root, out)
        process.send_signal(sig)
        try:
            _, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            failures.append(f"round {figures['kills']}: still running 60 s after {sig.name}")
            process.kill()
            process.communicate()
            continue
        figures["kills"] += 1
        figures[f"{sig.name} during {phase}"] += 1
        if sig == signal.SIGINT and process.returncode not in (130, -signal.SIGINT):  # -2: during start-up
            failures.append(f"{sig.name} during {phase}: exit code {process.returncode}: {err[-500:]}")
        for problem in inconsistencies(out):
            failures.append(f"after {sig.name} during {phase}: {problem}")
        left = (temporaries(out), ours(root), list((root / "tmp").iterdir()))
        if any(left):
            figures["left after the kill, cleaned by the next run"] += 1
            if sig == signal.SIGINT:
                failures.append(f"after SIGINT during {phase}: left {left}")
        after = build(root, env, pdf=True)
        _, err = after.communicate()
        if after.returncode != 0:
            failures.append(f"next run after {sig.name} during {phase}: exit code {after.returncode}: {err[-800:]}")
        if any(left) and "Cảnh báo: đã xóa" not in err and "Cảnh báo: lần chạy trước" not in err:
            failures.append(f"next run after {sig.name} during {phase} did not say what it cleaned: {err[-500:]}")
        still = (temporaries(out), ours(root), list((root / "tmp").iterdir()), (out / ".vanban.lock").exists())
        if any(still):
            failures.append(f"after the next run: left {still}")
        for problem in inconsistencies(out):
            failures.append(f"after the next run: {problem}")
        text = subprocess.run(["pdftotext", str(out / PLAN_PDF), "-"], capture_output=True, text=True).stdout
        if SIGNERS[signer] not in text:
            failures.append(f"after the next run: the plan's PDF does not show {SIGNERS[signer]}")
        print(f"kill {figures['kills']}: {sig.name} during {phase}, {'--pdf' if pdf else 'no --pdf'}; "
              f"left {len(left[0])} temporary files, {len(left[1])} processes, {len(left[2])} scratch folders; "
              f"failures so far: {len(failures)}", flush=True)
    shutil.rmtree(root, ignore_errors=True)
    print(f"full build with --pdf: {full:.1f} s")
    for key, value in sorted(figures.items()):
        print(f"{key}: {value}")
    print(f"failures: {len(failures)}")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
