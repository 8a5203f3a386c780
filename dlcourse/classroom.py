"""The instructor's grading workflow, on top of nbgrader's own commands.

    python -m dlcourse.classroom due CHAPTER "2026-12-01 23:59 UTC"
    python -m dlcourse.classroom collect CHAPTER FOLDER
    python -m dlcourse.classroom collect CHAPTER LMS-DOWNLOAD.zip [--names canvas|moodle|REGEXP]
    python -m dlcourse.classroom release CHAPTER --exchange DIR    (JupyterHub courses)
    python -m dlcourse.classroom collect CHAPTER --exchange DIR
    python -m dlcourse.classroom autograde CHAPTER [--student ID] [--workers N]
    python -m dlcourse.classroom feedback CHAPTER
    python -m dlcourse.classroom export [--to FILE]
    python -m dlcourse.classroom sample CHAPTER FOLDER   (a class to try the steps on)

The course folder is ``autograder/`` (``--course`` names another, for
trying things out).  Every command is a thin layer over nbgrader and its
gradebook: the layer adds what a class of 200 needs, i.e. submissions
graded one per process, several at a time, each under a wall-time cap and
in the sandbox; a broken submission recorded with its reason instead of
stopping the class; no submitted file ever modified or overwritten; and
grades exported per exercise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbgrader.utils import parse_utc

from . import notebooks
from .grading import Course, NbgraderFailed, solution_cells, solved_submission, with_answer
from .layout import AUTOGRADER, SOLUTIONS, Chapter, select_chapters
from .memory_cap import remove_leftovers
from .nbgrader_runner import NbgraderRunner
from .sandbox import MEMORY_CAP_REACHED, worker_uid

DUE_DATES = "due-dates.json"         # in the course folder: {chapter: due date}, kept in git
RECORDS = "grading-records"          # in the course folder: outcome and log of every autograde
REPLACED = "replaced-submissions"    # in the course folder: earlier submissions, never deleted
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
DEFAULT_TIMEOUT = 900                # seconds for one submission, start to end


# --- Submissions -------------------------------------------------------------

def submission_folder(course: Course, chapter: Chapter, student: str) -> Path:
    return course.root / "submitted" / student / chapter.name


def students_who_submitted(course: Course, chapter: Chapter) -> list[str]:
    submitted = course.root / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / chapter.name).is_dir())


def problem_with(folder: Path, chapter: Chapter) -> str | None:
    """Why the submission in ``folder`` cannot be graded, or None if it can."""
    notebook = folder / chapter.assignment.name
    if not notebook.exists():
        found = sorted(p.name for p in folder.glob("*.ipynb"))
        return (f"no {chapter.assignment.name} in the submission"
                + (f" (found: {', '.join(found)})" if found else " (no notebook at all)"))
    if notebook.stat().st_size == 0:
        return f"{chapter.assignment.name} is an empty file"
    try:
        nbformat.validate(nbformat.read(notebook, as_version=4))
    except Exception as error:  # noqa: BLE001 -- any parse or schema error means the same thing
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"{chapter.assignment.name} is not a valid notebook: {first_line[:200]}"
    return None


# --- Autograding -------------------------------------------------------------

@dataclass
class Outcome:
    """What autograding one submission gave; written to grading-records/."""

    student: str
    status: str          # "graded", "graded with errors" or "not graded"
    detail: str
    score: float | None
    max_score: float | None
    seconds: float
    # why a person should look at it (dlcourse.review): code that can change how
    # later cells run, or a test without evidence that it ran to its end
    review: list[str] = field(default_factory=list)

    def line(self) -> str:
        points = "" if self.score is None else f"{self.score:g}/{self.max_score:g} points, "
        line = f"{self.student}: {self.status} ({points}{self.seconds:.1f} s){': ' + self.detail if self.detail else ''}"
        if self.review:
            more = f" (and {len(self.review) - 1} more, in its grading record)" if len(self.review) > 1 else ""
            line += f"; NEEDS REVIEW: {self.review[0]}{more}"
        return line


# What nbgrader's log or the graded notebook show when something went
# wrong inside a submission, and how the outcome says it.
TROUBLE = {
    # first: when the memory cap ends the kernel, the log also says the kernel died
    MEMORY_CAP_REACHED: "its processes together used more memory than a submission may (the sandbox's "
                        "memory cap); the out-of-memory killer stopped them",
    "CellTimeoutError": "a cell ran past the time limit",
    "Timeout waiting for execute reply": "a cell ran past the time limit and the kernel stopped answering",
    "DeadKernelError": "the kernel died (a crash, os._exit or the memory limit)",
    "Kernel died": "the kernel died (a crash, os._exit or the memory limit)",
    "the grader stopped recording": "a cell printed more than the grader records",
}


def locked_cells(notebook: nbformat.NotebookNode) -> dict[str, tuple]:
    """Source and points of the cells learners may not change, by grade id."""
    return {c.metadata.nbgrader["grade_id"]: (c.source, c.metadata.nbgrader.get("points"))
            for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("locked") and "grade_id" in c.metadata.nbgrader}


def changes_to_locked_cells(submitted: nbformat.NotebookNode, released: nbformat.NotebookNode) -> list[str]:
    """Locked cells (tests, given code) a learner edited or deleted; nbgrader
    grades with the originals of edited ones and gives deleted tests no points."""
    theirs, ours = locked_cells(submitted), locked_cells(released)
    return ([f"{name} was missing from the submission (no points for it)" for name in ours if name not in theirs]
            + [f"{name} was edited; graded with the original" for name in ours
               if name in theirs and theirs[name] != ours[name]])


def troubles_in(log: str, graded: nbformat.NotebookNode) -> list[str]:
    """What went wrong while the submission ran, beyond failed tests: the
    log's alarms, and errors raised by the learner's own cells."""
    found = {why for marker, why in TROUBLE.items() if marker in log}
    for index, cell in enumerate(graded.cells):
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        found |= {why for marker, why in TROUBLE.items()
                  for o in outputs if marker in str(o.get("text", "")) or marker == o.get("ename")}
        if cell.metadata.get("nbgrader", {}).get("grade"):
            continue  # a failing test cell is a lost point, not an error
        name = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index + 1}")
        # NotImplementedError is the release's placeholder: an unanswered exercise, not an error
        found |= {f"{name} raised {error_name(o.ename)}" for o in outputs if o.get("output_type") == "error"
                  and o.ename not in ("CellTimeoutError", "NotImplementedError")}
    return sorted(found)


def error_name(ename: str) -> str:
    """An exception's class name as the learner's code reported it: any
    text at all, so only a short identifier is repeated."""
    return ename if re.fullmatch(r"[A-Za-z_][\w.]{0,59}", ename) else "an exception with an unusual name"


def prepare(course: Course, chapter: Chapter) -> None:
    """Record the chapter (its cells, hidden tests and due date) in the gradebook."""
    due = due_dates(course).get(chapter.name)
    if due:
        course.nbgrader("db", "assignment", "add", chapter.name, f"--duedate={due}")
    course.nbgrader("generate_assignment", chapter.name, "--force")


def autograde_one(course: Course, chapter: Chapter, student: str, worker: int,
                  timeout: float = DEFAULT_TIMEOUT, options: tuple[str, ...] = (),
                  runner: NbgraderRunner | None = None) -> Outcome:
    """Autograde one submission in its own nbgrader process (forked by
    ``runner``, else started afresh); never raises for a problem of the
    submission's making."""
    start = time.perf_counter()
    records = course.root / RECORDS / chapter.name
    records.mkdir(parents=True, exist_ok=True)
    problem = problem_with(submission_folder(course, chapter, student), chapter)
    log = ""
    if problem:
        outcome = Outcome(student, "not graded", problem, None, None, 0.0)
    else:
        try:
            arguments = ("autograde", chapter.name, "--student", student, "--force", *options)
            if runner is None:
                log = course.nbgrader(*arguments, env={"DLCOURSE_WORKER": str(worker)}, timeout=timeout)
            else:
                log = runner.nbgrader(*arguments, timeout=timeout)
            score = course.score(chapter, student)
            graded = course.autograded(chapter, student)
            troubles = (changes_to_locked_cells(submitted_notebook(course, chapter, student),
                                                released_notebook(course, chapter))
                        + troubles_in(log, graded))
            outcome = Outcome(student, "graded with errors" if troubles else "graded", "; ".join(troubles),
                              score.score, score.max_score, 0.0, needs_review(graded))
        except subprocess.TimeoutExpired as error:
            log = str(error.output or "")
            outcome = Outcome(student, "not graded",
                              f"grading took longer than {timeout:g} s and was stopped", None, None, 0.0)
        except NbgraderFailed as error:
            log = str(error)
            outcome = Outcome(student, "not graded", nbgrader_reason(log), None, None, 0.0)
    outcome.seconds = round(time.perf_counter() - start, 1)
    (records / f"{student}.log").write_text(log)
    (records / f"{student}.json").write_text(json.dumps(asdict(outcome), indent=1))
    return outcome


