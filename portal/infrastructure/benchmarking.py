"""What every app's benchmark measures the same way (`make bench`, `bench/measures/`)."""

import statistics
import time


def median_ms(func, runs: int) -> float:
    """The median duration of `runs` calls of `func`, in milliseconds (medians resist the noise of
    a shared machine better than means)."""
    timings = []
    for _i in range(runs):
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
