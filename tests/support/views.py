"""Helpers for the view tests (an ordinary module, imported as ``support.views``): counts computed
independently of kg.network and kg.views, a hostile test dataset, and reading the data a generated
page carries."""

from __future__ import annotations

import json
import re
from typing import Any

import pyoxigraph as ox

from kg.model import FACT_TYPES, ROLE_PROPERTIES
from kg.namespaces import PREFIXES
from kg.store import select

# Counted straight from the model, without kg.network or kg.views: entity nodes are whatever a claim
# points at in an entity role; n-ary claims are nodes themselves; edges are transfers, relations with
# an entity object, and one per entity an n-ary claim names.
ROLE_PATH = "|".join(f"<{prop}>" for prop in ROLE_PROPERTIES)
NARY = " ".join(f"<{t.cls}>" for t in FACT_TYPES.values() if not t.binary)

NODE_COUNT = f"""
SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {{
  {{ VALUES ?class {{ {NARY} }} ?n a ?class }}
  UNION {{ ?c kg:supplier|kg:recipient ?n }}
  UNION {{ ?c a kg:RelationClaim ; rdf:subject ?n }}
  UNION {{ ?c a kg:RelationClaim ; rdf:object ?n FILTER(isIRI(?n)) }}
  UNION {{ VALUES ?class {{ {NARY} }} ?c a ?class ; {ROLE_PATH} ?n FILTER(isIRI(?n))
          FILTER NOT EXISTS {{ ?n a kg:Concept }} }}
  UNION {{ ?c a kg:RedLineAssessment ; kg:claimant ?n }}
}}
"""

EDGE_COUNT = f"""
SELECT (SUM(?k) AS ?count) WHERE {{
  {{ SELECT (COUNT(*) AS ?k) WHERE {{ ?c kg:supplier ?s ; kg:recipient ?r ; a kg:Claim }} }}
  UNION {{ SELECT (COUNT(*) AS ?k) WHERE {{ ?c a kg:RelationClaim ; rdf:object ?o FILTER(isIRI(?o)) }} }}
  UNION {{ SELECT (COUNT(*) AS ?k) WHERE {{ VALUES ?class {{ {NARY} }} ?c a ?class ; ?p ?n .
          VALUES ?p {{ {ROLE_PATH.replace("|", " ")} }}
          FILTER(isIRI(?n)) FILTER NOT EXISTS {{ ?n a kg:Concept }} }} }}
  UNION {{ SELECT (COUNT(*) AS ?k) WHERE {{ ?c a kg:RedLineAssessment ; kg:claimant ?n }} }}
}}
"""

XSS = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"

# Two states and one transfer whose labels and quote carry markup that must stay text.
HOSTILE_TURTLE = (
    "\n".join(f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items())
    + f"""
kgr:Evil a kg:State ; rdfs:label "Evil {XSS} state" .
kgr:Other a kg:State ; rdfs:label "Other {SCRIPT} state" .
<{PREFIXES["kgr"]}source/x> a kg:SourceDocument ; dcterms:title "Title {SCRIPT}" ;
    dcterms:publisher kgr:Other .
<{PREFIXES["kgr"]}fact/x> a kg:Claim, kg:Transfer ; rdfs:label "Transfer {XSS}" ;
    kg:supplier kgr:Evil ; kg:recipient kgr:Other ; kg:status kg:reported ;
    kg:date "2024-01-02"^^xsd:date ;
    kg:earliestDate "2024-01-02"^^xsd:date ; kg:latestDate "2024-01-02"^^xsd:date ;
    prov:wasDerivedFrom <{PREFIXES["kgr"]}source/x> ; kg:evidence <{PREFIXES["kgr"]}fact/x/ev> .
<{PREFIXES["kgr"]}fact/x/ev> oa:hasTarget <{PREFIXES["kgr"]}fact/x/ev/t> .
<{PREFIXES["kgr"]}fact/x/ev/t> oa:hasSelector <{PREFIXES["kgr"]}fact/x/ev/q> .
<{PREFIXES["kgr"]}fact/x/ev/q> oa:exact "They said {XSS} and {SCRIPT} in one breath." .
"""
)


def hostile_store() -> ox.Store:
    """A store whose only labels and quote carry an image-onerror probe and a script element."""
    store = ox.Store()
    store.load(HOSTILE_TURTLE, format=ox.RdfFormat.TURTLE)
    return store


def count(store: ox.Store, query: str) -> int:
    """The single number a COUNT/SUM query returns."""
    return int(select(store, query)[0]["count"])


def page_data(page: str) -> dict[str, Any]:
    """The JSON a generated page carries in its kg-data script element."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "no kg-data block"
    return json.loads(match.group(1))


def script_blocks(page: str) -> list[str]:
    """Contents of every <script> element without attributes (the vendored library and ours)."""
    return re.findall(r"<script>(.*?)</script>", page, re.S)
