"""HTTP to remote SPARQL endpoints and graph stores: the one opener every request uses.

Credentials come from ``KG_SPARQL_USER`` / ``KG_SPARQL_PASSWORD`` (never the command
line) and answer HTTP Basic or Digest challenges, whichever the server sends. Every
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

from kg.errors import EndpointError

__all__ = ["PASSWORD_VARIABLE", "USER_VARIABLE", "opener", "request"]

USER_VARIABLE = "KG_SPARQL_USER"
PASSWORD_VARIABLE = "KG_SPARQL_PASSWORD"
_DETAIL = 300  # characters of an error answer's body to show


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
        urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)
    )


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


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
    try:
        call = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        with (using or opener(url)).open(call, timeout=timeout) as response:
            return response.read()
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
