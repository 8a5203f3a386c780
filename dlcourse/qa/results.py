"""Run every lesson and check the results it claims: the results harness.

Each lesson displays its headline figures in its cell tagged ``results``
and declares, in its notebook metadata, which of them it promises to reach
in full mode, against what, and what a reference reports (the format is in
dlcourse.thresholds).

This script executes each lesson with papermill (full mode unless told
otherwise), keeps the executed notebooks beside the table, and writes the
table twice: ``results.md`` for people and ``results.json`` for tools,
each row with its chapter, metric, value, target, reference, source,
verdict and the lesson's seconds.  The table names the device the lessons
ran on.  Running some chapters only updates their rows and keeps the rest.

Usage:  python -m dlcourse.qa.results [CHAPTER] [--mode full|smoke] [--out DIR] [--tabulate-only]
Exit status 1 when a lesson fails to run or, in full mode, misses a target.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from .. import notebooks
from ..layout import BUILD, ROOT, Chapter, select_chapters
from ..thresholds import format_figure, targets_of

RESULTS = ROOT / "results"
TABLE_JSON = "results.json"
TABLE_MARKDOWN = "results.md"
EXECUTED = "executed"
# Full-mode cells train for up to an hour on two CPU cores.
FULL_CELL_TIMEOUT_SECONDS = 3 * 3600
SMOKE_CELL_TIMEOUT_SECONDS = 600


@dataclass
class Row:
    chapter: str
    metric: str
    value: float | None
    target: str
    reference: float | str | None
    source: str
    verdict: str  # "pass", "fail", "not run" (its only_if figure is 0), or "error" when the figure is missing
    seconds: float | None


def rows_for(chapter: Chapter, executed: nbformat.NotebookNode | None, seconds: float | None,
             error: str | None = None) -> list[Row]:
    """One row per target the lesson declares, judged on its executed copy."""
    targets = targets_of(notebooks.read(chapter.lesson))
    results: dict = {}
    if executed is not None and error is None:
        try:
            results = notebooks.headline_results(executed)
        except LookupError as missing:
            error = str(missing)
    rows = []
    for target in targets:
        value = results.get(target.figure)
        if error is None and not target.path_ran(results):
            verdict = "not run"
        elif error is None and isinstance(value, (int, float)):
            try:
                verdict = "pass" if target.met_by(float(value), results) else "fail"
            except KeyError:
                verdict = "error"
        else:
            verdict = "error"
        rows.append(Row(chapter.name, target.figure, value if isinstance(value, (int, float)) else None,
                        target.describe(results), target.reference, target.source, verdict,
                        None if seconds is None else round(seconds, 1)))
    return rows


def device() -> dict:
    """What the lessons run on: the GPUs TensorFlow sees (asked in a child
    process, so this one never holds GPU memory the kernels need), else the
    CPU."""
    probe = ("import json, tensorflow as tf\n"
             "gpus = tf.config.list_physical_devices('GPU')\n"
             "print(json.dumps([tf.config.experimental.get_device_details(g).get('device_name', g.name)"
             " for g in gpus]))\n"
             "print(tf.__version__)")
    gpus, tensorflow = [], "unknown"
    try:
        found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300,
                               env=notebooks.kernel_environment())
        lines = found.stdout.strip().splitlines()
        if found.returncode == 0 and len(lines) >= 2:
            gpus, tensorflow = json.loads(lines[-2]), lines[-1]
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        pass
    cores = os.cpu_count() or 0
    cpu = f"{cpu_model()} ({cores} cores)"
    name = f"GPU: {', '.join(gpus)}" if gpus else f"CPU: {cpu}"
    return {"name": name, "gpus": gpus, "cpu": cpu, "cpu_count": cores, "host": platform.node(),
            "platform": platform.platform(), "python": platform.python_version(), "tensorflow": tensorflow}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def executed_path(out: Path, chapter: Chapter) -> Path:
    # One folder per lesson: the files a lesson writes (artifacts/) stay with it.
    return out / EXECUTED / chapter.name / chapter.lesson.name


def run_lesson(chapter: Chapter, out: Path, mode: str) -> tuple[nbformat.NotebookNode | None, float, str | None]:
    """Execute the lesson; return its executed copy, wall seconds and the
    error that stopped it (None when it ran to the end)."""
    timeout = FULL_CELL_TIMEOUT_SECONDS if mode == "full" else SMOKE_CELL_TIMEOUT_SECONDS
    start = time.perf_counter()
    try:
        executed = notebooks.execute(chapter.lesson, executed_path(out, chapter), mode=mode, timeout=timeout)
        return executed, time.perf_counter() - start, None
    except Exception as failure:  # papermill names the failing cell; keep going with the next lesson
        seconds = time.perf_counter() - start
        last_line = traceback.format_exception_only(type(failure), failure)[-1].strip()
        partial = executed_path(out, chapter)
        return (notebooks.read(partial) if partial.exists() else None), seconds, last_line[:500]


def figures_of(executed: nbformat.NotebookNode | None) -> dict:
    """Every number the lesson's results cell recorded: the prose of a lesson
    may quote any of them (tests/test_lesson_prose.py holds it to them)."""
    if executed is None:
        return {}
    try:
        results = notebooks.headline_results(executed)
    except LookupError:
        return {}
    return {name: value for name, value in results.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)}


def load_table(out: Path) -> dict:
    path = out / TABLE_JSON
    if path.exists():
        return json.loads(path.read_text())
    return {"runs": {}, "rows": []}


def merge(table: dict, chapter: Chapter, run: dict, rows: list[Row]) -> dict:
    """The table with ``chapter``'s run and rows replaced, in chapter order."""
    runs = {**table.get("runs", {}), chapter.name: run}
    kept = [r for r in table.get("rows", []) if r["chapter"] != chapter.name]
    all_rows = sorted(kept + [asdict(r) for r in rows], key=lambda r: r["chapter"])  # stable: targets keep order
    return {"runs": dict(sorted(runs.items())), "rows": all_rows}


