"""One endpoint of the load test driven by `wrk` (50 connections, loopback, a bounded duration):
the ceiling, the signed-in write floor, and each page alone, built or cached."""

import json
import os
import subprocess
import tempfile

THREADS = 2

LUA = r"""
local requests = {REQUESTS}
local threads = 0
local counter = 0
-- Each wrk thread drives its own share of the entries, so that an entry with a list of bodies (a
-- student answering the questions of a session in order) is never sent by two threads.
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) counter = 0; math.randomseed(os.time() + tid * 7919) end
-- A fresh CSRF cookie at each request: the reader's cached copy (keyed by session and CSRF cookie)
-- is never hit, so the page is built, as when a person opens it for the first time.
local function fresh_token()
  return string.format("%08x%08x%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff),
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
end
function request()
  local step = {THREADS}
  local index
  if #requests >= step then
    local owned = math.floor((#requests - 1 - tid) / step) + 1
    index = tid + step * (counter % owned) + 1
  else
    index = (counter % #requests) + 1
  end
  counter = counter + 1
  local r = requests[index]
  local body = r[4]
  if type(body) == "table" then
    r.next = (r.next or 0) + 1
    body = body[math.min(r.next, #body)]
  end
  local headers = r[3]
  if r[5] then headers["Cookie"] = r[5] .. "; {CSRF_COOKIE}=" .. fresh_token() end
  return wrk.format(r[1], r[2], headers, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


def lua_body(body) -> str:
    """nil, a string, or a list of strings sent one after the other (then the last one again)."""
    if not body:
        return "nil"
    if isinstance(body, list):
        return "{" + ", ".join(lua_string(item) for item in body) + "}"
    return lua_string(body)


def lua_requests(requests) -> str:
    """(method, path, headers, body) or (method, path, headers, body, session cookie): with the
    session cookie, each request carries it with a fresh CSRF cookie (a built page)."""
    items = []
    for method, path, headers, body, *fresh in requests:
        header_table = "{" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()) + "}"
        session = lua_string(fresh[0]) if fresh and fresh[0] else "nil"
        items.append(f"{{{lua_string(method)}, {lua_string(path)}, {header_table}, {lua_body(body)}, {session}}}")
    return "{" + ",\n".join(items) + "}"


def script(requests, csrf_cookie: str = "csrftoken") -> str:
    return (LUA.replace("{REQUESTS}", lua_requests(requests)).replace("{THREADS}", str(THREADS))
            .replace("{CSRF_COOKIE}", csrf_cookie))


def run(requests, url: str, duration: int, connections: int, csrf_cookie: str = "csrftoken") -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script(requests, csrf_cookie))
    try:
        output = subprocess.run(
            ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "--timeout", "4s", "-s", lua.name, url],
            capture_output=True, text=True, timeout=duration + 60, check=True,
        ).stdout
    finally:
        os.unlink(lua.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line[len("RESULT "):])
    errors = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
    return {
        "rps": data["requests"] / data["seconds"] if data["seconds"] else 0,
        "p50_ms": data["p50"], "p95_ms": data["p95"], "p99_ms": data["p99"],
        "errors": errors, "timeouts": data["timeout"], "requests": data["requests"],
    }
