"""Real app servers for tests: gunicorn processes on loopback, and citizens that talk to them.

Each `AppServer` is a gunicorn this test started (in its own process group, so it is stopped
by its own PID and nothing else), with the production settings of
`tests/appserver_settings.py`, pointed at the test database and at Redis. `Browserless` is a
signed-in citizen speaking plain HTTP/1.1 through a proxy's headers (`X-Forwarded-Proto`,
`X-Forwarded-For`), cookies kept by hand.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# One key for the sessions the test writes and the servers that read them.
SECRET_KEY = secrets.token_urlsafe(64)
# What a broken connection looks like to a client: refused, reset, closed half-way.
# The per-account support rate of the servers (production allows more; see appserver_settings).
SUPPORTS_PER_MINUTE = 25
CONNECTION_ERRORS = (ConnectionError, http.client.HTTPException, TimeoutError, OSError)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The database this test process uses (the test database), as a URL for the servers."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{db.get('HOST') or HOST}:{db.get('PORT') or 5432}/"
        f"{db['NAME']}"
    )


def own_backend() -> int:
    """The PostgreSQL backend of this thread's connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate_database_backends(*, keep: int) -> int:
    """Drop every connection to this test's own database (never another database's) except
    this thread's and `keep` (the test's main connection); returns how many were dropped."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
            [keep],
        )
        return cursor.fetchone()[0]


@dataclass
class AppServer:
    log_dir: Path
    name: str
    redis_url: str
    port: int = field(default_factory=free_port)
    workers: int = 2
    threads: int = 4
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def log(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_", "REDIS_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.appserver_settings",
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=database_url(),
            REDIS_URL=self.redis_url,
            # Apart from every other process on this Redis (other test workers included).
            CACHE_KEY_PREFIX=f"civic-appserver-{os.getpid()}",
            TRUSTED_PROXY_COUNT="1",
            APPSERVER_SUPPORTS_PER_MINUTE=str(SUPPORTS_PER_MINUTE),
            TASKS_BACKEND="immediate",
            EMAIL_BACKEND="console",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        return env

    def start(self, timeout: float = 60.0) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "civic.wsgi",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            "--worker-class=gthread",
            "--timeout=30",
            "--graceful-timeout=5",
        ]
        handle = self.log.open("a")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.environment(),
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start:\n{self.log.read_text()[-3000:]}")
            try:
                status, _headers, _body = request(self.port, "GET", "/healthz")
            except CONNECTION_ERRORS:
                time.sleep(0.2)
                continue
            if status == 200:
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer /healthz:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """As a crash would: SIGKILL to the whole server (master and workers), no goodbye."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    connection_: http.client.HTTPConnection | None = None,
    timeout: float = 20.0,
) -> tuple[int, dict[str, str], bytes]:
    conn = connection_ or http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():
            name = name.lower()
            # Several Set-Cookie headers stay apart, one per line.
            headers[name] = f"{headers[name]}\n{value}" if name in headers else value
        return response.status, headers, data
    finally:
        if connection_ is None:
            conn.close()


def signed_in_session(user) -> str:
    """A session for `user`, stored in the database (the servers' cached_db sessions find it).

    Written with the servers' SECRET_KEY: call inside `settings.SECRET_KEY = SECRET_KEY`.
    """
    assert settings.SECRET_KEY == SECRET_KEY, "sessions must be signed with the servers' key"
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@dataclass
class Browserless:
    """One citizen's device: a session, its cookies, its address."""

    session_key: str
    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def headers(self, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
        jar = {settings.SESSION_COOKIE_NAME: self.session_key, **self.cookies}
        values = {
            "Host": f"{HOST}:{port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Cookie": "; ".join(f"{name}={value}" for name, value in jar.items()),
        }
        values.update(extra or {})
        return values

    def send(
        self,
        port: int,
        method: str,
        path: str,
        *,
        extra: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        # A connection per request, as a proxy opens them to its app servers: a kept-alive
        # connection the server has closed in the meantime would look like a fault.
        status, headers, body = request(
            port, method, path, headers=self.headers(port, extra), body=body
        )
        for line in headers.get("set-cookie", "").splitlines():
            jar = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                if name != settings.SESSION_COOKIE_NAME:
                    self.cookies[name] = morsel.value
        return status, headers, body

    def post(self, port: int, path: str) -> tuple[int, dict[str, str], bytes]:
        csrf = self.cookies.get(settings.CSRF_COOKIE_NAME, "")
        return self.send(
            port,
            "POST",
            path,
            extra={
                "Origin": f"https://{HOST}:{port}",
                "Referer": f"https://{HOST}:{port}/",
                "X-CSRFToken": csrf,
                "X-Requested-With": "fetch",
                "Content-Length": "0",
            },
        )
