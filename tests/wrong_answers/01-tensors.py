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

# How most exercise 5 answers end: the learner's pipeline applied to the
# training set, and one epoch counted.
COUNT_ONE_EPOCH = """

train_ds = make_pipeline(x_train, y_train, BATCH_SIZE)

# Count the batches of one epoch of train_ds.
n_batches = 0
for batch in train_ds:
    n_batches += 1
print("batches per epoch:", n_batches)
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
    "ex2_dense": [
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
    "ex3_gradient": [
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
    "ex4_fit_line": [
        (
            "sum instead of mean of the squared errors: the steps are far too big and training diverges",
            '''def fit_line(x, y, learning_rate=0.1, steps=200):
    """Fit y = slope * x + intercept by gradient descent on the mean squared error."""
    x = tf.cast(x, tf.float32)
    y = tf.cast(y, tf.float32)
    slope = tf.Variable(0.0)
    intercept = tf.Variable(0.0)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum((slope * x + intercept - y) ** 2)
        grads = tape.gradient(loss, [slope, intercept])
        slope.assign_sub(learning_rate * grads[0])
        intercept.assign_sub(learning_rate * grads[1])
    return float(slope.numpy()), float(intercept.numpy())
''',
        ),
        (
            "only the slope is trained; the intercept stays at 0",
            '''def fit_line(x, y, learning_rate=0.1, steps=200):
    """Fit y = slope * x + intercept by gradient descent on the mean squared error."""
    x = tf.cast(x, tf.float32)
    y = tf.cast(y, tf.float32)
    slope = tf.Variable(0.0)
    intercept = tf.Variable(0.0)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((slope * x + intercept - y) ** 2)
        slope.assign_sub(learning_rate * tape.gradient(loss, slope))
    return float(slope.numpy()), float(intercept.numpy())
''',
        ),
        (
            "closed-form least squares with NumPy instead of gradient descent",
            '''def fit_line(x, y, learning_rate=0.1, steps=200):
    """Fit y = slope * x + intercept by gradient descent on the mean squared error."""
    slope, intercept = np.polyfit(np.asarray(x), np.asarray(y), 1)
    return float(slope), float(intercept)
''',
        ),
    ],
    "ex5_pipeline": [
        (
            "batches without drop_remainder, so the last, smaller batch is kept",
            '''def make_pipeline(images, labels, batch_size):
    """Shuffled batches of (images scaled to [0, 1] as float32, labels), prefetched."""
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.shuffle(len(images)).batch(batch_size)
    dataset = dataset.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return dataset.prefetch(tf.data.AUTOTUNE)
''' + COUNT_ONE_EPOCH,
        ),
        (
            "scales with NumPy before building the data set, so images are float64",
            '''def make_pipeline(images, labels, batch_size):
    """Shuffled batches of (images scaled to [0, 1] as float32, labels), prefetched."""
    dataset = tf.data.Dataset.from_tensor_slices((images / 255.0, labels))
    dataset = dataset.shuffle(len(images)).batch(batch_size, drop_remainder=True)
    return dataset.prefetch(tf.data.AUTOTUNE)


train_ds = make_pipeline(x_train, y_train, BATCH_SIZE)

# Count the batches of one epoch of train_ds.
n_batches = len(list(train_ds))
print("batches per epoch:", n_batches)
''',
        ),
        (
            "images and labels shuffled separately, so they no longer match",
            '''def make_pipeline(images, labels, batch_size):
    """Shuffled batches of (images scaled to [0, 1] as float32, labels), prefetched."""
    image_ds = tf.data.Dataset.from_tensor_slices(images).shuffle(len(images))
    label_ds = tf.data.Dataset.from_tensor_slices(labels).shuffle(len(labels))
    dataset = tf.data.Dataset.zip((image_ds, label_ds))
    dataset = dataset.batch(batch_size, drop_remainder=True)
    dataset = dataset.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return dataset.prefetch(tf.data.AUTOTUNE)
''' + COUNT_ONE_EPOCH,
        ),
        (
            "shuffle buffer only one batch long, so the order is barely random",
            '''def make_pipeline(images, labels, batch_size):
    """Shuffled batches of (images scaled to [0, 1] as float32, labels), prefetched."""
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.shuffle(buffer_size=batch_size)
    dataset = dataset.batch(batch_size, drop_remainder=True)
    dataset = dataset.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return dataset.prefetch(tf.data.AUTOTUNE)
''' + COUNT_ONE_EPOCH,
        ),
        (
            "batches shuffled instead of examples (batch before shuffle)",
            '''def make_pipeline(images, labels, batch_size):
    """Shuffled batches of (images scaled to [0, 1] as float32, labels), prefetched."""
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.batch(batch_size, drop_remainder=True)
    dataset = dataset.shuffle(len(images))
    dataset = dataset.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return dataset.prefetch(tf.data.AUTOTUNE)
''' + COUNT_ONE_EPOCH,
        ),
    ],
}
