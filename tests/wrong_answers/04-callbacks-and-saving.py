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

# Exercise 2: the four predictions, in the answer cell's layout.
def predictions(run_a, restored_a, run_b, restored_b):
    return f"""# Your predictions: four integers, epochs counted from 1.
epochs_run_a = {run_a}
restored_epoch_a = {restored_a}
epochs_run_b = {run_b}
restored_epoch_b = {restored_b}
"""


# Exercise 3: the class as given, up to the method the learner writes.
WARMUP_HEAD = '''class LinearWarmup(keras.callbacks.Callback):
    """Raises the learning rate linearly to target_rate during the first warmup_steps steps of every fit."""

    def __init__(self, target_rate, warmup_steps):
        super().__init__()
        self.target_rate = target_rate
        self.warmup_steps = warmup_steps

    def on_train_begin(self, logs=None):
        self.steps_done = 0                     # training steps taken so far in this call to fit

    def on_train_batch_begin(self, batch, logs=None):
        """Set the learning rate of the step about to run."""
'''


# Exercise 5: fixed_callbacks with the given schedule and callbacks.
def callbacks_answer(schedule_body, early_stopping, checkpoint):
    return f'''def fixed_callbacks(checkpoint_path, csv_path):
    """The colleague's callbacks, with the three mistakes fixed."""
    def halve_every_4_epochs(epoch, lr):
{schedule_body}
    return [
        {early_stopping},
        {checkpoint},
        keras.callbacks.LearningRateScheduler(halve_every_4_epochs),
        keras.callbacks.CSVLogger(csv_path),
    ]
'''


GOOD_SCHEDULE = """        if epoch > 0 and epoch % 4 == 0:
            return lr / 2
        return lr
"""
GOOD_STOPPING = 'keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=3, restore_best_weights=True)'
GOOD_CHECKPOINT = 'keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_accuracy", mode="max", save_best_only=True)'

# Exercise 6: the class as given (decorator included), up to get_config.
SMALL_CLASSIFIER = '''@keras.saving.register_keras_serializable(package="chapter04")
class SmallClassifier(keras.Model):
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

    def get_config(self):
        """The constructor's arguments, so that SmallClassifier(**config) rebuilds the model."""
'''

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
    "ex2_predict_stopping": [
        (
            "waits one epoch too many: counts patience epochs after the first epoch without improvement",
            predictions(8, 5, 10, 6),
        ),
        (
            "restores the epoch with the lowest loss of the whole recording, even one that never ran",
            predictions(7, 8, 9, 11),
        ),
        (
            "run B: compares each epoch with the epoch before instead of the best recorded value",
            predictions(7, 5, 6, 3),
        ),
        (
            "run B: ignores min_delta, so every small step down counts as an improvement",
            predictions(7, 5, 14, 11),
        ),
    ],
    "ex3_warmup": [
        (
            "uses the batch index, which starts again at 0 every epoch, as the step number",
            WARMUP_HEAD + """        if batch < self.warmup_steps:
            rate = self.target_rate * (batch + 1) / self.warmup_steps
        else:
            rate = self.target_rate
        self.model.optimizer.learning_rate.assign(rate)
""",
        ),
        (
            "off by one: step k uses k / warmup_steps of the target, so the first step has a rate of 0",
            WARMUP_HEAD + """        step = self.steps_done
        rate = self.target_rate * min(step / self.warmup_steps, 1.0)
        self.model.optimizer.learning_rate.assign(rate)
        self.steps_done += 1
""",
        ),
        (
            "counts steps with the optimizer's own counter, which does not start again in a new fit",
            WARMUP_HEAD + """        step = int(self.model.optimizer.iterations)
        if step < self.warmup_steps:
            self.model.optimizer.learning_rate.assign(self.target_rate * (step + 1) / self.warmup_steps)
        else:
            self.model.optimizer.learning_rate.assign(self.target_rate)
""",
        ),
        (
            "never adds to the count, so every step uses the rate of the first",
            WARMUP_HEAD + """        if self.steps_done < self.warmup_steps:
            rate = self.target_rate * (self.steps_done + 1) / self.warmup_steps
        else:
            rate = self.target_rate
        self.model.optimizer.learning_rate.assign(rate)
""",
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
    "ex5_debug_callbacks": [
        (
            "mode and schedule fixed, but the checkpoint still saves every epoch",
            callbacks_answer(GOOD_SCHEDULE, GOOD_STOPPING,
                             'keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_accuracy")'),
        ),
        (
            "mode and checkpoint fixed, but the schedule still halves the rate in epoch 0",
            callbacks_answer("""        if epoch % 4 == 0:
            return lr / 2
        return lr
""", GOOD_STOPPING, GOOD_CHECKPOINT),
        ),
        (
            "the checkpoint keeps the best validation loss instead of the best validation accuracy",
            callbacks_answer(GOOD_SCHEDULE, GOOD_STOPPING,
                             'keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True)'),
        ),
        (
            "the schedule rewritten from the epoch alone, with the starting rate 0.01 written in",
            callbacks_answer("""        return 0.01 * 0.5 ** (epoch // 4)
""", GOOD_STOPPING, GOOD_CHECKPOINT),
        ),
    ],
    "ex6_subclassed": [
        (
            "get_config does not start from super().get_config(), so the model's name is lost",
            SMALL_CLASSIFIER + '''        return {
            "hidden_units": self.hidden_units,
            "n_classes": self.n_classes,
            "dropout_rate": self.dropout_rate,
        }
''',
        ),
        (
            "get_config leaves out dropout_rate",
            SMALL_CLASSIFIER + '''        config = super().get_config()
        config.update({"hidden_units": self.hidden_units, "n_classes": self.n_classes})
        return config
''',
        ),
        (
            "get_config stores the settings under other names than the constructor's arguments",
            SMALL_CLASSIFIER + '''        config = super().get_config()
        config.update({"units": self.hidden_units, "classes": self.n_classes,
                       "rate": self.dropout_rate})
        return config
''',
        ),
        (
            "returns what dict.update returns (None) instead of the dictionary",
            SMALL_CLASSIFIER + '''        config = super().get_config()
        return config.update({
            "hidden_units": self.hidden_units,
            "n_classes": self.n_classes,
            "dropout_rate": self.dropout_rate,
        })
''',
        ),
    ],
}