def needs_review(graded: nbformat.NotebookNode) -> list[str]:
    """Why a person should look at a graded submission (dlcourse.review wrote it into its metadata)."""
    return list(graded.metadata.get("dlcourse", {}).get("needs_review", []))


def submitted_notebook(course: Course, chapter: Chapter, student: str) -> nbformat.NotebookNode:
    return nbformat.read(submission_folder(course, chapter, student) / chapter.assignment.name, as_version=4)


def released_notebook(course: Course, chapter: Chapter) -> nbformat.NotebookNode:
    """The student version, as prepare() generated it for the gradebook."""
    return nbformat.read(course.release_dir / chapter.name / chapter.assignment.name, as_version=4)


def nbgrader_errors(log: str) -> list[str]:
    """The messages of the ERROR and CRITICAL lines in an nbgrader log, less
    nbgrader's closing "There was an error processing..." lines.  An error
    logged as a traceback is named by the exception that ends it."""
    errors = []
    lines = log.splitlines()
    for number, line in enumerate(lines):
        found = re.search(r"\[\w+ \| (?:ERROR|CRITICAL)\] ?(.*)", line)
        message = found[1].strip() if found else ""
        if message.startswith("Traceback (most recent call last)"):
            message = exception_ending(lines[number + 1:]) or message
        if message and not message.startswith("There was an error processing"):
            errors.append(message)
    return errors


