"""Autograding: each submission in its own nbgrader run, several at a time.

prepare() records the chapter in the gradebook; autograde_one() grades one
submission through the course's runner and writes its grading record;
autograde_class() grades a class with one forking nbgrader server per
worker (dlcourse.grading.runners), each worker's kernels as their own
sandbox user, and grades again on its own a submission that lost the race
for SQLite.
"""

from __future__ import annotations

import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

import nbformat

from ..layout import Chapter
from ..trust.memory_cap import remove_leftovers
from ..trust.sandbox import worker_uid
from .course import Course, Outcome
from .intake import problem_with
from .nbgrader_log import changes_to_locked_cells, nbgrader_reason, troubles_in
from .runners import ForkServerRunner, NbgraderFailed

DEFAULT_TIMEOUT = 900                # seconds for one submission, start to end


def prepare(course: Course, chapter: Chapter) -> None:
    """Record the chapter (its cells, hidden tests and due date) in the gradebook."""
    due = course.due_dates().get(chapter.name)
    if due:
        course.nbgrader("db", "assignment", "add", chapter.name, f"--duedate={due}")
    course.nbgrader("generate_assignment", chapter.name, "--force")


def autograde_one(course: Course, chapter: Chapter, student: str, timeout: float = DEFAULT_TIMEOUT,
                  options: tuple[str, ...] = ()) -> Outcome:
    """Autograde one submission in its own nbgrader process (run by the
    course's runner), and write its grading record; never raises for a
    problem of the submission's making."""
    start = time.perf_counter()
    problem = problem_with(course.submission_folder(chapter, student), chapter)
    log = ""
    if problem:
        outcome = Outcome(student, "not graded", problem, None, None, 0.0)
    else:
        try:
            log = course.nbgrader("autograde", chapter.name, "--student", student, "--force", *options,
                                  timeout=timeout)
            score = course.score(chapter, student)
            graded = course.autograded(chapter, student)
            troubles = (changes_to_locked_cells(course.submitted(chapter, student), course.released(chapter))
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
    course.records.write(chapter.name, outcome, log)
    return outcome


def needs_review(graded: nbformat.NotebookNode) -> list[str]:
    """Why a person should look at a graded submission (dlcourse.trust.review wrote it into its metadata)."""
    return list(graded.metadata.get("dlcourse", {}).get("needs_review", []))


def autograde_class(course: Course, chapter: Chapter, students: list[str] | None = None,
                    workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                    options: tuple[str, ...] = (), report=print) -> list[Outcome]:
    """Autograde ``students`` (default: every submission), ``workers`` at a
    time, reporting each as it finishes."""
    students = course.students_who_submitted(chapter) if students is None else students
    workers = max(1, workers or os.cpu_count() or 1)
    prepare(course, chapter)
    outcomes: list[Outcome] = []
    free = list(range(workers))  # worker numbers: one sandbox user id each
    # One nbgrader server per worker, so that each submission skips nbgrader's start-up;
    # its environment names the worker, which picks the sandbox's user id.
    runners = [ForkServerRunner({"DLCOURSE_WORKER": str(worker)}) for worker in range(workers)]
    views = [course.with_runner(runner) for runner in runners]

    def grade(student: str) -> Outcome:
        worker = free.pop()
        try:
            return autograde_one(views[worker], chapter, student, timeout, options)
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
                outcomes[index] = autograde_one(views[0], chapter, outcome.student, timeout, options)
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
