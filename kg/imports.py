"""Imports: datasets brought in from outside the curated seeds, kept under ``imports/``.

Each import is two files named after its source file: ``imports/<name>.ttl``
(deterministic Turtle: the claims, their evidence and any entities the import
had to create) and ``imports/<name>.csv`` (a byte copy of the source, so the
build can check that the quotes' offsets still point at the same text).
``kg build`` loads each one into its own named graph, ``GRAPH.imported(name)``,
and the build derives ``kg:suppliesTo`` edges from its transfers. Importing the same
file again replaces the earlier import.

>>> import_name("trade-register.csv")
'trade-register'
>>> index = EntityIndex.from_seeds()
>>> [index.find_agent(n).split("/")[-1] for n in ("Korea, South", "United States", "NATO**")]
['ROK', 'USA', 'NATO']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import CurationError, ImportFileError
from kg.model import AGENT_TYPES, ITEM_TYPES
from kg.namespaces import DCTERMS, GRAPH, KG, PREFIXES, RDF, RDFS, SKOS, entity_iri
from kg.paths import ProjectPaths, project_paths

__all__ = [
    "EntityIndex",
    "ImportInfo",
    "ImportReport",
    "import_name",
    "import_sipri",
    "list_imports",
    "load_imports",
    "remove_import",
]

SIPRI_ID = "SIPRI"


def import_name(file_name: str) -> str:
    """The name an import of ``file_name`` is kept under: a slug of the file's stem.

    >>> import_name("Trade register 2024.csv")
    'trade-register-2024'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", Path(file_name).stem.lower()).strip("-")
    return slug or "import"


def _key(name: str) -> str:
    """Normalise a name for matching: case, markers, "Korea, South" word order.

    >>> _key(" Korea, South ")
    'south korea'
    >>> _key("NATO**")
    'nato'
    """
    name = " ".join(name.replace("*", " ").split())
    if name.count(",") == 1:
        head, tail = (part.strip() for part in name.split(","))
        name = f"{tail} {head}"
    name = name.casefold()
    return name[4:] if name.startswith("the ") else name


def _ascii_id(name: str) -> str:
    """A CamelCase id from a name: 'Türkiye' → 'Turkiye', 'Ukraine Rebels*' → 'UkraineRebels'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", plain)
    ident = "".join(word[:1].upper() + word[1:] for word in words) or "Entity"
    return ident if ident[0].isalpha() else f"E{ident}"


@dataclass(frozen=True)
class NewEntity:
    """An entity an import had to create because no known entity has its name."""

    id: str
    type: str
    label: str
    comment: str = ""

    @property
    def iri(self) -> URIRef:
        return entity_iri(self.id)


@dataclass
class EntityIndex:
    """Reconciles names in imported data to known entities by label, alias or
    metonym; creates (and remembers) new ones for names it does not know."""

    agents: dict[str, URIRef]
    items: dict[str, URIRef]
    labels: dict[URIRef, str]
    taken: set[str]
    created: dict[URIRef, NewEntity] = field(default_factory=dict)

    @classmethod
    def from_seeds(cls, paths: ProjectPaths | None = None) -> EntityIndex:
        """An index of the curated entities in ``seeds/entities.yaml``."""
        from kg.curation import load_curation

        curation = load_curation(paths or project_paths())
        agents: dict[str, URIRef] = {}
        items: dict[str, URIRef] = {}
        labels: dict[URIRef, str] = {}
        for entity in sorted(curation.entities.values(), key=lambda e: e.id):
            node = entity_iri(entity.id)
            labels[node] = entity.label
            table = agents if entity.type in AGENT_TYPES else items if entity.type in ITEM_TYPES else None
            if table is None:
                continue
            for name in entity.names:
                table.setdefault(_key(name), node)
        return cls(agents, items, labels, set(curation.entities))

    def find_agent(self, name: str) -> URIRef | None:
        """A known agent (or one created by this import) with this name, else None."""
        return self.agents.get(_key(name))

    def find_item(self, name: str) -> URIRef | None:
        """A known item with this name, else None."""
        return self.items.get(_key(name))

    def label(self, node: URIRef) -> str:
        return self.labels.get(node, str(node))

    def agent(self, name: str) -> URIRef:
        """The agent named ``name``; a new State (``*``: Organisation, ``**``:
        InternationalOrganisation) when none is known."""
        found = self.find_agent(name)
        if found is not None:
            return found
        label = " ".join(name.replace("*", " ").split())
        kind = (
            "InternationalOrganisation"
            if name.rstrip().endswith("**")
            else "Organisation"
            if name.rstrip().endswith("*")
            else "State"
        )
        node = self._create(label, kind, "")
        self.agents[_key(name)] = node
        return node

    def item(self, designation: str, description: str) -> URIRef:
        """The weapon system with this designation; a new one when none is known."""
        found = self.find_item(designation)
        if found is not None:
            return found
        node = self._create(designation, "WeaponSystem", description)
        self.items[_key(designation)] = node
        return node

    def _create(self, label: str, kind: str, comment: str) -> URIRef:
        ident = _ascii_id(label)
        if ident in self.taken:
            base, number = ident, 2
            while f"{base}{number}" in self.taken:
                number += 1
            ident = f"{base}{number}"
        self.taken.add(ident)
        entity = NewEntity(ident, kind, label, comment)
        self.created[entity.iri] = entity
        self.labels[entity.iri] = label
        return entity.iri

    def add_created(self, graph: Graph) -> None:
        """Write the entities this index created into ``graph`` (SHACL-complete)."""
        for node, entity in sorted(self.created.items()):
            graph.add((node, RDF.type, KG[entity.type]))
            graph.add((node, RDFS.label, Literal(entity.label, lang="en")))
            graph.add((node, SKOS.prefLabel, Literal(entity.label, lang="en")))
            if entity.comment:
                graph.add((node, RDFS.comment, Literal(entity.comment, lang="en")))


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows mapped, rows skipped (with line numbers), entities created."""

    name: str
    ttl: Path
    csv: Path
    transfers: int
    problems: tuple[str, ...]
    created: tuple[NewEntity, ...]
    replaced: bool


