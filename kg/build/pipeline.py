"""The build itself: check the seeds, locate the quotes, make the rdflib dataset, validate it
with SHACL and write it (see :mod:`kg.build` for the steps). Imported only when a build runs:
rdflib and pySHACL stay off the query path.

>>> result = build(write=False)
>>> result.conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg.build.compile import compile_dataset, compile_imports
from kg.build.conformance import domain_range_breaches
from kg.build.freshness import InputLog, identities_file
from kg.build.import_checks import check_imports
from kg.build.imports import ImportedGraph
from kg.build.serialize import check_round_trip, merge_quads, serialize, to_quads, union_triples
from kg.build.validate import validate_dataset
from kg.chains.hopfile import write_hops
from kg.curation import Curation, load_curation
from kg.errors import CurationErrors, ValidationError
from kg.files import write_atomically
from kg.namespaces import GRAPH
from kg.paths import ProjectPaths, project_paths
from kg.store import wants_disk_store, write_store
from kg.texts import LocatedQuote, resolve_quotes

__all__ = ["BuildResult", "build"]


@dataclass
class BuildResult:
    """What a build produced: the dataset, its inputs and the SHACL verdict."""

    dataset: Dataset
    curation: Curation
    quotes: dict[str, list[LocatedQuote]]
    conforms: bool
    report: str
    written: list[Path] = field(default_factory=list)
    imports: list[ImportedGraph] = field(default_factory=list)

    def triple_count(self) -> int:
        """Triples in every graph: the curated dataset's and the imports' (with their edges)."""
        curated = sum(len(graph) for graph in self.dataset.graphs() if len(graph))
        return curated + sum(len(i.quads) + len(i.derived) for i in self.imports)


def build(
    paths: ProjectPaths | None = None,
    *,
    write: bool = True,
    validate: bool = True,
    disk_store: bool | None = None,
) -> BuildResult:
    """Load and check the seeds, build the dataset, validate it with SHACL and
    (when ``write``) write ``build/kg.ttl``, ``build/kg.trig`` and ``build/manifest.json``, then
    the hop table of chains, ``build/kg.hops`` (:func:`kg.chains.hopfile.write_hops`).

    Nothing is written unless every check passes, including that the files written parse
    back to exactly the validated quads; otherwise the previous build stays. A large build
    (``disk_store`` None: see :func:`kg.store.wants_disk_store`; True: always) also writes the
    persistent store ``build/store/`` that reading commands open instead of the TriG.
    """
    paths = paths or project_paths()
    inputs = InputLog.snapshot(paths)
    curation = load_curation(paths, read=inputs.read)
    quotes, _ = resolve_quotes(curation)
    dataset = compile_dataset(curation, quotes, paths, read=inputs.read)
    imports = compile_imports(paths)
    breaches = domain_range_breaches(curation, dataset.graph(GRAPH.ONTOLOGY))
    if breaches:
        raise CurationErrors(breaches)
    curated = to_quads(dataset)
    conforms, report = (True, "")
    if validate:
        shapes = inputs.read(paths.shapes_file)
        conforms, report = validate_dataset(dataset, paths, shapes=shapes)
        if conforms:  # each import once, its verdict kept by hash (kg.build.import_checks)
            conforms, report = check_imports(imports, curated, shapes, paths, record=write)
    result = BuildResult(dataset, curation, quotes, conforms, report, imports=imports)
    if not conforms:
        raise ValidationError("the built graph does not conform to ontology/shapes.ttl:\n" + report)
    if write:
        quads = merge_quads(curated, *(part for i in imports for part in (i.quads, i.derived)))
        triples = union_triples(quads)  # sorted once, for writing and for reading back
        turtle, trig = serialize(quads, triples)
        outputs = {paths.turtle: turtle, paths.trig: trig}

        def read_back(staged: dict[Path, Path]) -> None:
            check_round_trip(
                quads,
                staged[paths.turtle].read_bytes(),
                staged[paths.trig].read_bytes(),
                triples=triples,
                turtle_path=paths.turtle,
                trig_path=paths.trig,
            )

        manifest = inputs.manifest(outputs)
        files = {  # the identities after the outputs (they stat them), the manifest last
            **outputs,
            identities_file(paths): inputs.identities_writer(manifest),
            paths.manifest: manifest,
        }
        result.written = write_atomically(files, verify=read_back)
        result.written.append(write_hops(quads, paths))  # chains' table, before the store (see kg.store)
        if wants_disk_store(paths) if disk_store is None else disk_store:
            result.written.append(write_store(paths, quads))  # opened by every reading command
    return result
