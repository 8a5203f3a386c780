"""The reading of a learner's code for tampering (dlcourse.trust.tampering): it
names each mechanism that can change how later cells run or what the tests
see, and nothing in the course's own answers.  (tests/test_cheating.py
grades whole submissions that use these mechanisms.)"""

import pytest

from helpers import ASSIGNED, known_wrong_answers
from dlcourse import notebooks
from dlcourse.cells import nbgrader_metadata, without_markers
from dlcourse.trust.tampering import review_cells

GIVEN = ["import math\nimport numpy as np\nimport tensorflow as tf\nfrom numpy.testing import assert_allclose",
         "assert isinstance(model, tf.keras.Model)\nassert abs(mean([1]) - 1) < 1e-9\nnp.testing.assert_allclose(x, y)"]


def findings(source, given=GIVEN):
    return [f.what for f in review_cells([("ex1_answer", source)], given)]


# (code a learner could write, words its finding must contain)
FLAGGED = [
    ("get_ipython().input_transformers_cleanup.append(f)", "input transformer"),
    ("ip = get_ipython()\nip.ast_transformers.append(t)", "AST transformer"),
    ("get_ipython().events.register('post_run_cell', f)", "get_ipython"),
    ("shell.set_custom_exc((Exception,), handler)", "reports errors"),
    ("import sys\nsys.settrace(tracer)", "traces execution"),
    ("import threading\nthreading.settrace(tracer)", "imports threading"),
    ("import sys\nframe = sys._getframe(1)", "call stack"),
    ("try:\n    1 / 0\nexcept Exception as e:\n    f = e.__traceback__.tb_frame.f_back", "call stack"),
    ("import inspect\ninspect.stack()", "imports inspect"),
    ("import linecache", "linecache"),
    ("print(In[-1])", "input or output history"),
    ("text = _ih[3]", "input or output history"),
    ("exec(code)", "exec()"),
    ("eval('1 + ' + x)", "eval()"),
    ("compile(source, 'x', 'exec')", "compiles code"),
    ("m = __import__('sys')", "__import__"),
    ("np.testing.assert_allclose = lambda *a, **k: None", "replaces np.testing.assert_allclose"),
    ("math.isclose = lambda *a, **k: True", "replaces math.isclose"),
    ("setattr(np, 'allclose', f)", "setattr() on the module numpy"),
    ("getattr(np, 'all' + 'close')", "name built at run time"),
    ("import builtins\nbuiltins.abs = lambda x: 0", "imports builtins"),
    ("__builtins__['abs'] = f", "__builtins__"),
    ("def isinstance(a, b):\n    return True", "rebinds the built-in isinstance"),
    ("abs = lambda x: 0", "rebinds the built-in abs"),
    ("np = None", "rebinds np"),
    ("import math as np", "binds np, the module numpy"),
    ("globals()['np'] = fake", "globals()"),
    ("vars()['x'] = 1", "namespace"),
    ("import gc\ngc.get_objects()", "imports gc"),
    ("import ctypes", "imports ctypes"),
    ("import signal\nsignal.alarm(1)", "imports signal"),
    ("f.__code__ = g.__code__", "compiled code"),
    ("class Anything:\n    def __eq__(self, other):\n        return True", "defines __eq__"),
    ("class Anything:\n    __eq__ = lambda self, other: True", "defines __eq__"),
    ("class Liar:\n    def __instancecheck__(cls, obj):\n        return True", "defines __instancecheck__"),
    ("Anything = type('Anything', (), {'__eq__': lambda s, o: True})", "type(name, bases, namespace)"),
    ("import sys\nsys.modules['numpy'] = fake", "which module an import returns"),
    ("import importlib\nimportlib.reload(np)", "imports importlib"),
    ("from unittest import mock", "unittest.mock"),
    ("import mymodule_written_at_runtime", "not part of the course's environment"),
    ("from . import helpers", "relative"),
    ("import operator\noperator.attrgetter('__globals__')", "'__globals__'"),
    ("open('/proc/self/mem', 'rb')", "/proc"),
    ("!ls", "shell command"),
    ("%run other.py", "magic %run"),
    ("%history", "magic %history"),
    ("import os\nos.dup2(a, b)", "file descriptors"),
    ("obj.__class__ = Other", "changes the class"),
]

# Ordinary answers, close to the ones above, that must not be flagged.
HARMLESS = [
    "from IPython.display import display, HTML\ndisplay(HTML('<b>hi</b>'))",
    "%time x = 1",
    "%matplotlib inline",
    "%load_ext tensorboard\n%tensorboard --logdir logs",
    "import pandas as pd\npd.options.display.max_rows = 10",
    "import matplotlib.pyplot as plt\nplt.rcParams['figure.figsize'] = (6, 4)",
    "import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'",
    "class Dense(tf.keras.layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.w = None",
    "model.trainable = False\nbase.layers[0].trainable = True",
    "for _ in range(3):\n    pass\nx, _ = pair",
    "inputs = tf.keras.Input(shape=(4,))\ninput = inputs",
    "def mean(values):\n    total = sum(values)\n    return total / len(values)",
    "import time\nstart = time.perf_counter()",
    "import numpy as np\nimport tensorflow as tf",
    "np.random.seed(0)\ntf.random.set_seed(0)",
    "class Loader(tf.keras.utils.PyDataset):\n    def __len__(self):\n        return 3\n    def __getitem__(self, i):\n        return i",
    "print(type(model).__name__, model.__class__.__name__)",
    "def f(x):\n    sum = 0\n    return sum",
    "def broken(:\n    pass  # does not parse, so it does not run either",
]


@pytest.mark.parametrize("source, words", FLAGGED, ids=[s.splitlines()[-1][:40] for s, _ in FLAGGED])
def test_each_mechanism_is_named(source, words):
    found = findings(source)
    assert any(words in what for what in found), f"{source!r}: {found}"


@pytest.mark.parametrize("source", HARMLESS, ids=[s.splitlines()[0][:40] for s in HARMLESS])
def test_ordinary_code_is_not_flagged(source):
    assert findings(source) == []


def test_a_finding_names_the_cell_and_the_line():
    [finding] = review_cells([("ex2_greet", "x = 1\n\nprint(In)\n")], GIVEN)
    assert (finding.cell, finding.line) == ("ex2_greet", 3)
    assert str(finding).startswith("ex2_greet line 3: reads IPython's input")


def test_no_answer_of_the_course_is_flagged():
    """Every solution and known-wrong answer of every chapter, read as a
    learner's code next to the chapter's given cells and tests."""
    flagged = []
    for chapter in ASSIGNED:
        notebook = notebooks.read(chapter.assignment)
        given = [c.source for c in notebook.cells
                 if c.cell_type == "code" and nbgrader_metadata(c).get("locked")]
        answers = [(c.metadata.nbgrader["grade_id"], without_markers(c.source)) for c in notebook.cells
                   if c.cell_type == "code" and nbgrader_metadata(c).get("solution")]
        for grade_id, cases in known_wrong_answers(chapter).items():
            answers += [(f"{grade_id} ({description})", source) for description, source in cases]
        flagged += [f"{chapter.name}: {f}" for f in review_cells(answers, given)]
    assert not flagged, "\n".join(flagged)
