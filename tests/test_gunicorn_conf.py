"""gunicorn's settings of the portal: each worker warms up, then puts what it loaded out of the
cyclic collector's reach."""

import gc
import runpy

from django.conf import settings


def test_a_worker_warms_up_then_freezes_what_it_loaded(monkeypatch):
    from portal.infrastructure import warmup

    warmed = []
    monkeypatch.setattr(warmup, "warm", lambda: warmed.append(gc.get_freeze_count()))
    config = runpy.run_path(str(settings.BASE_DIR / "portal" / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        config["post_worker_init"](None)
        assert warmed == [before]  # warmed first, then frozen
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
