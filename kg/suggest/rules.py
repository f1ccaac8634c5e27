"""The suggester's rules, as data: boilerplate lines, demonyms, generic words, titles and
name keywords, status and attribution cues, and one pattern row per fact type.

Every pattern is a regular expression matched case-insensitively unless it says otherwise;
the code in :mod:`kg.suggest.facts` only reads these tables. Add a row here to teach the
suggester a new wording.

>>> STATUS_CUES[0][0]
'denied'
>>> sorted({rule.type for rule in FACT_RULES})[:3]
['Deployment', 'Meeting', 'PolicyChange']
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ATTRIBUTION",
    "BOILERPLATE",
    "CLAIMANT_PHRASES",
    "DEMONYMS",
    "FACT_RULES",
    "GENERIC_WORDS",
    "KOREAN_SURNAMES",
    "NAME_KEYWORDS",
    "NOT_NAMES",
    "STATUS_CUES",
    "TITLES",
    "FactRule",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A sentence matching one of these is proposed as a skip (reason: boilerplate).
BOILERPLATE = (
    r"^related (stories|articles|news|content)\b",
    r"^(read more|see also|more from|most (read|popular)|recommended)\b",
    r"^back to top\b",
    r"^(by|written by)\s+[A-Z][\w.\- ]+$",
    r"^posted on\s*:",
    r"^(updated|published)\s*:?\s*\d",
    r"^(photo|image|file photo)\b.*(\bby\b|/|©|\bcourtesy\b)",
    r"(©|\bcopyright\b|\ball rights reserved\b)",
    r"^(please )?direct (questions|comments)\b",
    r"^(share|tweet|email|print)( this)?( article)?$",
    r"^[\w.+-]+@[\w-]+\.[\w.]+$",
    r"^(subscribe|sign up)\b",
    r"^[A-Z][a-z]+(?:[A-Z][a-z]+){2,}$",  # run-together section tags: "ArmsAsiaPacificWar"
)

# Adjectives that name a state (entity id: forms). Possessives ("Pyongyang's") need no row.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "ROK": ("South Korean", "S. Korean"),
    "DPRK": ("North Korean", "N. Korean"),
    "Russia": ("Russian",),
    "Ukraine": ("Ukrainian",),
    "USA": ("American", "U.S.-led"),
    "China": ("Chinese",),
    "Poland": ("Polish",),
    "Japan": ("Japanese",),
    "Iran": ("Iranian",),
    "Syria": ("Syrian",),
    "Romania": ("Romanian",),
    "Morocco": ("Moroccan",),
}

# Words that name a kind of thing, not one entity: left for the curator with every entity
# whose names contain the word. Singular and plural both count.
GENERIC_WORDS = (
    "shells",
    "missiles",
    "ammunition",
    "tanks",
    "howitzers",
    "landmines",
    "drones",
    "troops",
    "soldiers",
    "rockets",
)

# One-word aliases of people that are common Korean surnames: ambiguous ("Kim", "Chang").
KOREAN_SURNAMES = _words(
    """
    Kim Lee Park Choi Jung Jeong Kang Cho Yoon Yun Jang Chang Lim Han Oh Seo Shin Kwon Hwang Ahn
    Song Yoo Hong Moon Ko Son Bae Baek Jeon Nam Noh
    """
)

# Titles before a person's name ("Defense Minister Kim Yong-hyun").
TITLES = (
    r"President",
    r"Vice President",
    r"Prime Minister",
    r"(?:Foreign|Defen[cs]e|Unification|Trade|Finance) Minister",
    r"Minister(?: of [A-Z]\w+(?: [A-Z]\w+)*)?",
    r"Deputy Minister",
    r"Ambassador",
    r"Secretary(?: of State| General)?",
    r"Gen(?:eral|\.)?",
    r"Lt\. Gen\.",
    r"Adm(?:iral|\.)",
    r"Col(?:onel|\.)",
    r"Chairman",
    r"Senator",
    r"Rep\.",
    r"spokes(?:person|man|woman)",
    r"leader",
    r"adviser",
    r"advisor",
    r"professor",
    r"Professor",
    r"Dr\.",
    r"Mr\.",
    r"Ms\.",
)

# Keywords in a capitalised name → the entity type guessed for it (first match wins).
NAME_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        r"\b(Ministry|Agency|Service|Office|Department|Administration|Command|Council|Commission)\b",
        "GovernmentAgency",
    ),
    (r"\b(Army|Navy|Air Force|Forces|Brigade|Division|Regiment|Corps|Guard)\b", "ArmedForces"),
    (r"\b(Party)\b", "Party"),
    (r"\b(Institute|Center|Centre|University|Foundation|Academy|Studies|Think Tank)\b", "ResearchInstitute"),
    (
        r"\b(Times|News|Herald|Ilbo|Post|Journal|Agency|Broadcasting|TV|Radio|Press|Yonhap|Reuters)\b",
        "MediaOrganisation",
    ),
    (
        r"\b(Aerospace|Industries|Corporation|Corp\.?|Inc\.?|Co\.|Systems|Rotem|Hanwha|Group|Company)\b",
        "Company",
    ),
    (r"\b(Treaty|Pact|Accord|Convention|Charter)\b", "Treaty"),
    (r"\b(Act|Law|Code)\b", "Law"),
    (r"\b(Resolution)\b", "Resolution"),
    (r"\b(Declaration|Communiqué|Statement)\b", "Declaration"),
    (
        r"\b(Panel|Committee|Union|Organization|Organisation|Alliance|Nations|Bank)\b",
        "InternationalOrganisation",
    ),
    (r"^(?:[A-Z]{1,4}-?\d+[A-Za-z]*|[A-Z][a-z]+-\d+[A-Za-z]*)$", "WeaponSystem"),  # K9, KN-23, Hwasong-18
    (
        r"\b(howitzers?|missiles?|tanks?|launchers?|rockets?|drones?|shells?|jets?|fighters?)\b",
        "WeaponSystem",
    ),
    (r"\b(Oblast|Region|Province|Peninsula|City|Island|Sea|River|Kursk|Donbas|Donetsk|Luhansk)\b", "Place"),
)

# Capitalised words that start sentences or name dates, never new entities.
NOT_NAMES = _words(
    """
    The A An This That These Those It Its He She They We I You His Her Their Our However But And Or
    If In On At For From With Without As After Before Since During While When Where What Which Who
    Why How Any Some Many Most More Other Such Also Yet Still Even Meanwhile Instead Last Next Hours
    Days Weeks Months Years Earlier Later Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday January February March April May June July August September October
    November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mr Ms Dr According Under Over
    Both Each Every All No Not Then There Here One Two Three First Second Third New Major Former
    Related Back Photo Read Please Share Posted Updated Western Eastern Northern Southern Korean
    Korea President Minister Ambassador Gen Secretary Chairman Professor Senator Article Articles
    Many Several Despite Although Though Because Unlike Like Given Against Between Among Through
    Asked Speaking Told Said According Sources Experts Analysts Officials Seoul's
    """
)

# Statuses from the sentence's wording, first match wins (checked on the clause of the fact).
STATUS_CUES: tuple[tuple[str, str], ...] = (
    (
        "denied",
        r"\b(den(y|ies|ied|ial)|absurd|baseless|groundless|fabricat\w*|rejected (the |these )?"
        r"(allegations?|claims?|reports?)|dismissed (the )?(allegations?|claims?|reports?))\b",
    ),
    ("alleged", r"\b(accus\w*|alleg\w*|suspect\w*|reportedly|purported\w*)\b"),
    (
        "considered",
        r"\b(consider\w*|reconsider\w*|review\w*|weigh(s|ing|ed)?|mull\w*|"
        r"(does|do|did) not rule out|not ruling out|open to|explor\w*)\b",
    ),
    (
        "planned",
        r"\b(will|shall|plan(s|ned|ning)?|intend\w*|is set to|are set to|to be|"
        r"is going to|vowed|pledged to|decided to|announced)\b",
    ),
    (
        "requested",
        r"\b(call(s|ed)? (on|for)|calls from|urg(e|es|ed|ing)|ask(s|ed)? for|request\w*|appeal\w*)\b",
    ),
    ("refused", r"\b(refus\w*|declin\w*|rul(e|es|ed) out|reject\w*|blocked|vetoed)\b"),
    ("speculated", r"\b(might|could|may|possib\w*|potential\w*|likely|perhaps|would)\b"),
    ("confirmed", r"\b(confirm\w*|verified|acknowledg\w*)\b"),
)

# Who says it: a pattern whose group "who" holds the claimant's words (searched in the sentence).
ATTRIBUTION: tuple[str, ...] = (
    r"(?P<who>[^,“”\"]{2,80}?)\s+(?:said|says|told|added|noted|stressed|warned|claimed|announced|"
    r"stated|argued|explained)\b",
    r"\b(?:said|says|told reporters|added)\s+(?P<who>[A-Z][^,.;“”\"]{2,60})",
    r"\baccording to\s+(?P<who>[^,.;“”\"]{2,80})",
    r"(?P<who>[^,.;“”\"]{2,60}?)\s+(?:has |have |had )?(?:accused|alleged|denied|described|called|confirmed|"
    r"urged|vowed|expressed)\b",
)


@dataclass(frozen=True)
class FactRule:
    """One wording of a fact type: ``trigger`` finds it in a sentence; ``roles`` maps each
    field to a filling strategy of :mod:`kg.suggest.facts` (``agent_before``, ``agent_after``,
    ``item``, ``agents``, ``others``, ``instrument``, ``policy``, ``red_line``, ``speaker``,
    ``people``, ``org``, ``percent:N``); ``fixed`` gives constant fields."""

    name: str
    type: str
    trigger: str
    roles: dict[str, str]
    fixed: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.6


_SUPPLY = (
    r"\b(suppl\w*|provid\w*|send(s|ing)?|sent|ship\w*|deliver\w*|transfer\w*|export\w*|sell(s|ing)?|sold|"
    r"giv(e|es|ing)|gave|arm(s|ing)? ukraine|donat\w*|weapons support|aid to)\b"
)
FACT_RULES: tuple[FactRule, ...] = (
    FactRule(
        "deployment",
        "Deployment",
        r"\b(deploy\w*|dispatch\w*|sent|send(s|ing)?)\b[^.]{0,60}\b(troops|soldiers|personnel|forces)\b",
        {"supplier": "agent_before", "recipient": "agent_after", "item": "item"},
        confidence=0.6,
    ),
    FactRule(
        "transfer",
        "Transfer",
        _SUPPLY,
        {"supplier": "agent_before", "recipient": "agent_after", "item": "item"},
        confidence=0.55,
    ),
    FactRule(
        "signing",
        "Signing",
        r"\b(sign(s|ed|ing)?|conclud\w*|ratif\w*|inked)\b",
        {"instrument": "instrument", "parties": "agents"},
        confidence=0.6,
    ),
    FactRule(
        "meeting",
        "Meeting",
        r"\b(summit|met|meet(s|ing)?|talks|visit\w*|phone call|spoke by phone|held talks)\b",
        {"participants": "people"},
        confidence=0.5,
    ),
    FactRule(
        "sanction",
        "Sanction",
        r"\b(sanction\w*|blacklist\w*|asset freeze|export controls?)\b",
        {"imposed_by": "agent_before", "targets": "agents_after"},
        confidence=0.55,
    ),
    FactRule(
        "poll",
        "Poll",
        r"\b(poll|survey|respondents)\b",
        {"pollster": "org", "in_favour": "percent:0", "opposed": "percent:1"},
        {"question": "(question as the text gives it)"},
        confidence=0.6,
    ),
    FactRule(
        "policy-change",
        "PolicyChange",
        r"\b(review\w*|reconsider\w*|maintain\w*|abandon\w*|adopt\w*|lift\w*|scrap\w*|keep|stuck to)\b"
        r"[^.]{0,80}\b(polic\w*|ban|principle|stance|position)\b",
        {"actor": "agent_before", "policy": "policy", "action": "action"},
        confidence=0.6,
    ),
    FactRule(
        "red-line",
        "RedLineAssessment",
        r"\bred lines?\b",
        {"red_line": "red_line", "verdict": "verdict"},
        confidence=0.5,
    ),
    FactRule(
        "treaty-provision",
        "Relation",
        r"\b(article \d+|pledge\w*|stipulat\w*|provides for|commits?|obliges?|mutual (military )?"
        r"(assistance|defen[cs]e)|come to each other)\b",
        {"subject": "instrument"},
        {"predicate": "provisionText", "value": "(what the provision says)"},
        confidence=0.45,
    ),
    FactRule(
        "role",
        "Role",
        rf"\b(?:{'|'.join(TITLES)})\s+(?=[A-Z])",
        {"person": "title_person", "role": "title", "organisation": "agent_before"},
        confidence=0.6,
    ),
    *(
        FactRule(
            f"relation-{predicate}",
            "Relation",
            trigger,
            {"subject": "entity_before", "object": "entity_after"},
            {"predicate": predicate},
            confidence=0.4,
        )
        for predicate, trigger in (
            ("allyOf", r"\ball(y|ies|ied)\b"),
            (
                "partnerOf",
                r"\b(partner\w*|closer (ties|cooperation)|drawn (even )?closer|cooperat\w* with)\b",
            ),
            ("supports", r"\b(support(s|ed|ing)?|backs|backed|solidarity)\b"),
            ("threatens", r"\b(threat\w*|endanger\w*|menac\w*)\b"),
            ("produces", r"\b(produc\w*|manufactur\w*|exporter|makes|built by)\b"),
            ("possesses", r"\b(possess\w*|stockpil\w*|arsenal|inventory)\b"),
            ("violates", r"\b(violat\w*|breach\w*)\b"),
            ("recognises", r"\b(recogni[sz]\w*)\b"),
            ("opposes", r"\b(oppos\w*|against)\b"),
            ("condemns", r"\b(condemn\w*|denounc\w*)\b"),
            ("partyTo", r"\b(party to|signatory|member of|joined)\b"),
            ("counters", r"\b(counter\w*|intercept\w*|defen[cs]e against)\b"),
            ("holdsPolicy", r"\b(polic(y|ies)|principle)\b"),
        )
    ),
    FactRule(
        "statement",
        "Statement",
        r"\b(said|says|told|added|stressed|warned|noted|called|expressed|described|argued|stated|vowed|"
        r"urged|emphasi[sz]ed|reiterated|announced|suggested|recommended|believes?|according to|criticized|"
        r"pledged|claimed|insisted|explained)\b",
        {"speaker": "speaker", "about": "others"},
        {"summary": "(paraphrase)"},
        confidence=0.5,
    ),
)

# Attributions that name no entity by its name: pattern → entity id (used when the id is known).
CLAIMANT_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bpresidential (official|office)\b", "ROKPresidentialOffice"),
    (r"\bNational Intelligence Service\b|\bNIS\b", "NIS"),
    (r"\bdefen[cs]e ministry\b|\bministry of (national )?defen[cs]e\b", "ROKMinistryOfDefence"),
    (r"\bKremlin\b", "Russia"),
)
