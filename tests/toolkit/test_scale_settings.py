"""Stateless app servers (docs/deployment.md): Redis for cache, sessions and rate limits; S3 for files.

Redis is the server on 127.0.0.1:6379 (database 14); S3 is moto's server started by the test.
Skipped with a clear message when Redis does not answer, unless REQUIRE_REDIS=1.
"""

import pytest
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from portal.infrastructure import ratelimit
from tests.services import require_redis
from tests.toolkit.factories import make_document


@pytest.fixture
def redis_cache(settings):
    url = require_redis()
    settings.CACHES = {"default": {"BACKEND": "portal.infrastructure.redis_cache.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": "portal-test"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    from django.core.cache import cache

    cache.clear()
    yield url
    cache.clear()
    # Close every connection the test opened (the portal's cache and the other servers'), so that
    # no socket is left for the garbage collector to warn about.
    for backend in (cache, *OTHER_SERVERS):
        for pool in backend._cache._pools.values():
            pool.disconnect()
    OTHER_SERVERS.clear()


OTHER_SERVERS = []


def other_server(url):
    """What a second app server sees: its own client of the same Redis."""
    server = RedisCache(url, {"KEY_PREFIX": "portal-test"})
    OTHER_SERVERS.append(server)
    return server


def test_versions_are_bumped_together_in_redis(redis_cache):
    from django.core.cache import cache

    from portal import caching

    assert caching.pharmacy_version(7) == 1
    with caching.bumps_collected():
        caching.touch_pharmacy(7)
        caching.touch_pharmacy(7)  # one write request touching its pharmacy twice: one bump
        caching.touch_user(8)  # never read yet
    assert caching.pharmacy_version(7) == 2
    assert other_server(redis_cache).get(caching.USER_KEY.format(8)) == 2  # not 1, the first read's
    cache.incr_many([caching.PHARMACY_KEY.format(7), caching.USER_KEY.format(8)])
    assert (caching.pharmacy_version(7), other_server(redis_cache).get(caching.USER_KEY.format(8))) == (3, 3)


def test_rate_limit_counts_attempts_made_on_every_server(redis_cache):
    assert all(ratelimit.hit("login:someone", limit=4, window_seconds=60) for _ in range(4))
    assert other_server(redis_cache).get("portal:ratelimit:login:someone") == 4
    assert not ratelimit.hit("login:someone", limit=4, window_seconds=60)


def test_session_opened_here_is_valid_on_another_server(db, redis_cache, client, owner):
    client.force_login(owner)
    key = client.cookies["sessionid"].value
    from django.contrib.sessions.backends.cache import KEY_PREFIX

    stored = other_server(redis_cache).get(KEY_PREFIX + key)
    assert stored and str(stored["_auth_user_id"]) == str(owner.pk)
    assert client.get(reverse("accounts:home")).status_code in (200, 302)


def test_anonymous_pages_are_shared_through_redis(redis_cache, client, framework):
    assert client.get("/")["X-Portal-Cache"] == "miss"
    assert client.get("/")["X-Portal-Cache"] == "hit"


@pytest.fixture
def s3(settings, monkeypatch):
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=8212, verbose=False)
    server.start()
    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"), ("AWS_DEFAULT_REGION", "eu-west-3")):
        monkeypatch.setenv(name, value)
    import boto3

    endpoint = "http://127.0.0.1:8212"
    boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-3").create_bucket(
        Bucket="portail", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    settings.AWS_STORAGE_BUCKET_NAME = "portail"
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_REGION_NAME = "eu-west-3"
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    yield boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-3")
    server.stop()


def test_documents_and_the_tools_zip_live_in_s3(s3, client, tools):
    from toolkit.zipper import current_archive

    memo = tools["M11"]
    memo.pdf_file = make_document("M11 PDF", "m11.pdf", b"%PDF-1.4 s3")
    memo.save_revision().publish()
    archive = current_archive()  # what the worker does
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket="portail")["Contents"]}
    assert archive.name in keys and any(key.startswith("documents/") for key in keys)
    response = client.get(reverse("toolkit:download_all"))
    assert b"".join(response.streaming_content)[:2] == b"PK"
    for close in response._resource_closers:
        close()
