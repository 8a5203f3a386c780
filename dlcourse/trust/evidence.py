"""Evidence, gathered from outside the kernel, that each test cell of a
submission ran to its end with nothing installed to bend it.

While nbgrader runs a submission, :class:`Witness` (driven by
dlcourse.trust.plugins.GuardedExecute)

1. sends the kernel the guard of dlcourse/trust/kernel_guard.py before the
   first cell, under a name drawn at random for this run;
2. appends to each graded test cell a last statement that sets a marker
   to a token drawn at random for that cell (the stored notebook keeps the
   instructor's source);
3. asks, with each cell's execute request, for the guard's report through
   ``user_expressions``, which the kernel evaluates itself after the cell:
   did the marker get set, what is installed now that was not before, and
   what inspecting or rewriting did the notebook's code do meanwhile;
4. after the last cell, gives every test cell without a clean report an
   error in first place, so nbgrader scores it zero, and hands the
   findings to dlcourse.trust.plugins.FlagTampering.

It also remembers what feedback may show (dlcourse.trust.feedback): the cells
run before the first hidden test reached the kernel, and a digest of their
outputs at that moment.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from nbformat import NotebookNode

from ..cells import cell_label, is_instructor_cell, is_test_cell
from .tampering import import_bindings, names_read, parse

GUARD_SOURCE = Path(__file__).with_name("kernel_guard.py").read_text()
HIDDEN_TESTS = "### BEGIN HIDDEN TESTS"
INTEGRITY_ERROR = "GradingIntegrityError"
REPORT_KEY = "dlcourse_guard"
BUILTIN_NAMES = frozenset(dir(builtins))


def outputs_digest(cell: NotebookNode) -> str:
    return hashlib.sha256(json.dumps(cell.get("outputs", []), sort_keys=True, default=str).encode()).hexdigest()


def _chains(tree: ast.AST, roots: set[str]) -> list[list[str]]:
    """Longest attribute chains read from the names in ``roots``: [["np", "testing", "assert_allclose"], ...]."""
    chains, inner = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if isinstance(node.value, ast.Attribute):
                inner.add(id(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            parts, current = [], node
            while isinstance(current, ast.Attribute):
                parts.append(current.attr)
                current = current.value
            if isinstance(current, ast.Name) and current.id in roots:
                chain = [current.id, *reversed(parts)]
                if chain not in chains:
                    chains.append(chain)
    return chains


@dataclass
class CellReport:
    status: str                 # the execute reply's status
    report: dict | None         # the guard's answer, or None when there was none


@dataclass
class Conclusion:
    """What the run showed, for FlagTampering and the feedback."""

    findings: list[str] = field(default_factory=list)      # what the instructor should look at
    # the same in the grader's words only: the findings quote what the kernel
    # reported (names the learner's code chose), which feedback must not carry
    summary: list[str] = field(default_factory=list)
    zeroed: list[str] = field(default_factory=list)        # test cells that got no points for lack of evidence
    first_flagged_cell: int | None = None                  # the first cell after which tests are suspect
    feedback: dict = field(default_factory=dict)


class Witness:
    """The grader's side of one notebook's run."""

    def __init__(self, nb: NotebookNode):
        self.guard = "_g" + secrets.token_hex(8)
        self.replies: dict[int, CellReport] = {}
        self.cutoff: int | None = None
        self.digests: dict[str, str] = {}
        # What the instructor's cells import and define: a test's names are checked against it.
        self.imports: dict[str, tuple[str, str | None]] = {}
        self.defined: set[str] = set()
        for cell in nb.cells:
            tree = parse(cell.source) if cell.cell_type == "code" and is_instructor_cell(cell) else None
            if tree is not None:
                self.imports.update(import_bindings(tree))
                self.defined |= {n.id for n in ast.walk(tree)
                                 if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
                self.defined |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}

    # -- before the first cell
    def setup_request(self) -> tuple[str, dict[str, str]]:
        """Code for a silent request before any of the submission's code, and
        the user expression that has the guard take its baseline."""
        return self.setup_code(), {REPORT_KEY: f"{self.guard}('baseline')"}

    @staticmethod
    def ready(reply: dict | None) -> bool:
        """Whether the setup request installed the guard and it took its baseline."""
        answer = (reply or {}).get("content", {}).get("user_expressions", {}).get(REPORT_KEY, {})
        return answer.get("status") == "ok" and answer.get("data", {}).get("text/plain") == "'ready'"

    def setup_code(self) -> str:
        """Code that installs the guard."""
        return (f"def _dlcourse_install(source, name):\n"
                f"    namespace = {{'__name__': 'dlcourse_kernel_guard'}}\n"
                f"    exec(compile(source, '<dlcourse grader>', 'exec'), namespace)\n"
                f"    namespace['install'](name)\n"
                f"_dlcourse_install({GUARD_SOURCE!r}, {self.guard!r})\n"
                f"del _dlcourse_install\n")

    # -- around each cell
    def before(self, index: int, nb: NotebookNode) -> None:
        """Note what feedback may show, just before the first hidden test is sent."""
        cell = nb.cells[index]
        if self.cutoff is None and is_test_cell(cell) and HIDDEN_TESTS in cell.source:
            self.cutoff = index
            self.digests = {str(i): outputs_digest(c) for i, c in enumerate(nb.cells[:index]) if c.cell_type == "code"}

    def request(self, index: int, cell: NotebookNode) -> tuple[str, dict[str, str]]:
        """The source to send for ``cell``, and the user expressions to ask with it."""
        source, marker, token, names = cell.source, None, None, {}
        if is_test_cell(cell):
            marker, token = "_m" + secrets.token_hex(8), secrets.token_hex(16)
            source = with_marker(source, f"{marker} = {token!r}")
            names = self.names_used(cell.source)
        return source, {REPORT_KEY: f"{self.guard}({index}, {marker!r}, {token!r}, {names!r})"}

    def names_used(self, source: str) -> dict:
        """The built-ins, modules and library functions a test names, for the guard to check."""
        tree = parse(source)
        if tree is None:
            return {}
        read = names_read(tree)
        local = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
        imported = {name: self.imports[name] for name in read & set(self.imports)}
        return {
            "builtins": sorted((read & BUILTIN_NAMES) - self.defined - local - set(self.imports)),
            "modules": {name: module for name, (module, attribute) in imported.items() if attribute is None},
            "imported": {name: [module, attribute] for name, (module, attribute) in imported.items() if attribute},
            "chains": _chains(tree, set(imported)),
        }

    def receive(self, index: int, reply: dict | None) -> None:
        content = (reply or {}).get("content", {})
        answer = content.get("user_expressions", {}).get(REPORT_KEY) or {}
        report = None
        if answer.get("status") == "ok":
            try:
                report = json.loads(ast.literal_eval(answer["data"]["text/plain"]))
            except (KeyError, ValueError, SyntaxError, TypeError):
                report = None
            if not isinstance(report, dict) or report.get("cell") != index:
                report = None
        self.replies[index] = CellReport(content.get("status", "error"), report)

    # -- after the last cell
    def conclude(self, nb: NotebookNode) -> Conclusion:
        """Give the test cells without clean evidence an error (nbgrader then
        scores them zero) and list what was found."""
        result = Conclusion()
        reported: set[str] = set()
        for index, cell in enumerate(nb.cells):
            if index not in self.replies:
                continue
            reply, label = self.replies[index], cell_label(cell, index)
            events = (reply.report or {}).get("events", [])
            state = (reply.report or {}).get("state", [])
            if is_test_cell(cell) and reply.status == "ok":
                reasons = []
                if reply.report is None:
                    reasons.append("the grader's check after this test got no answer from the kernel")
                elif reply.report.get("ended") is not True:
                    reasons.append("the test did not reach its last line")
                reasons += [*events, *state]
                if reasons:
                    cell.outputs.insert(0, integrity_error(reasons))
                    result.zeroed.append(label)
                    result.findings.append(_short(f"{label} scored no points: " + "; ".join(reasons)))
                    result.summary.append(f"{label} scored no points: there is no evidence that it ran to "
                                          "its end undisturbed")
            elif events or set(state) - reported:
                # other cells, and failed tests (the kernel skips user expressions after an error);
                # what stays installed is reported after every cell, and listed once
                result.findings += [_short(f"during {label}: {event}") for event in events]
                result.findings += [_short(f"after {label}: {found}") for found in state if found not in reported]
                result.summary.append(f"the grader's witness in the kernel reported changes during or after {label}")
            reported |= set(state)
            if result.findings and result.first_flagged_cell is None:
                result.first_flagged_cell = index
        result.findings = list(dict.fromkeys(result.findings))
        result.summary = list(dict.fromkeys(result.summary))
        if self.cutoff is None:  # no hidden test ever ran: every output may be shown
            self.cutoff = len(nb.cells)
            self.digests = {str(i): outputs_digest(c) for i, c in enumerate(nb.cells) if c.cell_type == "code"}
        result.feedback = {"cutoff": self.cutoff, "output_digests": self.digests}
        return result


def _short(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def with_marker(source: str, marker: str) -> str:
    """``source`` with ``marker`` as its last statement; before a closing bare
    expression, so that the cell's result (nbgrader reads partial credit
    from it) is still displayed."""
    tree = parse(source)
    lines = source.rstrip().splitlines()
    if tree is not None and tree.body and isinstance(tree.body[-1], ast.Expr):
        last = tree.body[-1]
        previous = tree.body[-2] if len(tree.body) > 1 else None
        if previous is None or previous.end_lineno < last.lineno:
            start = last.lineno - 1
            indent = lines[start][:len(lines[start]) - len(lines[start].lstrip())]
            if not indent:
                return "\n".join([*lines[:start], marker, *lines[start:]]) + "\n"
    return source.rstrip() + "\n" + marker + "\n"


def integrity_error(reasons: list[str]) -> NotebookNode:
    """The error output that makes nbgrader give a test cell zero points."""
    return NotebookNode(output_type="error", ename=INTEGRITY_ERROR,
                        evalue="no evidence that this test ran to its end undisturbed: " + "; ".join(reasons),
                        traceback=[])
