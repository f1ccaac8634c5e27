"""The model's controlled terms: claim statuses and their groups, transfer kinds, verdicts,
quantity qualifiers and the entity classes with their groups (re-exported by ``kg.model``).

>>> "alleged" in MOVED and "alleged" not in ASSERTED
True
"""

from __future__ import annotations

from kg.iris import KG

__all__ = [
    "AGENT_TYPES",
    "ASSERTED",
    "CLASS_ORDER",
    "ENTITY_TYPES",
    "INFRASTRUCTURE_CLASSES",
    "INSTRUMENT_TYPES",
    "ITEM_TYPES",
    "MOVED",
    "OPINION",
    "PLACE_TYPES",
    "QUANTITY_QUALIFIERS",
    "STATUSES",
    "TRANSFER_KINDS",
    "VERDICTS",
    "status_iri",
]

# ------------------------------------------------------------------ statuses

STATUSES = (
    "reported",
    "confirmed",
    "alleged",
    "denied",
    "planned",
    "considered",
    "requested",
    "refused",
    "speculated",
    "assessed",
)
# What the source states as fact (or an authority confirms): may become a plain triple (see
# kg.build.attribution for whose voice counts), drawn firm.
ASSERTED = ("reported", "confirmed")
# Opinion, not allegation: an analyst's or interviewee's inference about what might have happened
# (``speculated``: "must have offered ... might include") or judgement of what is so
# (``assessed``: "poses a threat to"). Never a plain triple, a supply edge, a chain hop or
# evidence that a red line was crossed.
OPINION = ("speculated", "assessed")
# What moved, or is accused of moving: becomes a kg:suppliesTo edge and a chain hop.
MOVED = (*ASSERTED, "alleged")


def status_iri(status: str) -> str:
    """The concept of a claim status.

    >>> status_iri("alleged")
    'https://w3id.org/rnku-kg/ontology#alleged'
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    return KG[status]


TRANSFER_KINDS: dict[str, str] = {
    "direct": KG.direct,
    "end-user-sale": KG.endUserSale,
    "component": KG.component,
    "backfill": KG.backfill,
}
VERDICTS: dict[str, str] = {
    "crossed": KG.crossed,
    "not-crossed": KG.notCrossed,
    "undetermined": KG.undetermined,
}
QUANTITY_QUALIFIERS = ("approximately", "more-than", "at-least", "up-to")

# ------------------------------------------------------------------ entity classes

AGENT_TYPES = frozenset(
    {
        "State",
        "Person",
        "Party",
        "Organisation",
        "InternationalOrganisation",
        "GovernmentAgency",
        "ArmedForces",
        "Company",
        "MediaOrganisation",
        "ResearchInstitute",
    }
)
INSTRUMENT_TYPES = frozenset({"Treaty", "Law", "Resolution", "Declaration"})
# "Item" itself: an item whose kind the text does not state (Russian military supplies).
ITEM_TYPES = frozenset({"WeaponSystem", "Technology", "NonLethalItem", "MilitaryPersonnel", "Item"})
PLACE_TYPES = frozenset({"Place"})
# The classes a curated or imported entity may have.
ENTITY_TYPES = AGENT_TYPES | INSTRUMENT_TYPES | ITEM_TYPES | PLACE_TYPES | {"Provision", "Policy", "RedLine"}

# Entity classes, most specific first: a resource typed with several is shown as the first listed.
# The abstract classes (Organisation, LegalInstrument, Item, Agent) come after their subclasses.
CLASS_ORDER = (
    "State",
    "Person",
    "Party",
    "InternationalOrganisation",
    "GovernmentAgency",
    "ArmedForces",
    "Company",
    "MediaOrganisation",
    "ResearchInstitute",
    "Organisation",
    "Treaty",
    "Law",
    "Resolution",
    "Declaration",
    "LegalInstrument",
    "Provision",
    "WeaponSystem",
    "Technology",
    "NonLethalItem",
    "MilitaryPersonnel",
    "Item",
    "Policy",
    "RedLine",
    "Place",
    "Agent",
)

# Classes the ontology declares that are neither entity nor claim classes: the common
# superclass of claims, the SKOS concepts (statuses, kinds, verdicts...), source documents, the
# real-world events that claims attest (kg:attests) and the months of the derived month index.
INFRASTRUCTURE_CLASSES = ("AttestedEvent", "Claim", "Concept", "Month", "SourceDocument")