def exception_ending(lines: list[str]) -> str | None:
    """The exception that ends a traceback nbgrader logged (indented, up to
    the next log line): the last line as shallow as the traceback's own
    headers, which is the exception raised last."""
    block = []
    for line in lines:
        if line.startswith("["):
            break
        if line.strip():
            block.append(line)
    if not block:
        return None
    shallowest = min(len(line) - len(line.lstrip()) for line in block)
    endings = [line.strip() for line in block if len(line) - len(line.lstrip()) == shallowest
               and not line.strip().startswith(("Traceback (", "The above exception", "During handling"))]
    return endings[-1] if endings else None


def nbgrader_failure(what: str, error: NbgraderFailed) -> SystemExit:
    """An exit saying that nbgrader ``what`` failed, with nbgrader's own words
    (its last error lines, else the end of its log)."""
    reasons = nbgrader_errors(str(error)) or str(error).splitlines()
    return SystemExit(f"{what}; nothing was collected:\n" + "\n".join(reasons[-5:]))


def nbgrader_reason(log: str) -> str:
    """Why a failed nbgrader run failed, in the words of TROUBLE if it can."""
    for marker, why in TROUBLE.items():
        if marker in log:
            return why
    errors = nbgrader_errors(log)
    return errors[0][:300] if errors else "nbgrader could not grade it; see the log"


