"""Known-wrong answers to the chapter 04 assignment (callbacks, saving and TensorBoard).

tests/test_grading.py takes the instructor notebook
solutions/04-callbacks-and-saving/04-callbacks-and-saving-assignment.ipynb, replaces the
source of ONE solution cell (keyed below by its nbgrader grade_id) with one of these
answers, keeps every other answer correct, and autogrades the result with nbgrader.
Each answer must cost points on its own exercise's test cells and nowhere else, and the
notebook must still earn some points.

Every entry is (description, complete source of the solution cell); each is a mistake a
learner could plausibly make.  Some fail a visible test, others pass the visible tests
and are caught only by the hidden ones.
"""

# How the exercise 1 cell ends: the learner tries the schedule.
TRY_SCHEDULE = """

# Try it: the rate of each of 15 epochs, starting from 0.01.
schedule = make_schedule(10, 0.1)
lr = 0.01
for epoch in range(15):
    lr = schedule(epoch, lr)
print(f"after 15 epochs: {lr:.5f}")
"""

# The class of exercise 6 up to get_config, without the decorator.
SMALL_CLASSIFIER = '''class SmallClassifier(keras.Model):
    """Dense(hidden_units, relu) -> Dropout(dropout_rate) -> Dense(n_classes, softmax)."""

    def __init__(self, hidden_units, n_classes, dropout_rate=0.0, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units = hidden_units
        self.n_classes = n_classes
        self.dropout_rate = dropout_rate
        self.hidden = keras.layers.Dense(hidden_units, activation="relu")
        self.dropout = keras.layers.Dropout(dropout_rate)
        self.classifier = keras.layers.Dense(n_classes, activation="softmax")

    def call(self, inputs, training=False):
        return self.classifier(self.dropout(self.hidden(inputs), training=training))
'''

DECORATOR = "@keras.saving.register_keras_serializable(package=\"chapter04\")\n"

