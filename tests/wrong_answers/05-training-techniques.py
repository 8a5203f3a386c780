"""Known-wrong answers to the chapter 05 assignment (training techniques).

tests/test_grading.py takes the instructor notebook
solutions/05-training-techniques/05-training-techniques-assignment.ipynb, replaces
the source of ONE solution cell (keyed below by its nbgrader grade_id) with one of
these answers, keeps every other answer correct, and autogrades the result with
nbgrader.  Each answer must cost points on its own exercise's test cells and
nowhere else, and the notebook must still earn some points.

Every entry is (description, complete source of the solution cell); each is a
mistake a learner could plausibly make, and defines the same top-level names as
the solution cell it replaces.  Some fail a visible test, others pass the visible
tests and are caught only by the hidden ones.
"""

WRONG_ANSWERS = {
    'ex1_he': [
        (
            "1 / sqrt(fan_in), Glorot's value for a square layer, instead of sqrt(2 / fan_in)",
            '''def fan_in_of(kernel_shape):
    """The fan-in of a Dense or convolution kernel: the product of all dimensions but the last."""
    return int(np.prod(kernel_shape[:-1]))


def he_std(fan_in):
    """The standard deviation of He-initialised weights, sqrt(2 / fan_in), as a float."""
    return float(math.sqrt(1.0 / fan_in))


# Try it on the first layer of an MLP for Fashion-MNIST and on a 3x3 convolution.
for shape in [(784, 300), (3, 3, 32, 64)]:
    print(shape, "fan_in", fan_in_of(shape), "He std", round(he_std(fan_in_of(shape)), 5))
''',
        ),
        (
            'the widened parameter of the truncated normal, sqrt(2 / fan_in) / 0.8796, instead of the std of the weights drawn',
            '''def fan_in_of(kernel_shape):
    """The fan-in of a Dense or convolution kernel: the product of all dimensions but the last."""
    return int(np.prod(kernel_shape[:-1]))


def he_std(fan_in):
    """The standard deviation of He-initialised weights, sqrt(2 / fan_in), as a float."""
    return float(math.sqrt(2.0 / fan_in) / 0.87962566103423978)


# Try it on the first layer of an MLP for Fashion-MNIST and on a 3x3 convolution.
for shape in [(784, 300), (3, 3, 32, 64)]:
    print(shape, "fan_in", fan_in_of(shape), "He std", round(he_std(fan_in_of(shape)), 5))
''',
        ),
        (
            'fan-in taken as the first dimension (the kernel height of a convolution)',
            '''def fan_in_of(kernel_shape):
    """The fan-in of a Dense or convolution kernel: the product of all dimensions but the last."""
    return int(kernel_shape[0])


def he_std(fan_in):
    """The standard deviation of He-initialised weights, sqrt(2 / fan_in), as a float."""
    return float(math.sqrt(2.0 / fan_in))


# Try it on the first layer of an MLP for Fashion-MNIST and on a 3x3 convolution.
for shape in [(784, 300), (3, 3, 32, 64)]:
    print(shape, "fan_in", fan_in_of(shape), "He std", round(he_std(fan_in_of(shape)), 5))
''',
        ),
        (
            'the variance 2 / fan_in returned instead of its square root',
            '''def fan_in_of(kernel_shape):
    """The fan-in of a Dense or convolution kernel: the product of all dimensions but the last."""
    return int(np.prod(kernel_shape[:-1]))


def he_std(fan_in):
    """The standard deviation of He-initialised weights, sqrt(2 / fan_in), as a float."""
    return float(2.0 / fan_in)


# Try it on the first layer of an MLP for Fashion-MNIST and on a 3x3 convolution.
for shape in [(784, 300), (3, 3, 32, 64)]:
    print(shape, "fan_in", fan_in_of(shape), "He std", round(he_std(fan_in_of(shape)), 5))
''',
        ),
    ],
    'ex2_batchnorm': [
        (
            "the sample variance (divided by the batch size minus one) instead of Keras's",
            '''def batch_norm(x, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation of x (batch, features); returns (outputs, new_moving_mean, new_moving_var)."""
    x = np.asarray(x, dtype="float64")
    moving_mean, moving_var = np.asarray(moving_mean, "float64"), np.asarray(moving_var, "float64")
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
        new_mean = momentum * moving_mean + (1 - momentum) * mean
        new_var = momentum * moving_var + (1 - momentum) * var
    else:
        mean, var = moving_mean, moving_var
        new_mean, new_var = moving_mean.copy(), moving_var.copy()
    outputs = np.asarray(gamma) * (x - mean) / np.sqrt(var + epsilon) + np.asarray(beta)
    return outputs, new_mean, new_var


# The lesson's example: one feature, the batch 10, 12, 14, 16, a fresh layer, momentum 0.9.
for demo_mode in (True, False):
    demo_outputs, demo_mean, demo_var = batch_norm(
        np.array([[10.0], [12.0], [14.0], [16.0]]), np.ones(1), np.zeros(1), np.zeros(1), np.ones(1),
        training=demo_mode, momentum=0.9)
    print(f"training={demo_mode}: outputs {np.round(demo_outputs[:, 0], 4)}, "
          f"moving mean {np.round(demo_mean, 4)}, moving variance {np.round(demo_var, 4)}")
''',
        ),
        (
            "the batch's own statistics at inference too: the moving averages are kept but never used",
            '''def batch_norm(x, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation of x (batch, features); returns (outputs, new_moving_mean, new_moving_var)."""
    x = np.asarray(x, dtype="float64")
    moving_mean, moving_var = np.asarray(moving_mean, "float64"), np.asarray(moving_var, "float64")
    mean, var = x.mean(axis=0), x.var(axis=0)
    if training:
        new_mean = momentum * moving_mean + (1 - momentum) * mean
        new_var = momentum * moving_var + (1 - momentum) * var
    else:
        new_mean, new_var = moving_mean.copy(), moving_var.copy()
    outputs = np.asarray(gamma) * (x - mean) / np.sqrt(var + epsilon) + np.asarray(beta)
    return outputs, new_mean, new_var


# The lesson's example: one feature, the batch 10, 12, 14, 16, a fresh layer, momentum 0.9.
for demo_mode in (True, False):
    demo_outputs, demo_mean, demo_var = batch_norm(
        np.array([[10.0], [12.0], [14.0], [16.0]]), np.ones(1), np.zeros(1), np.zeros(1), np.ones(1),
        training=demo_mode, momentum=0.9)
    print(f"training={demo_mode}: outputs {np.round(demo_outputs[:, 0], 4)}, "
          f"moving mean {np.round(demo_mean, 4)}, moving variance {np.round(demo_var, 4)}")
''',
        ),
        (
            "momentum weights the batch's statistics instead of the old moving averages",
            '''def batch_norm(x, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation of x (batch, features); returns (outputs, new_moving_mean, new_moving_var)."""
    x = np.asarray(x, dtype="float64")
    moving_mean, moving_var = np.asarray(moving_mean, "float64"), np.asarray(moving_var, "float64")
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = (1 - momentum) * moving_mean + momentum * mean
        new_var = (1 - momentum) * moving_var + momentum * var
    else:
        mean, var = moving_mean, moving_var
        new_mean, new_var = moving_mean.copy(), moving_var.copy()
    outputs = np.asarray(gamma) * (x - mean) / np.sqrt(var + epsilon) + np.asarray(beta)
    return outputs, new_mean, new_var


# The lesson's example: one feature, the batch 10, 12, 14, 16, a fresh layer, momentum 0.9.
for demo_mode in (True, False):
    demo_outputs, demo_mean, demo_var = batch_norm(
        np.array([[10.0], [12.0], [14.0], [16.0]]), np.ones(1), np.zeros(1), np.zeros(1), np.ones(1),
        training=demo_mode, momentum=0.9)
    print(f"training={demo_mode}: outputs {np.round(demo_outputs[:, 0], 4)}, "
          f"moving mean {np.round(demo_mean, 4)}, moving variance {np.round(demo_var, 4)}")
''',
        ),
        (
            'epsilon added to the standard deviation instead of to the variance',
            '''def batch_norm(x, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation of x (batch, features); returns (outputs, new_moving_mean, new_moving_var)."""
    x = np.asarray(x, dtype="float64")
    moving_mean, moving_var = np.asarray(moving_mean, "float64"), np.asarray(moving_var, "float64")
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_mean = momentum * moving_mean + (1 - momentum) * mean
        new_var = momentum * moving_var + (1 - momentum) * var
    else:
        mean, var = moving_mean, moving_var
        new_mean, new_var = moving_mean.copy(), moving_var.copy()
    outputs = np.asarray(gamma) * (x - mean) / (np.sqrt(var) + epsilon) + np.asarray(beta)
    return outputs, new_mean, new_var


# The lesson's example: one feature, the batch 10, 12, 14, 16, a fresh layer, momentum 0.9.
for demo_mode in (True, False):
    demo_outputs, demo_mean, demo_var = batch_norm(
        np.array([[10.0], [12.0], [14.0], [16.0]]), np.ones(1), np.zeros(1), np.zeros(1), np.ones(1),
        training=demo_mode, momentum=0.9)
    print(f"training={demo_mode}: outputs {np.round(demo_outputs[:, 0], 4)}, "
          f"moving mean {np.round(demo_mean, 4)}, moving variance {np.round(demo_var, 4)}")
''',
        ),
    ],
    'ex3_dropout': [
        (
            'kept values are not scaled by 1 / (1 - rate)',
            '''def inverted_dropout(x, rate, training, rng):
    """Inverted dropout: zero with probability rate and scale by 1 / (1 - rate) when training."""
    x = np.asarray(x)
    if not training or rate == 0:
        return x.copy()
    keep = rng.random(x.shape) >= rate
    return np.where(keep, x, 0.0).astype(x.dtype)


print(inverted_dropout(np.ones((3, 6), dtype="float32"), 0.5, training=True, rng=np.random.default_rng(0)))
print(inverted_dropout(np.ones((3, 6), dtype="float32"), 0.5, training=False, rng=np.random.default_rng(0)))
''',
        ),
        (
            'rate used as the probability of keeping an element',
            '''def inverted_dropout(x, rate, training, rng):
    """Inverted dropout: zero with probability rate and scale by 1 / (1 - rate) when training."""
    x = np.asarray(x)
    if not training or rate == 0:
        return x.copy()
    keep = rng.random(x.shape) < rate
    return np.where(keep, x / (1.0 - rate), 0.0).astype(x.dtype)


print(inverted_dropout(np.ones((3, 6), dtype="float32"), 0.5, training=True, rng=np.random.default_rng(0)))
print(inverted_dropout(np.ones((3, 6), dtype="float32"), 0.5, training=False, rng=np.random.default_rng(0)))
''',
        ),
        (
            'dropout applied at inference as well',
            '''def inverted_dropout(x, rate, training, rng):
    """Inverted dropout: zero with probability rate and scale by 1 / (1 - rate) when training."""
    x = np.asarray(x)
    if rate == 0:
        return x.copy()
    keep = rng.random(x.shape) >= rate
    return np.where(keep, x / (1.0 - rate), 0.0).astype(x.dtype)


print(inverted_dropout(np.ones((3, 6), dtype="float32"), 0.5, training=True, rng=np.random.default_rng(0)))
print(inverted_dropout(np.ones((3, 6), dtype="float32"), 0.5, training=False, rng=np.random.default_rng(0)))
''',
        ),
        (
            'one random number per row: whole examples dropped together',
            '''def inverted_dropout(x, rate, training, rng):
    """Inverted dropout: zero with probability rate and scale by 1 / (1 - rate) when training."""
    x = np.asarray(x)
    if not training or rate == 0:
        return x.copy()
    keep = rng.random((x.shape[0],) + (1,) * (x.ndim - 1)) >= rate
    return np.where(keep, x / (1.0 - rate), 0.0).astype(x.dtype)


print(inverted_dropout(np.ones((3, 6), dtype="float32"), 0.5, training=True, rng=np.random.default_rng(0)))
print(inverted_dropout(np.ones((3, 6), dtype="float32"), 0.5, training=False, rng=np.random.default_rng(0)))
''',
        ),
    ],
    'ex4_range_test': [
        (
            'the rate grows in equal steps (linearly) instead of by the same factor',
            '''def lr_range_test(model, x, y, start_rate, end_rate, steps, batch_size):
    """Grow the learning rate every step from start_rate towards end_rate; return (rates, losses, picked_rate)."""
    batches = len(x) // batch_size
    rates, losses = [], []
    for step in range(steps):
        rate = start_rate + (end_rate - start_rate) * step / (steps - 1)
        model.optimizer.learning_rate = rate
        first = (step % batches) * batch_size
        loss = float(model.train_on_batch(x[first:first + batch_size], y[first:first + batch_size]))
        rates.append(float(rate))
        losses.append(loss)
        if not math.isfinite(loss) or loss > 4 * min(losses):
            break
    picked_rate = rates[int(np.nanargmin(losses))] / 10
    return rates, losses, picked_rate
''',
        ),
        (
            'no stop at the blow-up: every step runs, on into inf and nan',
            '''def lr_range_test(model, x, y, start_rate, end_rate, steps, batch_size):
    """Grow the learning rate every step from start_rate towards end_rate; return (rates, losses, picked_rate)."""
    factor = (end_rate / start_rate) ** (1.0 / (steps - 1))
    batches = len(x) // batch_size
    rates, losses = [], []
    for step in range(steps):
        rate = start_rate * factor ** step
        model.optimizer.learning_rate = rate
        first = (step % batches) * batch_size
        loss = float(model.train_on_batch(x[first:first + batch_size], y[first:first + batch_size]))
        rates.append(float(rate))
        losses.append(loss)
    picked_rate = rates[int(np.nanargmin(losses))] / 10
    return rates, losses, picked_rate
''',
        ),
        (
            'the rate at the lowest loss is picked as it is, not a tenth of it',
            '''def lr_range_test(model, x, y, start_rate, end_rate, steps, batch_size):
    """Grow the learning rate every step from start_rate towards end_rate; return (rates, losses, picked_rate)."""
    factor = (end_rate / start_rate) ** (1.0 / (steps - 1))
    batches = len(x) // batch_size
    rates, losses = [], []
    for step in range(steps):
        rate = start_rate * factor ** step
        model.optimizer.learning_rate = rate
        first = (step % batches) * batch_size
        loss = float(model.train_on_batch(x[first:first + batch_size], y[first:first + batch_size]))
        rates.append(float(rate))
        losses.append(loss)
        if not math.isfinite(loss) or loss > 4 * min(losses):
            break
    picked_rate = rates[int(np.nanargmin(losses))]
    return rates, losses, picked_rate
''',
        ),
        (
            'every step trains on the first batch (the same only when one batch holds all the data)',
            '''def lr_range_test(model, x, y, start_rate, end_rate, steps, batch_size):
    """Grow the learning rate every step from start_rate towards end_rate; return (rates, losses, picked_rate)."""
    factor = (end_rate / start_rate) ** (1.0 / (steps - 1))
    rates, losses = [], []
    for step in range(steps):
        rate = start_rate * factor ** step
        model.optimizer.learning_rate = rate
        loss = float(model.train_on_batch(x[:batch_size], y[:batch_size]))
        rates.append(float(rate))
        losses.append(loss)
        if not math.isfinite(loss) or loss > 4 * min(losses):
            break
    picked_rate = rates[int(np.nanargmin(losses))] / 10
    return rates, losses, picked_rate
''',
        ),
    ],
    'ex5_debug': [
        (
            'the Normalization layer still adapted on the training and test rows together',
            '''def run_experiment(x_train, y_train, x_val, y_val, x_test, y_test):
    """The colleague's experiment without its three mistakes: (model, history, test probabilities)."""
    normalizer = keras.layers.Normalization()
    normalizer.adapt(np.concatenate([x_train, x_test]))
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        normalizer,
        keras.layers.Dense(32, use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    stop_early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    history = model.fit(x_train, y_train, epochs=10, batch_size=32, validation_data=(x_val, y_val),
                        callbacks=[stop_early], verbose=0)
    test_probabilities = keras.ops.convert_to_numpy(model.predict(x_test, verbose=0))
    return model, history, test_probabilities
''',
        ),
        (
            'early stopping still watches the test rows',
            '''def run_experiment(x_train, y_train, x_val, y_val, x_test, y_test):
    """The colleague's experiment without its three mistakes: (model, history, test probabilities)."""
    normalizer = keras.layers.Normalization()
    normalizer.adapt(x_train)
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        normalizer,
        keras.layers.Dense(32, use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    stop_early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    history = model.fit(x_train, y_train, epochs=10, batch_size=32, validation_data=(x_test, y_test),
                        callbacks=[stop_early], verbose=0)
    test_probabilities = keras.ops.convert_to_numpy(model.predict(x_test, verbose=0))
    return model, history, test_probabilities
''',
        ),
        (
            'the predictions still made with training=True',
            '''def run_experiment(x_train, y_train, x_val, y_val, x_test, y_test):
    """The colleague's experiment without its three mistakes: (model, history, test probabilities)."""
    normalizer = keras.layers.Normalization()
    normalizer.adapt(x_train)
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        normalizer,
        keras.layers.Dense(32, use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    stop_early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    history = model.fit(x_train, y_train, epochs=10, batch_size=32, validation_data=(x_val, y_val),
                        callbacks=[stop_early], verbose=0)
    test_probabilities = keras.ops.convert_to_numpy(model(x_test, training=True))
    return model, history, test_probabilities
''',
        ),
        (
            'BatchNormalization and Dropout removed, so that training=True no longer changes the predictions',
            '''def run_experiment(x_train, y_train, x_val, y_val, x_test, y_test):
    """The colleague's experiment without its three mistakes: (model, history, test probabilities)."""
    normalizer = keras.layers.Normalization()
    normalizer.adapt(x_train)
    model = keras.Sequential([
        keras.Input(shape=(x_train.shape[1],)),
        normalizer,
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    stop_early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    history = model.fit(x_train, y_train, epochs=10, batch_size=32, validation_data=(x_val, y_val),
                        callbacks=[stop_early], verbose=0)
    test_probabilities = keras.ops.convert_to_numpy(model(x_test, training=True))
    return model, history, test_probabilities
''',
        ),
    ],
    'ex6_search': [
        (
            'the learning rate is searched on a linear scale',
            '''def build_model(hp):
    """A compiled MLP whose learning rate, hidden units and dropout rate come from hp."""
    learning_rate = hp.Float("learning_rate", 1e-4, 1e-2)
    units = hp.Int("units", 32, 256, step=32)
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def run_search(x_train, y_train, x_val, y_val):
    """Run a random search within the budget of the exercise; return the tuner."""
    tuner = CountingRandomSearch(build_model, objective="val_accuracy", max_trials=3,
                                 directory="artifacts/tuner", project_name="ex5", overwrite=True)
    stop_early = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2)
    tuner.search(x_train, y_train, validation_data=(x_val, y_val), epochs=5, batch_size=128,
                 callbacks=[stop_early], verbose=0)
    return tuner
''',
        ),
        (
            "trials compared on the training accuracy (objective='accuracy')",
            '''def build_model(hp):
    """A compiled MLP whose learning rate, hidden units and dropout rate come from hp."""
    learning_rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log")
    units = hp.Int("units", 32, 256, step=32)
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def run_search(x_train, y_train, x_val, y_val):
    """Run a random search within the budget of the exercise; return the tuner."""
    tuner = CountingRandomSearch(build_model, objective="accuracy", max_trials=3,
                                 directory="artifacts/tuner", project_name="ex5", overwrite=True)
    stop_early = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2)
    tuner.search(x_train, y_train, validation_data=(x_val, y_val), epochs=5, batch_size=128,
                 callbacks=[stop_early], verbose=0)
    return tuner
''',
        ),
        (
            'plain SGD with a learning-rate range meant for Adam: the best model misses the accuracy bar',
            '''def build_model(hp):
    """A compiled MLP whose learning rate, hidden units and dropout rate come from hp."""
    learning_rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log")
    units = hp.Int("units", 32, 256, step=32)
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def run_search(x_train, y_train, x_val, y_val):
    """Run a random search within the budget of the exercise; return the tuner."""
    tuner = CountingRandomSearch(build_model, objective="val_accuracy", max_trials=3,
                                 directory="artifacts/tuner", project_name="ex5", overwrite=True)
    stop_early = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2)
    tuner.search(x_train, y_train, validation_data=(x_val, y_val), epochs=5, batch_size=128,
                 callbacks=[stop_early], verbose=0)
    return tuner
''',
        ),
        (
            'EarlyStopping watches the training loss',
            '''def build_model(hp):
    """A compiled MLP whose learning rate, hidden units and dropout rate come from hp."""
    learning_rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log")
    units = hp.Int("units", 32, 256, step=32)
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def run_search(x_train, y_train, x_val, y_val):
    """Run a random search within the budget of the exercise; return the tuner."""
    tuner = CountingRandomSearch(build_model, objective="val_accuracy", max_trials=3,
                                 directory="artifacts/tuner", project_name="ex5", overwrite=True)
    stop_early = keras.callbacks.EarlyStopping(monitor="loss", patience=2)
    tuner.search(x_train, y_train, validation_data=(x_val, y_val), epochs=5, batch_size=128,
                 callbacks=[stop_early], verbose=0)
    return tuner
''',
        ),
    ],
}