def autograde_class(course: Course, chapter: Chapter, students: list[str] | None = None,
                    workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                    options: tuple[str, ...] = (), report=print) -> list[Outcome]:
    """Autograde ``students`` (default: every submission), ``workers`` at a
    time, reporting each as it finishes."""
    students = students_who_submitted(course, chapter) if students is None else students
    workers = max(1, workers or os.cpu_count() or 1)
    prepare(course, chapter)
    outcomes: list[Outcome] = []
    free = list(range(workers))  # worker numbers: one sandbox user id each
    # One nbgrader server per worker, so that each submission skips nbgrader's start-up.
    runners = [NbgraderRunner(course, {"DLCOURSE_WORKER": str(worker)}) for worker in range(workers)]

    def grade(student: str) -> Outcome:
        worker = free.pop()
        try:
            return autograde_one(course, chapter, student, worker, timeout, options, runners[worker])
        finally:
            free.append(worker)

    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(workers) as pool:
            futures = [pool.submit(grade, s) for s in students]
            try:
                for done, future in enumerate(as_completed(futures), 1):
                    outcome = future.result()
                    outcomes.append(outcome)
                    report(f"[{done}/{len(students)}] {outcome.line()}")
            except KeyboardInterrupt:
                # Ctrl-C also stopped the nbgrader runs under way; start no more.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        # SQLite lets one writer in at a time; a submission that lost that race
        # (rare) is graded again on its own.
        for index, outcome in enumerate(outcomes):
            if outcome.status == "not graded" and "database is locked" in outcome.detail:
                outcomes[index] = autograde_one(course, chapter, outcome.student, 0, timeout, options, runners[0])
                report(f"[again] {outcomes[index].line()}")
    finally:
        for runner in runners:
            runner.close()
        if os.geteuid() == 0:  # cgroups of gradings stopped by their time limit
            remove_leftovers([str(worker_uid(worker)) for worker in range(workers)])
    counts = {status: sum(o.status == status for o in outcomes)
              for status in ("graded", "graded with errors", "not graded")}
    flagged = sum(bool(o.review) for o in outcomes)
    report(f"{chapter.name}: {len(outcomes)} submission(s) in {time.perf_counter() - start:.0f} s with "
           f"{workers} worker(s): " + ", ".join(f"{n} {s}" for s, n in counts.items())
           + (f"; {flagged} need review (see the formgrader)" if flagged else ""))
    return sorted(outcomes, key=lambda o: o.student)


# --- Due dates and collection -------------------------------------------------

def due_dates(course: Course) -> dict[str, str]:
    path = course.root / DUE_DATES
    return json.loads(path.read_text()) if path.exists() else {}


def set_due_date(course: Course, chapter: Chapter, when: str) -> str:
    from nbgrader.utils import parse_utc

    try:
        parsed = parse_utc(when)
    except (ValueError, OverflowError) as error:
        raise SystemExit(f"cannot read {when!r} as a date and time ({error}); "
                         "write it like '2026-12-01 23:59 UTC' or '2026-12-01T23:59+01:00'") from error
    dates = due_dates(course)
    dates[chapter.name] = parsed.strftime("%Y-%m-%d %H:%M:%S UTC")
    (course.root / DUE_DATES).write_text(json.dumps(dates, indent=1, sort_keys=True) + "\n")
    return dates[chapter.name]


def collect_folder(course: Course, chapter: Chapter, folder: Path, report=print) -> dict[str, str]:
    """Copy the submissions found in ``folder`` into ``submitted/``.

    ``folder`` holds one sub-folder per student (named by the student's id)
    with the notebook in it or below, or one notebook per student named
    ``ID.ipynb``.  The submission time is read from a ``timestamp.txt``
    beside the notebook (as nbgrader writes them), else it is the file's
    modification time.  An earlier submission of the same student is moved
    to replaced-submissions/ first.  Nothing in ``folder`` is changed."""
    found: dict[str, Path | None] = {}
    for entry in sorted(Path(folder).iterdir()):
        if entry.is_dir():
            notebooks = sorted(entry.rglob("*.ipynb"))
            notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
            exact = [p for p in notebooks if p.name == chapter.assignment.name]
            others = [p for p in notebooks if not p.name.endswith("-lesson.ipynb")]
            found[entry.name] = (exact or (others if len(others) == 1 else [None]))[0]
        elif entry.suffix == ".ipynb":
            found[entry.stem] = entry
    results = {}
    for student, notebook in found.items():
        destination = submission_folder(course, chapter, student)
        current = destination / chapter.assignment.name
        if notebook is not None and current.is_file() and current.read_bytes() == notebook.read_bytes():
            results[student] = "unchanged since the last collect"
            report(f"{student}: {results[student]}")
            continue
        if destination.exists():
            keep = course.root / REPLACED / time.strftime("%Y%m%d-%H%M%S") / student / chapter.name
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(destination), keep)
        destination.mkdir(parents=True)
        if notebook is None:
            results[student] = "no single assignment notebook found: recorded as not gradable"
            report(f"{student}: {results[student]}")
            continue
        shutil.copy2(notebook, destination / chapter.assignment.name)
        (destination / "timestamp.txt").write_text(submission_time(notebook).strftime(TIMESTAMP_FORMAT))
        renamed = notebook.name != chapter.assignment.name
        results[student] = f"collected from {notebook.relative_to(folder)}" if renamed else "collected"
        report(f"{student}: {results[student]}")
    return results


