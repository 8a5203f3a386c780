"""The instructor's grading workflow, on top of nbgrader's own commands.

    python -m dlcourse.grading due CHAPTER "2026-12-01 23:59 UTC"
    python -m dlcourse.grading collect CHAPTER FOLDER
    python -m dlcourse.grading collect CHAPTER LMS-DOWNLOAD.zip [--names canvas|moodle|REGEXP]
    python -m dlcourse.grading release CHAPTER --exchange DIR    (JupyterHub courses)
    python -m dlcourse.grading collect CHAPTER --exchange DIR
    python -m dlcourse.grading autograde CHAPTER [--student ID] [--workers N]
    python -m dlcourse.grading feedback CHAPTER
    python -m dlcourse.grading export [--to FILE]
    python -m dlcourse.grading sample CHAPTER FOLDER   (a class to try the steps on)

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
from pathlib import Path

from ..layout import AUTOGRADER, SOLUTIONS, Chapter, select_chapters
from .autograde import DEFAULT_TIMEOUT, autograde_class
from .course import Course
from .intake import LMS_NAMES, collect_exchange, collect_folder, collect_zip, release_to_exchange
from .reports import export_grades, generate_feedback
from .samples import write_sample_class


def live_course(root: Path | None) -> Course:
    return Course(root or AUTOGRADER, source=SOLUTIONS)


def one_chapter(name: str) -> Chapter:
    chapters = select_chapters(name)
    if len(chapters) != 1:
        raise SystemExit(f"name one chapter (for example 06), not {name!r}")
    return chapters[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlcourse.grading", description=__doc__.split("\n\n")[0])
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
        print(f"{chapter.name} is due {course.set_due_date(chapter, args.when)}")
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
                  f"(see {course.records_dir / chapter.name}); `make autograde` grades the class again")
            return 130
        if not outcomes:
            print(f"no submissions of {chapter.name} in {course.submitted_dir}")
    elif args.command == "sample":
        written = write_sample_class(course, chapter, args.folder, args.size)
        print(f"{len(written)} sample submission(s) of {chapter.name} in {args.folder}: "
              + ", ".join(p.parent.name for p in written))
    elif args.command == "feedback":
        written = generate_feedback(course, chapter, args.student)
        print(f"{len(written)} feedback file(s) under {course.feedback_dir}")
    return 0
