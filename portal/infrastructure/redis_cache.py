"""Django's Redis cache backend, keeping one redis-py client per connection pool, and degrading
when Redis does not answer.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` object for every cache call,
and redis-py fills a table of some 170 response callbacks each time: about 0.2 ms per call, more
than the network round trip on loopback. A cached page needs two or three cache calls, so this
was most of its cost. The clients are safe to share between threads (each call takes a connection
from the pool).

`RedisCache` (the portal's cache) turns a Redis failure into a miss: a read gives the default, a
write is dropped, and the failure is logged once per `LOG_EVERY` seconds, so anonymous pages are
built instead of served from the cache. After a failure this process leaves Redis alone for
`SKIP_SECONDS`: a Redis that hangs instead of refusing would otherwise cost every cache call its
socket timeout (measured: 26 s for the home page, 13 calls of 2 s). `RedisSessionCache` (the
sessions, `portal/infrastructure/sessions.py`) lets the failure through: a session that cannot be read must not
look signed out, it gives the clear 503 page (`portal/views.py`).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY = 60


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client


class RedisSessionCache(DjangoRedisCache):
    """One client per pool; a Redis failure is raised (the sessions)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        # Short socket timeouts: a Redis that stopped answering fails a request in a second or
        # two instead of holding the worker (redis-py's default is to wait for ever).
        self._options = {"socket_connect_timeout": 1, "socket_timeout": 2, **self._options}


SKIP_SECONDS = 5
_last_logged = 0.0
_down_until = 0.0


def unavailable() -> bool:
    """Whether Redis failed in this process less than `SKIP_SECONDS` ago."""
    return time.monotonic() < _down_until


def failed(error) -> None:
    global _down_until, _last_logged
    now = time.monotonic()
    _down_until = now + SKIP_SECONDS
    if now - _last_logged >= LOG_EVERY:
        _last_logged = now
        logger.error("Redis injoignable, le cache est contourné : %s", error)


def _degrade(method, default=None):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if not unavailable():
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                failed(error)
        return default(*args, **kwargs) if callable(default) else default

    return wrapper


class RedisCache(RedisSessionCache):
    """The portal's cache: a Redis failure is a miss (see the module's docstring)."""

    get = _degrade(DjangoRedisCache.get, lambda key, default=None, version=None: default)
    get_many = _degrade(DjangoRedisCache.get_many, lambda *args, **kwargs: {})
    set = _degrade(DjangoRedisCache.set)
    add = _degrade(DjangoRedisCache.add, False)
    touch = _degrade(DjangoRedisCache.touch, False)
    delete = _degrade(DjangoRedisCache.delete, False)
    has_key = _degrade(DjangoRedisCache.has_key, False)
    set_many = _degrade(DjangoRedisCache.set_many, lambda *args, **kwargs: [])
    delete_many = _degrade(DjangoRedisCache.delete_many)
    clear = _degrade(DjangoRedisCache.clear)
    # A counter that cannot be read counts this one attempt (portal.infrastructure.ratelimit allows it).
    incr = _degrade(DjangoRedisCache.incr, lambda key, delta=1, version=None: delta)

    def incr_many(self, keys) -> None:
        """Add one to each of these counters (portal.caching's versions) in one round trip.

        Django's `incr` asks first whether the key exists (two round trips per key). A counter
        that did not exist starts at 2, as `portal.caching.values._bump` does, never at the 1 that a
        first read gives."""
        keys = [self.make_and_validate_key(key) for key in keys]
        if not keys:
            return
        client = self._cache.get_client(keys[0], write=True)
        with client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.incr(key)
            created = [key for key, value in zip(keys, pipe.execute(), strict=True) if value == 1]
        for key in created:
            client.incr(key)

    incr_many = _degrade(incr_many)
