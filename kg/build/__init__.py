"""Build the RDF dataset from the curated seeds, check it, and write it.

One named graph per source document (its claims and their evidence), one for
the ontology, one for entities, one for document metadata and one for edges
derived at build time (``kg:suppliesTo``). Output is deterministic: the same
seeds give byte-identical ``build/kg.ttl`` and ``build/kg.trig``.

>>> result = build(write=False)
>>> result.conforms
True
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.build.derive import graph_supplies_edges
from kg.build.triples import Quote, add_claim, add_date, add_document, add_entity, add_evidence, decimal
from kg.display import shorten
from kg.errors import CurationError, QuoteNotFoundError, ValidationError
from kg.facts import Curation, CurationErrors, Entity, Fact, QuoteRef, load_curation
from kg.model import ASSERTED, ENTITY_TYPES, FACT_TYPES, TRANSFER_KINDS, FieldSpec
from kg.namespaces import (
    GRAPH,
    KG,
    PREFIXES,
    RDF,
    document_iri,
    entity_iri,
    fact_iri,
)
from kg.paths import ProjectPaths, project_paths
from kg.sources import CONTEXT_CHARS, count_occurrences, line_of_offset, locate_quote, nearest_match

__all__ = ["BuildResult", "LocatedQuote", "build", "compile_dataset", "resolve_quotes"]


LABEL_LENGTH = 80  # longest generated claim label

ENTITY_CLASSES = {name: KG[name] for name in sorted(ENTITY_TYPES)}


@dataclass(frozen=True)
class LocatedQuote(Quote):
    """A quote found in its source document's text (TextQuoteSelector and offsets)."""

    source_id: str = ""


@dataclass
class BuildResult:
    """What a build produced: the dataset, its inputs and the SHACL verdict."""

    dataset: Dataset
    curation: Curation
    quotes: dict[str, list[LocatedQuote]]
    conforms: bool
    report: str
    written: list[Path] = field(default_factory=list)

    def triple_count(self) -> int:
        return sum(len(graph) for graph in self.dataset.graphs() if len(graph))


# ------------------------------------------------------------------ quotes


def _locate(
    curation: Curation, source_id: str, ref: QuoteRef, texts: dict[str, str], owner: str
) -> LocatedQuote:
    source = curation.sources[source_id]
    text = texts.setdefault(source_id, source.text)
    span = locate_quote(text, ref.text, ref.occurrence)
    if span is None:
        found = count_occurrences(text, ref.text)
        if found:
            raise QuoteNotFoundError(
                ref.where.path,
                ref.where.line,
                f"{owner}: quote occurs {found} time(s) in {source.path.name}, "
                f"not {ref.occurrence}; lower 'occurrence'",
            )
        near, score = nearest_match(text, ref.text)
        raise QuoteNotFoundError(
            ref.where.path,
            ref.where.line,
            f"{owner}: quote not found in {source.path.name}: {ref.text[:80]!r}; "
            f"nearest text (line {line_of_offset(text, near.start)}, {score:.0%} alike): "
            f"{text[near.start : near.end][:80]!r}",
        )
    return LocatedQuote(
        source_id=source_id,
        exact=ref.text,
        start=span.start,
        end=span.end,
        prefix=text[max(0, span.start - CONTEXT_CHARS) : span.start],
        suffix=text[span.end : span.end + CONTEXT_CHARS],
    )


def resolve_quotes(curation: Curation) -> tuple[dict[str, list[LocatedQuote]], list[LocatedQuote]]:
    """Find every fact's and skip's quote in its text; report all misses at once.

    Returns the located quotes by fact id, and those of ``curation.skips`` in their order.
    """
    texts: dict[str, str] = {}
    located: dict[str, list[LocatedQuote]] = {}
    skipped: list[LocatedQuote] = []
    problems: list[CurationError] = []
    for fact in curation.facts.values():
        for ref in fact.quotes:
            try:
                located.setdefault(fact.id, []).append(
                    _locate(curation, fact.source_id, ref, texts, f"fact {fact.id}")
                )
            except QuoteNotFoundError as error:
                problems.append(error)
    for skip in curation.skips:
        try:
            skipped.append(_locate(curation, skip.source_id, skip.quote, texts, "skip"))
        except QuoteNotFoundError as error:
            problems.append(error)
    if problems:
        raise CurationErrors(problems)
    return located, skipped


# ------------------------------------------------------------------ RDF


