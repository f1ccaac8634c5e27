"""Typed errors. Each message names the file and line (or offset) and says what to do.

The CLI prints ``Error: <message>`` and exits with the class's ``exit_code``:
1 for :class:`OutputError`, :class:`HopFileError`, :class:`ServeError`, :class:`ViewError` and any other
:class:`KgError`; 2 for seed problems (:class:`CurationError`, :class:`CurationErrors`);
3 SHACL; 4 no project or no build; 5 query; 6 unknown entity; 7 import file; 8 endpoint;
9 a file refused as a new source; 10 a draft fact file that cannot be written or accepted.
"""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base class of every error a user can cause."""

    exit_code = 1


class CurationError(KgError):
    """A seed file (sources, entities, facts) is malformed or inconsistent."""

    exit_code = 2

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{_display(self.path)}:{line}" if line else _display(self.path)
        super().__init__(f"{where}: {message}")


class QuoteNotFoundError(CurationError):
    """A fact's quote does not occur verbatim in its source text."""


class CurationErrors(KgError):
    """One or more seed-file problems, each with file and line."""

    exit_code = 2

    def __init__(self, errors: list[CurationError]) -> None:
        self.errors = errors
        lines = [str(error) for error in errors]
        if len(errors) > 1:
            lines.append(f"{len(errors)} problems in the seed files")
        super().__init__("\n".join(lines))


class ValidationError(KgError):
    """The built graph does not conform to the SHACL shapes."""

    exit_code = 3


class BuildMissingError(KgError):
    """No built graph where one is needed."""

    exit_code = 4


class ProjectNotFoundError(KgError):
    """No project (a folder with ``ontology/kg.ttl`` and ``seeds/``) at or above the working directory."""

    exit_code = 4


class QueryError(KgError):
    """A SPARQL query is malformed, unknown, lacks a parameter or timed out."""

    exit_code = 5


class UnknownEntityError(KgError):
    """A name matches no entity label or alias."""

    exit_code = 6


class OutputError(KgError):
    """A file cannot be written (disk full, no permission), or a written file does not read back."""

    exit_code = 1

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{_display(self.path)}: {message}")


class HopFileError(KgError):
    """The build's hop table file (``build/kg.hops``) is missing, stale, truncated or corrupt."""

    exit_code = 1

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{_display(self.path)}: {message}")


class ServeError(KgError):
    """The local SPARQL endpoint cannot be started (no server binary, port taken, remote host not allowed)."""

    exit_code = 1


class ImportFileError(KgError):
    """A file to import is unreadable or not in the expected format, or an import is unknown."""

    exit_code = 7


class EndpointError(KgError):
    """A SPARQL endpoint or graph store is unreachable or refused a request."""

    exit_code = 8


class ViewError(KgError):
    """A graph view was asked for with an unknown kind or option."""

    exit_code = 1


class SourceFileError(KgError):
    """A file offered as a new source is already registered, empty, binary, not UTF-8 or too large."""

    exit_code = 9


class DraftError(KgError):
    """A draft fact file cannot be written (it would replace an accepted file) or accepted."""

    exit_code = 10


def _display(path: Path) -> str:
    """Show a path relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
