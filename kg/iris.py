"""Every IRI and prefix the project uses, defined once, as plain strings: no rdflib.

The query path (``kg query``, ``kg show``, ``kg chains``, ``kg view``, ``kg serve``) reads its IRIs
from here, so answering a query never imports rdflib; :mod:`kg.namespaces` builds the rdflib
namespace objects the build writes with from these same strings.

>>> KG.Transfer
'https://w3id.org/rnku-kg/ontology#Transfer'
>>> entity_iri("ROK")
'https://w3id.org/rnku-kg/id/ROK'
>>> prefixed(KG.Transfer)
'kg:Transfer'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "DCTERMS",
    "FOAF",
    "GRAPH",
    "KG",
    "KGD",
    "KGE",
    "KGF",
    "KGR",
    "OA",
    "ONTOLOGY_IRI",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "WD",
    "XSD",
    "Terms",
    "document_iri",
    "entity_iri",
    "event_iri",
    "fact_iri",
    "local_name",
    "month_iri",
    "prefixed",
]

ONTOLOGY_IRI = "https://w3id.org/rnku-kg/ontology"
KGR = "https://w3id.org/rnku-kg/id/"
# A claim, a source document and an attested event each have a prefix of their own, so that
# every IRI the project prints is a valid SPARQL/Turtle prefixed name (``kgf:f001-x``; the
# ``kgr:fact/f001-x`` form is not, a slash may not stand unescaped in a local name). The more
# specific namespaces come first in PREFIXES: :func:`prefixed` uses the first that fits.
KGF = KGR + "fact/"
KGD = KGR + "source/"
KGE = KGR + "event/"
OA = "http://www.w3.org/ns/oa#"
WD = "http://www.wikidata.org/entity/"
# The standard vocabularies (rdflib's own namespace objects in kg.namespaces must agree:
# tests/test_namespaces.py checks it).
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"


class Terms(type):
    """Metaclass of a closed vocabulary: each annotated name is a term, ``Class.name`` and
    ``Class["name"]`` give its IRI, and a misspelt term raises AttributeError (or KeyError)."""

    _NS: str

    def __getattr__(cls, name: str) -> str:
        if not name.startswith("_") and name in cls.__annotations__:
            return cls._NS + name
        raise AttributeError(f"term {name!r} not in namespace {cls._NS!r}")

    def __getitem__(cls, name: str) -> str:
        if name not in cls.__annotations__:
            raise KeyError(f"term {name!r} not in namespace {cls._NS!r}")
        return cls._NS + name

    def __contains__(cls, item: Any) -> bool:
        name = str(item).removeprefix(cls._NS)
        return not name.startswith("_") and name in cls.__annotations__

    def __str__(cls) -> str:
        return cls._NS

    def terms(cls) -> list[str]:
        """The names of the vocabulary's terms, in the order they are declared."""
        return [name for name in cls.__annotations__ if not name.startswith("_")]


