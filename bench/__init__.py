"""Benchmarks, volume seeds and the load test (`make bench`, `make loadtest`).

It may import every app; no app imports it, so that the portal runs without it.
"""
