"""Curated tables: their specification, values, reading and checking, formatting."""

__all__: list[str] = []
