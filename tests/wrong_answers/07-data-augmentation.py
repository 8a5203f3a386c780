"""Known-wrong answers to the chapter 07 assignment (data augmentation and input pipelines).

tests/test_grading.py takes the instructor notebook
solutions/07-data-augmentation/07-data-augmentation-assignment.ipynb, replaces the source of
ONE solution cell (keyed below by its nbgrader grade_id) with one of these answers, keeps every
other answer correct, and autogrades the result with nbgrader.  Each answer must cost points on
its own exercise's test cells and nowhere else, and the notebook must still earn some points.
Every answer defines exactly the names its solution cell defines (batches, make_dataset,
training_setup, augmentation_differences, load_image_folder,
build_and_train_robust_model), so answers for different exercises can be combined in one
submission.

Every entry is (description, complete source of the solution cell); each is a mistake a
learner could plausibly make.  Some fail a visible test, others pass the visible tests and are
caught only by the hidden ones.
"""

WRONG_ANSWERS = {
    "ex1_batches": [
        (
            "the last, smaller batch is dropped (n // batch_size full batches only)",
            '''def batches(images, labels, batch_size):
    """Yield (x, y) batches in order: x float32 in [0, 1] of shape (b, h, w, 1), y int32 (b,)."""
    for k in range(len(images) // batch_size):
        start = k * batch_size
        x = np.asarray(images[start:start + batch_size], dtype="float32") / 255.0
        y = np.asarray(labels[start:start + batch_size], dtype="int32")
        yield x[..., np.newaxis], y
''',
        ),
        (
            "the whole array is converted to float before the loop instead of one batch at a time",
            '''def batches(images, labels, batch_size):
    """Yield (x, y) batches in order: x float32 in [0, 1] of shape (b, h, w, 1), y int32 (b,)."""
    all_x = np.asarray(images, dtype="float32")[..., np.newaxis] / 255.0
    all_y = np.asarray(labels, dtype="int32")
    for start in range(0, len(images), batch_size):
        yield all_x[start:start + batch_size], all_y[start:start + batch_size]
''',
        ),
        (
            "the batches are built in a list and returned: a function, not a generator",
            '''def batches(images, labels, batch_size):
    """Yield (x, y) batches in order: x float32 in [0, 1] of shape (b, h, w, 1), y int32 (b,)."""
    result = []
    for start in range(0, len(images), batch_size):
        x = np.asarray(images[start:start + batch_size], dtype="float32") / 255.0
        y = np.asarray(labels[start:start + batch_size], dtype="int32")
        result.append((x[..., np.newaxis], y))
    return result
''',
        ),
    ],
    "ex2_dataset": [
        (
            "shuffle after batch: the batches change order but each holds consecutive images",
            '''def make_dataset(images, labels, batch_size=32, training=False, seed=None):
    """A tf.data pipeline of (float32 images in [0, 1] with a channel axis, int32 labels) batches."""
    def to_float(image, label):
        image = tf.cast(image, tf.float32) / 255.0
        return image[..., tf.newaxis], tf.cast(label, tf.int32)

    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.map(to_float).batch(batch_size)
    if training:
        dataset = dataset.shuffle(len(images), seed=seed)
    return dataset.prefetch(tf.data.AUTOTUNE)
''',
        ),
        (
            "a shuffle buffer of one batch instead of the whole data set (early images come first)",
            '''def make_dataset(images, labels, batch_size=32, training=False, seed=None):
    """A tf.data pipeline of (float32 images in [0, 1] with a channel axis, int32 labels) batches."""
    def to_float(image, label):
        image = tf.cast(image, tf.float32) / 255.0
        return image[..., tf.newaxis], tf.cast(label, tf.int32)

    dataset = tf.data.Dataset.from_tensor_slices((images, labels)).map(to_float)
    if training:
        dataset = dataset.shuffle(batch_size, seed=seed)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
''',
        ),
        (
            "the labels keep the dtype of the arrays (uint8) instead of int32",
            '''def make_dataset(images, labels, batch_size=32, training=False, seed=None):
    """A tf.data pipeline of (float32 images in [0, 1] with a channel axis, int32 labels) batches."""
    def to_float(image, label):
        return tf.cast(image, tf.float32)[..., tf.newaxis] / 255.0, label

    dataset = tf.data.Dataset.from_tensor_slices((images, labels)).map(to_float)
    if training:
        dataset = dataset.shuffle(len(images), seed=seed)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
''',
        ),
    ],
    "ex3_debug": [
        (
            "validation and cache fixed, but the model keeps its Rescaling layer: the pixels are still "
            "divided by 255 twice",
            '''def training_setup(x_train, y_train, x_valid, y_valid, seed=None):
    """The colleague's setup with its three mistakes fixed: (train_ds, valid_ds, compiled model)."""
    augment = keras.Sequential([
        keras.layers.RandomFlip("horizontal"),
        keras.layers.RandomTranslation(0.05, 0.05, fill_mode="constant"),
    ], name="augment")

    def to_float(image, label):
        return tf.cast(image, tf.float32)[..., tf.newaxis] / 255.0, label

    def augment_one(image, label):
        return augment(image, training=True), label

    train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).map(to_float).cache()
    train_ds = train_ds.shuffle(len(x_train), seed=seed).map(augment_one)
    valid_ds = tf.data.Dataset.from_tensor_slices((x_valid, y_valid)).map(to_float).cache()
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return train_ds.batch(32).prefetch(tf.data.AUTOTUNE), valid_ds.batch(32).prefetch(tf.data.AUTOTUNE), model
''',
        ),
        (
            "cache moved before the augmentation and Rescaling removed, but one prepare function still "
            "serves both datasets: the validation images are augmented",
            '''def training_setup(x_train, y_train, x_valid, y_valid, seed=None):
    """The colleague's setup with its three mistakes fixed: (train_ds, valid_ds, compiled model)."""
    augment = keras.Sequential([
        keras.layers.RandomFlip("horizontal"),
        keras.layers.RandomTranslation(0.05, 0.05, fill_mode="constant"),
    ], name="augment")

    def to_float(image, label):
        return tf.cast(image, tf.float32)[..., tf.newaxis] / 255.0, label

    def augment_one(image, label):
        return augment(image, training=True), label

    def prepare(images, labels):
        dataset = tf.data.Dataset.from_tensor_slices((images, labels)).map(to_float).cache()
        dataset = dataset.shuffle(len(images), seed=seed).map(augment_one)
        return dataset.batch(32).prefetch(tf.data.AUTOTUNE)

    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return prepare(x_train, y_train), prepare(x_valid, y_valid), model
''',
        ),
        (
            "validation and scaling fixed, but the training cache still sits after the random map: every "
            "epoch replays the first epoch's augmented images",
            '''def training_setup(x_train, y_train, x_valid, y_valid, seed=None):
    """The colleague's setup with its three mistakes fixed: (train_ds, valid_ds, compiled model)."""
    augment = keras.Sequential([
        keras.layers.RandomFlip("horizontal"),
        keras.layers.RandomTranslation(0.05, 0.05, fill_mode="constant"),
    ], name="augment")

    def to_float(image, label):
        return tf.cast(image, tf.float32)[..., tf.newaxis] / 255.0, label

    def augment_one(image, label):
        return augment(image, training=True), label

    train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).map(to_float).map(augment_one).cache()
    train_ds = train_ds.shuffle(len(x_train), seed=seed)
    valid_ds = tf.data.Dataset.from_tensor_slices((x_valid, y_valid)).map(to_float).cache()
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return train_ds.batch(32).prefetch(tf.data.AUTOTUNE), valid_ds.batch(32).prefetch(tf.data.AUTOTUNE), model
''',
        ),
        (
            "augmentation moved into the model, inside a custom layer that calls its random layers with "
            "training=True: predictions are augmented too (caught by the hidden tests)",
            '''def training_setup(x_train, y_train, x_valid, y_valid, seed=None):
    """The colleague's setup with its three mistakes fixed: (train_ds, valid_ds, compiled model)."""
    class Augment(keras.layers.Layer):
        """Random flips and shifts (meant for training)."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.flip = keras.layers.RandomFlip("horizontal")
            self.shift = keras.layers.RandomTranslation(0.05, 0.05, fill_mode="constant")

        def call(self, inputs, training=None):
            return self.shift(self.flip(inputs, training=True), training=True)

    def to_float(image, label):
        return tf.cast(image, tf.float32)[..., tf.newaxis] / 255.0, label

    train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).map(to_float).cache()
    train_ds = train_ds.shuffle(len(x_train), seed=seed)
    valid_ds = tf.data.Dataset.from_tensor_slices((x_valid, y_valid)).map(to_float).cache()
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        Augment(),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return train_ds.batch(32).prefetch(tf.data.AUTOTUNE), valid_ds.batch(32).prefetch(tf.data.AUTOTUNE), model
''',
        ),
    ],
    "ex4_inference": [
        (
            "the inference case calls block(images) without training=False, taking a plain call for "
            "inference (Keras 3's augmentation layers default to training=True)",
            '''def augmentation_differences(block, images):
    """Largest absolute change that block makes to images at inference and in training."""
    images = tf.convert_to_tensor(images, dtype=tf.float32)
    at_inference = block(images)
    in_training = block(images, training=True)
    return {
        "inference": float(tf.reduce_max(tf.abs(at_inference - images))),
        "training": float(tf.reduce_max(tf.abs(in_training - images))),
    }
''',
        ),
        (
            "the mean absolute difference instead of the largest",
            '''def augmentation_differences(block, images):
    """Largest absolute change that block makes to images at inference and in training."""
    images = tf.convert_to_tensor(images, dtype=tf.float32)
    at_inference = block(images, training=False)
    in_training = block(images, training=True)
    return {
        "inference": float(tf.reduce_mean(tf.abs(at_inference - images))),
        "training": float(tf.reduce_mean(tf.abs(in_training - images))),
    }
''',
        ),
    ],
    "ex5_folder": [
        (
            "color_mode left at its default 'rgb', so the images have three channels",
            '''def load_image_folder(directory, subset, image_size=(28, 28), batch_size=16):
    """One subset ('training' or 'validation') of a folder of grey images, one sub-folder per class."""
    return keras.utils.image_dataset_from_directory(
        directory, label_mode="int", image_size=image_size, batch_size=batch_size,
        seed=1234, validation_split=0.25, subset=subset)
''',
        ),
        (
            "shuffle=False to avoid the seed: the validation subset is the last quarter, a single class",
            '''def load_image_folder(directory, subset, image_size=(28, 28), batch_size=16):
    """One subset ('training' or 'validation') of a folder of grey images, one sub-folder per class."""
    return keras.utils.image_dataset_from_directory(
        directory, label_mode="int", color_mode="grayscale", image_size=image_size,
        batch_size=batch_size, shuffle=False, validation_split=0.25, subset=subset)
''',
        ),
        (
            "image_size is not passed on, so every image is resized to 28x28 whatever is asked",
            '''def load_image_folder(directory, subset, image_size=(28, 28), batch_size=16):
    """One subset ('training' or 'validation') of a folder of grey images, one sub-folder per class."""
    return keras.utils.image_dataset_from_directory(
        directory, label_mode="int", color_mode="grayscale", image_size=(28, 28),
        batch_size=batch_size, seed=1234, validation_split=0.25, subset=subset)
''',
        ),
    ],
    "ex6_robust": [
        (
            "the lesson's recipe copied: a left-right flip and dropout, which never show the network a "
            "garment off-centre",
            '''def build_and_train_robust_model(x_train, y_train):
    """Build, compile and train a small CNN that copes with garments up to 4 pixels off-centre."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.RandomFlip("horizontal"),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.4),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "RandomTranslation(0.04, 0.04), 4 per cent where the shop's garments move by 4 pixels: shifts "
            "of about one pixel are too small to prepare the network",
            '''def build_and_train_robust_model(x_train, y_train):
    """Build, compile and train a small CNN that copes with garments up to 4 pixels off-centre."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.RandomTranslation(0.04, 0.04, fill_mode="constant"),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "a wide dense layer after three convolution blocks: about 174,000 parameters, over the budget",
            '''def build_and_train_robust_model(x_train, y_train):
    """Build, compile and train a small CNN that copes with garments up to 4 pixels off-centre."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.RandomTranslation(0.15, 0.15, fill_mode="constant"),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "a custom layer calls RandomTranslation with training=True, so the model also shifts the "
            "images it is asked to classify",
            '''def build_and_train_robust_model(x_train, y_train):
    """Build, compile and train a small CNN that copes with garments up to 4 pixels off-centre."""
    class AlwaysShift(keras.layers.Layer):
        """Random shifts of up to 15 % (meant for training)."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.shift = keras.layers.RandomTranslation(0.15, 0.15, fill_mode="constant")

        def call(self, inputs, training=None):
            return self.shift(inputs, training=True)

    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Rescaling(1 / 255),
        AlwaysShift(),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)
    return model
''',
        ),
    ],
}
