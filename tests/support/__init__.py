"""Helpers shared by the tests (ordinary modules, not conftest files)."""
