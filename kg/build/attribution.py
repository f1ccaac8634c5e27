"""Whose voice makes a plain triple: the attribution rule.

A relation claim is always kept as a claim (``kg:RelationClaim`` with status, claimant and
evidence). It is *also* asserted as a plain triple (``kgr:ROK kg:partyTo kgr:ArmsTradeTreaty``)
only when the graph may state it as fact:

* its status is ``confirmed`` (an authority confirms it), or
* its status is ``reported`` and the voice is the document's own: no claimant, or the
  claimant is the document's publisher; or the claimant speaks in the first person about
  itself or what is its own: it is the relation's subject, holds a role in the subject
  (``Role`` facts: Kim Jong-un for North Korea), drew it (``drawnBy``: Seoul about its red
  line) or holds it (``holdsPolicy``: Seoul about its policy).

An interviewee's, analyst's or other state's statement about someone else ("Russia is a
threat to Ukraine", says Tsukerman) stays a claim whatever its status: it is the claimant's
opinion, not the document's fact. Opinion statuses (:data:`kg.model.OPINION`), allegations
and the rest never give a plain triple.
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.curation import Curation, Fact

__all__ = ["first_party", "states_as_fact"]


def first_party(curation: Curation) -> dict[str, frozenset[str]]:
    """For each entity, the agents that speak for it: itself is implied; role holders of an
    organisation, the drawer of a red line, the holder of a policy.

    >>> from kg.curation import load_curation
    >>> "ROK" in first_party(load_curation())["ROKTechTransferRedLine"]
    True
    """
    own: dict[str, set[str]] = {}
    for fact in curation.facts.values():
        if fact.status not in ("reported", "confirmed"):
            continue
        if fact.type == "Role" and fact.get("organisation"):
            own.setdefault(fact.get("organisation"), set()).add(fact.get("person"))
        elif fact.type == "Relation" and fact.get("predicate") == "drawnBy":
            own.setdefault(fact.get("subject"), set()).add(fact.get("object"))
        elif fact.type == "Relation" and fact.get("predicate") == "holdsPolicy":
            own.setdefault(fact.get("object"), set()).add(fact.get("subject"))
    return {entity: frozenset(agents) for entity, agents in own.items()}


def states_as_fact(fact: Fact, publisher: str | None, own: Mapping[str, frozenset[str]]) -> bool:
    """Whether relation claim ``fact`` also becomes a plain triple (see the module's rule)."""
    if fact.status == "confirmed":
        return True
    if fact.status != "reported":
        return False
    claimant = fact.get("claimant")
    subject = fact.get("subject")
    return claimant is None or claimant in (publisher, subject) or claimant in own.get(subject, ())
