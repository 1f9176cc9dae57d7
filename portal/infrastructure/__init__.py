"""Infrastructure: the plumbing under every app (environment, logs, caches, sessions, rate limits, middleware, HTTP, warm-up, benchmarks)."""
