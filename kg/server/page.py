"""The endpoint's offline query page: today Oxigraph's bundled Yasgui page, copied once out of
the ``oxigraph`` server binary into a folder, then served by :mod:`kg.server.protocol` as files.

Only this module knows where the page comes from; a project page can replace it by writing
the same files (:data:`PAGE_FILES`) into a folder.

>>> sorted(PAGE_FILES)[:2]
['/', '/logo.svg']
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
from pathlib import Path

__all__ = ["PAGE_FILES", "copy_oxigraph_page", "read_page"]

# URL path -> (file name, content type)
PAGE_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/yasgui.min.css": ("yasgui.min.css", "text/css; charset=utf-8"),
    "/yasgui.min.js": ("yasgui.min.js", "application/javascript; charset=utf-8"),
    "/logo.svg": ("logo.svg", "image/svg+xml"),
}
STAMP = ".copied-from"


def read_page(folder: Path) -> dict[str, tuple[str, bytes]]:
    """URL path -> (content type, bytes) for the page files in ``folder`` (missing ones left out).

    >>> read_page(Path("/nonexistent"))
    {}
    """
    found = {}
    for url, (name, kind) in PAGE_FILES.items():
        if (folder / name).is_file():
            found[url] = (kind, (folder / name).read_bytes())
    return found


def _fetch(port: int, path: str) -> bytes | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        ours = (response.getheader("Server") or "").startswith("Oxigraph")
        return body if response.status == 200 and ours else None
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def copy_oxigraph_page(binary: str, location: Path, folder: Path, wait: float = 15.0) -> Path:
    """Copy Oxigraph's bundled query page into ``folder`` (once per ``oxigraph`` binary) by asking
    a short-lived ``oxigraph serve-read-only`` on ``location`` for it on a free loopback port.
    Returns ``folder``; on failure the folder stays without a page (the endpoint still answers)."""
    info = Path(binary).stat()
    stamp = f"{binary} {info.st_size} {info.st_mtime_ns}\n"
    if (folder / STAMP).is_file() and (folder / STAMP).read_text() == stamp:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    command = [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + wait
        while (page := _fetch(port, "/")) is None and time.monotonic() < deadline:
            if process.poll() is not None:
                return folder
            time.sleep(0.1)
        files = {"/": page} | {url: _fetch(port, url) for url in PAGE_FILES if url != "/"}
    finally:
        process.kill()
        process.wait()
    if all(files.values()):
        for url, body in files.items():
            (folder / PAGE_FILES[url][0]).write_bytes(body or b"")
        (folder / STAMP).write_text(stamp)
    return folder
