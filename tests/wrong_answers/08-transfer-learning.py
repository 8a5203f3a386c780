"""Known-wrong answers to the chapter 08 assignment (transfer learning).

tests/test_grading.py takes the instructor notebook
solutions/08-transfer-learning/08-transfer-learning-assignment.ipynb, replaces the source of
ONE solution cell (keyed below by its nbgrader grade_id) with one of these answers, keeps
every other answer correct, and autogrades the result with nbgrader.  Each answer must cost
points on its own exercise's test cells and nowhere else, and the notebook must still earn
some points.  Every answer defines exactly the names its solution cell defines
(freeze_all_but_last and count_trainable_parameters, predicted_trainable,
prepare_for_mobilenet, extract_features and build_feature_classifier, fine_tune,
train_within_budget), so answers for different exercises can be combined in one submission.
The tests hand every exercise its own fresh copy of the pretrained base (pretrained_base()),
so a mistake that changes a base in place cannot spill over into another exercise.

Every entry is (description, complete source of the solution cell); each is a mistake a
learner could plausibly make.  Some fail a visible test, others pass the visible tests and
are caught only by the hidden ones.
"""

_COUNT_OK = '''

def count_trainable_parameters(model):
    """The number of trainable scalars in the model, as an int."""
    return int(sum(np.prod(weight.shape) for weight in model.trainable_weights))
'''

_FREEZE_OK = '''def freeze_all_but_last(model, k):
    """Freeze every layer of model.layers except the last k; return the model."""
    model.trainable = True
    n_frozen = len(model.layers) - k
    for position, layer in enumerate(model.layers):
        layer.trainable = position >= n_frozen
    return model
'''

_CLASSIFIER_OK = '''

def build_feature_classifier(n_features, n_classes):
    """A compiled classifier for precomputed feature vectors."""
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
'''

_EXTRACT_OK = '''def extract_features(base, images):
    """Raw uint8 images (n, 28, 28) -> the base's features as a NumPy array (n, 64)."""
    x = np.asarray(images, dtype="float32")[..., np.newaxis] / 255.0
    return base.predict(x, batch_size=256, verbose=0)
'''


_PREDICTED_STUB = '''# Write your predictions BEFORE building any of the four models: for each, the total size of
# model.trainable_weights, as a whole number.
'''


def _predicted(a=6405, b=18562, c=4914, d=130):
    return _PREDICTED_STUB + f'predicted_trainable = {{"A": {a}, "B": {b}, "C": {c}, "D": {d}}}\n'


def _fine_tune(scaling="keras.layers.Rescaling(1 / 255)(x)", unfreeze="    base.trainable = True\n",
               top="base.layers[:-4]", step2_rate="1e-3", step2_compile=None):
    compile_line = step2_compile or (
        f'    model.compile(optimizer=keras.optimizers.Adam({step2_rate}), '
        'loss="sparse_categorical_crossentropy",\n                  metrics=["accuracy"])\n')
    return f'''def fine_tune(base, x_train, y_train):
    \"\"\"The colleague's two steps, corrected: a new head on the frozen base, then the top block.\"\"\"
    base.trainable = False
    inputs = keras.Input(shape=(28, 28))
    x = keras.layers.Reshape((28, 28, 1))(inputs)
    x = {scaling}
    x = base(x, training=False)
    x = keras.layers.Dropout(0.3)(x)
    outputs = keras.layers.Dense(2, activation="softmax", name="new_head")(x)
    model = keras.Model(inputs, outputs)

    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)

{unfreeze}    for layer in {top}:
        layer.trainable = False
    for layer in base.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
{compile_line}    model.fit(x_train, y_train, epochs=8, batch_size=32, verbose=0)
    return model
'''


def _budget(base_lines="    base.trainable = False\n", head="", rate="1e-2", epochs=6, after_fit=""):
    return f'''def train_within_budget(base, x_train, y_train):
    \"\"\"A model around the pretrained base, trained within the budget; raw uint8 images in.\"\"\"
{base_lines}    inputs = keras.Input(shape=(28, 28))
    x = keras.layers.Reshape((28, 28, 1))(inputs)
    x = keras.layers.Rescaling(1 / 255)(x)
    x = base(x, training=False)
{head}    x = keras.layers.Dropout(0.3)(x)
    outputs = keras.layers.Dense(2, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam({rate}), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs={epochs}, batch_size=32, verbose=0)
{after_fit}    return model
'''


_HIDDEN_64 = '    x = keras.layers.Dense(64, activation="relu")(x)\n'


