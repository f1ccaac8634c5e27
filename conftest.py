"""The test session works on its own copy of the project data, whatever state the user's
checkout is in (imports present, views written, a stale or missing build/).

Before anything is collected, ``ontology/`` and ``seeds/`` are copied into a scratch folder
and ``KG_HOME`` points at it, so doctests, CLI tests (``--root`` defaults to ``KG_HOME``),
the notebooks (their kernels inherit the environment) and every ``kg.load()`` read and write
there, never the checkout's ``build/`` or ``imports/``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

CHECKOUT = Path(__file__).resolve().parent
PROJECT_DATA = ("ontology", "seeds")
_session: dict[str, Path] = {}
_checked: list[bool] = []


def pytest_configure(config: pytest.Config) -> None:
    if "project" in _session:
        return
    root = Path(tempfile.mkdtemp(prefix="kg-test-project-"))
    for name in PROJECT_DATA:
        shutil.copytree(CHECKOUT / name, root / name)
    _session["project"] = root
    _session["previous"] = Path(os.environ["KG_HOME"]) if "KG_HOME" in os.environ else Path()
    os.environ["KG_HOME"] = str(root)


def pytest_unconfigure(config: pytest.Config) -> None:
    root = _session.pop("project", None)
    previous = _session.pop("previous", Path())
    if previous != Path():
        os.environ["KG_HOME"] = str(previous)
    else:
        os.environ.pop("KG_HOME", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


def session_project() -> Path:
    """The scratch project this test session works on."""
    return _session["project"]


@pytest.fixture(autouse=True)
def _session_project_built(request: pytest.FixtureRequest) -> None:
    # doctests read the session project's build, as the commands do (the store never builds)
    if isinstance(request.node, DoctestItem) and not _checked:
        from kg.build import ensure_built
        from kg.paths import project_paths

        ensure_built(project_paths(session_project()))
        _checked.append(True)
