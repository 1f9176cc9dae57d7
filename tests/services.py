"""The servers some tests need: PostgreSQL and Redis on 127.0.0.1.

When one does not answer, its tests are skipped with a clear message, unless the environment
requires it (`REQUIRE_POSTGRES=1`, `REQUIRE_REDIS=1`, as CI sets them): then they fail.
"""

import os

import pytest

PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _unavailable(name: str, variable: str, error: Exception):
    message = f"{name} injoignable ({error.__class__.__name__}: {error}); set {variable}=1 to make this an error"
    if os.environ.get(variable) == "1":
        pytest.fail(f"{name} is required ({variable}=1) but does not answer: {error}")
    pytest.skip(message)


def require_postgres() -> str:
    import psycopg

    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as error:
        _unavailable("PostgreSQL (127.0.0.1:5432)", "REQUIRE_POSTGRES", error)
    return PG_URL


def require_redis() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as error:
        _unavailable("Redis (127.0.0.1:6379)", "REQUIRE_REDIS", error)
    return REDIS_URL


def wait_for_a_waiting_lock(connection, what: str) -> None:
    """Return once a PostgreSQL session waits for a lock (`pg_locks`), within 5 s, else fail the
    test: `what` says who should have waited."""
    import time

    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail(f"{what} never waited for the row")
