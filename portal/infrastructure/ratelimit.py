"""A small fixed-window rate limit on Django's cache (shared between processes in production)."""

from django.core.cache import cache


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False once `limit` attempts were made in the current window."""
    cache_key = f"portal:ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        return True
    return count <= limit


def exceeded(key: str, limit: int) -> bool:
    """Whether the limit is already reached, without counting an attempt."""
    return (cache.get(f"portal:ratelimit:{key}") or 0) >= limit
