"""Known-wrong answers to the chapter 03 assignment (compile, fit, evaluate, predict).

tests/test_grading.py takes the instructor notebook
solutions/03-compile-and-fit/03-compile-and-fit-assignment.ipynb, replaces the
source of ONE solution cell (keyed below by its nbgrader grade_id) with one of
these answers, keeps every other answer correct, and autogrades the result
with nbgrader.  Each answer must cost points on its own exercise's test cells
and nowhere else, and the notebook must still earn some points.

Every entry is (description, complete source of the solution cell); each is a
mistake a learner could plausibly make.  Some fail a visible test, others pass
the visible tests and are caught only by the hidden ones.
"""

WRONG_ANSWERS = {
    "ex1_loss": [
        (
            "sparse and categorical cross-entropy swapped (one-hot labels get the sparse loss)",
            '''def loss_and_output(y):
    """Return (loss name, output units, output activation) for the labels y."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim == 2 and np.all((y == 0) | (y == 1)):
        if np.all(y.sum(axis=1) == 1):
            return "sparse_categorical_crossentropy", y.shape[1], "softmax"
        return "binary_crossentropy", y.shape[1], "sigmoid"
    if y.dtype == bool or np.issubdtype(y.dtype, np.integer):
        if np.all((y == 0) | (y == 1)):
            return "binary_crossentropy", 1, "sigmoid"
        return "categorical_crossentropy", int(y.max()) + 1, "softmax"
    return "mean_squared_error", 1 if y.ndim == 1 else y.shape[1], None
''',
        ),
        (
            "number of classes counted with np.unique, so classes missing from the sample get no unit",
            '''def loss_and_output(y):
    """Return (loss name, output units, output activation) for the labels y."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim == 2 and np.all((y == 0) | (y == 1)):
        if np.all(y.sum(axis=1) == 1):
            return "categorical_crossentropy", y.shape[1], "softmax"
        return "binary_crossentropy", y.shape[1], "sigmoid"
    if y.dtype == bool or np.issubdtype(y.dtype, np.integer):
        if np.all((y == 0) | (y == 1)):
            return "binary_crossentropy", 1, "sigmoid"
        return "sparse_categorical_crossentropy", len(np.unique(y)), "softmax"
    return "mean_squared_error", 1 if y.ndim == 1 else y.shape[1], None
''',
        ),
        (
            "a single softmax unit for 0/1 labels, and multi-label rows treated as one-hot",
            '''def loss_and_output(y):
    """Return (loss name, output units, output activation) for the labels y."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        if np.all((y == 0) | (y == 1)):
            return "categorical_crossentropy", y.shape[1], "softmax"
        return "mean_squared_error", y.shape[1], None
    y = y.reshape(-1)
    if np.issubdtype(y.dtype, np.integer):
        if set(np.unique(y)) <= {0, 1}:
            return "binary_crossentropy", 1, "softmax"
        return "sparse_categorical_crossentropy", int(y.max()) + 1, "softmax"
    return "mean_squared_error", 1, None
''',
        ),
    ],
    "ex2_metric": [
        (
            "tolerance taken relative to the prediction instead of the true value",
            '''def within_10_percent(y_true, y_pred):
    """1.0 where |y_pred - y_true| <= 0.1 * |y_true|, else 0.0 (float32, same shape)."""
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    close = keras.ops.abs(y_pred - y_true) <= 0.1 * keras.ops.abs(y_pred)
    return keras.ops.cast(close, "float32")
''',
        ),
        (
            "no absolute value on the true value, so negative targets never count as close",
            '''def within_10_percent(y_true, y_pred):
    """1.0 where |y_pred - y_true| <= 0.1 * |y_true|, else 0.0 (float32, same shape)."""
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    return keras.ops.cast(keras.ops.abs(y_pred - y_true) <= 0.1 * y_true, "float32")
''',
        ),
        (
            "the metric returns the mean error ratio instead of a hit (1.0) or miss (0.0) per prediction",
            '''def within_10_percent(y_true, y_pred):
    """1.0 where |y_pred - y_true| <= 0.1 * |y_true|, else 0.0 (float32, same shape)."""
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    return keras.ops.abs(y_pred - y_true) / keras.ops.abs(y_true)
''',
        ),
    ],
    "ex3_classifier": [
        (
            "raw pixels from 0 to 255 fed to the network (no Rescaling layer)",
            '''def build_and_train_classifier(x_train, y_train):
    """Build, compile and train a classifier for raw uint8 images; return the trained model."""
    model = keras.Sequential([
        keras.Input(shape=x_train.shape[1:]),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=8, batch_size=64, verbose=0)
    return model
''',
        ),
        (
            "categorical_crossentropy with integer labels (fit fails on the shapes)",
            '''def build_and_train_classifier(x_train, y_train):
    """Build, compile and train a classifier for raw uint8 images; return the trained model."""
    model = keras.Sequential([
        keras.Input(shape=x_train.shape[1:]),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=8, batch_size=64, verbose=0)
    return model
''',
        ),
        (
            "sigmoid output units for 10 mutually exclusive classes (rows do not sum to 1)",
            '''def build_and_train_classifier(x_train, y_train):
    """Build, compile and train a classifier for raw uint8 images; return the trained model."""
    model = keras.Sequential([
        keras.Input(shape=x_train.shape[1:]),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=8, batch_size=64, verbose=0)
    return model
''',
        ),
    ],
    "ex4_confusion": [
        (
            "matrix transposed (rows are predicted classes)",
            '''def confusion_from_probabilities(y_true, probabilities):
    """Confusion matrix (rows: true class, columns: predicted class) as an int array."""
    probabilities = np.asarray(probabilities)
    n_classes = probabilities.shape[1]
    predicted = probabilities.argmax(axis=1)
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for true_class, predicted_class in zip(np.asarray(y_true), predicted):
        matrix[predicted_class, true_class] += 1
    return matrix
''',
        ),
        (
            "size taken from the labels and predictions that occur, so unused classes are dropped",
            '''def confusion_from_probabilities(y_true, probabilities):
    """Confusion matrix (rows: true class, columns: predicted class) as an int array."""
    y_true = np.asarray(y_true).astype(int)
    predicted = np.asarray(probabilities).argmax(axis=1)
    n_classes = max(y_true.max(), predicted.max()) + 1
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for true_class, predicted_class in zip(y_true, predicted):
        matrix[true_class, predicted_class] += 1
    return matrix
''',
        ),
    ],
    "ex5_regressor": [
        (
            "trained on standardised targets but predict forgets to undo the scaling",
            '''def build_and_train_regressor(x_train, y_train):
    """Train an MLP on standardised data; return predict(x) -> 1-D array in the units of y."""
    x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
    y_mean, y_std = y_train.mean(), y_train.std()
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    model.fit((x_train - x_mean) / x_std, (y_train - y_mean) / y_std, epochs=30, batch_size=32, verbose=0)

    def predict(x):
        return model.predict((np.asarray(x) - x_mean) / x_std, verbose=0)[:, 0]

    return predict
''',
        ),
        (
            "targets left in their units (25 to 346) with Adam's default learning rate: far from converged",
            '''def build_and_train_regressor(x_train, y_train):
    """Train an MLP on standardised data; return predict(x) -> 1-D array in the units of y."""
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x_train, y_train, epochs=30, batch_size=32, verbose=0)

    def predict(x):
        return model.predict(x, verbose=0)[:, 0]

    return predict
''',
        ),
    ],
}
