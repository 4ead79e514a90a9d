"""itb.__version__ is the crate's version, which is the workspace's: one source everywhere; the
installed distribution is the one bindings-py/pyproject.toml describes; under scripts/test-python
the package tested is the installed wheel, not the source tree."""

from __future__ import annotations

import importlib.metadata
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import itb
from itb import _native

ROOT = Path(__file__).resolve().parents[2]
DISTRIBUTION = "itb-baclofen"  # the name on PyPI; the import name is itb


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
    assert importlib.metadata.version(DISTRIBUTION) == itb.__version__


def pyproject() -> dict[str, Any]:
    with open(ROOT / "bindings-py" / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    assert isinstance(project, dict)
    return project


def test_the_installed_metadata_is_the_pyproject() -> None:
    project = pyproject()
    metadata = importlib.metadata.metadata(DISTRIBUTION)
    assert project["name"] == DISTRIBUTION == metadata["Name"]
    assert metadata["Requires-Python"] == project["requires-python"]
    # the dependencies, then each extra's, marked with its extra
    extras = [
        f"{requirement} ; extra == '{extra}'"
        for extra, requirements in project["optional-dependencies"].items()
        for requirement in requirements
    ]
    # (the build writes the extras in alphabetical order)
    requires = importlib.metadata.requires(DISTRIBUTION) or []
    assert requires[: len(project["dependencies"])] == project["dependencies"]
    assert sorted(requires[len(project["dependencies"]) :]) == sorted(extras)
    assert sorted(metadata.get_all("Provides-Extra") or []) == sorted(project["optional-dependencies"])
    assert metadata["License-Expression"] == project["license"]
    assert sorted(metadata.get_all("License-File") or []) == sorted(["LICENSE-APACHE", "LICENSE-MIT"])
    # the classifiers name the Python the suite runs on
    minor = f"Programming Language :: Python :: {sys.version_info.major}.{sys.version_info.minor}"
    assert minor in (metadata.get_all("Classifier") or [])


@pytest.mark.skipif(os.environ.get("ITB_TEST_INSTALLED") != "1", reason="scripts/test-python sets ITB_TEST_INSTALLED=1")
def test_the_package_tested_is_the_installed_wheel() -> None:
    package = Path(itb.__file__).resolve().parent
    assert package.parent.name == "site-packages", package
    assert Path(_native.__file__).resolve().parent == package
    assert not package.is_relative_to(ROOT / "bindings-py"), package
    files = importlib.metadata.files(DISTRIBUTION) or []
    assert any(str(f) == "itb/py.typed" for f in files)
    assert any(str(f) == "itb/_native.pyi" for f in files)


@pytest.mark.skipif("ITB_OLDEST_NUMPY" not in os.environ, reason="scripts/test-python's oldest-numpy run sets it")
def test_the_oldest_numpy_declared_is_the_one_installed() -> None:
    # scripts/test-python runs the suite again against numpy == the declared lower bound
    declared = [d for d in pyproject()["dependencies"] if d.startswith("numpy")]
    assert declared == [f"numpy>={os.environ['ITB_OLDEST_NUMPY']}"]
    assert np.__version__ == os.environ["ITB_OLDEST_NUMPY"]
