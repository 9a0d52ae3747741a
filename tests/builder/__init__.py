"""Unit tests of kg.builder: the mapping of one-row datasets, the N-Triples writer, the
serialisations and reports, without building the curated data."""
