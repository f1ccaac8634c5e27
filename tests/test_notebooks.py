"""The analyst notebooks as documents: committed clean, importing the installed package, opening with what
they answer, ending with where to go next, and quoting only what the source texts say.

Running them is nbmake's job: pyproject's pytest options add ``--nbmake`` and ``notebooks`` to the test
paths, so ``pytest`` (and ``make test``) executes every notebook and a failing cell fails the suite.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kg.queries import list_queries

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
MIN_QUOTE = 20  # shorter quoted words ("absurd", “buffer”) are names and scare quotes, not evidence

_CODE_SPAN = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')


def _normalise(text: str) -> str:
    """Whitespace collapsed: a quote may wrap across lines of a markdown cell."""
    return " ".join(text.split())


TEXTS = [_normalise(p.read_text(encoding="utf-8")) for p in sorted((REPO / "seeds" / "texts").glob("*.txt"))]


def _cells(path: Path, kind: str) -> list[dict[str, Any]]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [cell for cell in notebook["cells"] if cell["cell_type"] == kind]


def _source(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def quoted_passages(markdown: str) -> list[str]:
    """Passages of at least MIN_QUOTE characters between straight or curly double quotes, outside code.

    >>> quoted_passages('He said "this is long enough to count" and `f("no, this is code at all")`.')
    ['this is long enough to count']
    """
    prose = _CODE_SPAN.sub(" ", markdown)
    passages = (_normalise(a or b) for a, b in _QUOTED.findall(prose))
    return [p for p in passages if len(p) >= MIN_QUOTE]


def occurs_in_texts(passage: str) -> bool:
    """True when the passage is a verbatim substring of a source text (up to whitespace)."""
    return any(passage in text for text in TEXTS)


notebooks = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])


def test_the_three_analyst_notebooks_are_there() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "dprk_russia_treaty.ipynb",
        "indirect_supply_chains.ipynb",
        "red_lines_and_timeline.ipynb",
    ]


@notebooks
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    code = _cells(path, "code")
    assert [c["outputs"] for c in code if c["outputs"]] == []
    assert [c["execution_count"] for c in code if c["execution_count"] is not None] == []


@notebooks
def test_notebook_runs_on_the_python3_kernel(path: Path) -> None:
    # "python3" is the interpreter running pytest (jupyter_client swaps in sys.executable), i.e. the venv's.
    assert json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"] == "python3"


@notebooks
def test_notebook_imports_the_installed_package_and_leaves_sys_path_alone(path: Path) -> None:
    code = "\n".join(_source(c) for c in _cells(path, "code"))
    assert "import kg" in code
    assert "sys.path" not in code
    assert "kg.load()" in code


@notebooks
def test_notebook_holds_no_absolute_paths(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"""["'`(](/(work|home|root|tmp|usr)/|[A-Za-z]:\\\\)""", text)


@notebooks
def test_notebook_opens_with_what_it_answers_and_how_to_run_it(path: Path) -> None:
    first = _source(_cells(path, "markdown")[0])
    assert first.startswith("# ")
    assert "**What this notebook answers.**" in first
    assert "**How to run it.**" in first and f"notebooks/{path.name}" in first


@notebooks
def test_notebook_ends_with_where_to_go_next(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    last = notebook["cells"][-1]
    assert last["cell_type"] == "markdown"
    assert _source(last).startswith("## Where to go next")


@notebooks
def test_named_queries_the_notebook_runs_exist(path: Path) -> None:
    code = "\n".join(_source(c) for c in _cells(path, "code"))
    used = set(re.findall(r"""\.query\(\s*["']([a-z0-9-]+)["']""", code))
    assert used
    assert used <= {q.name for q in list_queries()}


@notebooks
def test_every_quoted_passage_in_the_prose_is_in_a_source_text(path: Path) -> None:
    passages = [p for cell in _cells(path, "markdown") for p in quoted_passages(_source(cell))]
    assert len(passages) >= 5  # the conclusions are grounded in quotes
    assert [p for p in passages if not occurs_in_texts(p)] == []


def test_the_quote_check_rejects_an_invented_quote() -> None:
    assert occurs_in_texts("it transferred 550,000 155-mm shells to the US")
    assert not occurs_in_texts("it transferred 550,000 155-mm shells to Ukraine")
