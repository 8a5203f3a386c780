"""How far a graded, trained model's score moves with the seed, next to its bar.

An assignment that grades a trained model names, in its notebook metadata,
the variables its tests compute and the bar each must clear:

    "dlcourse": {"bars": {"classifier_test_accuracy": {"bar": 0.9, "better": "higher"}}}

This script runs the assignment in its solution form (the instructor
notebook, hidden tests included) once per seed, with the seed in
DLCOURSE_SEED (read by the notebook's parameters cell), and prints each
variable's value per seed, its median and spread, and the margin between
the worst seed and the bar.  A learner's correct model differs from the
solution about as much as another seed does, so the worst seed must clear
the bar with room to spare.

Usage:  python -m dlcourse.qa.spread [CHAPTER] [--seeds 0 1 2 3 4]
Exit status 1 when a seed misses a bar or fails a graded test, 2 when no chapter
declares a bar.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import nbformat

from .. import notebooks
from ..cells import is_graded, nbgrader_metadata
from ..layout import BUILD, select_chapters
from ..thresholds import bars_of

MEASURED_MARKER = "dlcourse-measured"


def measuring_cell(variables: list[str]) -> nbformat.NotebookNode:
    """A last cell that displays the measured variables (None if a failing
    cell left one undefined)."""
    names = json.dumps(variables)
    return nbformat.v4.new_code_cell(
        "import json as _json\n"
        f"print({MEASURED_MARKER!r}, _json.dumps({{_n: (float(globals()[_n]) if _n in globals() else None)"
        f" for _n in {names}}}))")


def measure(assignment: Path, seed: int, variables: list[str], workdir: Path) -> tuple[dict, list[str]]:
    """Run the solution notebook with ``seed``; return the variables' values
    and the grade ids of test cells that failed."""
    notebook = notebooks.read(assignment)
    notebook.cells.append(measuring_cell(variables))
    notebooks.execute_in_place(notebook, workdir, DLCOURSE_SEED=str(seed), DLCOURSE_MODE="full")
    failed = [nbgrader_metadata(cell)["grade_id"] for cell in notebook.cells
              if cell.cell_type == "code" and is_graded(cell) and notebooks.has_error(cell)]
    for output in notebook.cells[-1].outputs:
        text = output.get("text", "")
        if text.startswith(MEASURED_MARKER):
            return json.loads(text[len(MEASURED_MARKER):]), failed
    raise RuntimeError(f"{assignment.name} with seed {seed}: the measuring cell printed nothing")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure graded trained models over several seeds.")
    parser.add_argument("chapter", nargs="?", default=None)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    args = parser.parse_args(argv)

    missed = False
    declared_any = False
    BUILD.mkdir(exist_ok=True)
    for chapter in select_chapters(args.chapter):
        if not chapter.assignment.exists():
            continue
        bars = bars_of(notebooks.read(chapter.assignment))
        if not bars:
            continue
        declared_any = True
        print(f"{chapter.name}: seeds {args.seeds}")
        values = {bar.figure: [] for bar in bars}
        for seed in args.seeds:
            with tempfile.TemporaryDirectory(prefix="spread-", dir=BUILD) as workdir:
                start = time.perf_counter()
                measured, failed = measure(chapter.assignment, seed, list(values), Path(workdir))
                seconds = time.perf_counter() - start
            shown = ", ".join(f"{k}={v:.4f}" if v is not None else f"{k}=undefined" for k, v in measured.items())
            print(f"  seed {seed}: {shown}  ({seconds:.0f} s){'  failed: ' + ', '.join(failed) if failed else ''}")
            missed |= bool(failed)  # a graded test that fails for some seed is a miss, whatever the bars say
            for variable, value in measured.items():
                values[variable].append(float("nan") if value is None else value)
        for bar in bars:
            seen = values[bar.figure]
            known = [v for v in seen if v == v]  # NaN marks a seed whose cell failed first
            if len(known) < len(seen):
                print(f"  {bar.figure}: undefined for some seeds; fix the notebook first")
                missed = True
                continue
            spread = statistics.stdev(known) if len(known) > 1 else 0.0
            margin = bar.margin(known)
            missed |= margin < 0
            print(f"  {bar.figure}: median {statistics.median(known):.4f}, min {min(known):.4f}, "
                  f"max {max(known):.4f}, stdev {spread:.4f}; bar {bar.describe()}; margin of the worst seed {margin:+.4f}"
                  + (f" = {margin / spread:.1f} stdev" if spread > 0 else "")
                  + ("" if margin >= 0 else "  MISSED"))
    if not declared_any:
        print("No assignment declares bars (notebook metadata dlcourse.bars).")
        return 2
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
