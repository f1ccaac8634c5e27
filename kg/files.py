"""Writing files so that readers see the old content or the new, never a part.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> [path.name for path in write_atomically({folder / "a.txt": b"one", folder / "b.txt": b"two"})]
['a.txt', 'b.txt']
>>> (folder / "b.txt").read_bytes()
b'two'
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from kg.errors import OutputError

__all__ = ["file_sha256", "write_atomically"]


Content = bytes | Callable[[Mapping[Path, Path]], bytes]


def write_atomically(
    files: Mapping[Path, Content], *, verify: Callable[[dict[Path, Path]], None] | None = None
) -> list[Path]:
    """Write every file to a temporary sibling (flushed to disk), then rename them all into place
    in the order given, so a reader sees each file whole; put the file that marks the set as
    complete last. A file's content may be a function of ``{final path: temporary path}`` of the
    files staged before it (a manifest that records what they are on disk).

    ``verify``, when given, is called with ``{final path: temporary path}`` once everything is on
    disk and before any rename; if it raises, nothing is renamed. On any failure every temporary
    file is removed and the previous files stay. An ``OSError`` becomes :class:`OutputError`
    naming the path.

    >>> write_atomically({Path("/proc/nowhere/x.txt"): b""})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.OutputError: /proc/nowhere/x.txt: cannot write (...)
    """
    from tempfile import mkstemp  # here: reading commands import this module for file_sha256

    staged: dict[Path, Path] = {}
    current = next(iter(files), Path("."))
    done = False
    try:
        for path, data in files.items():
            current = path
            content = data(dict(staged)) if callable(data) else data
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged[path] = Path(name)
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(name, 0o644)
        if verify is not None:
            verify(dict(staged))
        for path, temporary in staged.items():
            current = path
            os.replace(temporary, path)
        done = True
    except OSError as error:
        raise OutputError(current, f"cannot write ({error.strerror or error})") from None
    finally:
        if not done:
            for temporary in staged.values():
                temporary.unlink(missing_ok=True)
    return list(staged)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (a 3 GB TriG is never held in memory).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> file_sha256(Path(f.name))[:16]
    'ba7816bf8f01cfea'
    """
    with path.open("rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()
