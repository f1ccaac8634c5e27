"""Shared fixtures: the session's copy of the project (see the root conftest.py), built once,
and a fresh scratch copy for tests that must change seeds or write output."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.build import BuildResult, build
from kg.paths import ProjectPaths, project_paths

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_paths() -> ProjectPaths:
    """The session's copy of the project (never the checkout's build/ or imports/)."""
    return project_paths(os.environ["KG_HOME"])


@pytest.fixture(scope="session")
def built(repo_paths: ProjectPaths) -> BuildResult:
    """The seed graph, built and validated once (and written to the session copy's build/)."""
    return build(repo_paths)


@pytest.fixture
def project_copy(tmp_path: Path) -> ProjectPaths:
    """A scratch project holding copies of ontology/ and seeds/."""
    for name in ("ontology", "seeds"):
        shutil.copytree(REPO / name, tmp_path / name)
    return project_paths(tmp_path)
