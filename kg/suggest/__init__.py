"""The curator's assistant: a draft fact file for a registered document, with candidate
facts, their quotes located, proposed entities and the mentions left to decide.

Everything is rule-based and offline (:mod:`kg.suggest.rules` holds the rules as data):
sentences from :func:`kg.texts.sentences`, names from the curated entities, dates through
dateparser, quantities by pattern. :func:`suggest_document` returns a
:class:`~kg.suggest.records.Draft`; :func:`write_draft` writes it to
``seeds/facts/drafts/NNN.yaml`` (never over an accepted fact file).

>>> from kg.paths import project_paths
>>> draft = suggest_document(project_paths(), "003")
>>> [(f.fields["parties"], f.attests) for f in draft.facts if f.type == "Signing"][:1]
[(['DPRK', 'Russia'], 'f004-dprk-russia-partnership-june')]
"""

from __future__ import annotations

from pathlib import Path

from kg.curation import Curation, load_curation
from kg.errors import DraftError
from kg.files import write_atomically
from kg.paths import ProjectPaths
from kg.suggest.draft import accepted_path, draft_path, draft_yaml
from kg.suggest.pipeline import suggest_text
from kg.suggest.records import Draft

__all__ = ["Draft", "suggest_document", "write_draft"]


def suggest_document(paths: ProjectPaths, source_id: str, curation: Curation | None = None) -> Draft:
    """The draft for the registered document ``source_id``: every curated entity is known,
    and the facts of the other documents are what a suggestion may attest again."""
    curation = curation or load_curation(paths)
    source = curation.sources.get(source_id)
    if source is None:
        known = ", ".join(sorted(curation.sources))
        raise DraftError(
            f"no source {source_id!r} in seeds/sources.yaml (known: {known}); `kg add-source` it first"
        )
    existing = [f for f in curation.facts.values() if f.source_id != source_id]
    return suggest_text(source_id, source.text, source.date.latest, curation.entities.values(), existing)


def write_draft(paths: ProjectPaths, source_id: str, *, force: bool = False) -> tuple[Path, Draft]:
    """Write the draft of ``source_id``; refuses (writing nothing) when the document already
    has an accepted fact file, or a draft exists and ``force`` is not given."""
    target = draft_path(paths, source_id)
    accepted = accepted_path(paths, source_id)
    if accepted.exists():
        raise DraftError(
            f"{accepted} is already accepted; a draft would not replace it. Edit that file, or move it "
            "aside to draft the document again"
        )
    if target.exists() and not force:
        raise DraftError(f"{target} exists (your edits may be in it); pass --force to replace it")
    draft = suggest_document(paths, source_id)
    write_atomically({target: draft_yaml(draft).encode("utf-8")})
    return target, draft