class KG(metaclass=Terms):
    """The project ontology (``ontology/kg.ttl``); a misspelt term raises AttributeError."""

    _NS = ONTOLOGY_IRI + "#"

    Agent: str  # Anything that acts or speaks: a state, organisation or person.
    ArmedForces: str  # A state's armed forces or one of their units.
    AttestedEvent: (
        str  # One real-world event or transfer that one or more claims attest, one claim per source.
    )
    Claim: str  # What a source document states, with status, claimant, date and the quote that evidences it. Every fact in the graph is a claim.
    ClaimStatus: str  # How a source presents a claim.
    Company: str  # A commercial company, such as a defence manufacturer.
    Concept: str  # A value from one of the ontology's controlled lists (status, transfer kind, verdict, date precision).
    DatePrecisions: str  # How precise a date is.
    Declaration: str  # A joint declaration without treaty status.
    Deployment: str  # Troops sent by one state to another's territory or war.
    Event: str  # A dated happening, as claimed by a source.
    GovernmentAgency: str  # An office, ministry, council or service of a state's government.
    InternationalOrganisation: str  # An organisation of states (UN, NATO, EU) or one of its organs.
    Item: str  # Anything that can be transferred: weapons, technology, supplies, troops.
    Law: str  # A domestic law, act or constitution.
    LegalInstrument: str  # A treaty, law, resolution or declaration.
    MediaOrganisation: str  # A newspaper, news agency or broadcaster.
    Meeting: str  # A summit, meeting, visit or telephone call.
    MilitaryPersonnel: str  # Troops as something one state sends to another.
    Month: (
        str  # A calendar month of the derived month index (kgr:month/2024-06), with its first and last day.
    )
    NonLethalItem: str  # Non-lethal military or humanitarian supplies (helmets, vests, gas masks).
    Organisation: str  # An organised body: agency, alliance, company, institute, media outlet.
    Party: str  # A political party.
    Person: str  # A named human being.
    Place: str  # A city, region or building where something happens.
    Policy: (
        str  # A standing policy of a government, such as not supplying lethal weapons to countries at war.
    )
    PolicyChange: str  # An agent adopting, maintaining, reviewing, reconsidering or abandoning a policy.
    Poll: str  # An opinion poll with its shares in favour, opposed and undecided.
    Provision: str  # A numbered article of a legal instrument.
    RedLine: str  # A threshold an agent declares; crossing it is to change the agent's behaviour.
    RedLineAssessment: str  # A judgement, by the claimant, of whether a red line has been crossed.
    RelationClaim: str  # A claimed binary relation, reified with rdf:subject, rdf:predicate and rdf:object.
    ResearchInstitute: str  # A think tank, university or research institute.
    Resolution: (
        str  # A resolution of an international body, such as UN Security Council sanctions resolutions.
    )
    RoleAssignment: str  # A person holding a titled role, optionally in an organisation.
    Sanction: str  # Sanctions imposed by an agent on targets.
    Signing: str  # The signing of a legal instrument by its parties.
    SourceDocument: str  # A text the graph is built from; every claim is derived from one.
    State: str  # A sovereign state. Its capital is a metonym for its government (Seoul, Pyongyang).
    Statement: str  # Something an agent said; the quote is its content.
    Technology: str  # Military know-how, such as ICBM re-entry or nuclear submarine technology.
    Transfer: str  # An n-ary record of an item passing (or meant to pass) from supplier to recipient: delivered, sold with an end-user condition, supplied as components, backfilling stocks, requested or refused.
    TransferKinds: str  # Routes by which items pass between agents.
    Treaty: str  # An agreement between states, including charters.
    Verdicts: str  # Whether a red line has been crossed.
    WeaponSystem: str  # A weapon, munition type or major component of one.
    about: str  # What a statement concerns.
    actor: str  # Who changes (or keeps) a policy.
    alleged: str  # An accusation by the claimant.
    allyOf: str  # A military or political alliance between agents.
    articleNumber: str  # The number of a provision within its instrument.
    assessed: str  # An analyst's or interviewee's judgement of what is so: never a plain triple.
    attestationCount: str  # How many claims attest the event.
    attests: str  # The real-world event (or transfer) this claim is one source's account of.
    backfill: str  # Replaces stocks the recipient sent on to a third party.
    backfills: str  # The transfer whose depleted stocks this transfer replaces.
    chair: str  # Who chaired a meeting.
    characterCount: (
        str  # Length of the decoded text in Unicode code points (the unit of oa:start and oa:end).
    )
    claimant: str  # Who makes the claim (who says it), when the source attributes it; a statement's speaker. Absent: the source document's own voice.
    commissionedBy: str  # On whose behalf a poll was conducted.
    comparableTo: str  # Two items are equivalent in role or resemble each other.
    component: str  # Parts built into another state's weapon system.
    concernsTechnology: str  # A technology whose transfer a red line names.
    condemns: str  # An agent condemns an agent or act.
    condition: str  # What would cross a red line.
    confirmed: str  # An authority or the source confirms it.
    consequence: str  # What crossing a red line is to bring about.
    considered: str  # Under consideration or a possibility raised.
    counters: str  # An item is a means to counter another.
    crossed: str  # The red line has been crossed.
    date: str  # When it happened, as xsd:date, xsd:gYearMonth or xsd:gYear: the datatype is the precision.
    dateNote: str  # How a relative or inferred date was resolved against the document date.
    datePrecision: str  # Day, month or year: how precise kg:date (or a document's dcterms:issued) is.
    day: str  # Known to the day.
    denied: str  # The claimant denies it.
    designatesUnfriendly: str  # A state puts another on its list of unfriendly states.
    destination: str  # Where deployed troops are sent.
    direct: str  # Supplier to recipient, no condition stated.
    disputes: str  # This claim contradicts another (a denial disputes an allegation).
    documentKind: str  # news-article, interview, wire-story, policy-analysis.
    domainIncludes: str  # A class whose instances may be the subject of the property; entails nothing, checked by the build.
    drawnBy: str  # Who declared a red line.
    earliestDate: str  # First day the imprecise date may denote; compare dates of mixed precision with this.
    endUser: str  # The final end-user the sale is conditioned on.
    endUserSale: str  # Sold on condition that the buyer (or a named party) is the final end-user.
    eventClass: str  # The claim class of the event's attestations.
    evidence: str  # A Web Annotation whose target is the verbatim quote that states the claim.
    feeds: str  # Derived: transfer A feeds transfer B when A (moved) is tied to B (moved) by backfill, component or end-user and A's recipient is B's supplier; kg:feeds+ follows chains.
    fileName: (
        str  # Path of the document's stored copy, relative to the project folder (seeds/texts/…, imports/…).
    )
    hasProvision: str  # An instrument's article.
    holder: str  # The person who holds the role.
    holdsPolicy: str  # An agent maintains a policy.
    imposedBy: str  # Who imposes a sanction.
    instrument: str  # The legal instrument signed.
    inExchangeFor: str  # The other half of an exchange: the transfer this one is given in return for.
    integratedInto: str  # The weapon system the supplied components are built into.
    inMonth: str  # Derived: the month of a dated claim's earliest date (timeline's month index).
    item: str  # What is transferred.
    latestDate: str  # Last day the imprecise date may denote.
    locatedIn: str  # Where something is.
    location: str  # Where an event took place.
    meetingForm: str  # summit, meeting, phone-call or visit.
    memberOf: str  # Membership of an organisation or alliance.
    month: str  # Known to the month.
    notCrossed: str  # The red line has not been crossed.
    opposes: str  # An agent opposes an agent, policy or course of action.
    organisation: str  # Where the role is held.
    partOf: str  # A provision of an instrument, a unit of a body, a place in a region.
    participant: str  # An agent taking part in an event.
    partnerOf: str  # Cooperation short of alliance.
    partyTo: str  # An agent is party to (or committed to) a legal instrument.
    percentInFavour: str  # Share of respondents in favour, in percent.
    percentOpposed: str  # Share of respondents opposed, in percent.
    percentUndecided: str  # Share who did not know or refused to answer, in percent.
    planned: str  # Announced as intended.
    policy: str  # The policy concerned.
    policyAction: str  # adopt, maintain, review, reconsider or abandon.
    policyText: str  # What a policy says, as a source states it.
    pollster: str  # Who conducted a poll.
    population: str  # Who was polled.
    posesThreatTo: str  # A judgement that an agent, alliance or instrument endangers another; not a threat made (kg:threatens).
    possesses: str  # An agent holds stocks of an item.
    produces: str  # An agent manufactures an item.
    provisionText: str  # Text of (part of) a provision, as quoted by a source.
    quantity: str  # A number the claim is about: items or soldiers moved (a transfer), or what kg:unit says (shells in stock, percent growth, types of goods).
    quantityQualifier: str  # How exact kg:quantity is: approximately, more-than, at-least, up-to.
    question: str  # What the poll asked, as the source reports it.
    quote: str  # Shortcut to the exact text of the claim's first evidence (oa:exact of evidence/1), written by the build so queries need not walk the annotation; the annotation, with its offsets, remains the evidence.
    rangeIncludes: str  # A class whose instances may be the object of the property; entails nothing, checked by the build.
    reason: str  # Why a sanction was imposed.
    recipient: str  # Who receives the item (for a sale with an end-user condition: the buyer).
    recognises: str  # Diplomatic recognition of a territory's status.
    redLine: str  # The red line assessed.
    refersTo: str  # A provision, instrument or policy cites an instrument or provision: a cross-reference (Article 4 refers to UN Charter Article 51) or the law a policy rests on. An agent citing a provision is a kg:Statement, not this.
    refused: str  # Refused or blocked.
    reported: str  # The source states it as fact.
    requested: str  # Asked for by the recipient or a third party.
    requestedBy: str  # Who asks for it (a claim with status requested): the US and the EU pressing Seoul.
    roleTitle: str  # The title as the source gives it.
    sha256: str  # Hex digest of the text's bytes; quote offsets are valid for exactly these bytes.
    signatory: str  # A party signing the instrument.
    sourceCount: str  # How many source documents attest the event (corroboration).
    speaker: str  # Who made a statement.
    speculated: str  # A possibility the source raises or an inference about what may have happened (might, could, must have): never a plain triple or supply edge.
    status: str  # How the source presents the claim: reported, confirmed, alleged, denied, planned, considered, requested, refused, speculated, assessed.
    summary: str  # A curator's short paraphrase; the quote remains the evidence.
    supplier: str  # Who gives, sells or sends the item.
    suppliesTo: str  # Derived at build time from transfers that are reported, confirmed or alleged: supplier to recipient. Kept in its own named graph for fast chain queries; the transfer stays the n-ary record.
    supports: str  # An agent supports another agent or a cause.
    target: str  # Who a sanction targets.
    targetDescription: str  # Targets as the source describes them (e.g. four ships, five organisations).
    targetIndividualCount: str  # How many individuals a sanction designates.
    targetNationality: str  # A state whose ships, organisations or people a sanction designates, when the state itself is not a target.
    targetOrganisationCount: str  # How many organisations a sanction designates.
    targetShipCount: str  # How many ships a sanction designates.
    threatens: str  # An agent threatens another with consequences.
    topic: str  # What a meeting was about.
    transferKind: str  # Direct transfer, end-user sale, component supply or backfill of stocks.
    undetermined: str  # Whether it has been crossed is open.
    unit: str  # What kg:quantity counts when it is not the claim's item: '105 mm shells', 'percent', 'types of goods'.
    valueUSD: str  # Contract or aid value in US dollars.
    verdict: str  # Crossed, not crossed or undetermined.
    violates: str  # An agent acts against a legal instrument.
    year: str  # Known to the year.
    # Imported arms-transfer registers (SIPRI).
    deliveryYear: str  # A year in which items of the order were delivered; one value per year.
    itemCondition: str  # Whether the items were new or second hand, as the register's status column gives it.
    numberDelivered: str  # How many of the items ordered have been delivered, as the register gives it.
    numberDeliveredUncertain: (
        str  # True when the register marks the number delivered as uncertain (SIPRI's '?').
    )
    numberOrdered: str  # How many items were ordered, as an arms-transfer register gives it.
    numberOrderedUncertain: str  # True when the register marks the number ordered as uncertain (SIPRI's '?').
    rowNumber: str  # Line (1-based) of the imported file on which the claim's row starts.
    tivDelivered: str  # SIPRI trend-indicator value of the items delivered so far, in millions.
    tivPerUnit: str  # SIPRI trend-indicator value of one item, in millions.
    tivTotalOrder: str  # SIPRI trend-indicator value of the whole order, in millions.
    via: str  # A third agent the items pass through, as a register's comments name it.
    yearOfOrder: str  # The year the order or licence was agreed.
    yearOfOrderUncertain: str  # True when the register marks the year of order as uncertain (SIPRI's '?').