def _label(curation: Curation, entity_id: str | None) -> str:
    if entity_id is None:
        return "?"
    entity = curation.entities.get(entity_id)
    return entity.label if entity else entity_id


def fact_label(curation: Curation, fact: Fact) -> str:
    """A readable one-line label for a claim node."""
    name = lambda key: _label(curation, fact.get(key))  # noqa: E731
    kind = fact.get("kind")
    if fact.type in ("Transfer", "Deployment"):
        suffix = f" ({kind})" if kind and kind != "direct" else ""
        return f"{name('supplier')} → {name('recipient')}: {name('item')}{suffix}"
    if fact.type == "Relation":
        target = name("object") if fact.get("object") else shorten(fact.get("value", ""), LABEL_LENGTH)
        return f"{name('subject')} {fact.get('predicate')} {target}"
    if fact.type == "Role":
        return f"{name('person')}: {fact.get('role')}"
    if fact.type == "Meeting":
        return "Meeting of " + ", ".join(_label(curation, p) for p in fact.get("participants", []))
    if fact.type == "Statement":
        return f"{name('speaker')}: {shorten(fact.get('summary') or fact.quotes[0].text, LABEL_LENGTH)}"
    if fact.type == "Sanction":
        return f"Sanctions by {name('imposed_by')}"
    if fact.type == "Poll":
        return f"{name('pollster')} poll: {shorten(fact.get('question', ''), LABEL_LENGTH)}"
    if fact.type == "Signing":
        return f"Signing of {name('instrument')}"
    if fact.type == "PolicyChange":
        return f"{name('actor')}: {fact.get('action')} {name('policy')}"
    if fact.type == "RedLineAssessment":
        return f"{name('claimant')}: {name('red_line')} {fact.get('verdict')}"
    return shorten(fact.get("summary") or fact.quotes[0].text, LABEL_LENGTH)


def _add_entity(graph: Graph, entity: Entity) -> None:
    node = entity_iri(entity.id)
    add_entity(
        graph,
        node,
        ENTITY_CLASSES[entity.type],
        entity.label,
        aliases=entity.aliases,
        metonyms=entity.metonyms,
        description=entity.description,
        wikidata=entity.wikidata,
    )
    if entity.part_of:
        graph.add((node, KG.partOf, entity_iri(entity.part_of)))
        graph.add((entity_iri(entity.part_of), KG.hasProvision, node))
    if entity.number:
        graph.add((node, KG.articleNumber, Literal(entity.number)))


def _add_documents(graph: Graph, curation: Curation, root: Path) -> None:
    for source in curation.sources.values():
        if source.publisher not in curation.entities:
            raise CurationErrors(
                [
                    CurationError(
                        source.where.path,
                        source.where.line,
                        f"publisher {source.publisher!r} is not a known entity id",
                    )
                ]
            )
        data = source.path.read_bytes()
        add_document(
            graph,
            document_iri(source.id),
            identifier=source.id,
            title=source.title,
            publisher=entity_iri(source.publisher),
            authors=source.authors,
            date=source.date,
            date_note=source.date_note,
            kind=source.kind,
            file_name=source.path.relative_to(root).as_posix(),
            sha256=hashlib.sha256(data).hexdigest(),
            characters=len(data.decode("utf-8")),
        )


def _add_fact(graph: Graph, curation: Curation, fact: Fact, quotes: list[LocatedQuote]) -> None:
    fact_type = FACT_TYPES[fact.type]
    node = fact_iri(fact.id)
    source = document_iri(fact.source_id)
    add_claim(graph, node, fact_type.cls, label=fact_label(curation, fact), status=fact.status, source=source)
    if fact.date is not None:
        add_date(graph, node, fact.date)
    for name, value in fact.values.items():
        spec = fact_type.all_fields[name]
        if spec.prop is None or name == "status":
            continue
        for one in value if isinstance(value, list) else [value]:
            graph.add((node, spec.prop, _object(spec, one)))
    if "supplier" in fact_type.fields and "kind" not in fact.values:
        graph.add((node, KG.transferKind, TRANSFER_KINDS["direct"]))
    if fact.type == "Relation":
        _add_relation(graph, node, fact)
    add_evidence(graph, node, source, quotes)


