"""One name rule: what an import reconciles, lookup resolves (kg show, kg query -p, kg.load().resolve)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import kg
from kg.api import KnowledgeGraph
from kg.build import BuildResult
from kg.cli import cli
from kg.errors import UnknownEntityError
from kg.importers.reconcile import EntityReconciler
from kg.names import normalise_name
from kg.namespaces import entity_iri
from kg.paths import ProjectPaths

# Names as SIPRI writes them, and as the seeds do; the importer reconciles every one.
IMPORT_NAMES = [
    "South Korea",
    "Korea, South",
    "United States",
    "the United States",
    "North Korea",
    "Korea, North",
    "Russia",
    "Ukraine",
    "Poland",
    "NATO**",
]


@pytest.fixture(scope="module")
def graph(built: BuildResult, repo_paths: ProjectPaths) -> KnowledgeGraph:
    return kg.load(repo_paths)


@pytest.fixture(scope="module")
def reconciler(repo_paths: ProjectPaths) -> EntityReconciler:
    return EntityReconciler.from_seeds(repo_paths)


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Korea, South", "south korea"),
        ("  South   KOREA ", "south korea"),
        ("The United States", "united states"),
        ("NATO**", "nato"),
        ("Ukraine Rebels*", "ukraine rebels"),
        ("Türkiye", "türkiye"),
    ],
)
def test_names_normalise_to_one_form(name: str, normal: str) -> None:
    assert normalise_name(name) == normal


@pytest.mark.parametrize("name", IMPORT_NAMES)
def test_lookup_resolves_every_name_the_importer_reconciles_to_the_same_entity(
    graph: KnowledgeGraph, reconciler: EntityReconciler, name: str
) -> None:
    assert graph.resolve(name) == str(reconciler.agent(name))
    assert not reconciler.created


@pytest.mark.parametrize(
    ("name", "entity"), [("Korea, South", "ROK"), ("the United States", "USA"), ("NATO**", "NATO")]
)
def test_kg_show_takes_sipri_spellings(
    built: BuildResult, repo_paths: ProjectPaths, name: str, entity: str
) -> None:
    result = CliRunner().invoke(cli, ["--root", str(repo_paths.root), "show", name])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith(f"(kgr:{entity})")


def test_kg_query_parameters_take_sipri_spellings(built: BuildResult, repo_paths: ProjectPaths) -> None:
    def transfers(supplier: str, recipient: str) -> str:
        args = ["--root", str(repo_paths.root), "query", "direct-transfers", "-f", "csv"]
        result = CliRunner().invoke(
            cli, [*args, "-p", f"supplier={supplier}", "-p", f"recipient={recipient}"]
        )
        assert result.exit_code == 0, result.output
        return result.output

    sipri = transfers("Korea, South", "the United States")
    assert sipri == transfers("ROK", "USA")
    assert str(entity_iri("ROK")) in sipri


@pytest.mark.parametrize("word", ["shells", "ammunition", "missiles", "tanks", "Kim", "Park", "Korea"])
def test_a_generic_word_asks_which_one(word: str, built) -> None:  # type: ignore[no-untyped-def]
    from kg.names import NameIndex
    from kg.store import load_store

    index = NameIndex.from_store(load_store(built.written[1]))
    with pytest.raises(UnknownEntityError, match="generic word; which one"):
        index.resolve(word)
