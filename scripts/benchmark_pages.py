"""The public pages' speed against the limit for this stack, in one run.

Usage (from the repository root, after `make bootstrap`; installs Debian's `wrk` if missing):
    .venv/bin/python scripts/benchmark_pages.py [--database-url URL] [--rounds N] [--seconds S]

It migrates and loads the demo data into the database (a fresh SQLite file in
/tmp/portal-page-benchmark when no URL is given), serves the portal with
gunicorn.conf.py (2 sync workers, access log off), captures each public page
once, and serves those same pages from a bare Flask app with no database
(loadtest/bare_pages.py) under the same gunicorn settings. Then, in
interleaved rounds (each page on one server then the other, the order swapped
every round, so a busy moment on a shared machine falls on both), it drives
each with wrk (16 connections) and prints each page's requests a second as a
share of the bare page's, with the median of the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loadtest.bare_pages import capture  # noqa: E402

# The public pages measured (the bare app also holds /healthz and /sign-in).
PAGES = 4
TARGET = 0.5
BIN = ROOT / ".venv" / "bin"


def _environment(args, instance: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{instance / 'portal.db'}",
        "PORTAL_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "page-benchmark-secret-key-not-for-production",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_THREADS": "1",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
    }


def _serve(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", app],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{app} did not answer on port {port}: see {log}")


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def _wrk(url: str, seconds: float, connections: int) -> tuple[float, int]:
    """Requests a second, and the answers that were not 2xx or 3xx."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to fill with the demo data")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8491, help="the portal's; the bare app's is the next")
    args = parser.parse_args()
    subprocess.run([str(ROOT / "scripts" / "ensure-system-packages.sh"), "wrk"], check=True)

    work = Path(tempfile.mkdtemp(prefix="portal-page-benchmark-"))
    env = _environment(args, work)
    print(f"preparing {env['DATABASE_URL'].split('@')[-1]} (migrations and demo data)", file=sys.stderr)
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(
            [str(BIN / "flask"), "--app", "portal", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    (work / "bare").mkdir()
    portal = _serve("portal:create_app()", args.port, env, work / "portal.log")
    servers = [portal]
    try:
        paths = capture(f"http://127.0.0.1:{args.port}", work / "bare")[:PAGES]
        servers.append(
            _serve(
                "loadtest.bare_pages:create_app()",
                args.port + 1,
                {**env, "BARE_PAGES": str(work / "bare")},
                work / "bare.log",
            )
        )
        targets = {"portal": args.port, "bare": args.port + 1}
        rates: dict[tuple[str, str], list[float]] = {(t, p): [] for t in targets for p in paths}
        errors = 0
        load_before = _load()
        for path in paths:  # warm both up: imports, template compilation, connections
            for port in targets.values():
                _wrk(f"http://127.0.0.1:{port}{path}", 1, args.connections)
        for number in range(args.rounds):
            order = list(targets) if number % 2 == 0 else list(reversed(targets))
            for path in paths:
                for target in order:
                    rate, failed = _wrk(
                        f"http://127.0.0.1:{targets[target]}{path}", args.seconds, args.connections
                    )
                    rates[(target, path)].append(rate)
                    errors += failed
            print(f"round {number + 1} of {args.rounds} done", file=sys.stderr)
        load_after = _load()
    finally:
        for server in servers:
            _stop(server)

    sizes = {
        path: (work / "bare" / json.loads((work / "bare" / "index.json").read_text())[path]).stat().st_size
        for path in paths
    }
    print(
        f"\n{args.rounds} rounds of {args.seconds:g} s per page and server, wrk -c{args.connections}, "
        f"gunicorn {args.workers} sync workers; load average {load_before:.1f} before, "
        f"{load_after:.1f} after; {errors} answers not 2xx/3xx\n"
    )
    print("| page | HTML | bare req/s | portal req/s | portal / bare | rounds (portal / bare) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    met = True
    for path in paths:
        bare, served = rates[("bare", path)], rates[("portal", path)]
        ratio = statistics.median(served) / statistics.median(bare)
        met = met and ratio >= TARGET
        each = ", ".join(f"{p / b:.0%}" for p, b in zip(served, bare, strict=True))
        print(
            f"| `{path}` | {sizes[path] / 1024:.1f} kB | {statistics.median(bare):,.0f} | "
            f"{statistics.median(served):,.0f} | {ratio:.0%} | {each} |"
        )
    print(f"\nTarget: every page at least {TARGET:.0%} of the bare page: {'met' if met else 'NOT met'}.")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if met and not errors else 1)


if __name__ == "__main__":
    main()
