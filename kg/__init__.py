"""Knowledge graph of Russia - North Korea - South Korea - Ukraine relations.

Importing the package does no work: nothing is read or built until asked.
"""

from __future__ import annotations

__all__ = ["__version__"]

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kg")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0+unknown"
