"""An assignment seen as exercises: which cells belong to which exercise,
which names each one shares, and how known-wrong answers combine.

A learner who gets exercise 2 wrong must lose the points of exercise 2 and
no others.  That holds when no exercise reads a name that another
exercise's answer defines, which can be checked on the source alone; it
also lets the grader tests put one wrong answer per exercise into a single
submission and still know which failure belongs to which mistake.
"""

from __future__ import annotations

import re
import symtable
from dataclasses import dataclass

import nbformat

from .grading import exercise_of, solution_cells
from .notebooks import nbgrader_cells

EXERCISE_ID = re.compile(r"^ex\d+_")


def python_source(source: str) -> str:
    """Cell source with IPython magics and shell escapes commented out."""
    return re.sub(r"(?m)^(\s*)([%!])", r"\1# \2", source)


@dataclass(frozen=True)
class Names:
    """The module-level names a cell binds, and those it reads."""

    defined: frozenset[str]
    imported: frozenset[str]
    read: frozenset[str]

    @classmethod
    def of(cls, source: str) -> "Names":
        table = symtable.symtable(python_source(source), "<cell>", "exec")
        symbols = table.get_symbols()
        return cls(
            defined=frozenset(s.get_name() for s in symbols if s.is_assigned() or s.is_imported()),
            imported=frozenset(s.get_name() for s in symbols if s.is_imported() and not s.is_assigned()),
            read=frozenset(_globals_read(table)),
        )


def _globals_read(table: symtable.SymbolTable) -> set[str]:
    """Names a scope and the scopes inside it read from the module level."""
    read = {
        s.get_name() for s in table.get_symbols()
        if s.is_referenced() and (table.get_type() == "module" or s.is_global())
    }
    for child in table.get_children():
        read |= _globals_read(child)
    return read


def cells_by_exercise(notebook: nbformat.NotebookNode) -> dict[str, list[nbformat.NotebookNode]]:
    """Code cells whose grade id starts with ``exN_``, grouped by exercise."""
    grouped: dict[str, list] = {}
    for grade_id, cell in nbgrader_cells(notebook).items():
        if cell.cell_type == "code" and EXERCISE_ID.match(grade_id):
            grouped.setdefault(exercise_of(grade_id), []).append(cell)
    return grouped


def shared_names(notebook: nbformat.NotebookNode,
                 wrong_answers: dict[str, list[tuple[str, str]]] | None = None) -> list[str]:
    """Every case of an answer (the model answer, or a known-wrong one)
    binding a name that another exercise's cells read; empty when the
    exercises are independent."""
    readers = {
        exercise: set().union(*(Names.of(c.source).read for c in cells))
        for exercise, cells in cells_by_exercise(notebook).items()
    }
    answers = [
        (grade_id, "the model answer", cell.source)
        for grade_id, cell in solution_cells(notebook).items() if cell.cell_type == "code"
    ]
    for grade_id, cases in (wrong_answers or {}).items():
        answers += [(grade_id, f"wrong answer '{description}'", source) for description, source in cases]

    problems = []
    for grade_id, what, source in answers:
        names = Names.of(source)
        # importing a module under its usual name again changes nothing
        bound = names.defined - names.imported
        for exercise, read in sorted(readers.items()):
            if exercise == exercise_of(grade_id):
                continue
            for name in sorted(bound & read):
                problems.append(f"{grade_id}: {what} binds `{name}`, which {exercise}'s cells read")
    return problems


@dataclass(frozen=True)
class WrongAnswer:
    grade_id: str  # the answer cell it replaces
    description: str
    source: str

    @property
    def exercise(self) -> str:
        return exercise_of(self.grade_id)


def rounds(wrong_answers: dict[str, list[tuple[str, str]]]) -> list[dict[str, WrongAnswer]]:
    """Known-wrong answers grouped into submissions: round k holds the k-th
    wrong answer of every exercise that has one, keyed by exercise, so each
    exercise carries at most one mistake per submission."""
    by_exercise: dict[str, list[WrongAnswer]] = {}
    for grade_id, cases in wrong_answers.items():
        for description, source in cases:
            by_exercise.setdefault(exercise_of(grade_id), []).append(
                WrongAnswer(grade_id, description, source))
    count = max((len(v) for v in by_exercise.values()), default=0)
    return [
        {exercise: answers[k] for exercise, answers in sorted(by_exercise.items()) if k < len(answers)}
        for k in range(count)
    ]
