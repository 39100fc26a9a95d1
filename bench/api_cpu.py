"""Benchmark: the CPU one accepted send costs the API, in this process, without the network.

Sends emails through the API application with Flask's test client, one after another, and
prints the CPU time a request (process time, so the machine's other work does not count) and,
with `--profile`, where it goes (cProfile, sorted by cumulative time). The worker is not
running: messages stay in the outbox.

    .venv/bin/python bench/api_cpu.py --postgres --redis --requests 3000 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import api_token, email_body, email_sender, private_stores  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("--redis-db", default="14")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    redis_dbs = {"POSTROOM_REDIS_URL": args.redis_db} if args.redis else {}
    with private_stores(args.postgres, redis_dbs) as (env, _data_dir):
        setup = email_sender(env)
        from postroom.api import create_app
        from postroom.config import load_settings

        client = create_app(load_settings(env)).test_client()
        body = email_body(setup)

        def send() -> None:
            headers = {"Authorization": f"Bearer {api_token(setup)}"}
            response = client.post(
                "/v2/notifications/email",
                data=body,
                headers=headers,
                content_type="application/json",
            )
            assert response.status_code == 201, response.get_data(as_text=True)

        for _ in range(200):  # warm: the remembered reads, compiled statements
            send()
        profiler = cProfile.Profile() if args.profile else None
        started_cpu, started = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for _ in range(args.requests):
            send()
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
        print(
            f"{args.requests} sends: {1000 * cpu / args.requests:.3f} ms CPU and "
            f"{1000 * wall / args.requests:.3f} ms wall each"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        from postroom.db import db

        db.engine.dispose()  # before its database is dropped


if __name__ == "__main__":
    main()
