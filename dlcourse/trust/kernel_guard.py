"""The grader's witness inside a learner's kernel.

This file is not imported by the course: dlcourse.trust.evidence sends its
source to each kernel it grades, before the submission's first cell, and
calls ``install`` there (the course's own package is not visible inside
the sandbox).  From then on the grader asks it, after every cell, through
the execute request's ``user_expressions`` (evaluated by the kernel
directly, without passing through IPython's input or AST transformers or
its event hooks), for

- whether the end marker the grader appended to a test cell ran;
- whether anything now installed in the kernel differs from what the
  kernel had before the submission ran: IPython's input and AST
  transformers and event hooks, its shell's methods, the built-ins, trace
  and profile functions, import hooks, threads and signal handlers defined
  in the notebook, and the functions and modules the next test names;
- what the notebook's own code did since the last cell that only code
  inspecting or rewriting the running program does (the interpreter's
  audit events: reaching the call stack, tracing, replacing compiled
  code, exec and compile, gc and ctypes).

Its answers are evidence, not proof: code that knows this file can look
for it.  dlcourse.trust.tampering reads the submission for the constructs that
would take, and flags them.
"""

import builtins
import functools
import json
import signal
import sys
import threading
import types

# Set by IPython around each cell, so they differ between cells by design.
_IPYTHON_BUILTINS = {"exit", "quit", "get_ipython", "_", "__", "___"}
# Audit events that only code inspecting or rewriting the running program raises.
_WATCHED = {"sys.settrace", "sys.setprofile", "sys._getframe", "sys._current_frames", "sys.addaudithook",
            "object.__getattr__", "object.__setattr__", "object.__delattr__", "gc.get_objects",
            "gc.get_referrers", "gc.get_referents", "exec", "compile", "code.__new__", "function.__new__",
            "sys.monitoring.register_callback", "sys.monitoring.use_tool_id"}
# Reading these reaches the call stack.  (Libraries read __code__ all the time;
# replacing it is audited as object.__setattr__, and reading it is flagged in the code.)
_FRAME_ATTRIBUTES = {"tb_frame", "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "gi_frame",
                     "cr_frame", "ag_frame", "gi_code"}
_STACK_HELPERS = ("inspect", "traceback")   # modules whose sys._getframe calls count for their caller
_MAX_EVENTS = 20


def install(name):
    """Bind the guard's report function to ``name`` in the notebook's namespace."""
    from IPython import get_ipython

    shell = get_ipython()
    guard = _Guard(shell)
    shell.user_ns[name] = guard.report
    shell.user_ns_hidden[name] = guard.report   # kept out of %who and `reset`


