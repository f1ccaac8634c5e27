"""The ontology's own rules, checked on the seeds before anything is written: a relation claim's
subject must be in the domain of its predicate and an entity object in its range (``rdfs:domain``,
``rdfs:range`` in ``ontology/kg.ttl``, or ``kg:domainIncludes``/``kg:rangeIncludes`` where
several classes are allowed, with ``rdfs:subClassOf``). A breach is a
:class:`kg.errors.CurationError` naming the fact's file and line; SHACL cannot see it, since the
build never types an entity by the properties it has.

>>> from kg.curation import load_curation
>>> from kg.paths import project_paths
>>> from rdflib import Graph
>>> ontology = Graph().parse(project_paths().ontology_file, format="turtle")
>>> domain_range_breaches(load_curation(), ontology)
[]
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS
from rdflib.term import Node

from kg.curation import Curation
from kg.errors import CurationError
from kg.namespaces import KG

__all__ = ["domain_range_breaches", "fits"]


def _classes(ontology: Graph, predicate: URIRef, rule: URIRef, includes: URIRef) -> frozenset[URIRef] | None:
    """The classes a domain or range allows (None: no constraint): ``rdfs:domain``/``rdfs:range``
    (a class or an ``owl:unionOf``), or every ``kg:domainIncludes``/``kg:rangeIncludes``."""
    listed = frozenset(c for c in ontology.objects(predicate, includes) if isinstance(c, URIRef))
    if listed:
        return listed
    node: Node | None = ontology.value(predicate, rule)
    if node is None:
        return None
    union = ontology.value(node, OWL.unionOf)
    if union is not None:
        return frozenset(c for c in Collection(ontology, union) if isinstance(c, URIRef))
    return frozenset({node}) if isinstance(node, URIRef) else None


def _ancestors(ontology: Graph, cls: URIRef) -> set[URIRef]:
    found = {cls}
    for parent in ontology.transitive_objects(cls, RDFS.subClassOf):
        if isinstance(parent, URIRef):
            found.add(parent)
    return found


def fits(ontology: Graph, predicate: str, subject_type: str | None, object_type: str | None) -> bool:
    """True when a subject and an object of these entity types may stand with ``kg:predicate``.

    >>> from kg.paths import project_paths
    >>> ontology = Graph().parse(project_paths().ontology_file, format="turtle")
    >>> fits(ontology, "holdsPolicy", "State", "Policy")
    True
    >>> fits(ontology, "holdsPolicy", "State", "WeaponSystem")
    False
    """
    for entity_type, rule, includes in (
        (subject_type, RDFS.domain, KG.domainIncludes),
        (object_type, RDFS.range, KG.rangeIncludes),
    ):
        allowed = _classes(ontology, KG[predicate], rule, includes)
        if entity_type and allowed is not None and not _ancestors(ontology, KG[entity_type]) & allowed:
            return False
    return True


def domain_range_breaches(curation: Curation, ontology: Graph) -> list[CurationError]:
    """One error per relation fact whose subject or entity object breaks the predicate's rule."""
    errors: list[CurationError] = []
    for fact in sorted(curation.facts.values(), key=lambda f: (str(f.where.path), f.where.line or 0)):
        if fact.type != "Relation":
            continue
        predicate = KG[fact.get("predicate")]
        for role, key, rule, includes in (
            ("subject", "subject", RDFS.domain, KG.domainIncludes),
            ("object", "object", RDFS.range, KG.rangeIncludes),
        ):
            entity = curation.entities.get(fact.get(key) or "")
            allowed = _classes(ontology, predicate, rule, includes)
            if entity is None or allowed is None:
                continue
            if not _ancestors(ontology, KG[entity.type]) & allowed:
                names = " or ".join(sorted(str(c).rsplit("#", 1)[-1] for c in allowed))
                axiom = "domain" if role == "subject" else "range"
                message = (
                    f"fact {fact.id}: {role} {entity.id} is a {entity.type}, but kg:{fact.get('predicate')} "
                    f"takes a {names} as its {role} ({axiom})"
                )
                errors.append(CurationError(fact.where.path, fact.where.line, message))
    return errors