@dataclass(frozen=True)
class ImportInfo:
    """One import kept under ``imports/``."""

    name: str
    ttl: Path
    source_file: str
    transfers: int


def _turtle(graph: Graph) -> bytes:
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace, override=True, replace=True)
    out += graph
    return out.serialize(format="turtle", encoding="utf-8")


def import_sipri(
    csv_path: Path | str,
    paths: ProjectPaths | None = None,
    *,
    name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a SIPRI trade-register CSV export into ``imports/<name>.ttl`` (+ ``.csv``).

    Rows that cannot be read are skipped and listed in the report with their
    line numbers; the rest are imported. Raises :class:`ImportFileError` when
    the file cannot be read at all.
    """
    from kg.files import write_atomically
    from kg.sipri import read_sipri, sipri_graph

    paths = paths or project_paths()
    csv_path = Path(csv_path)
    name = name or import_name(csv_path.name)
    register = read_sipri(csv_path, progress=progress)
    if register.generated is None:
        # No "Information generated" line: date the export by the file itself.
        register.generated = dt.date.fromtimestamp(csv_path.stat().st_mtime)
    index = EntityIndex.from_seeds(paths)
    publisher = entity_iri(SIPRI_ID)
    graph = Graph()
    if publisher not in index.labels:
        index.taken.add(SIPRI_ID)
        index.created[publisher] = NewEntity(
            SIPRI_ID, "ResearchInstitute", "Stockholm International Peace Research Institute"
        )
        index.labels[publisher] = "SIPRI"
    graph += sipri_graph(register, name, index, publisher)
    index.add_created(graph)
    ttl, csv_copy = paths.imports / f"{name}.ttl", paths.imports / f"{name}.csv"
    replaced = ttl.exists()
    write_atomically({csv_copy: register.data, ttl: _turtle(graph)})
    created = tuple(e for _, e in sorted(index.created.items()) if e.id != SIPRI_ID)
    return ImportReport(
        name=name,
        ttl=ttl,
        csv=csv_copy,
        transfers=len(register.rows),
        problems=tuple(str(p) for p in register.problems),
        created=created,
        replaced=replaced,
    )


def _import_files(paths: ProjectPaths) -> Iterator[tuple[str, Path]]:
    if paths.imports.is_dir():
        for ttl in sorted(paths.imports.glob("*.ttl")):
            yield ttl.stem, ttl


def list_imports(paths: ProjectPaths | None = None) -> list[ImportInfo]:
    """The imports under ``imports/``, by name.

    >>> import tempfile
    >>> list_imports(project_paths(tempfile.mkdtemp()))
    []
    """
    paths = paths or project_paths()
    infos = []
    for name, ttl in _import_files(paths):
        graph = Graph().parse(ttl, format="turtle")
        document = next(graph.subjects(RDF.type, KG.SourceDocument), None)
        file_name = graph.value(document, DCTERMS.source) if document is not None else None
        infos.append(
            ImportInfo(
                name=name,
                ttl=ttl,
                source_file=str(file_name) if file_name else f"imports/{name}.csv",
                transfers=len(set(graph.subjects(RDF.type, KG.Transfer))),
            )
        )
    return infos


def remove_import(name: str, paths: ProjectPaths | None = None) -> list[Path]:
    """Delete an import's files; the next build or query no longer includes it."""
    paths = paths or project_paths()
    files = [p for p in (paths.imports / f"{name}.ttl", paths.imports / f"{name}.csv") if p.exists()]
    if not files or not (paths.imports / f"{name}.ttl").exists():
        known = ", ".join(i.name for i in list_imports(paths)) or "none"
        raise ImportFileError(f"no import named {name!r} in {paths.imports} (imports: {known})")
    for path in files:
        path.unlink()
    return files


def _check_copy(graph: Graph, name: str, ttl: Path, paths: ProjectPaths) -> None:
    """The quotes' offsets are valid only for the bytes imported: check the copy."""
    for document in graph.subjects(RDF.type, KG.SourceDocument):
        digest = graph.value(document, KG.sha256)
        file_name = graph.value(document, KG.fileName)
        if digest is None or file_name is None:
            continue
        copy = paths.root / str(file_name)
        if not copy.is_file():
            raise CurationError(ttl, None, f"{file_name} is missing; import the file again")
        if hashlib.sha256(copy.read_bytes()).hexdigest() != str(digest):
            raise CurationError(ttl, None, f"{file_name} changed since it was imported; import it again")


def load_imports(dataset: Dataset, paths: ProjectPaths) -> list[str]:
    """Build hook: load each ``imports/<name>.ttl`` into ``GRAPH.imported(name)``
    (the build then derives ``kg:suppliesTo`` edges from its transfers, as from any claims).

    Returns the names loaded.
    """
    names = []
    for name, ttl in _import_files(paths):
        graph = dataset.graph(GRAPH.imported(name))
        graph.parse(ttl, format="turtle")
        _check_copy(graph, name, ttl, paths)
        names.append(name)
    return names
