"""Backups (docs/backups.md): a `pg_dump` restored with `pg_restore` into a fresh database holds the data."""

import shutil
import subprocess
import uuid

import psycopg
import pytest

from tests.services import require_postgres


@pytest.fixture
def dump_source():
    """Two fresh databases on the PostgreSQL server: the one dumped and the one restored into."""
    url = require_postgres()
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("pg_dump/pg_restore absents (paquet Debian postgresql-client)")
    names = [f"backup_src_{uuid.uuid4().hex[:8]}", f"backup_restored_{uuid.uuid4().hex[:8]}"]
    with psycopg.connect(url, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    base = url.rsplit("/", 1)[0]
    try:
        yield [f"{base}/{name}" for name in names]
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_dump_restores_into_a_fresh_database(dump_source, tmp_path):
    source, restored = dump_source
    with psycopg.connect(source) as connection:
        connection.execute("CREATE TABLE pharmacy (id serial PRIMARY KEY, name text NOT NULL)")
        connection.execute("INSERT INTO pharmacy (name) VALUES ('Pharmacie du Centre'), ('Pharmacie de la Gare')")
    dump = tmp_path / "portal.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], check=True, timeout=60)
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)], check=True, timeout=60)
    with psycopg.connect(restored) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM pharmacy ORDER BY id")]
    assert names == ["Pharmacie du Centre", "Pharmacie de la Gare"]
