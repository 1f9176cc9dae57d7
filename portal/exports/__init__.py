"""Exports that grow with the data, built by the background worker: one job per request.

A view asks `request_export()` for a job and redirects to its page at once; the worker runs
`run_export`, which hands the job to the builder registered for its kind (`registry.py`: the
feature apps register their builders, the core imports none of them), then keeps the file in the
default storage until it expires.
"""