WRONG_ANSWERS = {
    "ex1_freeze": [
        (
            "freezes model.layers[:-k], which is the empty list when k = 0, so nothing gets frozen",
            '''def freeze_all_but_last(model, k):
    """Freeze every layer of model.layers except the last k; return the model."""
    model.trainable = True
    for layer in model.layers[:-k]:
        layer.trainable = False
    return model
''' + _COUNT_OK,
        ),
        (
            "counts every parameter with model.count_params(), frozen ones included",
            _FREEZE_OK + '''

def count_trainable_parameters(model):
    """The number of trainable scalars in the model, as an int."""
    return model.count_params()
''',
        ),
        (
            "sets the layers' flags but never model.trainable = True, so a frozen model stays frozen",
            '''def freeze_all_but_last(model, k):
    """Freeze every layer of model.layers except the last k; return the model."""
    n_frozen = len(model.layers) - k
    for position, layer in enumerate(model.layers):
        layer.trainable = position >= n_frozen
    return model
''' + _COUNT_OK,
        ),
        (
            "counts the trainable weight tensors instead of the numbers in them",
            _FREEZE_OK + '''

def count_trainable_parameters(model):
    """The number of trainable scalars in the model, as an int."""
    return len(model.trainable_weights)
''',
        ),
    ],
    "ex2_predict": [
        (
            "model B: the last six layers taken to reach block 2's convolution (3 * 3 * 16 * 32 more)",
            _predicted(b=18562 + 4608),
        ),
        (
            "model D: the loop's flags taken to survive base_d.trainable = False, set after it",
            _predicted(d=18432 + 128 + 130),
        ),
        (
            "model C: the head given 64 features, as if the cut base still ended with block 3",
            _predicted(c=144 + 32 + 4608 + 64 + 64 * 2 + 2),
        ),
    ],
    "ex3_mobilenet": [
        (
            "scales the pixels to [0, 1] with / 255 instead of MobileNetV2's [-1, 1]",
            '''def prepare_for_mobilenet(images, size=96):
    """uint8 images (n, 28, 28) -> float32 (n, size, size, 3) in [-1, 1] for MobileNetV2."""
    x = tf.convert_to_tensor(images, dtype=tf.float32)[..., tf.newaxis]
    x = tf.image.resize(x, (size, size))
    x = tf.image.grayscale_to_rgb(x)
    return x / 255.0
''',
        ),
        (
            "uses ResNet50's preprocess_input (per-channel means subtracted) for MobileNetV2",
            '''def prepare_for_mobilenet(images, size=96):
    """uint8 images (n, 28, 28) -> float32 (n, size, size, 3) in [-1, 1] for MobileNetV2."""
    x = tf.convert_to_tensor(images, dtype=tf.float32)[..., tf.newaxis]
    x = tf.image.resize(x, (size, size))
    x = tf.image.grayscale_to_rgb(x)
    return keras.applications.resnet50.preprocess_input(x)
''',
        ),
        (
            "keeps one grey channel instead of three colour channels",
            '''def prepare_for_mobilenet(images, size=96):
    """uint8 images (n, 28, 28) -> float32 (n, size, size, 3) in [-1, 1] for MobileNetV2."""
    x = tf.convert_to_tensor(images, dtype=tf.float32)[..., tf.newaxis]
    x = tf.image.resize(x, (size, size))
    return keras.applications.mobilenet_v2.preprocess_input(x)
''',
        ),
        (
            "resizes with nearest-neighbour interpolation instead of the default bilinear one",
            '''def prepare_for_mobilenet(images, size=96):
    """uint8 images (n, 28, 28) -> float32 (n, size, size, 3) in [-1, 1] for MobileNetV2."""
    x = tf.convert_to_tensor(images, dtype=tf.float32)[..., tf.newaxis]
    x = tf.image.resize(x, (size, size), method="nearest")
    x = tf.image.grayscale_to_rgb(x)
    return keras.applications.mobilenet_v2.preprocess_input(x)
''',
        ),
    ],
    "ex4_features": [
        (
            "feeds raw pixels (0-255) to a base that was trained on pixels scaled to [0, 1]",
            '''def extract_features(base, images):
    """Raw uint8 images (n, 28, 28) -> the base's features as a NumPy array (n, 64)."""
    x = np.asarray(images, dtype="float32")[..., np.newaxis]
    return base.predict(x, batch_size=256, verbose=0)
''' + _CLASSIFIER_OK,
        ),
        (
            "calls the base in training mode, so batch normalisation uses each batch's statistics",
            '''def extract_features(base, images):
    """Raw uint8 images (n, 28, 28) -> the base's features as a NumPy array (n, 64)."""
    x = np.asarray(images, dtype="float32")[..., np.newaxis] / 255.0
    return base(x, training=True).numpy()
''' + _CLASSIFIER_OK,
        ),
        (
            "the classifier outputs logits (no softmax) with a from_logits loss, not probabilities",
            _EXTRACT_OK + '''

def build_feature_classifier(n_features, n_classes):
    """A compiled classifier for precomputed feature vectors."""
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(n_classes),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model
''',
        ),
        (
            "the classifier is built but never compiled",
            _EXTRACT_OK + '''

def build_feature_classifier(n_features, n_classes):
    """A compiled classifier for precomputed feature vectors."""
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(n_classes, activation="softmax"),
    ])
''',
        ),
    ],
    "ex5_debug": [
        (
            "fixes the scaling and the learning rate, but never switches the base's own flag back on, "
            "so step 2 trains the head only",
            _fine_tune(unfreeze=""),
        ),
        (
            "fixes the scaling and unfreezes the top block, but fine-tunes at step 1's rate of 1e-2",
            _fine_tune(step2_rate="1e-2"),
        ),
        (
            "fixes step 2 but keeps the colleague's [-1, 1] scaling, MobileNetV2's range",
            _fine_tune(scaling="keras.layers.Rescaling(1 / 127.5, offset=-1)(x)"),
        ),
        (
            "fixes the three mistakes but fine-tunes the whole base in step 2, not only its top block",
            _fine_tune(top="base.layers[:1]"),
        ),
    ],
    "ex6_budget": [
        (
            "the base frozen and a single Dense(2) head at Adam's default rate: it barely learns in 42 updates",
            _budget(rate="1e-3"),
        ),
        (
            "lets the whole base train with the head, far over the budget of 5,000 trainable parameters",
            _budget(base_lines="    base.trainable = True\n", rate="1e-3"),
        ),
        (
            "a hidden layer at Adam's default rate, trained for 12 epochs: twice the budget of updates",
            _budget(head=_HIDDEN_64, rate="1e-3", epochs=12),
        ),
        (
            "trains the whole base, then freezes it before returning, so that the count looks within budget",
            _budget(base_lines="    base.trainable = True\n", rate="1e-3",
                    after_fit="    base.trainable = False\n"),
        ),
    ],
}
