"""Known-wrong answers to the chapter 08 assignment (transfer learning).

tests/test_grading.py takes the instructor notebook
solutions/08-transfer-learning/08-transfer-learning-assignment.ipynb, replaces the source of
ONE solution cell (keyed below by its nbgrader grade_id) with one of these answers, keeps
every other answer correct, and autogrades the result with nbgrader.  Each answer must cost
points on its own exercise's test cells and nowhere else, and the notebook must still earn
some points.  Every answer defines exactly the names its solution cell defines
(freeze_all_but_last and count_trainable_parameters, prepare_for_mobilenet, extract_features
and build_feature_classifier, start_fine_tuning, build_and_train_transfer), so answers for
different exercises can be combined in one submission.  The tests hand every exercise its
own fresh copy of the pretrained base (pretrained_base()), so a mistake that changes a base
in place cannot spill over into another exercise.

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


def _transfer(preprocess="keras.layers.Rescaling(1 / 255)(x)", base_line="base.trainable = True",
              call="base(x, training=False)", extra=""):
    return f'''def build_and_train_transfer(base, x_train, y_train):
    """A model with the pretrained base inside, trained on raw uint8 images (n, 28, 28)."""
    {base_line}
    inputs = keras.Input(shape=(28, 28))
    x = keras.layers.Reshape((28, 28, 1))(inputs)
    x = {preprocess}
    x = {call}
    x = keras.layers.Dropout(0.3)(x)
    outputs = keras.layers.Dense(2, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=6, batch_size=32, verbose=0){extra}
    return model
'''


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
    "ex2_mobilenet": [
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
    "ex3_features": [
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
    "ex4_fine_tune": [
        (
            "changes the trainable flags but does not compile the model again",
            '''def start_fine_tuning(model, base, n_top, learning_rate):
    """Unfreeze the top n_top layers of base (batch normalisation excepted) and recompile model."""
    base.trainable = True
    n_frozen = len(base.layers) - n_top
    for position, layer in enumerate(base.layers):
        is_batch_norm = isinstance(layer, keras.layers.BatchNormalization)
        layer.trainable = position >= n_frozen and not is_batch_norm
    return model
''',
        ),
        (
            "unfreezes the batch-normalisation layers among the top layers too",
            '''def start_fine_tuning(model, base, n_top, learning_rate):
    """Unfreeze the top n_top layers of base (batch normalisation excepted) and recompile model."""
    base.trainable = True
    for layer in base.layers[:-n_top]:
        layer.trainable = False
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
        ),
        (
            "sets the layers' flags but leaves base.trainable = False, so nothing in the base trains",
            '''def start_fine_tuning(model, base, n_top, learning_rate):
    """Unfreeze the top n_top layers of base (batch normalisation excepted) and recompile model."""
    n_frozen = len(base.layers) - n_top
    for position, layer in enumerate(base.layers):
        is_batch_norm = isinstance(layer, keras.layers.BatchNormalization)
        layer.trainable = position >= n_frozen and not is_batch_norm
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
        ),
        (
            "recompiles with the default learning rate of Adam (1e-3) instead of the low one",
            '''def start_fine_tuning(model, base, n_top, learning_rate):
    """Unfreeze the top n_top layers of base (batch normalisation excepted) and recompile model."""
    base.trainable = True
    n_frozen = len(base.layers) - n_top
    for position, layer in enumerate(base.layers):
        is_batch_norm = isinstance(layer, keras.layers.BatchNormalization)
        layer.trainable = position >= n_frozen and not is_batch_norm
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
        ),
    ],
    "ex5_transfer": [
        (
            "builds a new base with build_base() instead of using the pretrained one it was given",
            _transfer(base_line="base = build_base()"),
        ),
        (
            "ends with a single sigmoid unit instead of two class probabilities",
            '''def build_and_train_transfer(base, x_train, y_train):
    """A model with the pretrained base inside, trained on raw uint8 images (n, 28, 28)."""
    base.trainable = True
    inputs = keras.Input(shape=(28, 28))
    x = keras.layers.Reshape((28, 28, 1))(inputs)
    x = keras.layers.Rescaling(1 / 255)(x)
    x = base(x, training=False)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=6, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "keeps the base frozen and trains only the head, which the weak frozen features cannot carry",
            _transfer(base_line="base.trainable = False"),
        ),
    ],
}
