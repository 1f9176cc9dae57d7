"""The PDF pipeline's lock-down (portal/documents/pdf.py), proved against a real HTTP server on loopback.

The control case loosens the lock and sees the fetch happen, so the other cases cannot pass
for want of a working fetch: each of the two layers (the resource policy and the link
callback) blocks the fetch on its own.
"""

import base64
import dataclasses
import http.server
import threading

import pytest
import segno

from portal.documents import pdf

PNG_BYTES = base64.b64decode(segno.make("x").png_data_uri().split(",", 1)[1])


@pytest.fixture
def image_server():
    """An HTTP server on 127.0.0.1 that serves one PNG and counts the requests."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG_BYTES)))
            self.end_headers()
            self.wfile.write(PNG_BYTES)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/logo.png", hits
    server.shutdown()
    server.server_close()


REAL_POLICY = pdf.resource_policy


def loose_policy():
    return dataclasses.replace(REAL_POLICY(), allow_remote=True, allow_private_networks=True)


def passthrough(uri, rel):
    return uri


def render(url):
    return pdf.html_to_pdf(f'<html><body><img src="{url}"><p>Texte é</p></body></html>')


def test_a_loosened_pipeline_fetches_the_image(image_server, monkeypatch):
    url, hits = image_server
    monkeypatch.setattr(pdf, "resource_policy", loose_policy)
    monkeypatch.setattr(pdf, "link_callback", passthrough)
    assert render(url).startswith(b"%PDF")
    assert hits == ["/logo.png"]


@pytest.mark.parametrize(
    "loosened",
    [
        pytest.param({}, id="real-pipeline"),
        pytest.param({"resource_policy": loose_policy}, id="link-callback-alone"),
        pytest.param({"link_callback": passthrough}, id="resource-policy-alone"),
    ],
)
def test_the_real_lock_down_never_fetches(image_server, monkeypatch, loosened):
    url, hits = image_server
    for name, replacement in loosened.items():
        monkeypatch.setattr(pdf, name, replacement)
    assert render(url).startswith(b"%PDF")
    assert hits == []

