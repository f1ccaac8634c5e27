"""Doctests read the checkout's build: make sure it is there and up to date first, as the
commands do (the store itself never builds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

from kg.build import ensure_built
from kg.paths import project_paths

_checked: list[bool] = []


@pytest.fixture(autouse=True)
def _checkout_built(request: pytest.FixtureRequest) -> None:
    if isinstance(request.node, DoctestItem) and not _checked:
        ensure_built(project_paths(Path(__file__).resolve().parent))
        _checked.append(True)
