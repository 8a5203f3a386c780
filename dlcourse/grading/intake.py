"""Bringing submissions into the course folder's submitted/, where
``nbgrader autograde`` looks for them: from a folder (collect_folder), an
LMS's "download all submissions" zip (collect_zip, sorted by student with
``nbgrader zip_collect``) or nbgrader's exchange on a JupyterHub
(collect_exchange, after release_to_exchange).  Each way keeps the time
of submission, moves an earlier submission to replaced-submissions/
instead of overwriting it, and never changes what it collects from;
problem_with says why a collected submission cannot be graded.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbgrader.utils import parse_utc

from ..layout import Chapter
from .course import Course
from .nbgrader_log import nbgrader_failure
from .runners import NbgraderFailed

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"


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
        destination = course.submission_folder(chapter, student)
        current = destination / chapter.assignment.name
        if notebook is not None and current.is_file() and current.read_bytes() == notebook.read_bytes():
            results[student] = "unchanged since the last collect"
            report(f"{student}: {results[student]}")
            continue
        if destination.exists():
            keep = course.replaced_dir / time.strftime("%Y%m%d-%H%M%S") / student / chapter.name
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
        scratch_course = Course(Path(scratch), source=course.source, runner=course.runner)
        inbox = scratch_course.downloaded_dir / chapter.name / "archive"
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
        sorted_by_student = scratch_course.submitted_dir
        if not sorted_by_student.is_dir():
            raise SystemExit(f"nbgrader zip_collect found no submission in {archive.name}:\n{log[-2000:]}")
        latest: dict[str, datetime] = {}
        for path, recorded, found in matched:
            if found:
                student = found["student_id"]
                latest[student] = max(recorded, latest.get(student, recorded))
        for student, when in latest.items():
            stamp = scratch_course.submission_folder(chapter, student) / "timestamp.txt"
            if stamp.parent.is_dir() and not stamp.exists():
                stamp.write_text(when.strftime(TIMESTAMP_FORMAT))
        for path, _, found in matched:
            if not found:
                report(f"skipped {path}: its name does not match the pattern, so it names no student")
        return collect_folder(course, chapter, sorted_by_student, report)


# --- nbgrader's exchange (JupyterHub courses) ---------------------------------

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
        scratch_course = Course(Path(scratch), source=course.source, runner=course.runner)
        try:
            scratch_course.nbgrader("collect", chapter.name, *exchange_options(exchange, course_id))
        except NbgraderFailed as error:
            raise nbgrader_failure(f"nbgrader collect could not read the exchange {exchange}", error) from error
        inbox = scratch_course.submitted_dir
        if not inbox.is_dir():
            report(f"no submissions of {chapter.name} in the exchange yet")
            return {}
        return collect_folder(course, chapter, inbox, report)
