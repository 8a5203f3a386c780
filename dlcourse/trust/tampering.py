"""Read a submission's own code for anything that could change how later
cells run or what the tests see.

Student code runs in the same kernel as the tests that follow it, so a few
lines in an answer cell can install a hook that rewrites or skips a test,
replace a function the tests call, or read the hidden tests through the
input history and the call stack.  No check inside the kernel can rule
that out; this one reads the code before it runs and names every construct
that can do it.  A submission with a finding is graded as usual and marked
*needs review* (dlcourse.trust.plugins.FlagTampering): the points of the
tests that ran after the flagged cell wait for a person.

The rules are about mechanisms, not intentions: each names something no
answer in this course needs (``tests/test_tampering.py`` proves that every
solution and known-wrong answer of every chapter passes them all).
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import re
import sys
from dataclasses import dataclass

from IPython.core.inputtransformer2 import TransformerManager


@dataclass(frozen=True)
class Finding:
    """One construct in one cell: where, and what it can do."""

    cell: str     # the answer cell's grade id, or "cell N" for a cell the learner added
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.cell} line {self.line}: {self.what}"


# Modules whose import is reason enough: each reaches the interpreter's
# machinery (frames, objects, the kernel) rather than the data.
MODULES = {
    "gc": "imports gc, which can reach and change any object in the kernel",
    "ctypes": "imports ctypes, which can change the interpreter's memory",
    "cffi": "imports cffi, which can change the interpreter's memory",
    "inspect": "imports inspect, which reads the call stack and the source of running code",
    "linecache": "imports linecache, which holds the source of every cell run, hidden tests included",
    "traceback": "imports traceback, which reads the call stack",
    "dis": "imports dis, which reads compiled code",
    "trace": "imports trace, which traces execution", "bdb": "imports bdb, a debugger",
    "pdb": "imports pdb, a debugger", "sys.monitoring": "imports sys.monitoring, which traces execution",
    "builtins": "imports builtins, whose functions every test uses",
    "importlib": "imports importlib, which can load or reload code at run time",
    "imp": "imports imp, which can load code at run time",
    "runpy": "imports runpy, which runs code at run time",
    "code": "imports code, which runs code at run time", "codeop": "imports codeop, which compiles code",
    "marshal": "imports marshal, which loads compiled code",
    "types": "imports types, which can build functions and code objects",
    "signal": "imports signal, whose handlers run in the middle of later cells",
    "threading": "imports threading: a thread can keep running, and changing things, while the tests run",
    "_thread": "imports _thread: a thread can keep running while the tests run",
    "unittest.mock": "imports unittest.mock, which replaces functions", "mock": "imports mock, which replaces functions",
    "IPython": "uses IPython's internals", "ipykernel": "uses the kernel's internals",
    "jupyter_client": "uses Jupyter's messaging", "zmq": "uses the kernel's message sockets",
    "nbformat": "reads notebooks", "nbclient": "uses the grader's notebook runner",
    "nbgrader": "uses the grader's code", "dlcourse": "uses the grader's code",
    "__main__": "imports __main__, the notebook's own namespace",
}
ALLOWED_SUBMODULES = {"IPython.display"}   # display(), Image, HTML: harmless

# Names that reach the kernel or run code built at run time.
NAMES = {
    "get_ipython": "uses get_ipython(), the kernel's shell (its hooks run before and after every cell)",
    "__IPYTHON__": "uses IPython's internals",
    "exec": "runs code with exec()", "eval": "runs code with eval()", "compile": "compiles code at run time",
    "__import__": "imports with __import__()", "breakpoint": "calls breakpoint()",
    "__builtins__": "uses __builtins__, whose functions every test uses",
    "globals": "reads or changes the notebook's namespace through globals()",
}
# IPython's input and output history: the source of every cell run, hidden tests included.
HISTORY = re.compile(r"^(In|Out|_ih|_oh|_dh|_i{1,3}|_i\d+|_\d+)$")

# Attributes that only the kernel's machinery, the call stack or compiled code have.
ATTRIBUTES = {
    **dict.fromkeys(["input_transformers_cleanup", "input_transformers_post", "input_transformer_manager"],
                    "installs an IPython input transformer (it rewrites the source of later cells)"),
    "ast_transformers": "installs an IPython AST transformer (it rewrites later cells before they run)",
    "register_magic_function": "registers an IPython magic",
    **dict.fromkeys(["set_custom_exc", "showtraceback", "showsyntaxerror", "_showtraceback", "CustomTB"],
                    "changes how IPython reports errors (a failing test could go unseen)"),
    **dict.fromkeys(["run_cell", "run_cell_async", "run_ast_nodes", "run_code", "transform_cell",
                     "transform_ast", "user_expressions", "do_execute"],
                    "reaches the code that runs cells"),
    **dict.fromkeys(["user_ns", "user_global_ns", "user_ns_hidden"], "reads or changes the notebook's namespace"),
    **dict.fromkeys(["displayhook", "excepthook", "display_pub", "breakpointhook"],
                    "replaces how results or errors are reported"),
    **dict.fromkeys(["settrace", "setprofile", "gettrace", "getprofile", "monitoring"],
                    "traces execution (a tracer can skip or change the lines of a test)"),
    **dict.fromkeys(["_getframe", "_current_frames", "f_back", "f_globals", "f_locals", "f_builtins", "f_code",
                     "f_trace", "f_lineno", "f_lasti", "tb_frame", "tb_next", "gi_frame", "cr_frame", "ag_frame",
                     "__traceback__"],
                    "reaches the call stack (the calling test's code and variables)"),
    **dict.fromkeys(["__code__", "__globals__", "__closure__", "__defaults__", "__kwdefaults__",
                     "co_consts", "co_code", "co_names", "co_varnames", "co_filename"],
                    "reads or replaces compiled code"),
    **dict.fromkeys(["__dict__", "__subclasses__", "__bases__", "__mro__", "__setattr__", "__delattr__",
                     "__getattribute__", "__builtins__"],
                    "reaches objects through Python's internals"),
    **dict.fromkeys(["addaudithook", "audit"], "hooks into the interpreter's audit events"),
    **dict.fromkeys(["modules", "meta_path", "path_hooks", "path_importer_cache"],
                    "changes how modules are found or which module an import returns"),
    **dict.fromkeys(["dup", "dup2", "close", "closerange"], "rewires file descriptors (the kernel's message channels)"),
}
# `modules`, `close` and similar are ordinary words: they count only on these modules.
ATTRIBUTE_OWNERS = {"modules": {"sys"}, "meta_path": {"sys"}, "path_hooks": {"sys"},
                    "path_importer_cache": {"sys"}, "monitoring": {"sys"}, "audit": {"sys"},
                    "dup": {"os"}, "dup2": {"os"}, "close": {"os"}, "closerange": {"os"},
                    "settrace": {"sys", "threading"}, "setprofile": {"sys", "threading"},
                    "gettrace": {"sys", "threading"}, "getprofile": {"sys", "threading"}}

# Methods that let an object pretend to be a right answer (equal to anything,
# true, any number, an instance of any class) or run code at a later moment.
IMPERSONATION = {
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__float__", "__int__",
    "__index__", "__complex__", "__abs__", "__round__", "__contains__", "__array__", "__array_ufunc__",
    "__array_function__", "__array_priority__", "__array_interface__", "__tf_tensor__", "__instancecheck__",
    "__subclasscheck__", "__getattr__", "__getattribute__", "__del__",
}

# Magics (and IPython's ? help) that change nothing for the cells after them.
HARMLESS_MAGICS = {"time", "timeit", "matplotlib", "pinfo", "pinfo2", "pdoc", "who", "whos", "pwd",
                   "tensorboard", "xmode", "precision", "pprint"}
HARMLESS_EXTENSIONS = {"tensorboard"}

# Module state a learner may set: display options, not behaviour the tests rely on.
SETTABLE = {"options", "rcParams", "environ"}

BUILTIN_NAMES = frozenset(dir(builtins))
# An attribute's name in a string is how getattr() and operator.attrgetter() reach it.
SENSITIVE_STRINGS = frozenset(name for name in ATTRIBUTES if name not in ATTRIBUTE_OWNERS)


def python_source(source: str) -> str:
    """A cell's source as the kernel runs it: magics and ``!`` lines become calls."""
    return TransformerManager().transform_cell(source)


