"""The test suite's time budget: what its notebooks cost in smoke mode, and
how long `make test-quick` and `make test` take as a whole, in wall seconds
on this machine.

Usage:  python -m dlcourse.qa.budget [--notebooks-only | --tests-only] [--budget SECONDS]

First every notebook runs once in smoke mode with papermill, one after the
other (what a single core spends on them); then `make test-quick` and
`make test` run in a child process with pytest's durations on, and the
figures are printed: each one's wall time against its budget (2 and 10
minutes on a quiet 2-core machine), the time per test file (summed
over its tests' set-up, call and tear-down, which overlap when the suite
runs in parallel) and the slowest tests.  Machines are shared: the load
average at the start and the end is printed beside the figures.
Exit status 1 when either fails or is over its budget.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import time
from pathlib import Path

from .. import notebooks
from .benchmark import stderr_to
from ..layout import BUILD, ROOT, all_chapters

BUDGET_SECONDS = 10 * 60
QUICK_BUDGET_SECONDS = 2 * 60
SUMMARY_LINE = re.compile(r"^=+ .*\d+ (passed|failed|errors?)\b.* in [\d.]+s")
DURATION_LINE = re.compile(r"^(?P<seconds>\d+\.\d+)s (?P<phase>setup|call|teardown)\s+(?P<test>\S+)")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} (5-min {five:.1f})"


def time_notebooks(workdir: Path) -> list[tuple[str, float]]:
    timings = []
    with stderr_to(BUILD / "budget-stderr.log"):
        for chapter in all_chapters():
            for path in chapter.notebooks():
                start = time.perf_counter()
                notebooks.execute(path, workdir / chapter.name / path.name, mode="smoke")
                timings.append((path.name, time.perf_counter() - start))
                print(f"  {path.name:<48} {timings[-1][1]:6.1f} s", flush=True)
    return timings


def per_file(durations: list[tuple[float, str]]) -> dict[str, float]:
    totals: dict[str, float] = collections.defaultdict(float)
    for seconds, test in durations:
        totals[test.split("::", 1)[0]] += seconds
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def durations_in(log: str) -> list[tuple[float, str]]:
    found = []
    for line in log.splitlines():
        match = DURATION_LINE.match(line.strip())
        if match:
            found.append((float(match["seconds"]), match["test"]))
    return found


def time_make(target: str, log_path: Path) -> tuple[float, int, str]:
    environment = dict(os.environ)
    environment["PYTEST_OPTIONS"] = (environment.get("PYTEST_OPTIONS", "") + " --durations=0 --durations-min=1").strip()
    start = time.perf_counter()
    with open(log_path, "w") as log:
        returncode = subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, env=environment,
                                    stdout=log, stderr=subprocess.STDOUT).returncode
    return time.perf_counter() - start, returncode, log_path.read_text(errors="replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the notebooks in smoke mode and make test as a whole.")
    parser.add_argument("--notebooks-only", action="store_true", help="skip the test runs")
    parser.add_argument("--tests-only", action="store_true", help="skip timing the notebooks one by one")
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="seconds make test may take")
    args = parser.parse_args(argv)

    print(f"{os.cpu_count()} cores; {load()}")
    if not args.tests_only:
        print("Every notebook once, in smoke mode, one after the other:")
        timings = time_notebooks(BUILD / "budget")
        print(f"  {'all ' + str(len(timings)) + ' notebooks':<48} {sum(s for _, s in timings):6.1f} s   ({load()})")
    if args.notebooks_only:
        return 0
    within = [report_make("test-quick", QUICK_BUDGET_SECONDS, slowest=5),
              report_make("test", args.budget, slowest=12)]
    return 0 if all(within) else 1


def report_make(target: str, budget: float, slowest: int) -> bool:
    """Run ``make TARGET``, print its figures; True when it passed within ``budget``."""
    log_path = BUILD / f"budget-make-{target}.log"
    print(f"make {target} (its output goes to {log_path.relative_to(ROOT)}) ...", flush=True)
    seconds, returncode, log = time_make(target, log_path)
    summary = [line for line in log.splitlines() if SUMMARY_LINE.match(line)][-1:]
    print(f"  {'make ' + target:<48} {seconds:6.1f} s   budget {budget:.0f} s: "
          f"{'within' if seconds <= budget else 'OVER'}   ({load()})")
    print(f"  pytest: {summary[0].strip('= ') if summary else 'no summary line'}")
    durations = durations_in(log)
    if durations:
        print("  Seconds per test file (set-up, call and tear-down added up):")
        for name, total in per_file(durations).items():
            print(f"    {name:<46} {total:7.1f}")
        print("  Slowest tests:")
        for seconds_taken, test in sorted(durations, reverse=True)[:slowest]:
            print(f"    {seconds_taken:7.1f}  {test}")
    if returncode != 0:
        print(f"make {target} failed (exit {returncode}); see {log_path}")
        return False
    return seconds <= budget

if __name__ == "__main__":
    raise SystemExit(main())
