"""Every IRI and prefix the project uses, defined once.

>>> from kg.namespaces import KG, KGR
>>> KG.Transfer
rdflib.term.URIRef('https://w3id.org/rnku-kg/ontology#Transfer')
>>> KGR["ROK"]
rdflib.term.URIRef('https://w3id.org/rnku-kg/id/ROK')
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

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
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "WD",
    "XSD",
    "document_iri",
    "entity_iri",
    "event_iri",
    "fact_iri",
    "local_name",
    "month_iri",
    "prefixed",
]

ONTOLOGY_IRI = "https://w3id.org/rnku-kg/ontology"
KGR = Namespace("https://w3id.org/rnku-kg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")


class KG(DefinedNamespace):
    """The project ontology (``ontology/kg.ttl``); a misspelt term raises AttributeError."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    Agent: URIRef  # Anything that acts or speaks: a state, organisation or person.
    ArmedForces: URIRef  # A state's armed forces or one of their units.
    AttestedEvent: (
        URIRef  # One real-world event or transfer that one or more claims attest, one claim per source.
    )
    Claim: URIRef  # What a source document states, with status, claimant, date and the quote that evidences it. Every fact in the graph is a claim.
    ClaimStatus: URIRef  # How a source presents a claim.
    Company: URIRef  # A commercial company, such as a defence manufacturer.
    Concept: URIRef  # A value from one of the ontology's controlled lists (status, transfer kind, verdict, date precision).
    DatePrecisions: URIRef  # How precise a date is.
    Declaration: URIRef  # A joint declaration without treaty status.
    Deployment: URIRef  # Troops sent by one state to another's territory or war.
    Event: URIRef  # A dated happening, as claimed by a source.
    GovernmentAgency: URIRef  # An office, ministry, council or service of a state's government.
    InternationalOrganisation: URIRef  # An organisation of states (UN, NATO, EU) or one of its organs.
    Item: URIRef  # Anything that can be transferred: weapons, technology, supplies, troops.
    Law: URIRef  # A domestic law, act or constitution.
    LegalInstrument: URIRef  # A treaty, law, resolution or declaration.
    MediaOrganisation: URIRef  # A newspaper, news agency or broadcaster.
    Meeting: URIRef  # A summit, meeting, visit or telephone call.
    Month: URIRef  # A calendar month of the derived month index (kgr:month/2024-06), with its first and last day.
    MilitaryPersonnel: URIRef  # Troops as something one state sends to another.
    NonLethalItem: URIRef  # Non-lethal military or humanitarian supplies (helmets, vests, gas masks).
    Organisation: URIRef  # An organised body: agency, alliance, company, institute, media outlet.
    Party: URIRef  # A political party.
    Person: URIRef  # A named human being.
    Place: URIRef  # A city, region or building where something happens.
    Policy: (
        URIRef  # A standing policy of a government, such as not supplying lethal weapons to countries at war.
    )
    PolicyChange: URIRef  # An agent adopting, maintaining, reviewing, reconsidering or abandoning a policy.
    Poll: URIRef  # An opinion poll with its shares in favour, opposed and undecided.
    Provision: URIRef  # A numbered article of a legal instrument.
    RedLine: URIRef  # A threshold an agent declares; crossing it is to change the agent's behaviour.
    RedLineAssessment: URIRef  # A judgement, by the claimant, of whether a red line has been crossed.
    RelationClaim: (
        URIRef  # A claimed binary relation, reified with rdf:subject, rdf:predicate and rdf:object.
    )
    ResearchInstitute: URIRef  # A think tank, university or research institute.
    Resolution: (
        URIRef  # A resolution of an international body, such as UN Security Council sanctions resolutions.
    )
    RoleAssignment: URIRef  # A person holding a titled role, optionally in an organisation.
    Sanction: URIRef  # Sanctions imposed by an agent on targets.
    Signing: URIRef  # The signing of a legal instrument by its parties.
    SourceDocument: URIRef  # A text the graph is built from; every claim is derived from one.
    State: URIRef  # A sovereign state. Its capital is a metonym for its government (Seoul, Pyongyang).
    Statement: URIRef  # Something an agent said; the quote is its content.
    Technology: URIRef  # Military know-how, such as ICBM re-entry or nuclear submarine technology.
    Transfer: URIRef  # An n-ary record of an item passing (or meant to pass) from supplier to recipient: delivered, sold with an end-user condition, supplied as components, backfilling stocks, requested or refused.
    TransferKinds: URIRef  # Routes by which items pass between agents.
    Treaty: URIRef  # An agreement between states, including charters.
    Verdicts: URIRef  # Whether a red line has been crossed.
    WeaponSystem: URIRef  # A weapon, munition type or major component of one.
    about: URIRef  # What a statement concerns.
    actor: URIRef  # Who changes (or keeps) a policy.
    alleged: URIRef  # An accusation by the claimant.
    allyOf: URIRef  # A military or political alliance between agents.
    articleNumber: URIRef  # The number of a provision within its instrument.
    assessed: URIRef  # An analyst's or interviewee's judgement of what is so: never a plain triple.
    attestationCount: URIRef  # How many claims attest the event.
    attests: URIRef  # The real-world event (or transfer) this claim is one source's account of.
    backfill: URIRef  # Replaces stocks the recipient sent on to a third party.
    backfills: URIRef  # The transfer whose depleted stocks this transfer replaces.
    chair: URIRef  # Who chaired a meeting.
    characterCount: (
        URIRef  # Length of the decoded text in Unicode code points (the unit of oa:start and oa:end).
    )
    claimant: URIRef  # Who makes the claim (who says it), when the source attributes it; a statement's speaker. Absent: the source document's own voice.
    commissionedBy: URIRef  # On whose behalf a poll was conducted.
    comparableTo: URIRef  # Two items are equivalent in role or resemble each other.
    component: URIRef  # Parts built into another state's weapon system.
    concernsTechnology: URIRef  # A technology whose transfer a red line names.
    condemns: URIRef  # An agent condemns an agent or act.
    condition: URIRef  # What would cross a red line.
    confirmed: URIRef  # An authority or the source confirms it.
    consequence: URIRef  # What crossing a red line is to bring about.
    considered: URIRef  # Under consideration or a possibility raised.
    counters: URIRef  # An item is a means to counter another.
    crossed: URIRef  # The red line has been crossed.
    date: URIRef  # When it happened, as xsd:date, xsd:gYearMonth or xsd:gYear: the datatype is the precision.
    dateNote: URIRef  # How a relative or inferred date was resolved against the document date.
    datePrecision: URIRef  # Day, month or year: how precise kg:date (or a document's dcterms:issued) is.
    day: URIRef  # Known to the day.
    denied: URIRef  # The claimant denies it.
    designatesUnfriendly: URIRef  # A state puts another on its list of unfriendly states.
    destination: URIRef  # Where deployed troops are sent.
    direct: URIRef  # Supplier to recipient, no condition stated.
    disputes: URIRef  # This claim contradicts another (a denial disputes an allegation).
    documentKind: URIRef  # news-article, interview, wire-story, policy-analysis.
    domainIncludes: URIRef  # A class whose instances may be the subject of the property; entails nothing, checked by the build.
    drawnBy: URIRef  # Who declared a red line.
    earliestDate: (
        URIRef  # First day the imprecise date may denote; compare dates of mixed precision with this.
    )
    endUser: URIRef  # The final end-user the sale is conditioned on.
    endUserSale: URIRef  # Sold on condition that the buyer (or a named party) is the final end-user.
    eventClass: URIRef  # The claim class of the event's attestations.
    evidence: URIRef  # A Web Annotation whose target is the verbatim quote that states the claim.
    feeds: URIRef  # Derived: transfer A feeds transfer B when A (moved) is tied to B (moved) by backfill, component or end-user and A's recipient is B's supplier; kg:feeds+ follows chains.
    fileName: URIRef  # Path of the document's stored copy, relative to the project folder (seeds/texts/…, imports/…).
    hasProvision: URIRef  # An instrument's article.
    holder: URIRef  # The person who holds the role.
    holdsPolicy: URIRef  # An agent maintains a policy.
    imposedBy: URIRef  # Who imposes a sanction.
    inExchangeFor: URIRef  # The other half of an exchange: the transfer this one is given in return for.
    instrument: URIRef  # The legal instrument signed.
    integratedInto: URIRef  # The weapon system the supplied components are built into.
    inMonth: URIRef  # Derived: the month of a dated claim's earliest date (timeline's month index).
    item: URIRef  # What is transferred.
    latestDate: URIRef  # Last day the imprecise date may denote.
    locatedIn: URIRef  # Where something is.
    location: URIRef  # Where an event took place.
    meetingForm: URIRef  # summit, meeting, phone-call or visit.
    memberOf: URIRef  # Membership of an organisation or alliance.
    month: URIRef  # Known to the month.
    notCrossed: URIRef  # The red line has not been crossed.
    opposes: URIRef  # An agent opposes an agent, policy or course of action.
    organisation: URIRef  # Where the role is held.
    partOf: URIRef  # A provision of an instrument, a unit of a body, a place in a region.
    participant: URIRef  # An agent taking part in an event.
    partnerOf: URIRef  # Cooperation short of alliance.
    partyTo: URIRef  # An agent is party to (or committed to) a legal instrument.
    percentInFavour: URIRef  # Share of respondents in favour, in percent.
    percentOpposed: URIRef  # Share of respondents opposed, in percent.
    percentUndecided: URIRef  # Share who did not know or refused to answer, in percent.
    planned: URIRef  # Announced as intended.
    policy: URIRef  # The policy concerned.
    policyAction: URIRef  # adopt, maintain, review, reconsider or abandon.
    policyText: URIRef  # What a policy says, as a source states it.
    pollster: URIRef  # Who conducted a poll.
    population: URIRef  # Who was polled.
    posesThreatTo: URIRef  # A judgement that an agent, alliance or instrument endangers another; not a threat made (kg:threatens).
    possesses: URIRef  # An agent holds stocks of an item.
    produces: URIRef  # An agent manufactures an item.
    provisionText: URIRef  # Text of (part of) a provision, as quoted by a source.
    quantity: URIRef  # A number the claim is about: items or soldiers moved (a transfer), or what kg:unit says (shells in stock, percent growth, types of goods).
    quantityQualifier: URIRef  # How exact kg:quantity is: approximately, more-than, at-least, up-to.
    question: URIRef  # What the poll asked, as the source reports it.
    quote: URIRef  # Shortcut to the exact text of the claim's first evidence (oa:exact of evidence/1), written by the build so queries need not walk the annotation; the annotation, with its offsets, remains the evidence.
    rangeIncludes: URIRef  # A class whose instances may be the object of the property; entails nothing, checked by the build.
    reason: URIRef  # Why a sanction was imposed.
    recipient: URIRef  # Who receives the item (for a sale with an end-user condition: the buyer).
    recognises: URIRef  # Diplomatic recognition of a territory's status.
    redLine: URIRef  # The red line assessed.
    refersTo: URIRef  # A provision, instrument or policy cites an instrument or provision: a cross-reference (Article 4 refers to UN Charter Article 51) or the law a policy rests on. An agent citing a provision is a kg:Statement, not this.
    refused: URIRef  # Refused or blocked.
    reported: URIRef  # The source states it as fact.
    requested: URIRef  # Asked for by the recipient or a third party.
    requestedBy: URIRef  # Who asks for it (a claim with status requested): the US and the EU pressing Seoul.
    roleTitle: URIRef  # The title as the source gives it.
    sha256: URIRef  # Hex digest of the text's bytes; quote offsets are valid for exactly these bytes.
    signatory: URIRef  # A party signing the instrument.
    sourceCount: URIRef  # How many source documents attest the event (corroboration).
    speaker: URIRef  # Who made a statement.
    speculated: URIRef  # A possibility the source raises or an inference about what may have happened (might, could, must have): never a plain triple or supply edge.
    status: URIRef  # How the source presents the claim: reported, confirmed, alleged, denied, planned, considered, requested, refused, speculated, assessed.
    summary: URIRef  # A curator's short paraphrase; the quote remains the evidence.
    supplier: URIRef  # Who gives, sells or sends the item.
    suppliesTo: URIRef  # Derived at build time from transfers that are reported, confirmed or alleged: supplier to recipient. Kept in its own named graph for fast chain queries; the transfer stays the n-ary record.
    supports: URIRef  # An agent supports another agent or a cause.
    target: URIRef  # Who a sanction targets.
    targetDescription: URIRef  # Targets as the source describes them (e.g. four ships, five organisations).
    targetIndividualCount: URIRef  # How many individuals a sanction designates.
    targetNationality: URIRef  # A state whose ships, organisations or people a sanction designates, when the state itself is not a target.
    targetOrganisationCount: URIRef  # How many organisations a sanction designates.
    targetShipCount: URIRef  # How many ships a sanction designates.
    threatens: URIRef  # An agent threatens another with consequences.
    topic: URIRef  # What a meeting was about.
    transferKind: URIRef  # Direct transfer, end-user sale, component supply or backfill of stocks.
    undetermined: URIRef  # Whether it has been crossed is open.
    unit: URIRef  # What kg:quantity counts when it is not the claim's item: '105 mm shells', 'percent', 'types of goods'.
    valueUSD: URIRef  # Contract or aid value in US dollars.
    verdict: URIRef  # Crossed, not crossed or undetermined.
    violates: URIRef  # An agent acts against a legal instrument.
    year: URIRef  # Known to the year.
    # Imported arms-transfer registers (SIPRI).
    deliveryYear: URIRef  # A year in which items of the order were delivered; one value per year.
    itemCondition: (
        URIRef  # Whether the items were new or second hand, as the register's status column gives it.
    )
    numberDelivered: URIRef  # How many of the items ordered have been delivered, as the register gives it.
    numberDeliveredUncertain: (
        URIRef  # True when the register marks the number delivered as uncertain (SIPRI's '?').
    )
    numberOrdered: URIRef  # How many items were ordered, as an arms-transfer register gives it.
    numberOrderedUncertain: (
        URIRef  # True when the register marks the number ordered as uncertain (SIPRI's '?').
    )
    rowNumber: URIRef  # Line (1-based) of the imported file on which the claim's row starts.
    tivDelivered: URIRef  # SIPRI trend-indicator value of the items delivered so far, in millions.
    tivPerUnit: URIRef  # SIPRI trend-indicator value of one item, in millions.
    tivTotalOrder: URIRef  # SIPRI trend-indicator value of the whole order, in millions.
    via: URIRef  # A third agent the items pass through, as a register's comments name it.
    yearOfOrder: URIRef  # The year the order or licence was agreed.
    yearOfOrderUncertain: URIRef  # True when the register marks the year of order as uncertain (SIPRI's '?').