def submission_time(notebook: Path) -> datetime:
    """When ``notebook`` was submitted: its ``timestamp.txt``, else its modification time."""
    stamp = notebook.parent / "timestamp.txt"
    if stamp.is_file():
        try:
            recorded = parse_utc(stamp.read_text().strip())  # nbgrader's parser: naive UTC
            return recorded.replace(tzinfo=timezone.utc) if recorded.tzinfo is None else recorded
        except ValueError:
            pass  # an unreadable stamp: fall back on the file's own time
    return datetime.fromtimestamp(notebook.stat().st_mtime, timezone.utc)


# How learning-management systems name the files of a "download all submissions"
# zip.  nbgrader's FileNameCollectorPlugin matches a pattern against each
# extracted file's whole path; file_id is the name the learner uploaded.
LMS_NAMES = {
    # Canvas: login_[LATE_]userid_attachmentid_uploaded-name.ipynb
    "canvas": r".*/(?P<student_id>[^/_]+)_(?:LATE_)?\d+_\d+_(?P<file_id>[^/]+)\.ipynb$",
    # Moodle: Full Name_participantid_assignsubmission_file_[/]uploaded-name.ipynb
    "moodle": r".*/[^/]*_(?P<student_id>\d+)_assignsubmission_file_/?(?:[^/]*/)*(?P<file_id>[^/]+)\.ipynb$",
}


def notebooks_in_zip(archive: Path) -> list[tuple[str, datetime]]:
    """The notebooks in ``archive`` (path inside it, time recorded for it)."""
    try:
        with zipfile.ZipFile(archive) as opened:
            return [(info.filename, datetime(*info.date_time, tzinfo=timezone.utc))
                    for info in opened.infolist()
                    if info.filename.endswith(".ipynb") and "__MACOSX" not in info.filename]
    except (zipfile.BadZipFile, OSError) as error:
        raise SystemExit(f"{archive} is not a readable zip file ({error}). Download it again from the "
                         "learning-management system, or unzip it yourself and collect the folder.") from error


def names_pattern(names: str | None, entries: list[tuple[str, datetime]], archive: Path) -> str:
    """The file-name pattern to use: the one given (a preset's name or a regular
    expression), else the preset that matches most of the zip's notebooks."""
    if names:
        pattern = LMS_NAMES.get(names, names)
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise SystemExit(f"--names {names!r} is neither {' nor '.join(LMS_NAMES)} nor a regular "
                             f"expression ({error})") from error
        if not {"student_id", "file_id"} <= set(compiled.groupindex):
            raise SystemExit(f"--names {names!r} needs the named groups (?P<student_id>...) and (?P<file_id>...)")
        return pattern
    matches = {name: sum(bool(re.match(p, f"/{archive.stem}/{path}")) for path, _ in entries)
               for name, p in LMS_NAMES.items()}
    best = max(matches, key=matches.get)
    if not matches[best]:
        shown = "\n  ".join(path for path, _ in entries[:5]) or "(no notebooks at all)"
        raise SystemExit(
            f"the file names in {archive.name} follow none of the known layouts ({', '.join(LMS_NAMES)}). "
            f"They look like:\n  {shown}\nPass a regular expression with the named groups student_id "
            "and file_id, matched against each file's path, for example\n"
            "  make collect CHAPTER=06 FROM=download.zip NAMES='.*/(?P<student_id>[^/_]+)_(?P<file_id>[^/]+)\\.ipynb$'")
    return LMS_NAMES[best]


