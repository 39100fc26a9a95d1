"""Engine and sessions. One engine per process; sessions are scoped to a request or a task."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # WAL lets the API, web and worker processes read while one writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    # No ping before each use (a round trip a request): a connection the server dropped fails
    # its statement once, and SQLAlchemy then replaces every connection in the pool.
    return create_engine(url, pool_size=10, max_overflow=20)


class Database:
    """Holds the engine and a scoped session; `db.session` is the session of the current scope."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session = scoped_session(sessionmaker(expire_on_commit=False))

    def configure(self, url: str) -> None:
        if self.engine is not None:
            self.session.remove()
            self.engine.dispose()
        self.engine = make_engine(url)
        self.session.configure(bind=self.engine)

    def reachable(self) -> bool:
        """Whether a query gets through; any failure counts as unreachable."""
        try:
            self.session.execute(text("SELECT 1"))
            return True
        except Exception:
            self.session.rollback()
            return False

    @contextmanager
    def scope(self) -> Iterator[Session]:
        """A unit of work outside a request (a task, a CLI command): commit or roll back.

        A session of its own, so a task run inside a request (eagerly) leaves the request's
        session alone."""
        session = Session(bind=self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


db = Database()