class GRAPH:
    """Named graphs of the built dataset."""

    ONTOLOGY = KGR["graph/ontology"]
    ENTITIES = KGR["graph/entities"]
    DOCUMENTS = KGR["graph/documents"]
    DERIVED = KGR["graph/derived"]
    EVENTS = KGR["graph/events"]  # the real-world events claims attest (kg:attests), once each
    # Plain triples the documents state as fact (kg.build.attribution), each once whichever
    # documents state it; the per-document provenance stays on the relation claims.
    ASSERTED = KGR["graph/asserted"]
    INFERRED = KGR["graph/inferred"]  # OWL-RL entailments, only when reasoning is asked for

    @staticmethod
    def source(source_id: str) -> URIRef:
        """Named graph holding the claims of one source document."""
        return KGR[f"graph/source/{source_id}"]

    @staticmethod
    def imported(name: str) -> URIRef:
        """Named graph holding one import (``imports/<name>.ttl``).

        >>> GRAPH.imported("trade-register")
        rdflib.term.URIRef('https://w3id.org/rnku-kg/id/graph/import/trade-register')
        """
        return KGR[f"graph/import/{name}"]


# A claim, a source document and an attested event each have a prefix of their own, so that
# every IRI the project prints is a valid SPARQL/Turtle prefixed name (``kgf:f001-x``; the
# ``kgr:fact/f001-x`` form is not, a slash may not stand unescaped in a local name). The more
# specific namespaces come first: :func:`prefixed` uses the first that fits.
KGF = Namespace(str(KGR) + "fact/")
KGD = Namespace(str(KGR) + "source/")
KGE = Namespace(str(KGR) + "event/")

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgf": str(KGF),
    "kgd": str(KGD),
    "kge": str(KGE),
    "kgr": str(KGR),
    "oa": str(OA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}


def entity_iri(entity_id: str) -> URIRef:
    """IRI of a curated entity.

    >>> entity_iri("DPRK")
    rdflib.term.URIRef('https://w3id.org/rnku-kg/id/DPRK')
    """
    return KGR[entity_id]


def fact_iri(fact_id: str) -> URIRef:
    """IRI of a curated fact (a claim node)."""
    return KGF[fact_id]


def document_iri(source_id: str) -> URIRef:
    """IRI of a source document."""
    return KGD[source_id]


def event_iri(event_id: str) -> URIRef:
    """IRI of a real-world event that one or more claims attest (``kg:attests``)."""
    return KGE[event_id]


def month_iri(month: str) -> URIRef:
    """IRI of a calendar month of the derived month index (``kg:Month``).

    >>> month_iri("2024-06")
    rdflib.term.URIRef('https://w3id.org/rnku-kg/id/month/2024-06')
    """
    return KGR[f"month/{month}"]


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
