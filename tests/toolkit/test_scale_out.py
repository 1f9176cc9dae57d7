"""Scale-out (docs/deployment.md): two app servers and a worker share PostgreSQL and Redis only.

Two real gunicorn servers (A and B, loopback ports) and one `manage.py db_worker` run with the
production settings (`scale_out_settings.py`: emails to files, no collectstatic) against the
test's own PostgreSQL database and one Redis database (13, a key prefix of their own) for the
cache, the sessions and the rate limits. It proves that a session opened on A is valid on B, that
failed logins on A and B add up to allauth's limit, that the worker builds the tools ZIP once and
both servers serve it, and that `send_reminders` run on both sides at once sends each alert once.
PostgreSQL pass only; skipped with a clear message when Redis does not answer (REQUIRE_REDIS=1:
failure). Bounded (DEADLINE_SECONDS), every process stopped in a `finally`.
"""

import datetime
import email
import email.policy
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import PASSWORD, MembershipFactory
from tests.services import require_redis
from tests.toolkit.factories import make_document
from tests.toolkit.test_background import DATABASE_TASKS
from toolkit.models import ToolStatus

pytestmark = pytest.mark.django_db(transaction=True)

HOST = "127.0.0.1"
# A hard bound, not a target: five Django processes start at once (≈ 10 CPU-seconds each), on a
# 2-core machine shared with other work. Each step prints its time (shown when the test fails).
DEADLINE_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Browser:
    """One visitor: plain HTTP on loopback, its cookies kept by hand (they are `Secure`)."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, data=None):
        client = http.client.HTTPConnection(HOST, port, timeout=30)
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = urlencode(data) if data is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            content = response.read()
        finally:
            client.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.headers, content

    def login(self, port, email, password):
        _status, _headers, page = self.request(port, "GET", reverse("account_login"))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        return self.request(port, "POST", reverse("account_login"),
                            {"login": email, "password": password, "csrfmiddlewaretoken": token})


def production_password(user):
    """The production hashers do not know the test suite's fast MD5: a light PBKDF2 hash instead."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


@contextmanager
def processes(environment, logs):
    """Start processes as they are asked for; stop every one of them on the way out."""
    started = []

    def start(name, *command):
        log = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed below
        process = subprocess.Popen([sys.executable, *command], env=environment, cwd=settings.BASE_DIR,
                                   stdout=log, stderr=subprocess.STDOUT)
        started.append((process, log))
        return process

    try:
        yield start
    finally:
        for process, _log in started:
            if process.poll() is None:
                process.terminate()
        for process, log in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def wait_until(check, what, deadline, logs):
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    output = "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in sorted(logs.glob("*.log")))
    pytest.fail(f"{what}: pas avant la limite de {DEADLINE_SECONDS} s\n{output}")


def sent_emails(directory):
    """(recipient, subject) of every email the file backend wrote, whichever process sent it."""
    emails = []
    for path in directory.glob("*.log"):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip(), policy=email.policy.default)
                emails.append((str(message["To"]), str(message["Subject"])))
    return emails


@pytest.fixture
def shared_redis():
    """Redis database 13, with a key prefix of this run only, emptied afterwards."""
    import redis

    url = require_redis().rsplit("/", 1)[0] + "/13"
    prefix = f"scale-out-{uuid.uuid4().hex[:8]}"
    yield url, prefix
    server = redis.Redis.from_url(url)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.fixture
