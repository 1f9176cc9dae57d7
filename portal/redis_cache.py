"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` object for every cache call,
and redis-py fills a table of some 170 response callbacks each time: about 0.2 ms per call, more
than the network round trip on loopback. A cached page needs two or three cache calls, so this
was most of its cost. The clients are safe to share between threads (each call takes a connection
from the pool).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def incr_many(self, keys) -> None:
        """Add one to each of these counters (portal.caching's versions) in one round trip.

        Django's `incr` asks first whether the key exists (two round trips per key). A counter
        that did not exist starts at 2, as `portal.caching._bump` does, never at the 1 that a
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
