"""The check process imports vanban's own ``pipeline`` package, not one found in the folder the
clerk runs vanban from (found by breaker8, issue 15).

``python -c`` puts the working directory ('') first on ``sys.path``. When vanban is installed
without ``-e`` (``pip install .``), its package's folder (site-packages) is already on the child's
path, so ``_child_code`` adds nothing and a ``pipeline`` folder in the working directory (an older
or newer checkout of vanban, e.g. the very folder that holds ``data/``) wins: the letters the
child checks get that code's findings, not those of the code that made them.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pipeline
from pipeline.check import worker

ROOT = Path(pipeline.__file__).resolve().parent.parent


def test_the_child_ignores_a_pipeline_package_in_the_working_directory(tmp_path):
    check = tmp_path / "pipeline" / "check"
    check.mkdir(parents=True)
    (tmp_path / "pipeline" / "__init__.py").write_text("", encoding="utf-8")
    (check / "__init__.py").write_text("", encoding="utf-8")
    (check / "worker.py").write_text("import sys\n\ndef serve():\n    sys.stdout.buffer.write(b'FOREIGN')\n",
                                     encoding="utf-8")
    # as after ``pip install .``: the folder holding vanban's package is on the path before the child starts
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", worker._child_code()], input=b"", capture_output=True,
                          cwd=tmp_path, env=env, timeout=60)
    assert done.stdout != b"FOREIGN", "the check process ran the pipeline package of the working directory"
    assert pickle.loads(done.stdout) == (-1, None)  # vanban's own serve(): ready, then the input's end


def test_a_child_that_finds_another_copy_of_the_package_first_ends_without_answering(tmp_path):
    foreign = tmp_path / "khac" / "pipeline"
    foreign.mkdir(parents=True)
    (foreign / "__init__.py").write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(foreign.parent), str(ROOT)])}  # another copy first
    done = subprocess.run([sys.executable, "-c", worker._child_code()], input=b"", capture_output=True,
                          cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 0 and done.stdout == b""  # no answer at all: the main process checks every letter
