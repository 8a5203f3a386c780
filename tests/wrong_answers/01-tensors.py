"""Known-wrong answers to the chapter 01 assignment (tensors and autodiff).

tests/test_grading.py takes the instructor notebook
solutions/01-tensors/01-tensors-assignment.ipynb, replaces the source of ONE
solution cell (keyed below by its nbgrader grade_id) with one of these
answers, keeps every other answer correct, and autogrades the result with
nbgrader.  Each answer must cost points on its own exercise's test cells and
nowhere else, and the notebook must still earn some points.

Every entry is (description, complete source of the solution cell); each is a
mistake a learner could plausibly make.  Some fail a visible test, others
pass the visible tests and are caught only by the hidden ones.
"""

# The model answer of exercise 5, which most of its wrong answers change in one line.
BACKPROP = """def backprop(x, y, W1, b1, W2, b2):
    \"\"\"Gradients of the mean binary cross-entropy of relu(x @ W1 + b1) @ W2 + b2 through a sigmoid.\"\"\"
    x, y, W1, b1, W2, b2 = (np.asarray(a, dtype=np.float64) for a in (x, y, W1, b1, W2, b2))
    z1 = x @ W1 + b1
    a1 = np.maximum(z1, 0.0)
    z2 = a1 @ W2 + b2
    p = 1.0 / (1.0 + np.exp(-z2))
    dz2 = (p - y) / y.size
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0)
    dz1 = (dz2 @ W2.T) * (z1 > 0)
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    dx = dz1 @ W1.T
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "x": dx}
"""

# How every exercise 6 answer starts.
PIPELINE_HEAD = """def make_pipeline(images, labels, batch_size):
    \"\"\"One epoch of shuffled full batches of (images scaled to [0, 1] as float32, labels).\"\"\"
"""

