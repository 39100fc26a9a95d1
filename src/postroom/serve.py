"""Serving a Flask app with gunicorn from inside the `postroom` command."""

from __future__ import annotations

from collections.abc import Callable

from gunicorn.app.base import BaseApplication

from postroom.http_requests import HEADER

# Gunicorn's usual access log line, and the request's id (see http_requests).
ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" id=%({' + HEADER.lower() + "}o)s"
)


class GunicornServer(BaseApplication):
    """Runs `factory()` in each gunicorn worker, so every worker has its own database pool."""

    def __init__(self, factory: Callable, options: dict) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.factory()


def serve(factory: Callable, *, host: str, port: int, workers: int, threads: int) -> None:
    GunicornServer(
        factory,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            "graceful_timeout": 10,
            "timeout": 60,
        },
    ).run()
