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
    'ex2_regularized': [
        (
            "the output layer's kernel is penalised too",
            '''def build_regularized_model(l2_factor, l1_factor):
    """Dense(256) with L2, Dense(128) with L1 and L2, Dense(10) softmax without penalty; compiled."""
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu", name="hidden_1",
                           kernel_regularizer=keras.regularizers.L2(l2_factor)),
        keras.layers.Dense(128, activation="relu", name="hidden_2",
                           kernel_regularizer=keras.regularizers.L1L2(l1=l1_factor, l2=l2_factor)),
        keras.layers.Dense(10, activation="softmax", name="output",
                           kernel_regularizer=keras.regularizers.L2(l2_factor)),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


model = build_regularized_model(1e-4, 1e-5)
print("parameters:", model.count_params(), "| penalty terms in model.losses:", len(model.losses))
''',
        ),
        (
            'the biases of hidden_1 are penalised as well as its kernel',
            '''def build_regularized_model(l2_factor, l1_factor):
    """Dense(256) with L2, Dense(128) with L1 and L2, Dense(10) softmax without penalty; compiled."""
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu", name="hidden_1",
                           kernel_regularizer=keras.regularizers.L2(l2_factor),
                           bias_regularizer=keras.regularizers.L2(l2_factor)),
        keras.layers.Dense(128, activation="relu", name="hidden_2",
                           kernel_regularizer=keras.regularizers.L1L2(l1=l1_factor, l2=l2_factor)),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


model = build_regularized_model(1e-4, 1e-5)
print("parameters:", model.count_params(), "| penalty terms in model.losses:", len(model.losses))
''',
        ),
        (
            'fixed factors 1e-4 and 1e-5 instead of the arguments (passes only the visible example)',
            '''def build_regularized_model(l2_factor, l1_factor):
    """Dense(256) with L2, Dense(128) with L1 and L2, Dense(10) softmax without penalty; compiled."""
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu", name="hidden_1",
                           kernel_regularizer=keras.regularizers.L2(1e-4)),
        keras.layers.Dense(128, activation="relu", name="hidden_2",
                           kernel_regularizer=keras.regularizers.L1L2(l1=1e-5, l2=1e-4)),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


model = build_regularized_model(1e-4, 1e-5)
print("parameters:", model.count_params(), "| penalty terms in model.losses:", len(model.losses))
''',
        ),
        (
            'activity_regularizer (a penalty on the layer outputs) instead of kernel_regularizer',
            '''def build_regularized_model(l2_factor, l1_factor):
    """Dense(256) with L2, Dense(128) with L1 and L2, Dense(10) softmax without penalty; compiled."""
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu", name="hidden_1",
                           activity_regularizer=keras.regularizers.L2(l2_factor)),
        keras.layers.Dense(128, activation="relu", name="hidden_2",
                           activity_regularizer=keras.regularizers.L1L2(l1=l1_factor, l2=l2_factor)),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


model = build_regularized_model(1e-4, 1e-5)
print("parameters:", model.count_params(), "| penalty terms in model.losses:", len(model.losses))
''',
        ),
        (
            'hidden_2 gets L1 only, its L2 part forgotten',
            '''def build_regularized_model(l2_factor, l1_factor):
    """Dense(256) with L2, Dense(128) with L1 and L2, Dense(10) softmax without penalty; compiled."""
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu", name="hidden_1",
                           kernel_regularizer=keras.regularizers.L2(l2_factor)),
        keras.layers.Dense(128, activation="relu", name="hidden_2",
                           kernel_regularizer=keras.regularizers.L1(l1_factor)),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


model = build_regularized_model(1e-4, 1e-5)
print("parameters:", model.count_params(), "| penalty terms in model.losses:", len(model.losses))
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
            'classic dropout: no scaling while training, multiplied by (1 - rate) at inference',
            '''def inverted_dropout(x, rate, training, rng):
    """Inverted dropout: zero with probability rate and scale by 1 / (1 - rate) when training."""
    x = np.asarray(x)
    if not training:
        return (x * (1.0 - rate)).astype(x.dtype)
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
    'ex4_optimizers': [
        (
            'nesterov=True without momentum, which is plain SGD',
            '''def make_optimizer(kind, learning_rate):
    """A new optimizer for kind in sgd, momentum, nesterov, adagrad, rmsprop, adam."""
    if kind == "sgd":
        return keras.optimizers.SGD(learning_rate=learning_rate)
    if kind == "momentum":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    if kind == "nesterov":
        return keras.optimizers.SGD(learning_rate=learning_rate, nesterov=True)
    if kind == "adagrad":
        return keras.optimizers.Adagrad(learning_rate=learning_rate)
    if kind == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=learning_rate)
    if kind == "adam":
        return keras.optimizers.Adam(learning_rate=learning_rate)
    raise ValueError(f"unknown optimizer kind {kind!r}")


for kind in ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]:
    config = make_optimizer(kind, 0.01).get_config()
    print(f"{kind:9s} {type(make_optimizer(kind, 0.01)).__name__:8s} learning_rate={config['learning_rate']:.4g}",
          {key: config[key] for key in ("momentum", "nesterov", "rho", "beta_1", "beta_2") if key in config})
''',
        ),
        (
            "the adaptive optimizers keep the library's default learning rate",
            '''def make_optimizer(kind, learning_rate):
    """A new optimizer for kind in sgd, momentum, nesterov, adagrad, rmsprop, adam."""
    if kind == "sgd":
        return keras.optimizers.SGD(learning_rate=learning_rate)
    if kind == "momentum":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    if kind == "nesterov":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9, nesterov=True)
    if kind == "adagrad":
        return keras.optimizers.Adagrad()
    if kind == "rmsprop":
        return keras.optimizers.RMSprop()
    if kind == "adam":
        return keras.optimizers.Adam()
    raise ValueError(f"unknown optimizer kind {kind!r}")


for kind in ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]:
    config = make_optimizer(kind, 0.01).get_config()
    print(f"{kind:9s} {type(make_optimizer(kind, 0.01)).__name__:8s} learning_rate={config['learning_rate']:.4g}",
          {key: config[key] for key in ("momentum", "nesterov", "rho", "beta_1", "beta_2") if key in config})
''',
        ),
        (
            'an unknown name silently gets Adam instead of a ValueError',
            '''def make_optimizer(kind, learning_rate):
    """A new optimizer for kind in sgd, momentum, nesterov, adagrad, rmsprop, adam."""
    if kind == "sgd":
        return keras.optimizers.SGD(learning_rate=learning_rate)
    if kind == "momentum":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    if kind == "nesterov":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9, nesterov=True)
    if kind == "adagrad":
        return keras.optimizers.Adagrad(learning_rate=learning_rate)
    if kind == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=learning_rate)
    return keras.optimizers.Adam(learning_rate=learning_rate)


for kind in ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]:
    config = make_optimizer(kind, 0.01).get_config()
    print(f"{kind:9s} {type(make_optimizer(kind, 0.01)).__name__:8s} learning_rate={config['learning_rate']:.4g}",
          {key: config[key] for key in ("momentum", "nesterov", "rho", "beta_1", "beta_2") if key in config})
''',
        ),
        (
            "optimizers cached and shared between calls (a second model would reuse the first one's state)",
            '''def make_optimizer(kind, learning_rate, _cache={}):
    """A new optimizer for kind in sgd, momentum, nesterov, adagrad, rmsprop, adam."""
    if (kind, learning_rate) in _cache:
        return _cache[(kind, learning_rate)]
    if kind == "sgd":
        _cache[(kind, learning_rate)] = keras.optimizers.SGD(learning_rate=learning_rate)
        return _cache[(kind, learning_rate)]
    if kind == "momentum":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    if kind == "nesterov":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9, nesterov=True)
    if kind == "adagrad":
        return keras.optimizers.Adagrad(learning_rate=learning_rate)
    if kind == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=learning_rate)
    if kind == "adam":
        _cache[(kind, learning_rate)] = keras.optimizers.Adam(learning_rate=learning_rate)
        return _cache[(kind, learning_rate)]
    raise ValueError(f"unknown optimizer kind {kind!r}")


for kind in ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]:
    config = make_optimizer(kind, 0.01).get_config()
    print(f"{kind:9s} {type(make_optimizer(kind, 0.01)).__name__:8s} learning_rate={config['learning_rate']:.4g}",
          {key: config[key] for key in ("momentum", "nesterov", "rho", "beta_1", "beta_2") if key in config})
''',
        ),
    ],
    'ex5_search': [
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
