"""Tooling for the tests and benchmarks: a throwaway PostgreSQL server, a subprocess Dask cluster."""
