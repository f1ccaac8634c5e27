"""HTTP to remote SPARQL endpoints and graph stores: the one opener every request uses.

Credentials come from ``KG_SPARQL_USER`` / ``KG_SPARQL_PASSWORD`` (never the command
line) and answer HTTP Basic or Digest challenges, whichever the server sends; once a Digest
challenge is known (:func:`prime` asks for one with a bodiless request) every further request
carries the header from the start, so a server that answers 401 without reading a large body
(Virtuoso) never cuts an upload short. Every
failure (unreachable, an HTTP error status, a timeout, an unreadable answer) raises
:class:`~kg.errors.EndpointError` with one line naming the URL.

>>> from kg.errors import EndpointError
>>> try:
...     request("http://127.0.0.1:9/query", b"query=ASK%7B%7D", timeout=5)
... except EndpointError as error:
...     print(error.exit_code, str(error).startswith("cannot reach http://127.0.0.1:9/query"))
8 True
"""

from __future__ import annotations

import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import EndpointError

__all__ = ["PASSWORD_VARIABLE", "USER_VARIABLE", "Answer", "exchange", "opener", "prime", "request"]

USER_VARIABLE = "KG_SPARQL_USER"
PASSWORD_VARIABLE = "KG_SPARQL_PASSWORD"
_DETAIL = 300  # characters of an error answer's body to show


class _PreemptiveDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, after the first challenge, authenticates every request up front."""

    challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> object:
        _token, text = auth.split(" ", 1)
        self.challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(text)))
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge and not req.has_header(self.auth_header):
            value = self.get_authorization(req, self.challenge)
            if value:
                req.add_unredirected_header(self.auth_header, f"Digest {value}")
        return req


def opener(url: str) -> urllib.request.OpenerDirector:
    """An opener that answers Basic or Digest challenges from ``url`` (and below it) with the
    credentials from the environment; without ``KG_SPARQL_USER``, a plain one.
    Reuse it for a series of requests to the same server (a Digest nonce is kept).

    >>> type(opener("http://127.0.0.1:7878/query")).__name__
    'OpenerDirector'
    """
    user = os.environ.get(USER_VARIABLE)
    if not user:
        return urllib.request.build_opener()
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, user, os.environ.get(PASSWORD_VARIABLE, ""))
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(manager), _PreemptiveDigest(manager)
    )


def prime(url: str, using: urllib.request.OpenerDirector, timeout: float = 60) -> None:
    """Send a bodiless ``HEAD`` to ``url`` so that ``using`` learns the server's Digest challenge
    before any large body is sent; whatever the server answers is ignored.

    >>> prime("http://127.0.0.1:9/store", opener("http://127.0.0.1:9/store"), timeout=5)
    """
    try:
        with using.open(urllib.request.Request(url, method="HEAD"), timeout=timeout) as response:
            response.read()
    except (OSError, http.client.HTTPException, ValueError):
        pass


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Answer:
    """A successful answer: its body and headers (names lower-cased)."""

    body: bytes
    headers: dict[str, str]


def request(
    url: str,
    data: bytes | None = None,
    *,
    method: str = "POST",
    headers: Mapping[str, str] | None = None,
    timeout: float = 60,
    using: urllib.request.OpenerDirector | None = None,
) -> bytes:
    """Send one request and return the body of a successful answer; any failure raises
    EndpointError naming ``url``. ``using`` is an :func:`opener` to reuse (default: a new one).

    >>> request("localhost:7878/query")
    Traceback (most recent call last):
    ...
    kg.errors.EndpointError: cannot reach localhost:7878/query: unknown url type: localhost
    """
    return exchange(url, data, method=method, headers=headers, timeout=timeout, using=using).body


def exchange(
    url: str,
    data: bytes | None = None,
    *,
    method: str = "POST",
    headers: Mapping[str, str] | None = None,
    timeout: float = 60,
    using: urllib.request.OpenerDirector | None = None,
) -> Answer:
    """:func:`request`, returning the answer's headers too.

    >>> exchange("http://127.0.0.1:9/query", timeout=5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.EndpointError: cannot reach http://127.0.0.1:9/query: ...
    """
    try:
        call = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        with (using or opener(url)).open(call, timeout=timeout) as response:
            body = response.read()
            return Answer(body, {name.lower(): value for name, value in response.headers.items()})
    except urllib.error.HTTPError as error:
        try:
            detail = _one_line(error.read().decode("utf-8", "replace"))[:_DETAIL]
        except (OSError, http.client.HTTPException):
            detail = ""
        hint = f"; set {USER_VARIABLE} and {PASSWORD_VARIABLE}" if error.code in (401, 403) else ""
        raise EndpointError(
            f"{method} {url} answered {error.code} {_one_line(error.reason)}: {detail}{hint}"
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise EndpointError(f"{url} did not answer within {timeout:g} s") from None
        raise EndpointError(f"cannot reach {url}: {_one_line(error.reason)}") from None
    except TimeoutError:
        raise EndpointError(f"{url} did not answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as error:
        raise EndpointError(
            f"cannot read the answer of {url}: {_one_line(error) or type(error).__name__}"
        ) from None
    except ValueError as error:  # a malformed URL, or an authentication scheme urllib cannot answer
        raise EndpointError(f"cannot send a request to {url}: {_one_line(error)}") from None
