"""``python -m pipeline`` (an alias of ``vanban``) and the ``vanban`` console script.

:func:`run` imports the commands itself, so that Ctrl+C while Python is still starting
prints the clerk's message (exit code 130) instead of a traceback.
"""

import sys


def run() -> None:
    """Start the ``vanban`` command; Ctrl+C during start-up exits with code 130, no traceback."""
    try:
        from pipeline.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Lỗi: đã dừng theo yêu cầu (Ctrl+C) trước khi lệnh bắt đầu; chưa tệp nào bị thay đổi\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