WRONG_ANSWERS = {
    "ex1_schedule": [
        (
            "decays from the first epoch: hold_epochs is ignored",
            '''def make_schedule(hold_epochs, decay):
    """A schedule(epoch, lr) for LearningRateScheduler: hold, then decay by exp(-decay) per epoch."""
    def schedule(epoch, lr):
        return float(lr * math.exp(-decay))

    return schedule
''' + TRY_SCHEDULE,
        ),
        (
            "off by one: epoch hold_epochs is still held (<= instead of <)",
            '''def make_schedule(hold_epochs, decay):
    """A schedule(epoch, lr) for LearningRateScheduler: hold, then decay by exp(-decay) per epoch."""
    def schedule(epoch, lr):
        if epoch <= hold_epochs:
            return float(lr)
        return float(lr * math.exp(-decay))

    return schedule
''' + TRY_SCHEDULE,
        ),
        (
            "multiplies the current rate by exp(-decay * epochs since the hold), so the decay compounds",
            '''def make_schedule(hold_epochs, decay):
    """A schedule(epoch, lr) for LearningRateScheduler: hold, then decay by exp(-decay) per epoch."""
    def schedule(epoch, lr):
        if epoch < hold_epochs:
            return float(lr)
        return float(lr * math.exp(-decay * (epoch - hold_epochs + 1)))

    return schedule
''' + TRY_SCHEDULE,
        ),
        (
            "returns the example's starting rate 0.01 during the hold instead of the lr it is given",
            '''def make_schedule(hold_epochs, decay):
    """A schedule(epoch, lr) for LearningRateScheduler: hold, then decay by exp(-decay) per epoch."""
    def schedule(epoch, lr):
        if epoch < hold_epochs:
            return 0.01
        return float(lr * math.exp(-decay))

    return schedule
''' + TRY_SCHEDULE,
        ),
    ],
    "ex2_early_stopping": [
        (
            "restore_best_weights forgotten: the model keeps the last epoch's weights",
            '''def early_stopping_callbacks(patience):
    """Callbacks that stop when val_loss stalls for `patience` epochs and restore the best weights."""
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)]
''',
        ),
        (
            "monitors the training loss, which keeps falling, so training never stops early",
            '''def early_stopping_callbacks(patience):
    """Callbacks that stop when val_loss stalls for `patience` epochs and restore the best weights."""
    return [keras.callbacks.EarlyStopping(monitor="loss", patience=patience,
                                          restore_best_weights=True)]
''',
        ),
        (
            "patience hard-coded to 5 instead of the argument",
            '''def early_stopping_callbacks(patience):
    """Callbacks that stop when val_loss stalls for `patience` epochs and restore the best weights."""
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                          restore_best_weights=True)]
''',
        ),
        (
            "monitors the validation accuracy instead of the validation loss",
            '''def early_stopping_callbacks(patience):
    """Callbacks that stop when val_loss stalls for `patience` epochs and restore the best weights."""
    return [keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=patience,
                                          restore_best_weights=True)]
''',
        ),
    ],
    "ex3_recorder": [
        (
            "records after every batch (on_train_batch_end) instead of every epoch",
            '''class LearningRateRecorder(keras.callbacks.Callback):
    """Records the optimizer's learning rate at the end of every epoch in self.rates."""

    def on_train_begin(self, logs=None):
        self.rates = []

    def on_train_batch_end(self, batch, logs=None):
        self.rates.append(float(self.model.optimizer.learning_rate))
''',
        ),
        (
            "appends the learning-rate variable itself, so every entry shows the latest rate",
            '''class LearningRateRecorder(keras.callbacks.Callback):
    """Records the optimizer's learning rate at the end of every epoch in self.rates."""

    def on_train_begin(self, logs=None):
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(self.model.optimizer.learning_rate)
''',
        ),
        (
            "the list is created once in __init__, so a second fit keeps appending to the old one",
            '''class LearningRateRecorder(keras.callbacks.Callback):
    """Records the optimizer's learning rate at the end of every epoch in self.rates."""

    def __init__(self):
        super().__init__()
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(float(self.model.optimizer.learning_rate))
''',
        ),
        (
            "records at the start of the epoch, before a scheduler later in the list has set the rate",
            '''class LearningRateRecorder(keras.callbacks.Callback):
    """Records the optimizer's learning rate at the end of every epoch in self.rates."""

    def on_train_begin(self, logs=None):
        self.rates = []

    def on_epoch_begin(self, epoch, logs=None):
        self.rates.append(float(self.model.optimizer.learning_rate))
''',
        ),
        (
            "reads logs['learning_rate'], which only a scheduler placed before the recorder writes",
            '''class LearningRateRecorder(keras.callbacks.Callback):
    """Records the optimizer's learning rate at the end of every epoch in self.rates."""

    def on_train_begin(self, logs=None):
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(float(logs["learning_rate"]))
''',
        ),
    ],
    "ex4_round_trip": [
        (
            "saves in the legacy HDF5 format to a .h5 file instead of the .keras file",
            '''def save_and_reload(model, path):
    """Save the whole model to `path` (a .keras file) and return the model loaded from it."""
    h5_path = str(path).replace(".keras", ".h5")
    os.makedirs(os.path.dirname(h5_path), exist_ok=True)
    model.save(h5_path)
    return keras.models.load_model(h5_path)
''',
        ),
        (
            "saves the model but returns the original object instead of loading it",
            '''def save_and_reload(model, path):
    """Save the whole model to `path` (a .keras file) and return the model loaded from it."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    model.save(path)
    return model
''',
        ),
        (
            "saves only the weights and loads them into a clone: no .keras file, no optimizer state",
            '''def save_and_reload(model, path):
    """Save the whole model to `path` (a .keras file) and return the model loaded from it."""
    weights_path = str(path).replace(".keras", ".weights.h5")
    Path(weights_path).parent.mkdir(parents=True, exist_ok=True)
    model.save_weights(weights_path)
    clone = keras.models.clone_model(model)
    clone.load_weights(weights_path)
    return clone
''',
        ),
        (
            "does not create the folder, so a path in a new folder fails",
            '''def save_and_reload(model, path):
    """Save the whole model to `path` (a .keras file) and return the model loaded from it."""
    model.save(path)
    return keras.models.load_model(path)
''',
        ),
    ],
    "ex5_checkpoint": [
        (
            "save_best_only forgotten: the checkpoint holds the last epoch's model",
            '''def checkpoint_and_log_callbacks(checkpoint_path, csv_path):
    """[a checkpoint of the best model by val_loss, a CSV log of every epoch]."""
    return [
        keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss"),
        keras.callbacks.CSVLogger(csv_path),
    ]
''',
        ),
        (
            "monitors the training loss, which improves almost every epoch",
            '''def checkpoint_and_log_callbacks(checkpoint_path, csv_path):
    """[a checkpoint of the best model by val_loss, a CSV log of every epoch]."""
    return [
        keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="loss", save_best_only=True),
        keras.callbacks.CSVLogger(csv_path),
    ]
''',
        ),
        (
            "save_weights_only=True with a .keras path",
            '''def checkpoint_and_log_callbacks(checkpoint_path, csv_path):
    """[a checkpoint of the best model by val_loss, a CSV log of every epoch]."""
    return [
        keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True,
                                        save_weights_only=True),
        keras.callbacks.CSVLogger(csv_path),
    ]
''',
        ),
        (
            "the two paths swapped",
            '''def checkpoint_and_log_callbacks(checkpoint_path, csv_path):
    """[a checkpoint of the best model by val_loss, a CSV log of every epoch]."""
    return [
        keras.callbacks.ModelCheckpoint(csv_path, monitor="val_loss", save_best_only=True),
        keras.callbacks.CSVLogger(checkpoint_path),
    ]
''',
        ),
    ],
    "ex6_subclassed": [
        (
            "get_config written but the class is not registered, so load_model cannot find it",
            SMALL_CLASSIFIER + '''
    def get_config(self):
        """The constructor's arguments, so that SmallClassifier(**config) rebuilds the model."""
        config = super().get_config()
        config.update({
            "hidden_units": self.hidden_units,
            "n_classes": self.n_classes,
            "dropout_rate": self.dropout_rate,
        })
        return config
''',
        ),
        (
            "get_config does not start from super().get_config(), so the model's name is lost",
            DECORATOR + SMALL_CLASSIFIER + '''
    def get_config(self):
        """The constructor's arguments, so that SmallClassifier(**config) rebuilds the model."""
        return {
            "hidden_units": self.hidden_units,
            "n_classes": self.n_classes,
            "dropout_rate": self.dropout_rate,
        }
''',
        ),
        (
            "get_config leaves out dropout_rate",
            DECORATOR + SMALL_CLASSIFIER + '''
    def get_config(self):
        """The constructor's arguments, so that SmallClassifier(**config) rebuilds the model."""
        config = super().get_config()
        config.update({"hidden_units": self.hidden_units, "n_classes": self.n_classes})
        return config
''',
        ),
        (
            "get_config stores the settings under other names than the constructor's arguments",
            DECORATOR + SMALL_CLASSIFIER + '''
    def get_config(self):
        """The constructor's arguments, so that SmallClassifier(**config) rebuilds the model."""
        config = super().get_config()
        config.update({"units": self.hidden_units, "classes": self.n_classes,
                       "rate": self.dropout_rate})
        return config
''',
        ),
        (
            "registered, but get_config not written",
            DECORATOR + SMALL_CLASSIFIER,
        ),
    ],
}
