"""The server side of HTTP Digest authentication (RFC 2617, qop=auth, MD5), for the fake
endpoints and graph stores the tests run on loopback."""

from __future__ import annotations

import hashlib
import urllib.request


def digest_ok(
    header: str, method: str, uri: str, *, user: str, password: str, realm: str, nonce: str
) -> bool:
    """True when ``header`` (an ``Authorization: Digest ...`` value) proves ``user:password``."""
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header.removeprefix("Digest ")))

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    ha1, ha2 = md5(f"{user}:{realm}:{password}"), md5(f"{method}:{uri}")
    expected = md5(f"{ha1}:{nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
    return fields.get("username") == user and fields.get("response") == expected
