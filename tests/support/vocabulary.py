"""The vocabulary check: kg/model.py against ontology/kg.ttl, ontology/shapes.ttl and the
views' node styles. Returns mismatch messages, so a test can also prove that it catches one.

The rules:
1. every class and property the model names is declared (has an ``rdf:type``) in kg.ttl:
   fact-type classes, field properties in the ``kg:`` namespace (others, such as
   ``rdfs:comment``, are declared by their own vocabularies), entity classes
   (``CLASS_ORDER``), infrastructure classes, status concepts, transfer kinds, verdicts;
2. every ``owl:Class`` declared in kg.ttl is known to the model (``CLASS_ORDER``, a
   fact-type class or ``INFRASTRUCTURE_CLASSES``);
3. every fact-type class is covered by SHACL: a shape with ``sh:targetClass`` of the class
   itself, or the class is ``rdfs:subClassOf kg:Claim`` in kg.ttl and a shape targets
   ``kg:Claim`` (the build types every claim ``kg:Claim``); a fact type with a required
   field of its own (beyond the common ones) needs a shape of its own;
4. every class local name in the node styles is in the model, and every entity class and
   every non-binary claim class (the ones drawn as nodes) has a style.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.model import (
    CLASS_ORDER,
    COMMON_FIELDS,
    FACT_TYPES,
    INFRASTRUCTURE_CLASSES,
    STATUSES,
    TRANSFER_KINDS,
    VERDICTS,
)
from kg.namespaces import KG

REPO = Path(__file__).resolve().parents[2]


def node_styles() -> Mapping[str, object]:
    """The views' NODE_STYLES."""
    from kg.views.page import NODE_STYLES

    return NODE_STYLES


def _local(term: URIRef) -> str:
    return str(term)[len(str(KG)) :] if str(term).startswith(str(KG)) else str(term)


def _model_terms() -> dict[URIRef, str]:
    """Every kg: term the model names, with where it names it."""
    terms: dict[URIRef, str] = {}
    for name, fact_type in FACT_TYPES.items():
        terms[URIRef(fact_type.cls)] = f"FACT_TYPES[{name!r}].cls"
        for field_name, spec in fact_type.all_fields.items():
            if spec.prop is not None and str(spec.prop).startswith(str(KG)):
                terms[URIRef(spec.prop)] = f"FACT_TYPES[{name!r}] field {field_name!r}"
            for word, concept in (spec.concepts or {}).items():
                terms[URIRef(concept)] = f"FACT_TYPES[{name!r}] field {field_name!r} choice {word!r}"
    for name in CLASS_ORDER:
        terms[KG[name]] = "CLASS_ORDER"
    for name in INFRASTRUCTURE_CLASSES:
        terms[KG[name]] = "INFRASTRUCTURE_CLASSES"
    for status in STATUSES:
        terms[KG[status]] = "STATUSES"
    for table, mapping in (("TRANSFER_KINDS", TRANSFER_KINDS), ("VERDICTS", VERDICTS)):
        for word, concept in mapping.items():
            terms[URIRef(concept)] = f"{table}[{word!r}]"
    return terms


def vocabulary_mismatches(
    ontology: Path = REPO / "ontology" / "kg.ttl",
    shapes: Path = REPO / "ontology" / "shapes.ttl",
    styles: Mapping[str, object] | None = None,
) -> list[str]:
    """Every disagreement between the model and the ontology, shapes and styles (empty: none)."""
    onto = Graph().parse(ontology, format="turtle")
    shape_graph = Graph().parse(shapes, format="turtle")
    styles = node_styles() if styles is None else styles
    problems: list[str] = []

    for term, where in sorted(_model_terms().items()):
        if (term, RDF.type, None) not in onto:
            problems.append(f"{_local(term)} ({where}) is not declared in {ontology.name}")

    known = {*CLASS_ORDER, *INFRASTRUCTURE_CLASSES, *(_local(f.cls) for f in FACT_TYPES.values())}
    for cls in sorted(onto.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef) and _local(cls) not in known:
            problems.append(f"{_local(cls)} is an owl:Class in {ontology.name} but unknown to kg/model.py")

    targeted = set(shape_graph.objects(None, SH.targetClass))
    for name, fact_type in sorted(FACT_TYPES.items()):
        own_required = [
            f for f, spec in fact_type.all_fields.items() if spec.required and f not in COMMON_FIELDS
        ]
        if URIRef(fact_type.cls) in targeted:
            continue
        if own_required:
            problems.append(
                f"{_local(fact_type.cls)} ({name}) has required fields {own_required} but no shape "
                f"in {shapes.name} targets it"
            )
        elif (URIRef(fact_type.cls), RDFS.subClassOf, KG.Claim) not in onto or KG.Claim not in targeted:
            problems.append(f"{_local(fact_type.cls)} ({name}) is covered by no shape in {shapes.name}")

    for style in sorted(styles):
        if style not in known:
            problems.append(f"node style {style!r} names no class of kg/model.py")
    drawn = [*CLASS_ORDER, *(_local(f.cls) for n, f in sorted(FACT_TYPES.items()) if not f.binary)]
    for cls_name in drawn:
        if cls_name not in styles:
            problems.append(f"{cls_name} has no node style")
    return problems