class GRAPH:
    """Named graphs of the built dataset."""

    ONTOLOGY = KGR + "graph/ontology"
    ENTITIES = KGR + "graph/entities"
    DOCUMENTS = KGR + "graph/documents"
    DERIVED = KGR + "graph/derived"
    EVENTS = KGR + "graph/events"  # the real-world events claims attest (kg:attests), once each
    # Plain triples the documents state as fact (kg.build.attribution), each once whichever
    # documents state it; the per-document provenance stays on the relation claims.
    ASSERTED = KGR + "graph/asserted"
    INFERRED = KGR + "graph/inferred"  # OWL-RL entailments, only when reasoning is asked for

    @staticmethod
    def source(source_id: str) -> str:
        """Named graph holding the claims of one source document."""
        return KGR + f"graph/source/{source_id}"

    @staticmethod
    def imported(name: str) -> str:
        """Named graph holding one import (``imports/<name>.ttl``).

        >>> GRAPH.imported("trade-register")
        'https://w3id.org/rnku-kg/id/graph/import/trade-register'
        """
        return KGR + f"graph/import/{name}"


PREFIXES: dict[str, str] = {
    "kg": KG._NS,
    "kgf": KGF,
    "kgd": KGD,
    "kge": KGE,
    "kgr": KGR,
    "oa": OA,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}


