"""itb.__version__ is the crate's version, which is the workspace's: one source everywhere."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import itb
from itb import _native

ROOT = Path(__file__).resolve().parents[2]


def workspace_version() -> str:
    # bindings-py takes its version from the workspace; read both files rather than trust it.
    crate = (ROOT / "bindings-py" / "Cargo.toml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^version\.workspace\s*=\s*true\s*$", crate)
    workspace = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    section = workspace.split("[workspace.package]", 1)[1].split("\n[", 1)[0]
    found = re.search(r'(?m)^version\s*=\s*"([^"]+)"', section)
    assert found
    return found.group(1)


def test_version_is_the_workspace_version() -> None:
    version = workspace_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert itb.__version__ == version
    assert _native.__version__ == version


def test_installed_distribution_has_the_same_version() -> None:
    assert importlib.metadata.version("itb") == itb.__version__
