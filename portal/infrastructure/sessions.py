"""Sessions in Redis (`REDIS_URL`): Django's cache sessions, except that Redis not answering is
raised instead of read as an empty session.

Django's cache store reads any error as "no session": a signed-in person would be sent to the
login page, whose form then fails to open a session, again and again. Raised, the error gives the
clear 503 page (`portal.views.server_error`) until Redis answers again.
"""

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.infrastructure import redis_cache

# The idle clock of a session (`portal.accounts.middleware`), read by the personal page cache too.
LAST_SEEN = "portal_last_seen"
# Write the session at most this often: the idle clock needs minutes, not every request.
REFRESH_EVERY = 300


class SessionStore(CacheSessionStore):
    def load(self):
        if redis_cache.unavailable():  # failed a moment ago: answer at once, not after a timeout
            raise RedisConnectionError(f"Redis a échoué il y a moins de {redis_cache.SKIP_SECONDS} s")
        try:
            session_data = self._cache.get(self.cache_key)
        except redis_cache.UNAVAILABLE as error:
            redis_cache.failed(error)
            raise
        except Exception:
            session_data = None  # as Django: an invalid key resets the session
        if session_data is not None:
            return session_data
        self._session_key = None
        return {}


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, taking the session that `PersonalPageCacheMiddleware` already read for this
    request's cookie (a built signed-in page reads it once, not twice)."""

    def process_request(self, request):
        session = getattr(request, "portal_session", None)
        if session is not None and isinstance(session, self.SessionStore):
            del request.portal_session
            request.session = session
            return
        super().process_request(request)
