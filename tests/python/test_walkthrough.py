"""The pandas walk-through of bindings-py/README.md runs as shown: the script in examples/python
prints exactly the output the README shows, and draws its picture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "python" / "refill_visits.py"
README = ROOT / "bindings-py" / "README.md"


def _block_after(text: str, marker: str) -> str:
    """The fenced block that follows ``marker`` in ``text``."""
    start = text.index("```", text.index(marker))
    start = text.index("\n", start) + 1
    return text[start : text.index("```", start)]


def test_the_readme_shows_the_script_and_what_it_prints(tmp_path: Path) -> None:
    picture = tmp_path / "dose-history.png"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(picture)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    readme = README.read_text(encoding="utf-8")
    script = SCRIPT.read_text(encoding="utf-8")
    assert _block_after(readme, "A walk-through on the sample dataset") == script[script.index("import itb.datasets") :]
    assert _block_after(readme, "It prints:") == done.stdout
    # A picture with something in it (an empty figure is a few kB).
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size > 20_000


def test_the_readme_picture_is_in_the_repository() -> None:
    assert (ROOT / "bindings-py" / "docs" / "dose-history.png").stat().st_size > 20_000