def summary_of(table: dict) -> dict:
    verdicts = [r["verdict"] for r in table["rows"]]
    return {v: verdicts.count(v) for v in ("pass", "fail", "not run", "error")}


def markdown(table: dict) -> str:
    runs = table["runs"]
    devices = sorted({run["device"]["name"] for run in runs.values()})
    modes = sorted({run["mode"] for run in runs.values()})
    lines = [
        "# Lesson results",
        "",
        "Written by `make results` (`python -m dlcourse.qa.results`): each lesson executed with papermill, "
        "its headline figures read from its `results` cell and checked against the targets it declares "
        "in its notebook metadata. Do not edit by hand.",
        "",
        f"- Mode: {', '.join(modes)}",
        f"- Device: {'; '.join(devices)}",
    ]
    first = next(iter(runs.values()), None)
    if first:
        lines.append(f"- TensorFlow {first['device']['tensorflow']}, Python {first['device']['python']}, "
                     f"{first['device']['platform']}")
    total = sum(run["seconds"] or 0 for run in runs.values())
    lines.append(f"- Lessons: {len(runs)}, {total / 60:.1f} minutes in all")
    counts = summary_of(table)
    not_run = f", {counts['not run']} not run (a path this machine could not take)" if counts["not run"] else ""
    lines += [f"- Verdicts: {counts['pass']} pass, {counts['fail']} fail, {counts['error']} error{not_run}", "",
              "| Chapter | Metric | Value | Target | Reference | Source | Verdict | Lesson seconds |",
              "|---|---|---|---|---|---|---|---|"]
    for row in table["rows"]:
        cells = [row["chapter"], f"`{row['metric']}`", format_figure(row["value"]), row["target"].replace("|", "\\|"),
                 format_figure(row["reference"]), row["source"] or "—", row["verdict"], format_figure(row["seconds"])]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| Chapter | Mode | Device | Started (UTC) | Lesson seconds | Status |", "|---|---|---|---|---|---|"]
    for name, run in runs.items():
        status = "ran to the end" if run["error"] is None else f"stopped: {run['error']}"
        lines.append(f"| {name} | {run['mode']} | {run['device']['name']} | {run['started']} | "
                     f"{format_figure(run['seconds'])} | {status.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def write_table(out: Path, table: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / TABLE_JSON).write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n")
    (out / TABLE_MARKDOWN).write_text(markdown(table))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the lessons and check the results they claim.")
    parser.add_argument("chapter", nargs="?", default=None, help="one chapter (01, 03-compile-and-fit); all if absent")
    parser.add_argument("--mode", choices=notebooks.MODES, default="full")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the table and executed notebooks (default: results/ in full mode, "
                             "build/results-smoke/ in smoke mode)")
    parser.add_argument("--tabulate-only", action="store_true",
                        help="run nothing: rebuild the table from the executed notebooks already in --out")
    args = parser.parse_args(argv)
    out = args.out or (RESULTS if args.mode == "full" else BUILD / "results-smoke")
    chapters = [c for c in select_chapters(args.chapter) if c.lesson.exists()]

    table = load_table(out)
    if args.tabulate_only:  # each run keeps the device it ran on; nothing to probe
        print(f"Tabulating {len(chapters)} lesson(s) from {out / EXECUTED}/", flush=True)
    else:
        found = device()
        print(f"Running {len(chapters)} lesson(s) in {args.mode} mode on {found['name']}; table in {out}/",
              flush=True)
    for chapter in chapters:
        if args.tabulate_only:
            path = executed_path(out, chapter)
            if not path.exists():
                raise SystemExit(f"{path} is missing: run `make results CHAPTER={chapter.number}` first.")
            previous = table.get("runs", {}).get(chapter.name)
            if previous is None:
                raise SystemExit(f"{out / TABLE_JSON} has no run of {chapter.name}; run it first.")
            executed, seconds, error, run = notebooks.read(path), previous["seconds"], previous["error"], dict(previous)
        else:
            started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
            print(f"{chapter.name}: running {chapter.lesson.name} ...", flush=True)
            executed, seconds, error = run_lesson(chapter, out, args.mode)
            run = {"mode": args.mode, "device": found, "started": started, "seconds": round(seconds, 1),
                   "error": error, "executed": str(executed_path(out, chapter).relative_to(out))}
        run["figures"] = figures_of(executed if error is None else None)
        rows = rows_for(chapter, executed, seconds, error)
        table = merge(table, chapter, run, rows)
        write_table(out, table)  # after every lesson, so a long run shows its progress
        verdicts = ", ".join(f"{r.metric} {format_figure(r.value)} {r.verdict}" for r in rows)
        print(f"{chapter.name}: {seconds:.0f} s, {'ran to the end' if error is None else error}; {verdicts}",
              flush=True)

    counts = summary_of(table)
    not_run = f", {counts['not run']} not run" if counts["not run"] else ""
    print(f"{out / TABLE_MARKDOWN}: {counts['pass']} pass, {counts['fail']} fail, {counts['error']} error{not_run}")
    if counts["error"]:
        return 1
    if counts["fail"]:
        if args.mode == "smoke":
            print("(smoke mode trains on a small subset: the targets are for full mode, so misses are expected)")
            return 0
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
