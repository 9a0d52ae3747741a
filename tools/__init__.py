"""Tools for tests and benchmarks (a headless browser); not part of the `kg` package."""
