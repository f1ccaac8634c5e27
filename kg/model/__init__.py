"""The model's vocabulary, stated once: fact types and their class, each field with its RDF
property and the entity types it accepts, entity classes and their groups, claim statuses
and their groups, transfer kinds, verdicts.

The seed checker, the build, derived edges, the views, the exports, the synthetic
generator and the tests all read this table; ``tests/test_model.py`` ties it to
``ontology/kg.ttl``, ``ontology/shapes.ttl`` and the view styles. IRIs are plain strings
(:mod:`kg.iris`), so the query path reads the model without rdflib; the build makes rdflib
terms of them where it writes triples.

>>> FACT_TYPES["Transfer"].cls
'https://w3id.org/rnku-kg/ontology#Transfer'
>>> FACT_TYPES["Transfer"].fields["supplier"].prop
'https://w3id.org/rnku-kg/ontology#supplier'
>>> "alleged" in MOVED and "alleged" not in ASSERTED
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.iris import KG, RDFS
from kg.model.terms import (
    AGENT_TYPES,
    ASSERTED,
    CLASS_ORDER,
    ENTITY_TYPES,
    INFRASTRUCTURE_CLASSES,
    INSTRUMENT_TYPES,
    ITEM_TYPES,
    MOVED,
    OPINION,
    PLACE_TYPES,
    QUANTITY_QUALIFIERS,
    STATUSES,
    TRANSFER_KINDS,
    VERDICTS,
    status_iri,
)

__all__ = [
    "AGENT_TYPES",
    "ASSERTED",
    "BINARY_FACT_TYPES",
    "CLASS_ORDER",
    "COMMON_FIELDS",
    "ENTITY_FIELDS",
    "ENTITY_TYPES",
    "FACT_TYPES",
    "INFRASTRUCTURE_CLASSES",
    "INSTRUMENT_TYPES",
    "ITEM_TYPES",
    "MOVED",
    "OBJECT_PREDICATES",
    "OPINION",
    "QUANTITY_QUALIFIERS",
    "RELATION_PREDICATES",
    "ROLE_PROPERTIES",
    "SOURCE_FIELDS",
    "STATUSES",
    "TRANSFER_KINDS",
    "VALUE_PREDICATES",
    "VERDICTS",
    "FactType",
    "FieldSpec",
    "status_iri",
]

# ------------------------------------------------------------------ fact types


@dataclass(frozen=True)
class FieldSpec:
    """What a fact field holds and the RDF property it becomes.

    ``kind`` is one of: entity, entities, text, number, choice, date, quote, fact, event.
    A number field is finite and within ``minimum``..``maximum`` (the shapes' bounds); an
    ``integer`` one (a count) is a whole number and becomes ``xsd:integer``, any other
    ``xsd:decimal``.
    A choice field with ``concepts`` becomes the concept IRI of its word; without, a literal.
    ``prop`` is ``None`` for fields the build writes by a rule of its own (id, type, quote,
    date, relation parts, fact references).
    """

    kind: str
    required: bool = False
    entity_types: frozenset[str] | None = None
    choices: tuple[str, ...] = ()
    prop: str | None = None
    concepts: dict[str, str] | None = None
    minimum: int | None = None
    maximum: int | None = None
    integer: bool = False


def _entity(prop: str, *types: frozenset[str], required: bool = False) -> FieldSpec:
    allowed = frozenset().union(*types) if types else None
    return FieldSpec("entity", required, allowed, prop=prop)


def _entities(prop: str, *types: frozenset[str], required: bool = False) -> FieldSpec:
    allowed = frozenset().union(*types) if types else None
    return FieldSpec("entities", required, allowed, prop=prop)


def _text(prop: str | None, required: bool = False) -> FieldSpec:
    return FieldSpec("text", required, prop=prop)


def _number(prop: str, minimum: int | None = 0, maximum: int | None = None) -> FieldSpec:
    return FieldSpec("number", prop=prop, minimum=minimum, maximum=maximum)


def _count(prop: str) -> FieldSpec:
    return FieldSpec("number", prop=prop, minimum=0, integer=True)


def _choice(
    prop: str | None,
    choices: tuple[str, ...] | dict[str, str],
    required: bool = False,
) -> FieldSpec:
    if isinstance(choices, dict):
        return FieldSpec("choice", required, choices=tuple(choices), prop=prop, concepts=choices)
    return FieldSpec("choice", required, choices=choices, prop=prop)


OBJECT_PREDICATES = (
    "memberOf",
    "allyOf",
    "partnerOf",
    "partOf",
    "refersTo",
    "partyTo",
    "opposes",
    "supports",
    "threatens",
    "posesThreatTo",
    "condemns",
    "recognises",
    "violates",
    "produces",
    "possesses",
    "comparableTo",
    "counters",
    "holdsPolicy",
    "locatedIn",
    "drawnBy",
    "concernsTechnology",
    "designatesUnfriendly",
)
VALUE_PREDICATES = ("provisionText", "condition", "consequence", "policyText")
RELATION_PREDICATES = OBJECT_PREDICATES + VALUE_PREDICATES

QUANTITY_FIELDS: dict[str, FieldSpec] = {
    "quantity": _number(KG.quantity),
    "quantity_qualifier": _choice(KG.quantityQualifier, QUANTITY_QUALIFIERS),
}

COMMON_FIELDS: dict[str, FieldSpec] = {
    "id": FieldSpec("text", required=True),
    "type": FieldSpec("text", required=True),
    "quote": FieldSpec("quote", required=True),
    "status": _choice(KG.status, {s: KG[s] for s in STATUSES}),
    # Who SAYS it (a Statement's speaker is its claimant; the build writes it). Who DOES it is a
    # role field of the type (supplier, actor, imposed_by...), who ASKS is ``requested_by``.
    "claimant": _entity(KG.claimant, AGENT_TYPES),
    "requested_by": _entities(KG.requestedBy, AGENT_TYPES),
    "date": FieldSpec("date"),
    "date_note": _text(KG.dateNote),
    "disputes": FieldSpec("fact", prop=KG.disputes),
    # The real-world event (or transfer) this claim attests, shared by every source that tells it.
    "event": FieldSpec("event", prop=KG.attests),
    # A number the fact is about (the 3.4 million shells in stock, the 70 % growth): its value,
    # how exact it is and what it counts (the item of a Transfer or Deployment; otherwise ``unit``).
    **QUANTITY_FIELDS,
    "unit": _text(KG.unit),
    # A curator's note: never the only place of a fact or a number (tests/test_content.py).
    "note": _text(RDFS + "comment"),
    "summary": _text(KG.summary),
}


@dataclass(frozen=True)
class FactType:
    """A kind of fact: the class of its claim nodes, its own fields, and whether a view draws it
    as one edge between two entities (``binary``) or as a node with an edge per role."""

    name: str
    cls: str
    fields: dict[str, FieldSpec]
    binary: bool = False
    all_fields: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "all_fields", {**COMMON_FIELDS, **self.fields})


def _fact_types(*types: FactType) -> dict[str, FactType]:
    return {t.name: t for t in types}


FACT_TYPES: dict[str, FactType] = _fact_types(
    FactType(
        "Transfer",
        KG.Transfer,
        {
            "supplier": _entity(KG.supplier, AGENT_TYPES, required=True),
            "recipient": _entity(KG.recipient, AGENT_TYPES, required=True),
            "item": _entity(KG.item, ITEM_TYPES, required=True),
            "kind": _choice(KG.transferKind, TRANSFER_KINDS),
            **QUANTITY_FIELDS,
            "value_usd": _number(KG.valueUSD),
            "end_user": _entity(KG.endUser, AGENT_TYPES),
            "integrated_into": _entity(KG.integratedInto, frozenset({"WeaponSystem"})),
            "backfills": FieldSpec("fact", prop=KG.backfills),
            # The other half of an exchange (weapons for food, technology for troops): a Transfer
            # or Deployment this one is given in return for.
            "in_exchange_for": FieldSpec("fact", prop=KG.inExchangeFor),
        },
        binary=True,
    ),
    FactType(
        "Deployment",
        KG.Deployment,
        {
            "supplier": _entity(KG.supplier, AGENT_TYPES, required=True),
            "recipient": _entity(KG.recipient, AGENT_TYPES, required=True),
            "item": _entity(KG.item, ITEM_TYPES, required=True),
            **QUANTITY_FIELDS,
            "destination": _entity(KG.destination, PLACE_TYPES),
        },
        binary=True,
    ),
    FactType(
        "Relation",
        KG.RelationClaim,
        {
            "subject": FieldSpec("entity", required=True),
            "predicate": _choice(None, RELATION_PREDICATES, required=True),
            "object": FieldSpec("entity"),
            "value": _text(None),
        },
        binary=True,
    ),
    FactType(
        "Role",
        KG.RoleAssignment,
        {
            "person": _entity(KG.holder, frozenset({"Person"}), required=True),
            "role": _text(KG.roleTitle, required=True),
            "organisation": _entity(KG.organisation, AGENT_TYPES),
        },
    ),
    FactType(
        "Meeting",
        KG.Meeting,
        {
            "participants": _entities(KG.participant, AGENT_TYPES, required=True),
            "chair": _entity(KG.chair, AGENT_TYPES),
            "location": _entity(KG.location, PLACE_TYPES),
            "topic": _text(KG.topic),
            "form": _choice(KG.meetingForm, ("summit", "meeting", "phone-call", "visit")),
        },
    ),
    FactType(
        "Statement",
        KG.Statement,
        {
            "speaker": _entity(KG.speaker, AGENT_TYPES, required=True),
            "about": _entities(KG.about),
        },
    ),
    FactType(
        "Sanction",
        KG.Sanction,
        {
            "imposed_by": _entity(KG.imposedBy, AGENT_TYPES, required=True),
            "targets": _entities(KG.target),
            # The states the designated ships, organisations or people are from, when the states
            # themselves are not targets ("... from Russia, North Korea and other countries").
            "target_nationalities": _entities(KG.targetNationality, frozenset({"State"})),
            "target_description": _text(KG.targetDescription),
            # How many designated targets of each kind (counts, xsd:integer).
            "target_ships": _count(KG.targetShipCount),
            "target_organisations": _count(KG.targetOrganisationCount),
            "target_individuals": _count(KG.targetIndividualCount),
            "reason": _text(KG.reason),
        },
    ),
    FactType(
        "Poll",
        KG.Poll,
        {
            "pollster": _entity(KG.pollster, AGENT_TYPES, required=True),
            "commissioned_by": _entity(KG.commissionedBy, AGENT_TYPES),
            "question": _text(KG.question, required=True),
            "in_favour": _number(KG.percentInFavour, 0, 100),
            "opposed": _number(KG.percentOpposed, 0, 100),
            "undecided": _number(KG.percentUndecided, 0, 100),
            "population": _text(KG.population),
        },
    ),
    FactType(
        "Signing",
        KG.Signing,
        {
            "instrument": _entity(KG.instrument, INSTRUMENT_TYPES, required=True),
            "parties": _entities(KG.signatory, AGENT_TYPES, required=True),
            "location": _entity(KG.location, PLACE_TYPES),
        },
    ),
    FactType(
        "PolicyChange",
        KG.PolicyChange,
        {
            "actor": _entity(KG.actor, AGENT_TYPES, required=True),
            "policy": _entity(KG.policy, frozenset({"Policy"}), required=True),
            "action": _choice(
                KG.policyAction, ("adopt", "maintain", "review", "reconsider", "abandon"), required=True
            ),
        },
    ),
    FactType(
        "RedLineAssessment",
        KG.RedLineAssessment,
        {
            "red_line": _entity(KG.redLine, frozenset({"RedLine"}), required=True),
            "verdict": _choice(KG.verdict, VERDICTS, required=True),
        },
    ),
    FactType(
        "Event",
        KG.Event,
        {
            "participants": _entities(KG.participant, AGENT_TYPES),
            "location": _entity(KG.location, PLACE_TYPES),
            "summary": _text(KG.summary, required=True),
        },
    ),
)

BINARY_FACT_TYPES = frozenset(t.name for t in FACT_TYPES.values() if t.binary)

# The properties by which an n-ary claim (one drawn as a node) names the entities in it.
ROLE_PROPERTIES: tuple[str, ...] = tuple(
    dict.fromkeys(
        spec.prop
        for fact_type in FACT_TYPES.values()
        if not fact_type.binary
        for spec in fact_type.fields.values()
        if spec.kind in ("entity", "entities") and spec.prop is not None
    )
)

ENTITY_FIELDS = (
    "id",
    "type",
    "label",
    "aliases",
    "metonyms",
    "description",
    "wikidata",
    "part_of",
    "broader",
    "related",
    "number",
)
SOURCE_FIELDS = ("id", "file", "title", "publisher", "authors", "date", "date_note", "kind", "url", "sha256")
