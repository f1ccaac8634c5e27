"""kg/model.py, the one statement of the vocabulary, agrees with the ontology, the shapes
and the views' node styles (see tests/support/vocabulary.py for the rules)."""

from __future__ import annotations

import re
from pathlib import Path

from support.vocabulary import REPO, node_styles, vocabulary_mismatches

from kg.model import MOVED

ONTOLOGY = REPO / "ontology" / "kg.ttl"
MOVED_TERMS = {f"kg:{status}" for status in MOVED}


def _ontology_copy(tmp_path: Path, extra: str) -> Path:
    copy = tmp_path / "kg.ttl"
    copy.write_text(ONTOLOGY.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    return copy


def test_the_model_ontology_shapes_and_styles_agree() -> None:
    assert vocabulary_mismatches() == []


def test_a_class_only_in_the_ontology_is_reported(tmp_path: Path) -> None:
    copy = _ontology_copy(tmp_path, "kg:Submarine a owl:Class ; rdfs:subClassOf kg:Item .")
    problems = vocabulary_mismatches(ontology=copy)
    assert len(problems) == 1 and "Submarine" in problems[0]


def test_a_model_term_missing_from_the_ontology_is_reported(tmp_path: Path) -> None:
    text = ONTOLOGY.read_text(encoding="utf-8")
    assert "kg:endUserSale a " in text
    copy = tmp_path / "kg.ttl"
    copy.write_text(text.replace("kg:endUserSale a ", "kg:endUserSaleGone a "), encoding="utf-8")
    assert any("endUserSale (TRANSFER_KINDS" in p for p in vocabulary_mismatches(ontology=copy))


def test_a_fact_type_without_a_shape_is_reported(tmp_path: Path) -> None:
    shapes = (REPO / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    copy = tmp_path / "shapes.ttl"
    copy.write_text(
        shapes.replace("sh:targetClass kg:Poll ;", "sh:targetClass kg:PollGone ;"), encoding="utf-8"
    )
    assert any(p.startswith("Poll (Poll)") for p in vocabulary_mismatches(shapes=copy))


def test_a_style_for_an_unknown_class_and_a_missing_style_are_reported() -> None:
    styles = {**node_styles(), "Submarine": ("dot", "●", "#000000", 5)}
    del styles["Poll"]
    problems = vocabulary_mismatches(styles=styles)
    assert "node style 'Submarine' names no class of kg/model.py" in problems
    assert "Poll has no node style" in problems


def test_indirect_supply_and_red_lines_follow_the_statuses_that_move_goods() -> None:
    # the named queries that filter statuses by hand must say what kg.model.MOVED says
    for name in ("indirect-supply", "red-lines"):
        text = (REPO / "kg" / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        lists = re.findall(r"[^T] IN \(([^)]*)\)", text)
        assert lists, name
        assert all({term.strip() for term in found.split(",")} == MOVED_TERMS for found in lists), name


def test_number_bounds_agree_with_the_shapes() -> None:
    """The checker's bounds for number fields (FieldSpec.minimum/maximum) are the shapes'."""
    from rdflib import Graph
    from rdflib.namespace import SH

    from kg.model import FACT_TYPES

    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl", format="turtle")
    bounds = {}
    for shape in shapes.subjects(SH.path, None):
        path = shapes.value(shape, SH.path)
        low, high = shapes.value(shape, SH.minInclusive), shapes.value(shape, SH.maxInclusive)
        if low is not None or high is not None:
            bounds[str(path)] = (None if low is None else int(low), None if high is None else int(high))
    specs = {
        spec.prop: (spec.minimum, spec.maximum)
        for fact_type in FACT_TYPES.values()
        for spec in fact_type.all_fields.values()
        if spec.kind == "number"
    }
    assert specs and all(bounds.get(prop) == limits for prop, limits in specs.items()), (specs, bounds)
