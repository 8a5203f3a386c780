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
    "ex3_debug": [
        (
            "output layer and validation fixed, but the raw pixels (0 to 255) still go straight into the network",
            """def train_and_report(x_train, y_train, x_test, y_test):
    \"\"\"Train on raw uint8 images; return (model, history, accuracy on the test images).\"\"\"
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=8, batch_size=64, validation_split=0.1, verbose=0)
    test_accuracy = model.evaluate(x_test, y_test, verbose=0, return_dict=True)["accuracy"]
    return model, history, test_accuracy
""",
        ),
        (
            "pixels divided by 255 outside the model, so the model given raw images by the team sees values in the hundreds",
            """def train_and_report(x_train, y_train, x_test, y_test):
    \"\"\"Train on raw uint8 images; return (model, history, accuracy on the test images).\"\"\"
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=8, batch_size=64, validation_split=0.1, verbose=0)
    test_accuracy = model.evaluate(x_test, y_test, verbose=0, return_dict=True)["accuracy"]
    return model, history, test_accuracy
""",
        ),
        (
            "scaling and output layer fixed, but the test images still serve as validation data",
            """def train_and_report(x_train, y_train, x_test, y_test):
    \"\"\"Train on raw uint8 images; return (model, history, accuracy on the test images).\"\"\"
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=8, batch_size=64,
                        validation_data=(x_test, y_test), verbose=0)
    test_accuracy = model.evaluate(x_test, y_test, verbose=0, return_dict=True)["accuracy"]
    return model, history, test_accuracy
""",
        ),
        (
            "the test images moved into the training data 'for more data', validating on a split of the mix",
            """def train_and_report(x_train, y_train, x_test, y_test):
    \"\"\"Train on raw uint8 images; return (model, history, accuracy on the test images).\"\"\"
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x_all = np.concatenate([x_train, x_test])
    y_all = np.concatenate([y_train, y_test])
    history = model.fit(x_all, y_all, epochs=8, batch_size=64, validation_split=0.1, verbose=0)
    test_accuracy = model.evaluate(x_test, y_test, verbose=0, return_dict=True)["accuracy"]
    return model, history, test_accuracy
""",
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
    "ex5_budget": [
        (
            "the lesson's regressor as it was (16 hidden units, 30 epochs): over both budgets",
            """def train_small_regressor(x_train, y_train):
    \"\"\"Design and train a small MLP within the budget; return (predict, model, history).\"\"\"
    x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
    y_mean, y_std = y_train.mean(), y_train.std()
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    history = model.fit((x_train - x_mean) / x_std, (y_train - y_mean) / y_std,
                        epochs=30, batch_size=32, verbose=0)

    def predict(x):
        return model.predict((np.asarray(x) - x_mean) / x_std, verbose=0)[:, 0] * y_std + y_mean

    return predict, model, history
""",
        ),
        (
            "within the budget, but the targets left in their units (25 to 346): two epochs cannot climb that far",
            """def train_small_regressor(x_train, y_train):
    \"\"\"Design and train a small MLP within the budget; return (predict, model, history).\"\"\"
    x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        keras.layers.Dense(4, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse")
    history = model.fit((x_train - x_mean) / x_std, y_train, epochs=2, batch_size=16, verbose=0)

    def predict(x):
        return model.predict((np.asarray(x) - x_mean) / x_std, verbose=0)[:, 0]

    return predict, model, history
""",
        ),
        (
            "within the budget, but Adam's default learning rate and batches of 32: too few, too small steps",
            """def train_small_regressor(x_train, y_train):
    \"\"\"Design and train a small MLP within the budget; return (predict, model, history).\"\"\"
    x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
    y_mean, y_std = y_train.mean(), y_train.std()
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        keras.layers.Dense(4, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="mse")
    history = model.fit((x_train - x_mean) / x_std, (y_train - y_mean) / y_std,
                        epochs=2, batch_size=32, verbose=0)

    def predict(x):
        return model.predict((np.asarray(x) - x_mean) / x_std, verbose=0)[:, 0] * y_std + y_mean

    return predict, model, history
""",
        ),
        (
            "fit called twice with 2 epochs each, so the History shows 2 epochs but the data were seen 4 times",
            """def train_small_regressor(x_train, y_train):
    \"\"\"Design and train a small MLP within the budget; return (predict, model, history).\"\"\"
    x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
    y_mean, y_std = y_train.mean(), y_train.std()
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        keras.layers.Dense(4, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse")
    x_scaled, y_scaled = (x_train - x_mean) / x_std, (y_train - y_mean) / y_std
    model.fit(x_scaled, y_scaled, epochs=2, batch_size=16, verbose=0)
    history = model.fit(x_scaled, y_scaled, epochs=2, batch_size=16, verbose=0)

    def predict(x):
        return model.predict((np.asarray(x) - x_mean) / x_std, verbose=0)[:, 0] * y_std + y_mean

    return predict, model, history
""",
        ),
    ],
    "ex6_loop": [
        (
            "the examples shuffled before batching, as a training loop usually does but fit(shuffle=False) does not",
            """def fit_one_epoch(model, optimizer, loss_fn, x, y, batch_size):
    \"\"\"Train model for one epoch over (x, y) in order, as fit(shuffle=False) does; return
    the epoch's loss as fit reports it.\"\"\"
    order = np.random.permutation(len(x))
    x, y = x[order], y[order]
    total_loss, seen = 0.0, 0
    for start in range(0, len(x), batch_size):
        x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
        with tf.GradientTape() as tape:
            loss = loss_fn(y_batch, model(x_batch, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        total_loss += float(loss) * len(x_batch)
        seen += len(x_batch)
    return total_loss / seen
""",
        ),
        (
            "the epoch's loss as the plain mean of the batch losses, so a small last batch counts as much as a full one",
            """def fit_one_epoch(model, optimizer, loss_fn, x, y, batch_size):
    \"\"\"Train model for one epoch over (x, y) in order, as fit(shuffle=False) does; return
    the epoch's loss as fit reports it.\"\"\"
    losses = []
    for start in range(0, len(x), batch_size):
        x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
        with tf.GradientTape() as tape:
            loss = loss_fn(y_batch, model(x_batch, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        losses.append(float(loss))
    return float(np.mean(losses))
""",
        ),
        (
            "the model called without training=True, so layers that act only in training stay off",
            """def fit_one_epoch(model, optimizer, loss_fn, x, y, batch_size):
    \"\"\"Train model for one epoch over (x, y) in order, as fit(shuffle=False) does; return
    the epoch's loss as fit reports it.\"\"\"
    total_loss, seen = 0.0, 0
    for start in range(0, len(x), batch_size):
        x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
        with tf.GradientTape() as tape:
            loss = loss_fn(y_batch, model(x_batch))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        total_loss += float(loss) * len(x_batch)
        seen += len(x_batch)
    return total_loss / seen
""",
        ),
        (
            "only full batches: the last, smaller batch is skipped",
            """def fit_one_epoch(model, optimizer, loss_fn, x, y, batch_size):
    \"\"\"Train model for one epoch over (x, y) in order, as fit(shuffle=False) does; return
    the epoch's loss as fit reports it.\"\"\"
    total_loss, seen = 0.0, 0
    for batch in range(len(x) // batch_size):
        x_batch = x[batch * batch_size:(batch + 1) * batch_size]
        y_batch = y[batch * batch_size:(batch + 1) * batch_size]
        with tf.GradientTape() as tape:
            loss = loss_fn(y_batch, model(x_batch, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        total_loss += float(loss) * batch_size
        seen += batch_size
    return total_loss / seen
""",
        ),
    ],
}
