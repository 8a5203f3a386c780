"""Every assignment's exercises in one table: kind, points, hints, and the
seconds its solution takes, hidden tests included.

Usage:  python -m dlcourse.qa.exercise_table [CHAPTER] [--mode full|smoke]

Each assignment runs once in its solution form (the instructor notebook)
with notebooks.execute_in_place, which records when each cell started and
finished; an exercise's time is the sum over its answer and test cells,
and the rest (imports, data) is shown as set-up.  An assignment should take under a
minute in full mode on 2 cores (benchmark.ASSIGNMENT_BUDGET_SECONDS): this
is where to see which exercise spends it.  Exit status 1 when a cell fails.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime
from pathlib import Path

from .. import notebooks
from .benchmark import ASSIGNMENT_BUDGET_SECONDS, stderr_to
from ..cells import EXERCISE_ID, exercise_of, nbgrader_metadata
from ..exercises import KINDS, exercises_of
from ..layout import BUILD, select_chapters


def cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end.replace("Z", "+00:00"))
            - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def seconds_by_exercise(executed) -> dict[str, float]:
    seconds: dict[str, float] = {}
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        grade_id = nbgrader_metadata(cell).get("grade_id", "")
        part = exercise_of(grade_id) if EXERCISE_ID.match(grade_id) else "set-up"
        seconds[part] = seconds.get(part, 0.0) + cell_seconds(cell)
    return seconds


def failed_cells(executed) -> list[str]:
    return [nbgrader_metadata(cell).get("grade_id", cell.source[:40])
            for cell in executed.cells if cell.cell_type == "code" and notebooks.has_error(cell)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Table each assignment's exercises and their solution times.")
    parser.add_argument("chapter", nargs="?", default=None)
    parser.add_argument("--mode", choices=notebooks.MODES, default="full")
    args = parser.parse_args(argv)

    failed = False
    BUILD.mkdir(exist_ok=True)
    with stderr_to(BUILD / "exercise-table-stderr.log"):
        for chapter in select_chapters(args.chapter):
            if not chapter.assignment.exists():
                continue
            exercises = exercises_of(notebooks.read(chapter.assignment))
            with tempfile.TemporaryDirectory(prefix="exercise-table-", dir=BUILD) as workdir:
                executed = notebooks.execute_in_place(notebooks.read(chapter.assignment), Path(workdir),
                                                      DLCOURSE_MODE=args.mode)
            seconds = seconds_by_exercise(executed)
            print(f"\n{chapter.name} ({args.mode} mode)")
            print("| Exercise | Kind | Points | Hints | Solution time (s) |")
            print("|---|---|---|---|---|")
            for name, exercise in exercises.items():
                kinds = ", ".join(dict.fromkeys(KINDS.get(k, f"unknown {k!r}") for k in exercise.kinds))
                try:
                    hints = " + ".join(str(len(h)) for h in exercise.hints()) or "none"
                except ValueError as err:
                    hints = f"malformed ({err})"
                print(f"| {exercise.title} | {kinds} | {exercise.points:g} | {hints} | {seconds.get(name, 0):.1f} |")
            total = sum(seconds.values())
            verdict = "within" if total <= ASSIGNMENT_BUDGET_SECONDS else "OVER"
            print(f"set-up cells {seconds.get('set-up', 0):.1f} s; whole solution {total:.1f} s, "
                  f"{verdict} the {ASSIGNMENT_BUDGET_SECONDS} s budget")
            if broken := failed_cells(executed):
                failed = True
                print(f"FAILED cells: {', '.join(broken)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