def scale_out_data(settings, tools, pharmacy, owner):
    """Committed data the processes read: a tool with a file and a major update (a reminder due),
    published with the database task queue, so the ZIP waits for the worker."""
    if connection.vendor != "postgresql":
        pytest.skip("scale-out : passe PostgreSQL seulement (les processus partagent la base du test)")
    settings.TASKS = DATABASE_TASKS
    memo = tools["M11"]
    status = ToolStatus.change(pharmacy=pharmacy, tool=memo, status=ToolStatus.Status.DONE, by=owner)
    ToolStatus.objects.filter(pk=status.pk).update(confirmed_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    memo.pdf_file = make_document("M11 PDF", "m11.pdf", b"%PDF-1.4 scale-out")
    memo.last_major_update = datetime.date(2020, 6, 1)
    memo.save_revision().publish()  # queues the ZIP's build, for the worker
    locked_out = MembershipFactory(pharmacy=pharmacy).user
    return {"owner": production_password(owner), "locked_out": production_password(locked_out)}


def test_two_app_servers_and_a_worker_share_only_postgresql_and_redis(scale_out_data, shared_redis, tmp_path):
    started = time.monotonic()
    deadline = started + DEADLINE_SECONDS
    redis_url, prefix = shared_redis
    logs, emails = tmp_path / "logs", tmp_path / "emails"
    logs.mkdir()
    emails.mkdir()
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.toolkit.scale_out_settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": prefix, "TASK_BACKEND": "database",
        "SECRET_KEY": "scale-out-test-only-" + "x" * 40, "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
        "VAR_DIR": str(tmp_path / "var"), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_FILE_PATH": str(emails), "WEB_CONCURRENCY": "1", "LOG_LEVEL": "WARNING",
        "REQUEST_LOG_LEVEL": "WARNING",
    }
    environment.pop("TEST_DATABASE_NAME", None)
    a, b = free_port(), free_port()
    gunicorn = ["-m", "gunicorn", "--workers", "1", "portal.wsgi:application"]  # no warm-up: fewer CPU seconds
    with processes(environment, logs) as start:
        start("server-a", *gunicorn, "--bind", f"{HOST}:{a}")
        start("server-b", *gunicorn, "--bind", f"{HOST}:{b}")
        start("worker", "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2")
        # Reminders from both sides at the same time (cron on two machines, by mistake).
        reminders = {side: start(f"reminders-{side}", "manage.py", "send_reminders") for side in "ab"}
        probe = Browser()
        for port in (a, b):
            wait_until(lambda port=port: probe.request(port, "GET", "/healthz")[0] == 200,
                       f"serveur {port}", deadline, logs)

        print(f"{time.monotonic() - started:.1f} s: servers up")
        # A session opened on A is valid on B (sessions in Redis).
        owner = Browser()
        status, headers, _page = owner.login(a, scale_out_data["owner"].email, PASSWORD)
        assert status == 302 and headers["Location"] == reverse("accounts:home")
        dashboard = reverse("toolkit:dashboard")
        assert Browser().request(b, "GET", dashboard)[0] == 302  # anonymous: to the login page
        status, _headers, page = owner.request(b, "GET", dashboard)
        assert status == 200 and scale_out_data["owner"].first_name in page.decode()

        print(f"{time.monotonic() - started:.1f} s: session shared")
        # Failed logins on A and on B add up (allauth's limit: 5 per address): the right
        # password is then refused on either server.
        intruder = Browser()
        address = scale_out_data["locked_out"].email
        for port in (a, b, a, b, a):
            status, _headers, page = intruder.login(port, address, "mauvais-mot-de-passe")
            assert status == 200 and "Trop de tentatives" not in page.decode()
        status, _headers, page = intruder.login(b, address, PASSWORD)
        assert status == 200 and "Trop de tentatives" in page.decode()

        print(f"{time.monotonic() - started:.1f} s: rate limit shared")
        # The worker builds the tools ZIP, once; both servers serve that one file.
        builds = DBTaskResult.objects.filter(task_path__endswith="rebuild_archive")
        wait_until(lambda: builds.successful().exists(), "ZIP construit par le worker", deadline, logs)
        archives = [owner.request(port, "GET", reverse("toolkit:download_all")) for port in (a, b)]
        assert [status for status, _h, _c in archives] == [200, 200]
        assert archives[0][2][:2] == b"PK" and archives[0][2] == archives[1][2]
        assert builds.count() == 1
        assert len(list((settings.MEDIA_ROOT / "toolkit").glob("*.zip"))) == 1

        print(f"{time.monotonic() - started:.1f} s: ZIP served")
        # Each alert was emailed once, whichever side created it.
        for side, process in reminders.items():
            wait_until(lambda process=process: process.poll() is not None, f"send_reminders ({side})", deadline, logs)
            assert process.returncode == 0, (logs / f"reminders-{side}.log").read_text()
        print(f"{time.monotonic() - started:.1f} s: reminders done")
        sent = sent_emails(emails)
        assert any(to == scale_out_data["owner"].email and "Outil mis à jour" in subject for to, subject in sent), sent
        assert len(sent) == len(set(sent)), sent
