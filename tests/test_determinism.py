"""Deterministic operations: always on a CPU, on a GPU only when asked for.

Every notebook that asks TensorFlow for deterministic operations does it
with the one pattern below, in its set-up cell.  On a CPU it turns them on,
as the notebooks always did.  On a GPU it turns them on only when the
environment variable DLCOURSE_GPU_DETERMINISM is "1": there they are slower,
and an operation without a deterministic GPU kernel raises an error instead
of running (docs/gpu.md).  The GPU workflow sets the variable.

The tests run the pattern in a fresh Python, on the CPU and with
TensorFlow's device list made to show a GPU (the one input of the decision
a CPU cannot supply), and read whether determinism is on from TensorFlow's
behaviour rather than from what the cell prints: `tf.timestamp` refuses to
run while op determinism is enabled.  On a machine with an NVIDIA GPU (the
GPU workflow runs this file), one more test trains a small network of the
kinds of layer the assignments use twice on the GPU with determinism on and
expects no error and identical weights."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from dlcourse.layout import all_chapters
from dlcourse import notebooks

VARIABLE = "DLCOURSE_GPU_DETERMINISM"

# The pattern, exactly as it stands in every set-up cell that asks for it.
PATTERN = '''\
# Deterministic operations: with the same seed, every run gives the same numbers. They are
# always on a CPU. On a GPU they are slower, and an operation that has no deterministic GPU
# version raises an error, so there they are on only if DLCOURSE_GPU_DETERMINISM is "1".
GPU = bool(tf.config.list_physical_devices("GPU"))
DETERMINISTIC = not GPU or os.environ.get("DLCOURSE_GPU_DETERMINISM") == "1"
if DETERMINISTIC:
    tf.config.experimental.enable_op_determinism()
print("deterministic operations:", "on" if DETERMINISTIC else "off", "| GPU:", "yes" if GPU else "no")
'''

NOTEBOOKS = [path for chapter in all_chapters() for path in chapter.notebooks()]


def code_sources(path):
    return [cell.source for cell in notebooks.read(path).cells if cell.cell_type == "code"]


def asking_for_determinism(path):
    return [source for source in code_sources(path) if "enable_op_determinism" in source]


def test_the_pattern_reads_the_variable_the_tests_and_workflow_use():
    assert f'os.environ.get("{VARIABLE}") == "1"' in PATTERN


ASKING = [path for path in NOTEBOOKS if asking_for_determinism(path)]


def test_several_assignments_ask_for_determinism():
    assert len(ASKING) >= 5


@pytest.mark.parametrize("path", ASKING, ids=[p.name for p in ASKING])
def test_a_notebook_asks_for_determinism_only_through_the_pattern(path):
    """Once, in the cell that seeds Keras, after the seed and with os imported."""
    cells = asking_for_determinism(path)
    assert len(cells) == 1, f"{path.name}: enable_op_determinism in {len(cells)} cells; one set-up cell only"
    [source] = cells
    assert PATTERN in source, f"{path.name}: use the pattern of tests/test_determinism.py, unchanged:\n{source}"
    assert source.count("enable_op_determinism") == 1
    assert "keras.utils.set_random_seed(" in source.split(PATTERN)[0], "seed Keras before the pattern"
    assert "import os\n" in source, "import os in the set-up cell: the pattern reads the environment"


def run_pattern(variable=None, fake_gpu=False):
    """Run PATTERN in a new Python on the CPU (a GPU's device entry faked
    when asked): what it printed, and whether op determinism ended up on."""
    script = textwrap.dedent('''\
        import contextlib, io, json, os, sys
        import tensorflow as tf
        if sys.argv[1] == "fake-gpu":
            cpu_list = tf.config.list_physical_devices
            def with_a_gpu(device_type=None):
                gpu = [tf.config.PhysicalDevice("/physical_device:GPU:0", "GPU")]
                return gpu if device_type == "GPU" else cpu_list(device_type) + gpu
            tf.config.list_physical_devices = with_a_gpu
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(sys.argv[2], {"tf": tf, "os": os})
        try:
            tf.timestamp()
            deterministic = False
        except tf.errors.FailedPreconditionError:  # "cannot be called when determinism is enabled"
            deterministic = True
        print(json.dumps({"printed": printed.getvalue(), "deterministic": deterministic}))
        ''')
    environment = {k: v for k, v in os.environ.items() if k != VARIABLE}
    environment.update(CUDA_VISIBLE_DEVICES="", TF_CPP_MIN_LOG_LEVEL="3")  # a CPU, even on a GPU runner
    if variable is not None:
        environment[VARIABLE] = variable
    result = subprocess.run([sys.executable, "-c", script, "fake-gpu" if fake_gpu else "cpu", PATTERN],
                            capture_output=True, text=True, env=environment, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("variable", [None, "0"], ids=["unset", "0"])
def test_on_a_cpu_determinism_is_on_whatever_the_variable_says(variable):
    outcome = run_pattern(variable)
    assert outcome == {"printed": "deterministic operations: on | GPU: no\n", "deterministic": True}


@pytest.mark.slow
def test_on_a_gpu_determinism_is_off_unless_asked_for():
    outcome = run_pattern(None, fake_gpu=True)
    assert outcome == {"printed": "deterministic operations: off | GPU: yes\n", "deterministic": False}


@pytest.mark.slow
def test_on_a_gpu_the_variable_turns_determinism_on():
    outcome = run_pattern("1", fake_gpu=True)
    assert outcome == {"printed": "deterministic operations: on | GPU: yes\n", "deterministic": True}


# The layers and losses the assignments train with: convolutions, max pooling
# (its gradient has no deterministic XLA kernel; Keras leaves XLA off while op
# determinism is on), batch normalisation, dropout, augmentation layers inside
# the model, sparse cross-entropy, Adam; and a tf.data pipeline with a map.
TWO_TRAININGS = '''\
import json, os
import numpy as np
import tensorflow as tf
import keras

SEED = 42
keras.utils.set_random_seed(SEED)
''' + PATTERN + '''
assert GPU and DETERMINISTIC, "expected a GPU and DLCOURSE_GPU_DETERMINISM=1"


def train():
    keras.utils.set_random_seed(SEED)
    rng = np.random.default_rng(0)
    x = rng.random((512, 28, 28, 1), dtype="float32")
    y = rng.integers(0, 10, 512).astype("int32")
    data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(512, seed=SEED).map(
        lambda a, b: (a * 2.0 - 1.0, b), num_parallel_calls=tf.data.AUTOTUNE).batch(64)
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.RandomFlip("horizontal"),
        keras.layers.RandomTranslation(0.1, 0.1),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(data, epochs=2, verbose=0)
    return model.get_weights()


first, second = train(), train()
print(json.dumps({"identical": all(np.array_equal(a, b) for a, b in zip(first, second))}))
'''


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nvidia-smi") is None, reason="needs an NVIDIA GPU (the GPU workflow runs it)")
def test_on_a_real_gpu_two_trainings_with_one_seed_give_the_same_weights():
    environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **{VARIABLE: "1"})
    result = subprocess.run([sys.executable, "-c", TWO_TRAININGS], capture_output=True, text=True,
                            env=environment, timeout=900)
    assert result.returncode == 0, (
        "training with deterministic operations failed on this GPU; an UnimplementedError names "
        f"the operation without a deterministic kernel:\n{result.stderr[-4000:]}")
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"identical": True}