def collect_zip(course: Course, chapter: Chapter, archive: Path, names: str | None = None,
                report=print) -> dict[str, str]:
    """Collect the submissions in an LMS download with ``nbgrader zip_collect``.

    nbgrader extracts the zip and sorts its notebooks by student in a scratch
    course; the result is then collected like a folder (collect_folder), so
    earlier submissions are kept and the zip is never changed.  A file whose
    name carries no time is stamped with the time its zip entry records."""
    archive = Path(archive).resolve()
    entries = notebooks_in_zip(archive)
    pattern = names_pattern(names, entries, archive)
    # nbgrader matches the pattern against the extracted path, under a folder named after the zip
    matched = [(path, recorded, re.match(pattern, f"/{archive.stem}/{path}")) for path, recorded in entries]
    with tempfile.TemporaryDirectory(prefix="dlcourse-zip-collect-") as scratch:
        scratch_course = Course(Path(scratch), source=course.source)
        inbox = scratch_course.root / "downloaded" / chapter.name / "archive"
        inbox.mkdir(parents=True)
        shutil.copy2(archive, inbox / archive.name)
        # zip_collect compares each file_id with the released notebooks' names
        released = scratch_course.release_dir / chapter.name
        released.mkdir(parents=True)
        (released / chapter.assignment.name).write_text("{}")
        try:
            log = scratch_course.nbgrader("zip_collect", chapter.name, "--force",
                                          f"--FileNameCollectorPlugin.named_regexp={pattern}")
        except NbgraderFailed as error:
            raise nbgrader_failure(f"nbgrader zip_collect could not sort {archive.name} by student",
                                   error) from error
        sorted_by_student = scratch_course.root / "submitted"
        if not sorted_by_student.is_dir():
            raise SystemExit(f"nbgrader zip_collect found no submission in {archive.name}:\n{log[-2000:]}")
        latest: dict[str, datetime] = {}
        for path, recorded, found in matched:
            if found:
                student = found["student_id"]
                latest[student] = max(recorded, latest.get(student, recorded))
        for student, when in latest.items():
            stamp = sorted_by_student / student / chapter.name / "timestamp.txt"
            if stamp.parent.is_dir() and not stamp.exists():
                stamp.write_text(when.strftime(TIMESTAMP_FORMAT))
        for path, _, found in matched:
            if not found:
                report(f"skipped {path}: its name does not match the pattern, so it names no student")
        return collect_folder(course, chapter, sorted_by_student, report)


