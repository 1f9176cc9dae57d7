"""Structured logs: one JSON line per request, with its duration and status, no personal data.

The line carries the method, the URL *pattern* (``route``, e.g. ``toolkit/outils/<slug>/``, never the
query string or identifiers typed by people), the status, the duration and the CPU time in milliseconds and
the worker's process id; never the user, the IP address, a cookie or a parameter.
"""

import json
import logging
import os
import time

logger = logging.getLogger("portal.requests")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def request_fields(request, response, duration: float, cpu: float) -> dict:
    match = getattr(request, "resolver_match", None)
    return {
        "method": request.method,
        "route": match.route if match and match.route else ("<page>" if match else "<none>"),
        "view": match.view_name if match else "",
        "status": response.status_code,
        "duration_ms": round(duration * 1000, 1),
        "cpu_ms": round(cpu * 1000, 1),
        "pid": os.getpid(),
    }


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start, cpu = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            # The CPU the request took in this thread: its cost, whatever else the machine did meanwhile.
            fields = request_fields(request, response, time.perf_counter() - start, time.thread_time() - cpu)
            logger.info("request", extra={"fields": fields})
        return response
