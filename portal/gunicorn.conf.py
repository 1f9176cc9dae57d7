"""gunicorn settings of the portal (production and load test): warm each worker before it serves."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
accesslog = None  # the portal writes its own JSON line per request (portal/infrastructure/logs.py)
# No control socket: several servers run side by side (load test, scale-out test) and would
# fight over its one default path.
control_socket_disable = True


def post_worker_init(worker):
    import gc

    from portal.infrastructure.warmup import warm

    warm()
    # What warming loaded (Django, Wagtail, the URL conf, the templates: about 200,000 objects) lives
    # as long as the worker: out of the collector's reach, a full collection no longer walks it on
    # every request that happens to trigger one (about 0.1 ms per quiz answer on average).
    gc.freeze()
