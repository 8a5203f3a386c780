"""Trust in grades: what keeps a learner's code from earning points it did
not earn, or from seeing the hidden tests, while nbgrader grades it.

    plugins.py       the course's nbgrader preprocessors, exporter and late
                     penalty; the one module here that nbgrader's
                     configuration names
    sandbox.py       the kernel in bubblewrap, as its own user, under prlimit
    memory_cap.py    one cgroup memory cap for all of a submission's processes
    kernel_guard.py  the witness's code, sent into the kernel as source (never
                     imported by the course)
    evidence.py      the Witness: installs kernel_guard, marks each test cell
                     and zeroes a test with no proof that it ran to its end
    tampering.py     reads the learner's code, before it runs, for anything
                     that can change how later cells run
    review.py        flags a submission *needs review* and holds the points
                     of the tests after the flagged cell for a person
    feedback.py      reduces a graded notebook to what its feedback may show

How they meet nbgrader: autograder/nbgrader_config.py imports plugins and
puts its classes in nbgrader's steps.  ``nbgrader autograde`` runs each
submission through SandboxedExecute (GuardedExecute when DLCOURSE_SANDBOX is
off), whose kernels start through sandbox (with memory_cap) and whose
evidence.Witness sends kernel_guard in before the first cell; after
nbgrader saves the scores, FlagTampering asks review, which joins what
tampering reads in the code with what the witness saw.  ``nbgrader
generate_feedback`` runs SafeFeedback, which calls feedback.

Nothing is imported here: nbgrader's configuration and dlcourse.grading
import the module they need by its full name.
"""
