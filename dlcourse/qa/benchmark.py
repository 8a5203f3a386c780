"""Print how long the course's notebooks take: each notebook in smoke mode
(papermill), and a real `nbgrader autograde` of each assignment's solution.

Usage:  python -m dlcourse.qa.benchmark [CHAPTER] [--repeats N]

Machines are shared and noisy, so every figure is the median of N runs made
in this one invocation, with the spread beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from .. import notebooks
from ..grading.course import Course
from ..grading.samples import solved_submission
from ..layout import BUILD, select_chapters

ASSIGNMENT_BUDGET_SECONDS = 60


def timed(action, repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def autograde_solution(chapter, workdir: Path):
    """One real autograde of the chapter's solution, in a fresh course."""
    course = Course(workdir / f"course-{time.monotonic_ns()}")
    solved = solved_submission(course.student_version(chapter), notebooks.read(chapter.assignment))
    course.submit("solution", chapter, solved)

    def run():
        course.autograde(chapter)
        result = course.score(chapter, "solution")
        assert result.score == result.max_score, f"the solution lost points: {result.lost_points()}"
    return run


def report(label: str, seconds: list[float], budget: float | None = None) -> None:
    median = statistics.median(seconds)
    spread = f"{min(seconds):6.1f} .. {max(seconds):6.1f}"
    verdict = "" if budget is None else ("  within budget" if median <= budget else f"  OVER {budget:.0f} s")
    print(f"  {label:<44} median {median:6.1f} s   range {spread} s{verdict}")


@contextlib.contextmanager
def stderr_to(log_path: Path):
    """Kernels inherit this process's stderr; their start-up chatter goes to
    a file while the block runs, so the figures stay readable."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        saved = os.dup(2)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the course's notebooks and grading.")
    parser.add_argument("chapter", nargs="?", default=None)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{args.repeats} run(s) each")
    kernel_log = BUILD / "benchmark-stderr.log"
    print(f"(what the kernels write to stderr goes to {kernel_log})")
    with tempfile.TemporaryDirectory(prefix="dlcourse-bench-") as scratch, stderr_to(kernel_log):
        workdir = Path(scratch)
        for chapter in select_chapters(args.chapter):
            print(chapter.name)
            for path in chapter.notebooks():
                out = workdir / path.name
                report(f"{path.name} (smoke, papermill)",
                       timed(lambda: notebooks.execute(path, out, mode="smoke"), args.repeats))
            if chapter.assignment.exists():
                report("autograde of the solution (nbgrader)",
                       timed(autograde_solution(chapter, workdir), args.repeats),
                       budget=ASSIGNMENT_BUDGET_SECONDS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
