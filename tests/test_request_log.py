"""The request log: one line per request with its route, status, duration and CPU time, and
nothing that names a person."""

import json
import logging

import pytest

from portal.infrastructure.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_each_request_is_logged_with_its_duration_and_cpu_time_and_no_personal_data(client, owner, caplog):
    client.force_login(owner)
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/ma-dqo/?email=" + owner.email)
    [record] = [r for r in caplog.records if r.name == "portal.requests"]
    fields = record.fields
    assert fields["view"] == "toolkit:dashboard" and fields["status"] == 200
    assert 0 < fields["cpu_ms"] <= fields["duration_ms"] + 0.2  # this thread's CPU, within the request's time
    line = JsonFormatter().format(record)
    assert json.loads(line)["cpu_ms"] == fields["cpu_ms"]
    assert owner.email not in line and "email" not in line
    assert set(fields) == {"method", "route", "view", "status", "duration_ms", "cpu_ms", "pid"}