def _object(spec: FieldSpec, value: Any) -> Node:
    """The RDF term a field value becomes, by the kind of field (see kg.model)."""
    if spec.kind in ("entity", "entities"):
        return entity_iri(value)
    if spec.kind == "fact":
        return fact_iri(value)
    if spec.kind == "number":
        return decimal(value)
    if spec.concepts is not None:
        return spec.concepts[value]
    return Literal(value)


def _add_relation(graph: Graph, node: URIRef, fact: Fact) -> None:
    subject = entity_iri(fact.get("subject"))
    predicate = KG[fact.get("predicate")]
    obj: Node = entity_iri(fact.get("object")) if fact.get("object") else Literal(fact.get("value"))
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    # Only what the source states as fact becomes a plain triple; other statuses
    # (alleged, denied, considered...) stay claims.
    if fact.status in ASSERTED:
        graph.add((subject, predicate, obj))


def new_dataset() -> Dataset:
    """An empty dataset with the project's prefixes bound."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def compile_dataset(
    curation: Curation, quotes: dict[str, list[LocatedQuote]], paths: ProjectPaths
) -> Dataset:
    """Turn checked curation and located quotes into the RDF dataset."""
    dataset = new_dataset()
    ontology = dataset.graph(GRAPH.ONTOLOGY)
    ontology.parse(paths.ontology_file, format="turtle")
    documents = dataset.graph(GRAPH.DOCUMENTS)
    _add_documents(documents, curation, paths.seeds)
    entities = dataset.graph(GRAPH.ENTITIES)
    for entity in sorted(curation.entities.values(), key=lambda e: e.id):
        _add_entity(entities, entity)
    for source_id in sorted(curation.sources):
        graph = dataset.graph(GRAPH.source(source_id))
        for fact in curation.facts.values():
            if fact.source_id == source_id:
                _add_fact(graph, curation, fact, quotes[fact.id])
    # Imports (imports/<name>.ttl) each become a named graph of their own.
    from kg.build.imports import load_imports

    load_imports(dataset, paths)
    derived = dataset.graph(GRAPH.DERIVED)
    claim_graphs = [g for g in dataset.graphs() if g.identifier not in (GRAPH.DERIVED, GRAPH.ONTOLOGY)]
    for edge in graph_supplies_edges(claim_graphs):
        derived.add(edge)
    return dataset


# ------------------------------------------------------------------ output


def _bound_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def serialize(dataset: Dataset) -> tuple[bytes, bytes]:
    """Deterministic Turtle (union of all graphs) and TriG (one block per named graph).

    rdflib's Turtle writer sorts subjects and predicates, but its TriG writer
    visits graphs in store order, so TriG is assembled here graph by graph.
    """
    named = sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier))
    union = _bound_graph()
    for graph in named:
        union += graph
    turtle = union.serialize(format="turtle", encoding="utf-8")
    prefix_lines: set[str] = set()
    blocks: list[str] = []
    for graph in named:
        copy = _bound_graph()
        copy += graph
        body: list[str] = []
        for line in copy.serialize(format="turtle").splitlines():
            if line.startswith("@prefix"):
                prefix_lines.add(line)
            elif line.strip():
                body.append(f"    {line}")
            else:
                body.append("")
        blocks.append(f"<{graph.identifier}> {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    trig = "\n".join(sorted(prefix_lines)) + "\n\n" + "\n".join(blocks)
    return turtle, trig.encode("utf-8")


def write_atomically(files: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temporary sibling first, then rename them all into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
            staged.append((Path(temporary), path))
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
    return [path for _, path in staged]


def build(
    paths: ProjectPaths | None = None,
    *,
    write: bool = True,
    validate: bool = True,
) -> BuildResult:
    """Load and check the seeds, build the dataset, validate it with SHACL and
    (when ``write``) write ``build/kg.ttl`` and ``build/kg.trig``.

    Nothing is written unless every check passes; the previous build stays.
    """
    from kg.build.validate import validate_dataset

    paths = paths or project_paths()
    curation = load_curation(paths)
    quotes, _ = resolve_quotes(curation)
    dataset = compile_dataset(curation, quotes, paths)
    conforms, report = (True, "")
    if validate:
        conforms, report = validate_dataset(dataset, paths)
    result = BuildResult(dataset, curation, quotes, conforms, report)
    if not conforms:
        raise ValidationError("the built graph does not conform to ontology/shapes.ttl:\n" + report)
    if write:
        turtle, trig = serialize(dataset)
        result.written = write_atomically({paths.turtle: turtle, paths.trig: trig})
    return result
