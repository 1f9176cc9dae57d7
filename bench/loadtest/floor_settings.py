"""Settings of the load test's signed-in write floor: the production settings, with one more URL."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.loadtest.floor_urls"
