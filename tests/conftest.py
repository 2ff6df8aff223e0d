"""Shared fixtures: the bundled 2024 data, a writable copy of it, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA_2024 = ROOT / "data" / "2024"
PLAN_2024 = DATA_2024 / "ke_hoach"
TEMPLATES = ROOT / "templates_docx"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A writable copy of the 2024 plan data: ``<tmp>/data/2024/ke_hoach``."""
    target = tmp_path / "data" / "2024" / "ke_hoach"
    shutil.copytree(PLAN_2024, target)
    return target


def run_vanban(*args: str):
    """Run the ``vanban`` CLI in-process; returns click's Result (exit_code, output, stderr)."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
