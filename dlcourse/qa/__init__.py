"""The course's quality tools: they measure and check the course rather
than serve learners or instructors.

    results.py           make results: every lesson in full mode against its targets
    spread.py            make seed-spread: graded trained models over seeds, against their bars
    exercise_table.py    make exercise-table: each assignment's exercises, kinds, hints and times
    benchmark.py         make benchmark: each notebook in smoke mode, and autograding each solution
    budget.py            make test-budget: the test suite against its time budget
    grading_benchmark.py make grading-benchmark: a class graded with one worker and with two
"""