def import_bindings(tree: ast.AST) -> dict[str, tuple[str, str | None]]:
    """``{name: (module, attribute or None)}`` for the imports in ``tree``:
    ``import numpy as np`` binds ("numpy", None), ``from numpy.testing
    import assert_allclose`` binds ("numpy.testing", "assert_allclose")."""
    bound: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bound[name] = (alias.name if alias.asname else name, None)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                bound[alias.asname or alias.name] = (node.module, alias.name)
    return bound


def imported_modules(tree: ast.AST) -> dict[str, str]:
    """``{name bound: what it names}``: ``np`` -> "numpy", ``assert_allclose`` -> "numpy.testing.assert_allclose"."""
    return {name: module if attribute is None else f"{module}.{attribute}"
            for name, (module, attribute) in import_bindings(tree).items()}


def parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(python_source(source))
    except Exception:  # noqa: BLE001 -- IPython's transformers raise more than SyntaxError; such a cell does not run
        return None


def root_name(node: ast.AST) -> str | None:
    """``np`` for ``np.testing.assert_allclose``, ``sys`` for ``sys.modules["x"]``."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append(f"{dotted(node.func)}()")
    return ".".join(reversed(parts))


class _Reader(ast.NodeVisitor):
    """Collects the findings of one cell."""

    def __init__(self, cell: str, given_modules: dict[str, str], cell_modules: dict[str, str],
                 tests_read: frozenset[str]):
        self.cell = cell
        self.given_modules = given_modules   # what the instructor's cells import
        self.modules = {**given_modules, **cell_modules}
        self.tests_read = tests_read         # names the instructor's cells read
        self.findings: list[Finding] = []
        self.depth = 0                       # > 0 inside a function, class or lambda

    def flag(self, node: ast.AST, what: str) -> None:
        finding = Finding(self.cell, getattr(node, "lineno", 0), what)
        if finding not in self.findings:
            self.findings.append(finding)

    def module_of(self, node: ast.AST) -> str | None:
        name = root_name(node)
        return self.modules.get(name) if name else None

    # -- imports
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.check_import(node, alias.name)
            bound = alias.asname or alias.name.split(".")[0]
            self.check_import_binding(node, bound, alias.name if alias.asname else bound)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self.check_import(node, node.module, [a.name for a in node.names])
            for alias in node.names:
                self.check_import_binding(node, alias.asname or alias.name, f"{node.module}.{alias.name}")
        elif node.level:
            self.flag(node, "imports relative to the notebook's folder (code written at run time)")

    def check_import(self, node: ast.AST, module: str, names: list[str] | None = None) -> None:
        full = [f"{module}.{n}" for n in names or []] or [module]
        if module in ALLOWED_SUBMODULES or any(f in ALLOWED_SUBMODULES for f in full):
            return
        for candidate in [*full, module, module.split(".")[0]]:
            if candidate in MODULES:
                self.flag(node, MODULES[candidate])
                return
        top = module.split(".")[0]
        if top not in sys.builtin_module_names and importlib.util.find_spec(top) is None:
            self.flag(node, f"imports {top}, which is not part of the course's environment "
                            "(a module written at run time escapes this review)")

    def check_import_binding(self, node: ast.AST, name: str, module: str) -> None:
        given = self.given_modules.get(name)
        if given and given != module and name in self.tests_read:
            self.flag(node, f"binds {name}, the module {given} the tests use, to {module}")

    # -- names and attributes
    def visit_Name(self, node: ast.Name) -> None:
        if node.id in NAMES:
            self.flag(node, NAMES[node.id])
        elif HISTORY.match(node.id) and isinstance(node.ctx, ast.Load):
            self.flag(node, f"reads IPython's input or output history ({node.id}), "
                            "which holds the source of the cells run before it, hidden tests included")
        if isinstance(node.ctx, ast.Store) and self.depth == 0:
            self.check_rebinding(node, node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        owners = ATTRIBUTE_OWNERS.get(node.attr)
        if node.attr in ATTRIBUTES and (owners is None or (self.module_of(node.value) or "") in owners):
            self.flag(node, f"{ATTRIBUTES[node.attr]} ({dotted(node)})")
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            module = self.module_of(node.value)
            path = dotted(node)
            if module and not SETTABLE & set(path.split(".")):
                self.flag(node, f"replaces {path} in the module {module}, which the tests may call")
            elif node.attr == "__class__":
                self.flag(node, f"changes the class of an object ({path})")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        target = node.value
        if (isinstance(node.ctx, (ast.Store, ast.Del)) and isinstance(target, ast.Call)
                and isinstance(target.func, ast.Name) and target.func.id in ("vars", "locals", "globals")):
            self.flag(node, f"changes a namespace through {target.func.id}()")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and node.value in SENSITIVE_STRINGS:
            self.flag(node, f"names {node.value!r} in a string: {ATTRIBUTES[node.value]}")
        elif isinstance(node.value, str) and node.value.startswith("/proc"):
            self.flag(node, "names a file in /proc (the kernel's own memory and state)")

    def check_rebinding(self, node: ast.AST, name: str) -> None:
        if name in BUILTIN_NAMES and name in self.tests_read:
            self.flag(node, f"rebinds the built-in {name}, which the tests use")
        elif name in self.given_modules and name in self.tests_read:
            self.flag(node, f"rebinds {name}, the module {self.given_modules[name]} the tests use")

    # -- definitions
    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if self.depth == 0:
            self.check_rebinding(node, node.name)
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if self.depth == 0:
            self.check_rebinding(node, node.name)
        for statement in node.body:
            names = ([statement.name] if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
                     else [t.id for t in getattr(statement, "targets", []) if isinstance(t, ast.Name)])
            for name in names:
                if name in IMPERSONATION:
                    self.flag(statement, f"defines {name} in class {node.name} (an object that can "
                                         "pass for a right answer, or run code at a later moment)")
        if any(k.arg == "metaclass" for k in node.keywords):
            self.flag(node, f"gives class {node.name} a metaclass")
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    # -- calls
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and _is_get_ipython(func.value):
            self.check_shell_call(node, func.attr)
            for argument in [*node.args, *node.keywords]:
                self.visit(argument)
            return
        if isinstance(func, ast.Name):
            self.check_builtin_call(node, func.id)
        self.generic_visit(node)

    def check_builtin_call(self, node: ast.Call, name: str) -> None:
        if name in ("setattr", "delattr", "getattr") and len(node.args) > 1:
            module = self.module_of(node.args[0])
            attribute = node.args[1]
            constant = isinstance(attribute, ast.Constant) and isinstance(attribute.value, str)
            if module and (name != "getattr" or not constant):
                self.flag(node, f"{name}() on the module {module} with a name built at run time"
                          if not constant else f"{name}() on the module {module}, which the tests may call")
            elif constant and attribute.value.startswith("__"):
                self.flag(node, f"{name}(..., {attribute.value!r}) reaches Python's internals")
        if name in ("vars", "dir") and not node.args or name == "locals" and self.depth == 0:
            self.flag(node, f"lists the notebook's namespace with {name}()")
        if name == "type" and len(node.args) == 3:
            self.flag(node, "builds a class at run time with type(name, bases, namespace)")

    def check_shell_call(self, node: ast.Call, method: str) -> None:
        """``get_ipython().run_line_magic('time', ...)`` is what ``%time`` becomes."""
        name = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
        argument = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else ""
        if method in ("run_line_magic", "run_cell_magic") and name in HARMLESS_MAGICS:
            return
        if method == "run_line_magic" and name == "load_ext" and str(argument).strip() in HARMLESS_EXTENSIONS:
            return
        if method in ("system", "getoutput"):
            self.flag(node, "runs a shell command (!...)")
        elif method in ("run_line_magic", "run_cell_magic"):
            self.flag(node, f"runs the magic %{name}, which can change the kernel or read its history")
        else:
            self.flag(node, NAMES["get_ipython"])


def _is_get_ipython(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "get_ipython"


def _constant_startswith(node: ast.AST, prefix: str) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(prefix)


def names_read(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def review_cells(student_cells: list[tuple[str, str]], instructor_sources: list[str]) -> list[Finding]:
    """Findings in the learner's code cells, ``[(label, source), ...]``, in order.

    ``instructor_sources`` are the cells the learner cannot change (given
    code and tests): what they import and read decides which rebindings
    matter."""
    given_modules: dict[str, str] = {}
    tests_read: set[str] = set()
    for tree in filter(None, map(parse, instructor_sources)):
        given_modules.update(imported_modules(tree))
        tests_read |= names_read(tree)
    findings = []
    for label, source in student_cells:
        tree = parse(source)
        if tree is not None:
            reader = _Reader(label, given_modules, imported_modules(tree), frozenset(tests_read))
            reader.visit(tree)
            findings += reader.findings
    return findings
