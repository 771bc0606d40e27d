"""Driving one URL with wrk and reading its summary."""

import re
import subprocess

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


class WrkError(Exception):
    pass


def run_wrk(url, *, connections, seconds, threads=2, headers=()):
    """Run wrk against `url`; return {rps, p50_ms, p99_ms, requests, errors}."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    result = subprocess.run(  # noqa: S603 (wrk with our own arguments)
        command, capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    if result.returncode != 0:
        raise WrkError(f"wrk failed on {url}: {result.stderr.strip() or result.stdout.strip()}")
    return parse_wrk(result.stdout)


def parse_wrk(output):
    percentiles = {
        int(match[0]): float(match[1]) * _UNITS[match[2]] for match in _PERCENTILE.findall(output)
    }
    rate = _RATE.search(output)
    total = _TOTAL.search(output)
    if rate is None or 50 not in percentiles or 99 not in percentiles:
        raise WrkError(f"Could not read wrk's summary:\n{output}")
    errors = 0
    if non_2xx := _NON_2XX.search(output):
        errors += int(non_2xx.group(1))
    if socket_errors := _ERRORS.search(output):
        errors += sum(int(value) for value in socket_errors.groups())
    return {
        "rps": float(rate.group(1)),
        "p50_ms": round(percentiles[50], 2),
        "p99_ms": round(percentiles[99], 2),
        "requests": int(total.group(1)) if total else 0,
        "errors": errors,
    }
