"""Where the project's data lives: one function finds ontology/, seeds/ and build/.

The project is the explicit root, else ``$KG_HOME``, else the working directory or the
nearest parent holding ``ontology/kg.ttl`` and ``seeds/``; never the folder this package
happens to be installed from (that would silently build some other checkout).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ProjectNotFoundError

__all__ = ["ProjectPaths", "project_paths"]


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of a project checkout.

    >>> paths = project_paths()
    >>> (paths.seeds / "sources.yaml").exists()
    True
    """

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def imports(self) -> Path:
        return self.root / "imports"

    @property
    def ontology_file(self) -> Path:
        return self.ontology / "kg.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology / "shapes.ttl"

    @property
    def turtle(self) -> Path:
        return self.build / "kg.ttl"

    @property
    def trig(self) -> Path:
        return self.build / "kg.trig"

    @property
    def store(self) -> Path:
        """The persistent Oxigraph store of the build, opened read-only by every reading command."""
        return self.build / "store"

    @property
    def hops(self) -> Path:
        """The hop table the build writes for chains (:mod:`kg.chains.hopfile`): ``kg.trig`` with
        the suffix ``.hops``, as for any TriG file a store is loaded from."""
        return self.trig.with_suffix(".hops")

    @property
    def manifest(self) -> Path:
        """What the build read and wrote (SHA-256 of each file): how freshness is decided."""
        return self.build / "manifest.json"


def _looks_like_root(path: Path) -> bool:
    return (path / "ontology" / "kg.ttl").is_file() and (path / "seeds").is_dir()


def project_paths(root: Path | str | None = None) -> ProjectPaths:
    """Locate the project: an explicit root, ``$KG_HOME``, or the working directory or one of
    its parents that holds ``ontology/kg.ttl`` and ``seeds/``.

    >>> import os, tempfile
    >>> here, home = os.getcwd(), os.environ.pop("KG_HOME", None)
    >>> os.chdir(tempfile.mkdtemp())
    >>> try:
    ...     project_paths()  # doctest: +ELLIPSIS
    ... finally:
    ...     os.chdir(here)
    ...     if home is not None:
    ...         os.environ["KG_HOME"] = home
    Traceback (most recent call last):
    ...
    kg.errors.ProjectNotFoundError: no kg project here: ...

    :raises ProjectNotFoundError: when no root is given and none is found.
    """
    if root is not None:
        return ProjectPaths(Path(root).resolve())
    env = os.environ.get("KG_HOME")
    if env:
        return ProjectPaths(Path(env).resolve())
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _looks_like_root(candidate):
            return ProjectPaths(candidate)
    raise ProjectNotFoundError(
        f"no kg project here: neither {here} nor a parent holds ontology/kg.ttl and seeds/; "
        "run from a checkout, or pass --root or set KG_HOME to one"
    )
