"""Faults (docs/deployment.md, "Pannes"): Redis stops.

Redis here is a throwaway `redis-server` on a free loopback port, started and killed by the test
(never the machine's server on 6379). The database dropping the connection mid-autosave is in
tests/selfassessment/test_faults.py, the worker killed mid-newsletter in
tests/toolkit/test_background.py.
"""

import logging
import shutil
import socket
import subprocess
import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.infrastructure import redis_cache

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while True:
            try:
                redis.Redis.from_url(self.url, socket_timeout=1).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture(autouse=True)
def _redis_answered_until_now(monkeypatch):
    monkeypatch.setattr(redis_cache, "_down_until", 0.0)
    monkeypatch.setattr(redis_cache, "_last_logged", 0.0)


def seconds_later(monkeypatch):
    """The pause after a failure is over (`redis_cache.SKIP_SECONDS`)."""
    monkeypatch.setattr(redis_cache, "_down_until", 0.0)


@pytest.fixture
def throwaway_redis(settings, tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server n'est pas installé")
    server = ThrowawayRedis(tmp_path)
    server.start()
    default = {"BACKEND": "portal.infrastructure.redis_cache.RedisCache", "LOCATION": server.url, "KEY_PREFIX": "portal-faults"}
    settings.CACHES = {"default": default, "sessions": {**default, "BACKEND": "portal.infrastructure.redis_cache.RedisSessionCache"}}
    settings.SESSION_CACHE_ALIAS = "sessions"
    settings.SESSION_ENGINE = "portal.infrastructure.sessions"
    yield server
    server.kill()
    from django.core.cache import caches

    for alias in ("default", "sessions"):
        for pool in caches[alias]._cache._pools.values():
            pool.disconnect()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_redis_stops_anonymous_pages_still_served_signed_in_get_a_clear_503(
    monkeypatch, throwaway_redis, home, framework, owner
):
    visitor = Client()
    assert visitor.get("/")["X-Portal-Cache"] == "miss"
    assert visitor.get("/")["X-Portal-Cache"] == "hit"
    member = Client(raise_request_exception=False)
    member.force_login(owner)
    assert member.get(reverse("toolkit:dashboard")).status_code == 200

    throwaway_redis.kill()
    response = visitor.get("/")
    assert response.status_code == 200 and response["X-Portal-Cache"] != "hit"  # built, not from Redis
    assert home.title in response.content.decode()
    response = member.get(reverse("toolkit:dashboard"))
    assert response.status_code == 503  # not a 500, nor a redirect to the login page (a loop)
    assert response["Retry-After"]
    assert "Le service est momentanément indisponible" in response.content.decode()
    assert "réessayez dans quelques minutes" in response.content.decode().lower()

    throwaway_redis.start()  # an empty Redis (no persistence here): sessions are gone, not broken
    seconds_later(monkeypatch)
    response = member.get(reverse("toolkit:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    member.force_login(owner)
    assert member.get(reverse("toolkit:dashboard")).status_code == 200
    assert visitor.get("/").status_code == 200 and visitor.get("/")["X-Portal-Cache"] == "hit"


def test_an_unanswering_redis_is_a_cache_miss_logged_once_then_left_alone_a_few_seconds(monkeypatch, caplog, settings):
    settings.CACHES = {"default": {"BACKEND": "portal.infrastructure.redis_cache.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}  # nothing listens
    from django.core.cache import cache

    with caplog.at_level(logging.ERROR, logger="portal.infrastructure.redis_cache"):
        assert cache.get("a", "default") == "default"
        with mock.patch.object(type(cache._cache), "get_client", side_effect=AssertionError("Redis was asked")):
            assert cache.get_or_set("b", lambda: 42) == 42
            assert cache.get_many(["a", "b"]) == {}
            assert cache.add("c", 1) is False
            cache.set("d", 1)
            cache.incr_many(["e"])
        seconds_later(monkeypatch)
        assert cache.get("a") is None  # asked again, failed again: not logged again within the minute
    assert len([r for r in caplog.records if r.name == "portal.infrastructure.redis_cache"]) == 1


@pytest.mark.parametrize(
    "error, status",
    [(ValueError("a bug"), 500), (RedisConnectionError("refused"), 503), (OperationalError("restarting"), 503)],
)
def test_only_an_unavailable_server_turns_the_500_into_the_503_page(rf, error, status):
    from portal.views import server_error

    try:
        raise error
    except Exception:
        response = server_error(rf.get("/"))
    assert response.status_code == status
    assert ("Retry-After" in response) == (status == 503)
    assert ("momentanément indisponible" in response.content.decode()) == (status == 503)
