"""Unit tests of kg.curate: one module of tests per module of code, on rows of a few lines."""
