"""SHACL validation of a built dataset with pySHACL, reported readably."""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.namespace import SH

from kg.iris import prefixed
from kg.paths import ProjectPaths

__all__ = ["validate_dataset", "validate_graph"]


def validate_graph(data: Graph, shapes: Graph) -> tuple[bool, str]:
    """Validate ``data`` (which must include the ontology, for subclasses) against ``shapes``.

    Returns whether it conforms and a report, one line per violation:
    ``kgf:x  kg:supplier  Less than 1 values on ...``.
    """
    import pyshacl

    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
    )
    if conforms:
        return True, ""
    lines = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        parts = [prefixed(str(focus)), prefixed(str(path)) if path else "-", str(message)]
        if value is not None:
            parts.append(f"(value: {prefixed(str(value))})")
        lines.append("  ".join(parts))
    return False, "\n".join(sorted(lines))


def validate_dataset(
    dataset: Dataset, paths: ProjectPaths, *, shapes: bytes | None = None
) -> tuple[bool, str]:
    """Validate the union of every graph in ``dataset`` against ``ontology/shapes.ttl``
    (or the Turtle bytes ``shapes``, as the build read them)."""
    union = Graph()
    for graph in dataset.graphs():
        union += graph
    data = shapes if shapes is not None else paths.shapes_file.read_bytes()
    shapes_graph = Graph().parse(data=data, format="turtle")
    return validate_graph(union, shapes_graph)
