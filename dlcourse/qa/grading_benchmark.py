"""How fast a class is graded: N submissions of one chapter, autograded in
the sandbox with 1 worker and with 2, in scratch course folders.

Prints the median seconds per submission (each submission's own nbgrader
run, start to end) for each worker count, the wall time of each class, and
the speedup of 2 workers over 1 (wall time of 1 / wall time of 2).  The
submissions are those of the sample class: solved, blank and solved but for
one exercise, in turn.

Usage:  python -m dlcourse.qa.grading_benchmark [CHAPTER] [--submissions 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ..grading.autograde import autograde_class
from ..grading.course import Course
from ..grading.samples import sample_class
from ..layout import select_chapters


def class_of(chapter, course: Course, size: int) -> None:
    """Put ``size`` submissions of ``chapter`` into ``course``: solved, blank and
    solved but for one exercise, in turn (the sample class without its damaged
    files, which would not time a grading run)."""
    submissions = sample_class(course, chapter, size, damaged=False)
    for number, submission in enumerate(submissions.values()):
        course.submit(f"student{number:03d}", chapter, submission)


def grade(chapter, size: int, workers: int, scratch: Path) -> tuple[float, list[float]]:
    course = Course(scratch / f"workers-{workers}")
    class_of(chapter, course, size)
    start = time.perf_counter()
    outcomes = autograde_class(course, chapter, workers=workers, report=lambda line: None)
    wall = time.perf_counter() - start
    not_graded = [o.line() for o in outcomes if o.status == "not graded"]
    if not_graded:
        raise SystemExit("benchmark submissions failed to grade:\n" + "\n".join(not_graded))
    return wall, [o.seconds for o in outcomes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapter", nargs="?", default="01")
    parser.add_argument("--submissions", type=int, default=40)
    args = parser.parse_args(argv)
    chapter = select_chapters(args.chapter)[0]
    load = os.getloadavg()[0]
    print(f"{chapter.name}: {args.submissions} submissions, {os.cpu_count()} cores, load {load:.1f} at start")
    results = {}
    with tempfile.TemporaryDirectory(prefix="dlcourse-grading-benchmark-") as scratch:
        for workers in (1, 2):
            wall, seconds = grade(chapter, args.submissions, workers, Path(scratch))
            results[workers] = wall
            print(f"  {workers} worker(s): {wall:6.0f} s for the class ({wall / len(seconds):.1f} s per "
                  f"submission); each submission's own run: median {statistics.median(seconds):.1f} s "
                  f"(min {min(seconds):.1f}, max {max(seconds):.1f})")
    print(f"  speedup of 2 workers over 1: {results[1] / results[2]:.2f}x; "
          f"load {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
