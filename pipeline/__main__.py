"""``python -m pipeline`` (an alias of ``vanban``) and the ``vanban`` console script.

:func:`run` imports the commands itself, so that Ctrl+C while Python is still starting
prints the clerk's message (exit code 130) instead of a traceback.
"""

import gc
import sys

GC_THRESHOLD = (100_000, 10, 10)
"""Objects allocated between two collections of the youngest generation (Python's default: 700).
A run keeps most of what it allocates to its end (modules, the tables read, the templates parsed):
with the default, ``vanban build data/2024`` collected 400 times over them, 0.2 s of its 1.8 s of CPU;
a larger first threshold, as mypy sets, makes it one or two (benchmarks/bench_registry.py)."""


def run() -> None:
    """Start the ``vanban`` command; Ctrl+C during start-up exits with code 130, no traceback.

    Once the command is over (it has written and closed every file), every object is frozen
    (``gc.freeze``): the full collection Python makes as it exits would walk all of them only for the
    system to free the process's memory (0.15 s after ``vanban build data/2024``)."""
    gc.set_threshold(*GC_THRESHOLD)
    try:
        from pipeline.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Lỗi: đã dừng theo yêu cầu (Ctrl+C) trước khi lệnh bắt đầu; chưa tệp nào bị thay đổi\n")
        sys.exit(130)
    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
