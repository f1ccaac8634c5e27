"""Drafts on disk: ``seeds/facts/drafts/NNN.yaml`` in the seed format, every entry marked
``suggested:`` (confidence, rule, reasons, attested fact), with a ``review:`` list of the
mentions left to the curator. ``kg build`` reads only ``seeds/facts/*.yaml``, so a draft is
never built; :func:`accept_draft` strips the markers, checks the result as the build would and
moves it to ``seeds/facts/NNN.yaml``, never over an accepted file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.curation import load_curation
from kg.curation.yaml_lines import read_yaml
from kg.errors import CurationErrors, DraftError
from kg.files import write_atomically
from kg.model import COMMON_FIELDS
from kg.paths import ProjectPaths
from kg.suggest.records import Draft

__all__ = ["accept_draft", "accepted_path", "draft_path", "draft_yaml"]

MARKERS = ("suggested",)
EXTRA_KEYS = ("review",)


def draft_path(paths: ProjectPaths, source_id: str) -> Path:
    """Where the draft of a document lives."""
    return paths.seeds / "facts" / "drafts" / f"{source_id}.yaml"


def accepted_path(paths: ProjectPaths, source_id: str) -> Path:
    """Where the accepted fact file of a document lives."""
    return paths.seeds / "facts" / f"{source_id}.yaml"


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def _attests(fields: dict[str, Any], attests: str | None) -> dict[str, Any]:
    if attests is None:
        return fields
    if "attests" in COMMON_FIELDS:  # the model knows attestations: say it as a field
        return {**fields, "attests": attests}
    note = f"attests {attests}: the same event told again; keep it as its evidence or drop it"
    return {**fields, "note": note}


def draft_yaml(draft: Draft) -> str:
    """The draft as a seed-format YAML text (every value quoted, so it reads back as written)."""
    lines = [
        f"# Draft facts for source {draft.source_id}, written by `kg suggest {draft.source_id}`.",
        f"# Edit: fix or delete entries, resolve the review list, then `kg accept {draft.source_id}`.",
        "# Every entry is marked `suggested:`; `kg accept` drops those marks and the review list.",
        f"source: {_scalar(draft.source_id)}",
        "entities:" if draft.entities else "entities: []",
    ]
    for entity in draft.entities:
        record = {"id": entity.id, "type": entity.type, "label": entity.label}
        lines.append(
            f"  - {_scalar(record)[:-1]}, suggested: "
            f"{_scalar({'confidence': entity.confidence, 'why': entity.why, 'at': entity.start})}}}"
        )
    lines.append("facts:" if draft.facts else "facts: []")
    for fact in draft.facts:
        lines.append(f"  - id: {fact.id}")
        lines.append(f"    type: {fact.type}")
        for name, value in _attests(fact.fields, fact.attests).items():
            lines.append(f"    {name}: {_scalar(value)}")
        lines.append(f"    quote: {_scalar(fact.quote)}")
        marker = {"confidence": fact.confidence, "rule": fact.rule, "at": [fact.start, fact.end],
                  "why": "; ".join(fact.why)}  # fmt: skip
        if fact.attests:
            marker["attests"] = fact.attests
        lines.append(f"    suggested: {_scalar(marker)}")
    lines.append("skip:" if draft.skips else "skip: []")
    for sentence in draft.skips:
        lines.append(
            f"  - {{quote: {_scalar(sentence.text)}, reason: {_scalar(sentence.boilerplate)}, "
            "suggested: {confidence: 0.8}}"
        )
    lines.append("review:" if draft.review else "review: []")
    for mention in draft.review:
        lines.append(
            f"  - {{mention: {_scalar(mention.text)}, at: {mention.start}, kind: {mention.kind}, "
            f"candidates: {_scalar(list(mention.candidates))}}}"
        )
    return "\n".join(lines) + "\n"


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in MARKERS}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def accept_draft(paths: ProjectPaths, source_id: str) -> tuple[Path, int]:
    """Turn the edited draft of ``source_id`` into its accepted fact file; returns the file and
    its number of facts. Raises :class:`DraftError` (nothing written) when there is no draft,
    an accepted file is already there, or the result does not check."""
    draft = draft_path(paths, source_id)
    target = accepted_path(paths, source_id)
    if not draft.is_file():
        raise DraftError(f"no draft for source {source_id} at {draft}; run `kg suggest {source_id}` first")
    if target.exists():
        raise DraftError(f"{target} is already accepted; merge the draft into it by hand, or remove it first")
    data = read_yaml(draft)
    if not isinstance(data, dict):
        raise DraftError(f"{draft}: a draft is a mapping with source, entities, facts and skip")
    accepted = {k: _strip(v) for k, v in data.items() if k not in EXTRA_KEYS}
    text = "# Accepted from a draft written by `kg suggest`.\n" + _dump(accepted)
    write_atomically({target: text.encode("utf-8")})
    try:  # the seeds, with it, must load as `kg build` loads them; if not, it goes again
        load_curation(paths)
    except CurationErrors as error:
        target.unlink()
        raise DraftError(f"the accepted draft would not build; fix the draft {draft}:\n{error}") from None
    draft.unlink()
    return target, len(accepted.get("facts") or [])


def _dump(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            if isinstance(item, list) and item:
                out.append(f"{pad}{key}:")
                for element in item:
                    out.append(
                        f"{pad}  - {_scalar(element) if not isinstance(element, dict) else _flow(element)}"
                    )
            else:
                out.append(f"{pad}{key}: {_scalar(item) if not isinstance(item, dict) else _flow(item)}")
        return "\n".join(out) + "\n"
    return _scalar(value) + "\n"


def _flow(record: dict[str, Any]) -> str:
    return (
        "{"
        + ", ".join(f"{k}: {_scalar(v) if not isinstance(v, dict) else _flow(v)}" for k, v in record.items())
        + "}"
    )
