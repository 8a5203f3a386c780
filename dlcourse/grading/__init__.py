"""Grading a class with nbgrader: the instructor's workflow, one module a job.

    course.py        Course: every path of a course folder (submitted/,
                     autograded/, feedback/, release/, grading-records/,
                     replaced-submissions/, the gradebook), its due dates,
                     and the grading record (Outcome, GradingRecords, also
                     read by trust.plugins.ExerciseScoresExporter)
    runners.py       the one way nbgrader is run: the Runner contract,
                     FreshProcessRunner (a Course's default) and
                     ForkServerRunner (one per grading worker)
    server.py        ForkServerRunner's server process
    intake.py        submissions into submitted/: a folder, an LMS zip,
                     nbgrader's exchange; why one cannot be graded
    nbgrader_log.py  what nbgrader's log and the graded notebook say went wrong
    autograde.py     prepare, autograde_one, autograde_class
    samples.py       submissions built from the instructor's notebook
    reports.py       feedback and the grades file
    cli.py           ``python -m dlcourse.grading`` (the Makefile's targets)

A chapter id through ``make autograde CHAPTER=01``: cli.main turns it into
a Chapter (layout.select_chapters) and the course folder into a Course;
autograde.autograde_class asks the Course who submitted it
(submitted/*/01-tensors), prepare() records it in the gradebook with its
due date (``nbgrader db assignment add``, ``generate_assignment``), and
each student goes to autograde_one on a worker's view of the Course, whose
ForkServerRunner runs ``nbgrader autograde 01-tensors --student ID``; the
score comes from the gradebook, troubles from nbgrader_log, and the
Outcome is written to grading-records/01-tensors/ID.json.

Cell queries (grade ids, answers, tests, exercises) are in dlcourse.cells.
Importing this package imports nothing; import the module you need.
"""