def entity_iri(entity_id: str) -> str:
    """IRI of a curated entity.

    >>> entity_iri("DPRK")
    'https://w3id.org/rnku-kg/id/DPRK'
    """
    return KGR + entity_id


def fact_iri(fact_id: str) -> str:
    """IRI of a curated fact (a claim node)."""
    return KGF + fact_id


def document_iri(source_id: str) -> str:
    """IRI of a source document."""
    return KGD + source_id


def event_iri(event_id: str) -> str:
    """IRI of a real-world event that one or more claims attest (``kg:attests``)."""
    return KGE + event_id


def month_iri(month: str) -> str:
    """IRI of a calendar month of the derived month index (``kg:Month``).

    >>> month_iri("2024-06")
    'https://w3id.org/rnku-kg/id/month/2024-06'
    """
    return KGR + f"month/{month}"


def local_name(iri: str) -> str:
    """The last part of an IRI, after its final ``#`` or ``/``.

    >>> local_name("https://w3id.org/rnku-kg/ontology#Transfer"), local_name("https://w3id.org/rnku-kg/id/ROK")
    ('Transfer', 'ROK')
    """
    return re.split(r"[#/]", str(iri))[-1]


# A SPARQL 1.1 / Turtle local name (PN_LOCAL) without escapes: no slash, no final dot.
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_:](?:[A-Za-z0-9_.:\-]*[A-Za-z0-9_:\-])?")


def prefixed(iri: str) -> str:
    """Shorten an IRI with the project's prefixes, for display, so that the printed form can be
    pasted back into a query: a prefixed name when one parses, else the IRI in ``<...>``.

    >>> prefixed("https://w3id.org/rnku-kg/ontology#Transfer")
    'kg:Transfer'
    >>> prefixed("https://w3id.org/rnku-kg/id/fact/f001-x")
    'kgf:f001-x'
    >>> prefixed("https://w3id.org/rnku-kg/id/fact/f001-x/evidence/1")
    '<https://w3id.org/rnku-kg/id/fact/f001-x/evidence/1>'
    >>> prefixed("urn:x")
    'urn:x'
    """
    ours = False
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            ours = True
            if _LOCAL_NAME.fullmatch(iri[len(base) :]):
                return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>" if ours else iri
