"""`make bench`: the live configuration on the scaled data set, driven by wrk.

    .venv/bin/python -m bench.run [--rounds 3] [--seconds 10] [--pool] [--skip-scaleout]

1. Loads the scaled data set (`load_demo_content --bench`) into the prevent_bench database.
2. Starts gunicorn (gunicorn.conf.py, debug off, PostgreSQL, Redis) and the task worker.
3. Drives each page with wrk at 32 connections for several rounds; the first page of each
   round is a bare 10 KB view (bench mode only) and every page is given as a share of it.
4. The booking burst: 200 visitors confirm a booking on one 20-place session at once.
5. Reads each worker's resident memory, then stops that server.
6. Scale-out: two instances behind nginx (bench/scaleout.py).
Prints a table and writes everything to bench-results.json. README "Benchmark" explains it.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from statistics import median

from .servers import (
    DEFAULT_CACHE_URL,
    DEFAULT_DATABASE_URL,
    INSTALL_HINTS,
    PYTHON,
    ROOT,
    BenchSetupError,
    Processes,
    bench_env,
    ensure_redis,
    flush_cache,
    missing_tools,
    start_gunicorn,
    start_worker,
    worker_rss_mb,
)

TARGETS = {
    # kind: (least share of the baseline's requests per second, most p99 as a multiple of
    # the baseline's p99 in the same round, or None)
    "public": (0.90, 2.0),
    "form": (0.20, None),
}
MEMORY_TARGET_MB = 150
MAIN_PORT = 8310
BASELINE_PORT = 8311
SCALEOUT_PORTS = (8321, 8322)
NGINX_PORT = 8320


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() * 2)
    parser.add_argument("--burst", type=int, default=200, help="visitors in the booking burst")
    parser.add_argument("--capacity", type=int, default=20, help="places on the burst session")
    parser.add_argument("--pool", action="store_true", help="psycopg pool (DATABASE_POOL=1)")
    parser.add_argument("--skip-load", action="store_true", help="data set already loaded")
    parser.add_argument("--skip-scaleout", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    missing = missing_tools(["wrk"] + ([] if args.skip_scaleout else ["nginx"]))
    if missing:
        hints = "; ".join(INSTALL_HINTS[name] for name in missing)
        print(f"make bench needs {', '.join(missing)}. Install with: {hints}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    if load_before[0] > 1.0:
        print(
            f"Note: load average is {load_before[0]:.2f}: other work is running, "
            "so the figures will be noisy (and lower than on a quiet machine)."
        )
    processes = Processes()
    try:
        return _run(args, processes, load_before)
    except BenchSetupError as error:
        print(f"make bench: {error}", file=sys.stderr)
        return 1
    finally:
        processes.stop_all()


def _run(args, processes, load_before):
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    cache_url = ensure_redis(processes, os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL))
    _ensure_database(database_url)
    if not args.skip_load:
        _load_data(database_url, cache_url)

    env = bench_env(database_url=database_url, cache_url=cache_url, pool=args.pool)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from . import site

    flush_cache(cache_url)
    pages = site.pages_to_measure()
    staff_cookie = site.staff_session_cookie()

    print(f"Starting gunicorn ({args.workers} sync workers) and the task worker...")
    server = start_gunicorn(
        processes, name="gunicorn-main", port=MAIN_PORT, workers=args.workers, env=env
    )
    yardstick = start_gunicorn(
        processes,
        name="gunicorn-baseline",
        port=BASELINE_PORT,
        workers=args.workers,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.baseline_settings"},
    )
    start_worker(processes, env=env)
    base = f"http://127.0.0.1:{MAIN_PORT}"
    bases = {"baseline": f"http://127.0.0.1:{BASELINE_PORT}"}
    _warm_up(base, pages, staff_cookie, bases)

    rounds = []
    round_loads = []
    for number in range(1, args.rounds + 1):
        round_loads.append(round(os.getloadavg()[0], 2))
        print(f"Round {number} of {args.rounds}: ", end="", flush=True)
        measured = {}
        for name, path, kind in pages:
            headers = [f"Cookie: {staff_cookie}"] if kind == "staff" else []
            from .load import run_wrk

            measured[name] = run_wrk(
                bases.get(kind, base) + path,
                connections=args.connections,
                seconds=args.seconds,
                headers=headers,
            )
            print(".", end="", flush=True)
            _settle(base)
        print()
        rounds.append(measured)

    print(f"Booking burst: {args.burst} visitors, one {args.capacity}-place session...")
    burst = _burst(base, args, site)
    memory = worker_rss_mb(server.pid)
    processes.stop(server)
    processes.stop(yardstick)

    scaleout = None
    if not args.skip_scaleout:
        print("Scale-out: two instances behind nginx...")
        # A fresh start, as after a deploy: the burst's posts must not count against it.
        flush_cache(cache_url)
        from .scaleout import run_scaleout

        book_path = next(path for name, path, _kind in pages if name == "first booking page")
        content_path = next(path for name, path, _kind in pages if name == "content page")
        scaleout = run_scaleout(
            processes,
            env=env,
            nginx_port=NGINX_PORT,
            ports=SCALEOUT_PORTS,
            book_path=book_path,
            content_path=content_path,
        )

    summary = summarise(pages, rounds)
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
            "load_average_per_round": round_loads,
            "commit": _git_commit(),
        },
        "settings": {
            "workers": args.workers,
            "connections": args.connections,
            "seconds_per_page": args.seconds,
            "rounds": args.rounds,
            "database_pool": args.pool,
        },
        "pages": [{"name": name, "path": path, "kind": kind} for name, path, kind in pages],
        "rounds": rounds,
        "summary": summary,
        "burst": burst,
        "worker_rss_mb": memory,
        "scaleout": scaleout,
    }
    with open(args.output, "w") as handle:
        json.dump(results, handle, indent=2)
    failed = print_report(results)
    print(f"\nWritten to {os.path.relpath(args.output)}.")
    return 1 if failed else 0


def _ensure_database(database_url):
    import psycopg
    from psycopg import sql

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise BenchSetupError(
            f"PostgreSQL is not answering ({error}). Start it (e.g. `pg_ctlcluster "
            "--skip-systemctl-redirect 15 main start`) or set BENCH_DATABASE_URL."
        ) from None


def _load_data(database_url, cache_url):
    print("Loading the scaled data set (first run: about a minute)...")
    # Debug on for the loader only: the demo officers and referrals load only then.
    env = bench_env(database_url=database_url, cache_url=cache_url, debug=True)
    for command in (
        ["manage.py", "migrate", "--noinput", "-v0"],
        ["manage.py", "load_demo_content", "--bench"],
        # Books the upcoming bench sessions and checks the totals (bench/bench_data.py).
        ["-m", "bench.bench_data"],
    ):
        result = subprocess.run(  # noqa: S603 (our own scripts with fixed arguments)
            [PYTHON, *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BenchSetupError(f"{' '.join(command)} failed:\n{result.stderr}")
        if command[-1] == "bench.bench_data":
            lines = [line for line in result.stdout.splitlines() if line.startswith("Bench data")]
            print("  " + (lines[-1] if lines else result.stdout.strip().splitlines()[-1]))


def _warm_up(base, pages, staff_cookie, bases):
    """One request to each page: checks it answers 200 and fills the page cache."""
    from .client import Visitor

    for name, path, kind in pages:
        headers = {"Cookie": staff_cookie} if kind == "staff" else {}
        answer = Visitor(bases.get(kind, base)).get(path, headers=headers)
        if answer.status != 200:
            raise BenchSetupError(f"{name} ({path}) answered HTTP {answer.status}, not 200")


def _settle(base, *, seconds=30):
    """Wait until the server has worked through what wrk left queued (a slow page's last
    requests), so the next page is not measured waiting behind them."""
    from .client import Visitor

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if Visitor(base).get("/bench/baseline/").seconds < 0.02:
            return
        time.sleep(0.2)


def _burst(base, args, site):
    from .burst import run_burst

    session = site.new_burst_session(capacity=args.capacity)
    try:
        from django.conf import settings

        result = run_burst(
            base,
            f"/training/sessions/{session.public_id}/book/",
            visitors=args.burst,
            tag=f"burst-{int(time.time())}",
            fill_seconds=settings.SPAM_MIN_FILL_SECONDS + 0.2,
        )
        result["counts"] = site.booking_counts(session.pk)
        deadline = time.monotonic() + 120
        while True:
            queued, sent = site.emails_sent_for(session.pk)
            if sent >= queued or time.monotonic() > deadline:
                break
            time.sleep(1)
        result["emails"] = {"queued": queued, "sent": sent}
    finally:
        site.remove_burst_session(session.pk)
    counts = result["counts"]
    result["expected"] = {"confirmed": args.capacity, "waiting": args.burst - args.capacity}
    result["ok"] = (
        counts["confirmed"] == args.capacity
        and counts["waiting"] == args.burst - args.capacity
        and result["errors"] == 0
    )
    return result


def summarise(pages, rounds):
    """Per page: median, min and max across rounds of req/s, p50, p99 and share of baseline."""
    summary = {}
    for name, _path, kind in pages:
        rps = [measured[name]["rps"] for measured in rounds]
        ratios = [measured[name]["rps"] / measured["baseline"]["rps"] for measured in rounds]
        p99_ratios = [
            measured[name]["p99_ms"] / max(measured["baseline"]["p99_ms"], 0.01)
            for measured in rounds
        ]
        p50 = [measured[name]["p50_ms"] for measured in rounds]
        p99 = [measured[name]["p99_ms"] for measured in rounds]
        errors = sum(measured[name]["errors"] for measured in rounds)
        entry = {
            "kind": kind,
            "rps": {"median": median(rps), "min": min(rps), "max": max(rps)},
            "ratio": {"median": median(ratios), "min": min(ratios), "max": max(ratios)},
            "p50_ms": {"median": median(p50), "min": min(p50), "max": max(p50)},
            "p99_ms": {"median": median(p99), "min": min(p99), "max": max(p99)},
            "p99_ratio": {
                "median": median(p99_ratios),
                "min": min(p99_ratios),
                "max": max(p99_ratios),
            },
            "per_round": [
                {"share": round(share, 3), "p99_ratio": round(p99_ratio, 2)}
                for share, p99_ratio in zip(ratios, p99_ratios, strict=True)
            ],
            "errors": errors,
        }
        if kind in TARGETS:
            least_ratio, most_p99_ratio = TARGETS[kind]
            entry["target"] = f">= {least_ratio:.0%} of baseline" + (
                f", p99 <= {most_p99_ratio:g}x baseline's" if most_p99_ratio else ""
            )
            entry["meets_target"] = (
                entry["ratio"]["median"] >= least_ratio
                and (most_p99_ratio is None or entry["p99_ratio"]["median"] <= most_p99_ratio)
                and errors == 0
            )
        summary[name] = entry
    return summary


def print_report(results):
    """Print the tables; return True if any target was missed."""
    failed = False
    settings = results["settings"]
    print(
        f"\n{settings['rounds']} rounds x {settings['seconds_per_page']} s per page, "
        f"{settings['connections']} connections, {settings['workers']} gunicorn sync workers, "
        f"{'psycopg pool' if settings['database_pool'] else 'persistent connections'}, "
        f"{results['machine']['cores']} cores, load average before "
        f"{results['machine']['load_average_before'][0]:.2f}."
    )
    print(
        "Median across rounds, with (min-max). Baseline: Django's bare view with Django's "
        "default middleware.\nShare = req/s / baseline req/s; p99 x = p99 / baseline p99; "
        "both in the same round.\n"
    )
    header = (
        f"{'page':<20} {'req/s':>18} {'p50 ms':>8} {'p99 ms':>18} {'share':>15} "
        f"{'p99 x':>16}  target"
    )
    print(header)
    print("-" * (len(header) + 30))
    for name, entry in results["summary"].items():
        rps, ratio, p50, p99 = entry["rps"], entry["ratio"], entry["p50_ms"], entry["p99_ms"]
        p99x = entry["p99_ratio"]
        verdict = ""
        if "meets_target" in entry:
            verdict = ("ok   " if entry["meets_target"] else "MISS ") + entry["target"]
            failed |= not entry["meets_target"]
        if entry["errors"]:
            verdict += f"  ({entry['errors']} errors)"
        print(
            f"{name:<20} {rps['median']:>6.0f} ({rps['min']:>4.0f}-{rps['max']:<4.0f})"
            f" {p50['median']:>8.1f} {p99['median']:>6.1f} ({p99['min']:>4.0f}-{p99['max']:<4.0f})"
            f" {ratio['median']:>5.0%} ({ratio['min']:.0%}-{ratio['max']:.0%})"
            f" {p99x['median']:>5.1f} ({p99x['min']:.1f}-{p99x['max']:.1f})  {verdict}"
        )
    loads = ", ".join(f"{load:.2f}" for load in results["machine"]["load_average_per_round"])
    print(f"\nPer round (share / p99 x); load average at each round's start: {loads}")
    for name, entry in results["summary"].items():
        if entry["kind"] == "baseline":
            continue
        rounds = "  ".join(f"{r['share']:.0%} / {r['p99_ratio']:.1f}" for r in entry["per_round"])
        print(f"  {name:<20} {rounds}")

    burst = results["burst"]
    counts = burst["counts"]
    print(
        f"\nBooking burst: {burst['submitted']} at once -> {counts['confirmed']} confirmed, "
        f"{counts['waiting']} waiting, {burst['errors']} errors "
        f"(expected {burst['expected']['confirmed']}/{burst['expected']['waiting']}/0): "
        f"{'ok' if burst['ok'] else 'MISS'}; p50 {burst['p50_ms']:.0f} ms, "
        f"p99 {burst['p99_ms']:.0f} ms; emails sent {burst['emails']['sent']}"
        f"/{burst['emails']['queued']}."
    )
    for sample in burst["error_samples"]:
        print(f"  error: {sample}")
    failed |= not burst["ok"]

    memory = results["worker_rss_mb"]
    biggest = max(memory.values(), default=0)
    print(
        "Worker memory (RSS) after the bench: "
        + ", ".join(f"{mb:.0f} MB" for mb in memory.values())
        + f": {'ok' if biggest < MEMORY_TARGET_MB else 'MISS'} (target < {MEMORY_TARGET_MB} MB)."
    )
    failed |= biggest >= MEMORY_TARGET_MB

    if results["scaleout"]:
        print("Scale-out (2 instances behind nginx, round robin):")
        for name, check in results["scaleout"].items():
            mark = {True: "ok  ", False: "MISS", None: "n/a "}[check["ok"]]
            print(f"  {mark} {name}: {check['detail']}")
            failed |= check["ok"] is False
    return failed


def _git_commit():
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