def sample_class(course: Course, chapter: Chapter, size: int = 4,
                 damaged: bool = True) -> dict[str, nbformat.NotebookNode | bytes]:
    """Submissions to try the workflow on, by student id, in turns of four:
    solved; blank (the release as is); solved but for one exercise (a
    different one each turn); and a file cut short in the middle of its
    JSON, as a failed upload leaves it.  Without ``damaged``, turns of
    three: the damaged file is left out."""
    instructor = notebooks.read(chapter.assignment)
    released = course.student_version(chapter)
    solved = solved_submission(released, instructor)
    blank_answers = {g: c.source for g, c in solution_cells(released).items() if c.cell_type == "code"}
    partly = [with_answer(solved, grade_id, source) for grade_id, source in sorted(blank_answers.items())]
    kinds = ["solved", "blank", "partly", "damaged"] if damaged else ["solved", "blank", "partly"]
    submissions: dict[str, nbformat.NotebookNode | bytes] = {}
    for number in range(size):
        kind = kinds[number % len(kinds)]
        student = f"sample{number + 1:03d}-{kind}"
        if kind == "solved":
            submissions[student] = solved
        elif kind == "blank":
            submissions[student] = released
        elif kind == "partly":
            submissions[student] = partly[number // len(kinds) % len(partly)] if partly else solved
        else:
            text = nbformat.writes(solved).encode()
            submissions[student] = text[: len(text) // 2]
    return submissions


def write_sample_class(course: Course, chapter: Chapter, folder: Path, size: int = 4) -> list[Path]:
    """Write sample_class() into ``folder`` as a download would hold it: one
    sub-folder per student with the notebook inside.  Refuses to write into
    a folder that already has files, so nothing is overwritten."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} is not empty: name a new folder for the sample class")
    written = []
    for student, submission in sample_class(course, chapter, size).items():
        path = folder / student / chapter.assignment.name
        path.parent.mkdir(parents=True)
        if isinstance(submission, bytes):
            path.write_bytes(submission)
        else:
            nbformat.write(submission, path)
        written.append(path)
    return written


# --- nbgrader's exchange (JupyterHub courses) ------------------------------------

def exchange_options(exchange: Path, course_id: str | None) -> list[str]:
    options = [f"--Exchange.root={Path(exchange).resolve()}"]
    return options + ([f"--CourseDirectory.course_id={course_id}"] if course_id else [])


def release_to_exchange(course: Course, chapter: Chapter, exchange: Path, course_id: str | None = None) -> str:
    """Generate ``chapter``'s student version and release it to nbgrader's
    exchange, where learners on the hub fetch it (Assignments tab, or
    ``nbgrader fetch_assignment``)."""
    course.generate(chapter)
    return course.nbgrader("release_assignment", chapter.name, "--force", *exchange_options(exchange, course_id))


def collect_exchange(course: Course, chapter: Chapter, exchange: Path, course_id: str | None = None,
                     report=print) -> dict[str, str]:
    """Collect each learner's newest submission from nbgrader's exchange.

    ``nbgrader collect`` copies them, with the time of submission, into a
    scratch course; they are then collected like a folder, so an earlier
    submission is kept in replaced-submissions/ and one collected before is
    left alone."""
    with tempfile.TemporaryDirectory(prefix="dlcourse-exchange-collect-") as scratch:
        scratch_course = Course(Path(scratch), source=course.source)
        try:
            scratch_course.nbgrader("collect", chapter.name, *exchange_options(exchange, course_id))
        except NbgraderFailed as error:
            raise nbgrader_failure(f"nbgrader collect could not read the exchange {exchange}", error) from error
        inbox = scratch_course.root / "submitted"
        if not inbox.is_dir():
            report(f"no submissions of {chapter.name} in the exchange yet")
            return {}
        return collect_folder(course, chapter, inbox, report)


# --- Feedback and grades -------------------------------------------------------

def generate_feedback(course: Course, chapter: Chapter, students: list[str] | None = None) -> list[Path]:
    """HTML feedback for each autograded submission (hidden tests left out)."""
    options = [f"--student={s}" for s in students] if students and len(students) == 1 else []
    course.nbgrader("generate_feedback", chapter.name, "--force", *options)
    folder = course.root / "feedback"
    return sorted(p for p in folder.glob(f"*/{chapter.name}/*.html")
                  if not students or p.parts[-3] in students)


def export_grades(course: Course, destination: Path | None = None) -> Path:
    """grades.csv: one row per student and chapter, one column per exercise."""
    destination = Path(destination or course.root / "grades.csv").resolve()
    course.nbgrader("export", "--to", str(destination),
                    f"--ExerciseScoresExporter.records={course.root / RECORDS}")
    return destination


# --- Command line --------------------------------------------------------------

def live_course(root: Path | None) -> Course:
    return Course(root or AUTOGRADER, source=SOLUTIONS)


def one_chapter(name: str) -> Chapter:
    chapters = select_chapters(name)
    if len(chapters) != 1:
        raise SystemExit(f"name one chapter (for example 06), not {name!r}")
    return chapters[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlcourse.classroom", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=None, help="course folder (default: autograder/)")
    commands = parser.add_subparsers(dest="command", required=True)

    due = commands.add_parser("due", help="record a chapter's due date (late submissions are flagged)")
    due.add_argument("chapter")
    due.add_argument("when", help="for example '2026-12-01 23:59 UTC'")

    collect = commands.add_parser("collect", help="copy submissions from a folder or an LMS zip into submitted/")
    collect.add_argument("chapter")
    collect.add_argument("folder", type=Path, nargs="?", help="a folder, or a zip downloaded from the LMS")
    collect.add_argument("--exchange", type=Path, default=None,
                         help="collect from nbgrader's exchange at this folder instead (JupyterHub courses)")
    collect.add_argument("--course-id", default=None, help="the exchange's course id (default: nbgrader_config.py's)")
    collect.add_argument("--names", default=None,
                         help=f"how the zip names files: {', '.join(LMS_NAMES)}, or a regular expression "
                              "with the groups student_id and file_id (default: the layout that fits)")

    grade = commands.add_parser("autograde", help="autograde one student or the whole class, in parallel")
    grade.add_argument("chapter")
    grade.add_argument("--student", action="append", help="grade only this student (repeatable)")
    grade.add_argument("--workers", type=int, default=None, help="submissions graded at once (default: cores)")
    grade.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per submission")

    feedback = commands.add_parser("feedback", help="write HTML feedback for autograded submissions")
    feedback.add_argument("chapter")
    feedback.add_argument("--student", action="append")

    export = commands.add_parser("export", help="write grades.csv: a column per exercise, then totals")
    export.add_argument("--to", type=Path, default=None, help="CSV file (default: COURSE/grades.csv)")

    release = commands.add_parser("release", help="release a chapter to nbgrader's exchange (JupyterHub courses)")
    release.add_argument("chapter")
    release.add_argument("--exchange", type=Path, required=True, help="the exchange folder, e.g. /srv/nbgrader/exchange")
    release.add_argument("--course-id", default=None, help="the exchange's course id (default: nbgrader_config.py's)")

    sample = commands.add_parser("sample", help="write a small class of sample submissions to try the steps on")
    sample.add_argument("chapter")
    sample.add_argument("folder", type=Path, help="a new folder")
    sample.add_argument("--size", type=int, default=4, help="number of submissions (default 4)")

    args = parser.parse_args(argv)
    course = live_course(args.course)
    if args.command == "export":
        print(f"grades written to {export_grades(course, args.to)}")
        return 0
    chapter = one_chapter(args.chapter)
    if args.command == "due":
        print(f"{chapter.name} is due {set_due_date(course, chapter, args.when)}")
    elif args.command == "release":
        release_to_exchange(course, chapter, args.exchange, args.course_id)
        print(f"{chapter.name} released to {args.exchange}; learners fetch it from the hub's Assignments tab")
    elif args.command == "collect" and args.exchange:
        collect_exchange(course, chapter, args.exchange, args.course_id)
    elif args.command == "collect":
        if args.folder is None:
            raise SystemExit("name the folder or zip to collect from, or --exchange DIR")
        if args.folder.is_file() and args.folder.suffix == ".zip":
            collect_zip(course, chapter, args.folder, args.names)
        elif args.folder.is_dir():
            collect_folder(course, chapter, args.folder)
        else:
            raise SystemExit(f"{args.folder} is neither a folder nor a .zip file")
    elif args.command == "autograde":
        try:
            outcomes = autograde_class(course, chapter, args.student, args.workers, args.timeout)
        except KeyboardInterrupt:
            print(f"stopped: the submissions graded before the stop keep their grades and records "
                  f"(see {course.root / RECORDS / chapter.name}); `make autograde` grades the class again")
            return 130
        if not outcomes:
            print(f"no submissions of {chapter.name} in {course.root / 'submitted'}")
    elif args.command == "sample":
        written = write_sample_class(course, chapter, args.folder, args.size)
        print(f"{len(written)} sample submission(s) of {chapter.name} in {args.folder}: "
              + ", ".join(p.parent.name for p in written))
    elif args.command == "feedback":
        written = generate_feedback(course, chapter, args.student)
        print(f"{len(written)} feedback file(s) under {course.root / 'feedback'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