WRONG_ANSWERS = {
    "ex1_tensors": [
        (
            "row means taken from the int32 grid, so they are truncated integers",
            '''zeros_block = tf.zeros((2, 3, 4), dtype=tf.float64)
ramp = tf.linspace(-1.0, 1.0, 5)
grid = tf.reshape(tf.range(12), (3, 4))
grid_float = tf.cast(grid, tf.float32)
second_column = grid[:, 1]
row_means = tf.reduce_mean(grid, axis=1)
counter = tf.Variable(10.0)
counter.assign(3.0)
counter.assign_add(0.5)
grid_array = grid.numpy()
''',
        ),
        (
            "a new Variable instead of assign, then + instead of assign_add (counter ends up a plain tensor)",
            '''zeros_block = tf.zeros((2, 3, 4), dtype=tf.float64)
ramp = tf.linspace(-1.0, 1.0, 5)
grid = tf.reshape(tf.range(12), (3, 4))
grid_float = tf.cast(grid, tf.float32)
second_column = grid[:, 1]
row_means = tf.reduce_mean(grid_float, axis=1)
counter = tf.Variable(10.0)
counter = tf.Variable(3.0)
counter = counter + 0.5
grid_array = grid.numpy()
''',
        ),
        (
            "second row taken instead of the second column",
            '''zeros_block = tf.zeros((2, 3, 4), dtype=tf.float64)
ramp = tf.linspace(-1.0, 1.0, 5)
grid = tf.reshape(tf.range(12), (3, 4))
grid_float = tf.cast(grid, tf.float32)
second_column = grid[1]
row_means = tf.reduce_mean(grid_float, axis=1)
counter = tf.Variable(10.0)
counter.assign(3.0)
counter.assign_add(0.5)
grid_array = grid.numpy()
''',
        ),
    ],
    "ex1_center": [
        (
            "subtracts the row means (axis=1) instead of the column means",
            '''def center_columns(m):
    """Return the matrix m as float32 with each column's mean subtracted."""
    m = tf.cast(m, tf.float32)
    return m - tf.reduce_mean(m, axis=1, keepdims=True)
''',
        ),
        (
            "no cast to float32: integer matrices get truncated integer means",
            '''def center_columns(m):
    """Return the matrix m as float32 with each column's mean subtracted."""
    m = tf.convert_to_tensor(m)
    return m - tf.reduce_mean(m, axis=0)
''',
        ),
        (
            "subtracts the mean of the whole matrix",
            '''def center_columns(m):
    """Return the matrix m as float32 with each column's mean subtracted."""
    m = tf.cast(m, tf.float32)
    return m - tf.reduce_mean(m)
''',
        ),
    ],
    "ex2_predict": [
        (
            "shapes lined up from the left: (2, 3, 4) * (3, 1) called an error, (2, 3, 4) + (2,) thought to broadcast",
            """predictions = {
    1: (3, 2),
    2: "error",
    3: (2, 3, 4),
    4: (2, 4),
    5: (1, 3, 1),
    6: (2, 5),
    7: [2, 3, 4],
    8: "error",
}
""",
        ),
        (
            "keepdims overlooked and the mean of an int32 tensor taken as a float",
            """predictions = {
    1: (3, 2),
    2: (2, 3, 4),
    3: "error",
    4: (2, 4),
    5: (3,),
    6: (2, 5),
    7: [2.5, 3.5, 4.5],
    8: "error",
}
""",
        ),
        (
            "int32 times float32 assumed to work, and the reduced axis of item 4 kept",
            """predictions = {
    1: (3, 2),
    2: (2, 3, 4),
    3: "error",
    4: (2, 1, 4),
    5: (1, 3, 1),
    6: (2, 5),
    7: [2, 3, 4],
    8: (2, 2),
}
""",
        ),
        (
            "every prediction computed by running the expression (shapes as TensorShape objects), not written by hand",
            """predictions = {
    1: (col + row).shape,
    2: (cube * col).shape,
    3: "error",
    4: tf.reduce_sum(cube, axis=1).shape,
    5: tf.reduce_max(cube, axis=[0, 2], keepdims=True).shape,
    6: (tf.reduce_mean(cube, axis=-1) @ tf.ones((3, 5))).shape,
    7: tf.reduce_mean(counts, axis=0).numpy(),
    8: "error",
}
""",
        ),
    ],
    "ex3_dense": [
        (
            "activation applied before the bias is added",
            '''def dense_forward(x, W, b, activation=None):
    """The output of a dense layer, activation(x @ W + b), for a batch x."""
    z = tf.matmul(x, W)
    if activation is not None:
        z = activation(z)
    return z + b
''',
        ),
        (
            "activation argument ignored",
            '''def dense_forward(x, W, b, activation=None):
    """The output of a dense layer, activation(x @ W + b), for a batch x."""
    return tf.matmul(x, W) + b
''',
        ),
        (
            "element-wise product instead of a matrix product",
            '''def dense_forward(x, W, b, activation=None):
    """The output of a dense layer, activation(x @ W + b), for a batch x."""
    z = x * W + b
    if activation is not None:
        z = activation(z)
    return z
''',
        ),
    ],
    "ex4_gradient": [
        (
            "constant input not watched by the tape, so the gradient is None",
            '''def gradient_at(f, x):
    """The derivative of f at x, computed with tf.GradientTape."""
    x = tf.constant(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        y = f(x)
    return tape.gradient(y, x)
''',
        ),
        (
            "returns the value f(x) instead of its derivative",
            '''def gradient_at(f, x):
    """The derivative of f at x, computed with tf.GradientTape."""
    x = tf.cast(x, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return y
''',
        ),
        (
            "input kept in its own dtype: an int gets no gradient, float64 stays float64",
            '''def gradient_at(f, x):
    """The derivative of f at x, computed with tf.GradientTape."""
    x = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x)
''',
        ),
    ],
    "ex5_backprop": [
        (
            "no ReLU derivative: the error passes back through inactive hidden units too",
            BACKPROP.replace("dz1 = (dz2 @ W2.T) * (z1 > 0)", "dz1 = dz2 @ W2.T"),
        ),
        (
            "output error divided by the number of rows n, not by the n * k entries of y (right only when k = 1)",
            BACKPROP.replace("dz2 = (p - y) / y.size", "dz2 = (p - y) / len(y)"),
        ),
        (
            "the sigmoid's derivative multiplied in again after the cancellation",
            BACKPROP.replace("dz2 = (p - y) / y.size", "dz2 = (p - y) * p * (1 - p) / y.size"),
        ),
        (
            "the gradient of x taken before the ReLU mask",
            BACKPROP.replace("dx = dz1 @ W1.T", "dx = (dz2 @ W2.T) @ W1.T"),
        ),
    ],
    "ex6_pipeline": [
        (
            "repeat removed and the order fixed, but the images are still divided by 255 twice",
            PIPELINE_HEAD + """    images = images / 255.0
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.shuffle(buffer_size=len(images))
    dataset = dataset.batch(batch_size, drop_remainder=True)
    dataset = dataset.map(scale_pixels, num_parallel_calls=tf.data.AUTOTUNE)
    return dataset.prefetch(tf.data.AUTOTUNE)
""",
        ),
        (
            "scaling and repeat fixed, but whole batches are still shuffled instead of examples",
            PIPELINE_HEAD + """    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.batch(batch_size, drop_remainder=True)
    dataset = dataset.shuffle(buffer_size=len(images))
    dataset = dataset.map(scale_pixels, num_parallel_calls=tf.data.AUTOTUNE)
    return dataset.prefetch(tf.data.AUTOTUNE)
""",
        ),
        (
            "repeat() given a count of 2 instead of removed, so one pass holds two epochs",
            PIPELINE_HEAD + """    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.shuffle(buffer_size=len(images))
    dataset = dataset.batch(batch_size, drop_remainder=True)
    dataset = dataset.map(scale_pixels, num_parallel_calls=tf.data.AUTOTUNE)
    dataset = dataset.repeat(2)
    return dataset.prefetch(tf.data.AUTOTUNE)
""",
        ),
        (
            "the three mistakes fixed, but the shuffle frozen: the same order in every epoch",
            PIPELINE_HEAD + """    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.shuffle(buffer_size=len(images), seed=1, reshuffle_each_iteration=False)
    dataset = dataset.batch(batch_size, drop_remainder=True)
    dataset = dataset.map(scale_pixels, num_parallel_calls=tf.data.AUTOTUNE)
    return dataset.prefetch(tf.data.AUTOTUNE)
""",
        ),
    ],
}
