"""Rules: the portal-wide business rules every app applies the same way (calendar, numbers, anonymity, concurrency, ownership)."""
