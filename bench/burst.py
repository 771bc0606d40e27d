"""The booking burst: many visitors confirm a booking on one session at the same moment.

Each visitor is a separate client with its own session cookie and CSRF token. They all
walk the journey to check-your-answers first (not timed), then wait at a barrier and
press "Confirm booking" together: those final POSTs are what is timed and checked.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .client import BookingStepError, Visitor, confirm, delegate, open_details, send_details


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def run_burst(base_url, book_path, *, visitors, tag, prepare_threads=8, fill_seconds=3.2):
    """Returns {"submitted", "errors", "error_samples", "p50_ms", "p99_ms", "max_ms"}."""

    def open_page(number):
        visitor = Visitor(base_url)
        return (visitor, *open_details(visitor, book_path))

    def fill_in(number, opened):
        visitor, details_path, details_page = opened
        return (visitor, *send_details(visitor, details_path, details_page, delegate(number, tag)))

    with ThreadPoolExecutor(prepare_threads) as pool:
        opened = list(pool.map(open_page, range(visitors)))
        # Everyone has had the details page for longer than the spam check's minimum.
        time.sleep(fill_seconds)
        prepared = list(pool.map(fill_in, range(visitors), opened))

    barrier = threading.Barrier(visitors)
    results = [None] * visitors

    def submit(index):
        visitor, check_path, check_page = prepared[index]
        barrier.wait()
        try:
            answer = confirm(visitor, check_path, check_page)
        except (OSError, BookingStepError) as error:
            results[index] = (None, f"{type(error).__name__}: {error}")
            return
        ok = answer.status == 302 and "/confirmation/" in answer.location
        results[index] = (answer.seconds * 1000, None if ok else f"HTTP {answer.status}")

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    times = [ms for ms, problem in results if ms is not None]
    problems = [problem for _ms, problem in results if problem]
    return {
        "submitted": visitors,
        "errors": len(problems),
        "error_samples": sorted(set(problems))[:5],
        "p50_ms": round(percentile(times, 0.50), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "max_ms": round(max(times, default=0), 1),
    }
