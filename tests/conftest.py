"""Shared fixtures: the real seeds, built once per session, and a scratch copy
of the project for tests that must change seeds or write output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import BuildResult, build
from kg.paths import ProjectPaths, project_paths

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_paths() -> ProjectPaths:
    """The checkout's own paths."""
    return project_paths(REPO)


@pytest.fixture(scope="session")
def built(repo_paths: ProjectPaths) -> BuildResult:
    """The seed graph, built and validated once (and written to build/ so the store can load it)."""
    return build(repo_paths)


@pytest.fixture
def project_copy(tmp_path: Path) -> ProjectPaths:
    """A scratch project holding copies of ontology/ and seeds/."""
    for name in ("ontology", "seeds"):
        shutil.copytree(REPO / name, tmp_path / name)
    return project_paths(tmp_path)
