"""Entity reconciliation for imports: names in outside data to the curated entities, and new
entities for the names nothing known has.

Names are compared with :func:`kg.names.normalise_name`, the rule lookup uses too, so every
name an import reconciles also resolves in ``kg show``, ``kg query -p`` and
``KnowledgeGraph.resolve`` once the import is built.

>>> reconciler = EntityReconciler.from_seeds()
>>> [reconciler.agent(n).split("/")[-1] for n in ("Korea, South", "the United States", "NATO**")]
['ROK', 'USA', 'NATO']
>>> reconciler.agent("Ukraine Rebels*").split("/")[-1], reconciler.created[0].type
('UkraineRebels', 'Organisation')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.build.triples import TripleSink, add_entity
from kg.curation import load_curation
from kg.model import AGENT_TYPES, ITEM_TYPES
from kg.names import normalise_name
from kg.namespaces import KG, entity_iri
from kg.paths import ProjectPaths, project_paths

__all__ = ["EntityReconciler", "NewEntity"]


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
class EntityReconciler:
    """Reconciles names in imported data to known entities by label, alias or metonym;
    creates (and remembers) new ones for names it does not know."""

    agents: dict[str, URIRef]
    items: dict[str, URIRef]
    labels: dict[URIRef, str]
    taken: set[str]
    _created: dict[URIRef, NewEntity] = field(default_factory=dict)
    _publishers: dict[URIRef, NewEntity] = field(default_factory=dict)

    @classmethod
    def from_seeds(cls, paths: ProjectPaths | None = None) -> EntityReconciler:
        """A reconciler knowing the curated entities in ``seeds/``."""
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
                table.setdefault(normalise_name(name), node)
        return cls(agents, items, labels, set(curation.entities))

    @property
    def created(self) -> tuple[NewEntity, ...]:
        """The agents and items this reconciler had to create, by IRI (publishers not included)."""
        return tuple(entity for _, entity in sorted(self._created.items()))

    def find_agent(self, name: str) -> URIRef | None:
        """A known agent (or one created by this import) with this name, else None."""
        return self.agents.get(normalise_name(name))

    def find_item(self, name: str) -> URIRef | None:
        """A known item (or one created by this import) with this name, else None."""
        return self.items.get(normalise_name(name))

    def label(self, node: URIRef) -> str:
        """The label of a known or created entity (its IRI when unknown)."""
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
        self.agents[normalise_name(name)] = node
        return node

    def item(self, designation: str, description: str) -> URIRef:
        """The weapon system with this designation; a new one when none is known."""
        found = self.find_item(designation)
        if found is not None:
            return found
        node = self._create(designation, "WeaponSystem", description)
        self.items[normalise_name(designation)] = node
        return node

    def add_publisher(self, ident: str, kind: str, label: str, short_label: str) -> URIRef:
        """The publisher ``kgr:<ident>`` of an imported dataset; created (under exactly that id,
        and not reported among :attr:`created`) when the seeds do not curate it."""
        node = entity_iri(ident)
        if node not in self.labels:
            self.taken.add(ident)
            self._publishers[node] = NewEntity(ident, kind, label)
            self.labels[node] = short_label
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
        self._created[entity.iri] = entity
        self.labels[entity.iri] = label
        return entity.iri

    def write_created(self, graph: TripleSink) -> None:
        """Write the entities (publishers included) this reconciler created into ``graph``."""
        for node, entity in sorted((self._created | self._publishers).items()):
            add_entity(graph, node, KG[entity.type], entity.label, description=entity.comment or None)
