"""Names to entities: one normalisation rule, and lookup of labels, aliases, metonyms and ids.

:func:`normalise_name` is the one rule for comparing names. Lookup (``kg show``, ``kg query
-p``, ``KnowledgeGraph.resolve``) and import reconciliation
(:class:`kg.importers.reconcile.EntityReconciler`) both use it, so a name an import reconciles
also resolves afterwards. "ROK", "South Korea", "Korea, South", "republic of korea" and
"Seoul" all name ``kgr:ROK``. An unknown name raises
:class:`~kg.errors.UnknownEntityError` with close matches.

>>> normalise_name("Korea, South") == normalise_name("south  KOREA")
True
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import UnknownEntityError
from kg.iris import GRAPH, KGR, prefixed
from kg.store import derived, select

__all__ = ["NameIndex", "normalise_name"]

# Every naming property of an entity, best first: a label beats an alias,
# an alias beats a metonym, so "Korea" (an alias of ROK) wins over any metonym.
NAMES = f"""
SELECT ?entity ?name ?rank WHERE {{
  # curated entities and those an import created; not the ontology's controlled values
  GRAPH ?graph {{
    {{ ?entity skos:prefLabel ?name BIND(1 AS ?rank) }}
    UNION {{ ?entity skos:altLabel ?name BIND(2 AS ?rank) }}
    UNION {{ ?entity skos:hiddenLabel ?name BIND(3 AS ?rank) }}
  }}
  FILTER(?graph != <{GRAPH.ONTOLOGY}>)
}}
"""


def normalise_name(name: str) -> str:
    """The form two names are compared in: Unicode NFC, case folded, whitespace collapsed,
    SIPRI's trailing ``*`` (non-state actor) and ``**`` (multinational body) markers dropped,
    its inverted "Korea, South" put back in reading order, and a leading "the" dropped.

    >>> normalise_name(" Korea, South ")
    'south korea'
    >>> normalise_name("NATO**"), normalise_name("the United  States")
    ('nato', 'united states')
    """
    name = " ".join(unicodedata.normalize("NFC", name).split()).rstrip("*").rstrip()
    if name.count(",") == 1:
        head, tail = (part.strip() for part in name.split(","))
        name = f"{tail} {head}"
    name = " ".join(name.casefold().split())
    return name[4:] if name.startswith("the ") else name


# Words the texts use for many things ("shells": North Korean, South Korean 155 mm and 105 mm, US
# ammunition; "Kim": Kim Jong-un, Kim Yong-hyun, Kim Yoo-chul; "monitoring team": the MSMT and
# Seoul's proposed monitoring group). They never resolve silently, even
# when one entity has them as an alias: the error lists the entities whose names contain them.
GENERIC_NAMES = frozenset(
    {
        "shells",
        "ammunition",
        "missiles",
        "tanks",
        "weapons",
        "howitzers",
        "korea",
        "kim",
        "park",
        "monitoring team",
    }
)


@dataclass
class NameIndex:
    """Lookup table from normalised names to entity IRIs, built once per store.

    >>> from kg.store import open_store
    >>> index = NameIndex.from_store(open_store())
    >>> index.resolve("Seoul") == index.resolve("Korea, South")
    True
    """

    names: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)  # normalised name -> as written, for hints

    @classmethod
    def for_store(cls, store: ox.Store) -> NameIndex:
        """The index of ``store``, reused while the same store is queried again (named queries
        resolve names on every call). Stores are not re-curated in place: the API makes a new
        store for a new build, an as-of view or reasoning, so identity is the check."""
        return derived(store, "names", cls.from_store)

    @classmethod
    def from_store(cls, store: ox.Store) -> NameIndex:
        """Read every label, alias and metonym of the curated and imported entities."""
        index = cls()
        rows = select(store, NAMES)
        iris = {row["entity"] for row in rows}
        for iri in iris:  # the id itself ("ROK", "DPRKRussiaTreatyArt4") is a name too
            if iri.startswith(str(KGR)):
                index._add(iri[len(str(KGR)) :], iri, 0, shown=True)
            index._add(iri, iri, 0)
            index._add(prefixed(iri), iri, 0)
        for row in rows:
            index._add(str(row["name"]), row["entity"], int(row["rank"]), shown=True)
        return index

    def _add(self, name: str, iri: str, rank: int, shown: bool = False) -> None:
        key = normalise_name(name)
        if shown:
            self.display.setdefault(key, name)
        entries = self.names.setdefault(key, [])
        if (rank, iri) not in entries:
            entries.append((rank, iri))

    def resolve(self, name: str) -> str:
        """The IRI an entity name denotes.

        :raises UnknownEntityError: when no entity has the name (with close matches), or
            several have it equally well (with their ids).
        """
        key = normalise_name(name)
        entries = self.names.get(key)
        if key in GENERIC_NAMES:
            word = re.compile(rf"(?<!\w){re.escape(key)}", re.IGNORECASE)
            choices = sorted({iri for k, found in self.names.items() if word.search(k) for _, iri in found})
            options = ", ".join(prefixed(c) for c in choices[:12]) or "none"
            raise UnknownEntityError(f"{name!r} is a generic word; which one? ({options})")
        if not entries:
            close = difflib.get_close_matches(key, list(self.display), n=5, cutoff=0.6)
            hint = f"; did you mean {', '.join(repr(self.display[c]) for c in close)}?" if close else ""
            raise UnknownEntityError(f"no entity is named {name!r}{hint}")
        best = min(rank for rank, _ in entries)
        candidates = sorted({iri for rank, iri in entries if rank == best})
        if len(candidates) > 1:
            options = ", ".join(prefixed(c) for c in candidates)
            raise UnknownEntityError(f"{name!r} names several entities ({options}); use one of their ids")
        return candidates[0]