class _Guard:
    def __init__(self, shell):
        self.shell = shell
        self.namespace = shell.user_ns
        self.ready = False

    def baseline(self):
        """What the kernel has before the submission runs.  Taken where every
        later report is made, between cells: while a cell runs, IPython and
        the kernel swap in their own sys.displayhook, input() and others."""
        shell = self.shell
        self.lists = self._hook_lists()
        self.baseline_lists = {label: list(items) for label, items in self.lists.items()}
        self.events = {event: list(callbacks) for event, callbacks in shell.events.callbacks.items()}
        self.objects = self._objects()
        self.instance_callables = {k: v for k, v in vars(shell).items() if callable(v)}
        self.class_dicts = []
        for owner in (shell, getattr(shell, "kernel", None), shell.displayhook, shell.display_pub,
                      shell.compile, shell.input_transformer_manager, shell.events, shell.display_formatter):
            for cls in type(owner).__mro__[:-1]:
                if not any(cls is known for known, _ in self.class_dicts):
                    self.class_dicts.append((cls, dict(vars(cls))))
        self.builtins = {k: v for k, v in vars(builtins).items() if k not in _IPYTHON_BUILTINS}
        self.tracing = self._tracing()
        self.threads = set(threading.enumerate())
        self.import_hooks = {id(h) for h in [*sys.meta_path, *sys.path_hooks]}
        self.log = []
        self.dropped = 0
        self.busy = False
        sys.addaudithook(self._audit)
        self.ready = True
        return "ready"

    # -- what the kernel had before the submission ran
    def _hook_lists(self):
        shell = self.shell
        manager = shell.input_transformer_manager
        return {
            "an IPython input transformer (input_transformers_cleanup)": manager.cleanup_transforms,
            "an IPython input transformer (line_transforms)": manager.line_transforms,
            "an IPython input transformer (token_transformers)": manager.token_transformers,
            "an IPython input transformer (input_transformers_post)": shell.input_transformers_post,
            "an IPython AST transformer (ast_transformers)": shell.ast_transformers,
        }

    def _objects(self):
        shell = self.shell
        return {
            "IPython's input transformer manager": shell.input_transformer_manager,
            "IPython's event manager": shell.events, "IPython's display formatter": shell.display_formatter,
            "IPython's display hook": shell.displayhook, "IPython's display publisher": shell.display_pub,
            "IPython's compiler": shell.compile, "the notebook's namespace": shell.user_ns,
            "IPython's custom exception handlers": shell.custom_exceptions,
            "sys.displayhook": sys.displayhook, "sys.excepthook": sys.excepthook,
            "sys.breakpointhook": sys.breakpointhook, "sys.modules": sys.modules,
            "sys.meta_path": sys.meta_path, "sys.path_hooks": sys.path_hooks,
        }

    def _tracing(self):
        found = {"a trace function (sys.settrace)": sys.gettrace(),
                 "a profile function (sys.setprofile)": sys.getprofile(),
                 "a trace function for new threads (threading.settrace)": getattr(threading, "_trace_hook", None),
                 "a profile function for new threads (threading.setprofile)": getattr(threading, "_profile_hook",
                                                                                     None)}
        monitoring = getattr(sys, "monitoring", None)
        if monitoring is not None:
            for tool in range(6):
                found[f"a sys.monitoring tool (id {tool})"] = monitoring.get_tool(tool)
        return found

    # -- the report the grader asks for after each cell
    def report(self, cell, marker=None, token=None, names=None):
        if cell == "baseline" and not self.ready:
            return self.baseline()
        answer = {"cell": cell, "ended": None, "events": self._drain(), "state": self._state(names or {})}
        if marker is not None:
            answer["ended"] = self.namespace.pop(marker, None) == token
        return json.dumps(answer)

    def _drain(self):
        events, self.log = self.log, []
        if self.dropped:
            events.append(f"... and {self.dropped} more")
            self.dropped = 0
        return events

    def _state(self, names):
        found = []
        for label, items in self.lists.items():
            if list(items) != self.baseline_lists[label]:
                added = [_describe(i) for i in items if i not in self.baseline_lists[label]]
                found.append(f"{label} was changed" + (f": {', '.join(added)} added" if added else ""))
        current_lists = self._hook_lists()
        for label, items in current_lists.items():
            if items is not self.lists[label]:
                found.append(f"{label} list was replaced")
        for event, callbacks in self.shell.events.callbacks.items():
            # libraries register hooks too (matplotlib's inline backend): only the notebook's count
            added = [c for c in callbacks if c not in self.events.get(event, []) and self._from_notebook(c)]
            if added:
                found.append(f"an IPython event hook on {event} was registered: "
                             + ", ".join(_describe(c) for c in added))
        for label, current in self._objects().items():
            expected = self.objects[label]
            if current is not expected and current != expected:
                found.append(f"{label} was replaced")
        for key, value in vars(self.shell).items():
            if callable(value) and self.instance_callables.get(key) is not value:
                found.append(f"the IPython shell's {key} was replaced by {_describe(value)}")
        for cls, snapshot in self.class_dicts:
            current = vars(cls)
            for key in set(current) | set(snapshot):
                if current.get(key) is not snapshot.get(key):
                    found.append(f"{cls.__module__}.{cls.__qualname__}.{key} was replaced")
        current_builtins = vars(builtins)
        for key, value in self.builtins.items():
            if current_builtins.get(key) is not value:
                found.append(f"the built-in {key} was replaced or removed")
        for key, value in current_builtins.items():
            # libraries add their own (pybind11 keeps its internals there): only the notebook's count
            if key not in self.builtins and key not in _IPYTHON_BUILTINS and self._from_notebook(value):
                found.append(f"a built-in {key} defined in the notebook was added")
        for label, function in self._tracing().items():
            if function is not self.tracing.get(label):
                found.append(f"{label} is set: {_describe(function)}")
        for thread in threading.enumerate():
            if thread not in self.threads and thread.is_alive() and self._from_notebook_thread(thread):
                found.append(f"a thread the notebook started is running ({thread.name})")
        for hook in [*sys.meta_path, *sys.path_hooks]:
            if id(hook) not in self.import_hooks and self._from_notebook(hook):
                found.append(f"an import hook defined in the notebook was installed: {_describe(hook)}")
        for number in signal.valid_signals():
            try:
                handler = signal.getsignal(number)
            except (OSError, ValueError):
                continue
            if self._from_notebook(handler):
                found.append(f"a signal handler defined in the notebook was installed (signal {number})")
        found += self._names_the_test_uses(names)
        return sorted(set(found))

    def _names_the_test_uses(self, names):
        """The built-ins, modules and library functions the next test names, as imported."""
        found = []
        for name in names.get("builtins", []):
            if name in self.namespace:
                found.append(f"the notebook rebinds the built-in {name}, which this test uses")
        for name, module in names.get("modules", {}).items():
            value = self.namespace.get(name)
            spec = getattr(value, "__spec__", None) if isinstance(value, types.ModuleType) else None
            same = spec is not None and (spec.name == module or value is sys.modules.get(module)
                                         or getattr(value, "__name__", None) == module)
            if value is not None and not same:
                found.append(f"{name} is no longer the module {module} the given code imported")
        for name, (module, attribute) in names.get("imported", {}).items():
            value = self.namespace.get(name)
            if self._from_notebook(value) or _foreign_builtin(value, attribute, module.split(".")[0]):
                found.append(f"{name} (from {module}) was replaced by {_describe(value)}")
        for chain in names.get("chains", []):
            value = self.namespace.get(chain[0])
            if not isinstance(value, types.ModuleType):
                continue
            top = value.__name__.split(".")[0]
            for depth, attribute in enumerate(chain[1:], 2):
                try:
                    value = getattr(value, attribute)
                except Exception:  # noqa: BLE001 -- the test itself will say what is missing
                    break
                if self._from_notebook(value) or _foreign_builtin(value, attribute, top):
                    found.append(f"{'.'.join(chain[:depth])} was replaced by {_describe(value)}")
                    break
                if not isinstance(value, types.ModuleType):
                    break
        return found

    # -- whether something was defined by the notebook's code
    def _from_notebook(self, value, depth=0):
        if depth > 3:
            return False
        if isinstance(value, functools.partial):
            return self._from_notebook(value.func, depth + 1)
        if isinstance(value, types.MethodType):
            return self._from_notebook(value.__func__, depth + 1)
        if isinstance(value, types.FunctionType):
            return value.__globals__ is self.namespace
        if isinstance(value, (types.BuiltinFunctionType, types.ModuleType, int, float, str, bytes, type(None))):
            return False
        cls = value if isinstance(value, type) else type(value)
        for klass in cls.__mro__:
            if klass.__module__ == "__main__":
                return True
            for member in vars(klass).values():
                function = getattr(member, "__func__", member) if isinstance(member, (classmethod, staticmethod)) \
                    else member
                if isinstance(function, types.FunctionType) and function.__globals__ is self.namespace:
                    return True
        return False

    def _from_notebook_thread(self, thread):
        candidates = [vars(thread).get("_target"), vars(thread).get("function"), type(thread)]
        return any(c is not None and self._from_notebook(c) for c in candidates)

    # -- audit events raised by the notebook's code
    def _audit(self, event, args):
        if event not in _WATCHED or self.busy:
            return
        if event in ("object.__getattr__", "object.__delattr__") and args[1] not in _FRAME_ATTRIBUTES:
            return
        self.busy = True
        try:
            caller = sys._getframe(1)
            if event == "sys._getframe":
                while caller is not None and caller.f_globals.get("__name__") in _STACK_HELPERS:
                    caller = caller.f_back
            if caller is not None and caller.f_globals.get("__name__") == __name__:
                return  # the guard's own work
            from_notebook = caller is not None and caller.f_globals is self.namespace
            if not from_notebook and event not in ("sys.settrace", "sys.setprofile", "sys.addaudithook"):
                return
            if event == "object.__setattr__" and self._from_notebook(args[0]):
                return  # a class or function of the notebook's own
            detail = f" {args[1]!s}" if event.startswith("object.") else ""
            where = f" in {caller.f_code.co_name}()" if caller is not None else ""
            if len(self.log) < _MAX_EVENTS:
                self.log.append(f"{event}{detail}{where}")
            else:
                self.dropped += 1
        finally:
            self.busy = False


def _describe(value):
    try:
        name = getattr(value, "__qualname__", None) or type(value).__qualname__
        module = getattr(value, "__module__", None) or type(value).__module__
        return f"{module}.{name}"
    except Exception:  # noqa: BLE001 -- a description must never fail the report
        return type(value).__name__


def _foreign_builtin(value, attribute, top):
    """A C function or built-in type from elsewhere in place of a library's
    own, as in ``np.testing.assert_allclose = print``.  Libraries re-export
    C functions under their own names (os.listdir is posix.listdir)."""
    if isinstance(value, types.BuiltinFunctionType):
        owner = getattr(value, "__self__", None)
        module = owner.__name__ if isinstance(owner, types.ModuleType) else None
    elif isinstance(value, type) and value.__module__ == "builtins":
        module = "builtins"
    else:
        return False
    if module is None or getattr(value, "__name__", attribute) == attribute:
        return False
    return module.split(".")[0].lstrip("_") != top.lstrip("_")
