"""Known-wrong answers to the chapter 06 assignment (convolutional networks).

tests/test_grading.py takes the instructor notebook
solutions/06-convolutional-networks/06-convolutional-networks-assignment.ipynb, replaces
the source of ONE solution cell (keyed below by its nbgrader grade_id) with one of these
answers, keeps every other answer correct, and autogrades the result with nbgrader.  Each
answer must cost points on its own exercise's test cells and nowhere else, and the notebook
must still earn some points.  Every answer defines exactly the names its solution cell
defines (output_size, conv2d_numpy, pool2d_numpy, LeNet5, build_and_train_cnn), so answers
for different exercises can be combined in one submission.

Every entry is (description, complete source of the solution cell); each is a mistake a
learner could plausibly make.  Some fail a visible test, others pass the visible tests and
are caught only by the hidden ones.
"""

WRONG_ANSWERS = {
    "ex1_output_size": [
        (
            "'same' padding returns the input size, forgetting that a stride shrinks the output",
            '''def output_size(n, f, stride=1, padding="valid"):
    """Output length along one axis of a convolution or pooling layer."""
    if padding == "same":
        return n
    p = 0 if padding == "valid" else int(padding)
    return (n + 2 * p - f) // stride + 1
''',
        ),
        (
            "true division instead of rounding down, so uneven strides give fractions",
            '''def output_size(n, f, stride=1, padding="valid"):
    """Output length along one axis of a convolution or pooling layer."""
    if padding == "same":
        return -(-n // stride)
    p = 0 if padding == "valid" else int(padding)
    return (n + 2 * p - f) / stride + 1
''',
        ),
        (
            "an integer padding counted once instead of on both sides (n + p - f)",
            '''def output_size(n, f, stride=1, padding="valid"):
    """Output length along one axis of a convolution or pooling layer."""
    if padding == "same":
        return -(-n // stride)
    p = 0 if padding == "valid" else int(padding)
    return (n + p - f) // stride + 1
''',
        ),
        (
            "'same' rounds down (n // stride) instead of up; right whenever the stride divides n",
            '''def output_size(n, f, stride=1, padding="valid"):
    """Output length along one axis of a convolution or pooling layer."""
    if padding == "same":
        return n // stride
    p = 0 if padding == "valid" else int(padding)
    return (n + 2 * p - f) // stride + 1
''',
        ),
    ],
    "ex2_conv": [
        (
            "the kernel is flipped (the convolution of signal processing, not TensorFlow's cross-correlation)",
            '''def conv2d_numpy(images, kernels, bias, stride=1, padding="valid"):
    """Forward pass of a Conv2D layer (no activation) in NumPy."""
    images = np.asarray(images, dtype=np.float64)
    kernels = np.asarray(kernels, dtype=np.float64)[::-1, ::-1]
    bias = np.asarray(bias, dtype=np.float64)
    batch, height, width, _ = images.shape
    f_h, f_w, _, channels_out = kernels.shape
    if padding == "same":
        out_h, out_w = -(-height // stride), -(-width // stride)
        pad_h = max((out_h - 1) * stride + f_h - height, 0)
        pad_w = max((out_w - 1) * stride + f_w - width, 0)
        images = np.pad(images, ((0, 0), (pad_h // 2, pad_h - pad_h // 2),
                                 (pad_w // 2, pad_w - pad_w // 2), (0, 0)))
    else:
        out_h, out_w = (height - f_h) // stride + 1, (width - f_w) // stride + 1
    result = np.zeros((batch, out_h, out_w, channels_out))
    for i in range(out_h):
        for j in range(out_w):
            window = images[:, i * stride:i * stride + f_h, j * stride:j * stride + f_w, :]
            result[:, i, j, :] = np.tensordot(window, kernels, axes=([1, 2, 3], [0, 1, 2]))
    return result + bias
''',
        ),
        (
            "'same' puts the extra row and column of zeros at the top and left instead of the bottom "
            "and right (right for odd kernels with stride 1, wrong for even kernels or strides)",
            '''def conv2d_numpy(images, kernels, bias, stride=1, padding="valid"):
    """Forward pass of a Conv2D layer (no activation) in NumPy."""
    images = np.asarray(images, dtype=np.float64)
    kernels = np.asarray(kernels, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    batch, height, width, _ = images.shape
    f_h, f_w, _, channels_out = kernels.shape
    if padding == "same":
        out_h, out_w = -(-height // stride), -(-width // stride)
        pad_h = max((out_h - 1) * stride + f_h - height, 0)
        pad_w = max((out_w - 1) * stride + f_w - width, 0)
        images = np.pad(images, ((0, 0), (pad_h - pad_h // 2, pad_h // 2),
                                 (pad_w - pad_w // 2, pad_w // 2), (0, 0)))
    else:
        out_h, out_w = (height - f_h) // stride + 1, (width - f_w) // stride + 1
    result = np.zeros((batch, out_h, out_w, channels_out))
    for i in range(out_h):
        for j in range(out_w):
            window = images[:, i * stride:i * stride + f_h, j * stride:j * stride + f_w, :]
            result[:, i, j, :] = np.tensordot(window, kernels, axes=([1, 2, 3], [0, 1, 2]))
    return result + bias
''',
        ),
        (
            "the window moves one pixel per output position whatever the stride (i instead of i * stride)",
            '''def conv2d_numpy(images, kernels, bias, stride=1, padding="valid"):
    """Forward pass of a Conv2D layer (no activation) in NumPy."""
    images = np.asarray(images, dtype=np.float64)
    kernels = np.asarray(kernels, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    batch, height, width, _ = images.shape
    f_h, f_w, _, channels_out = kernels.shape
    if padding == "same":
        out_h, out_w = -(-height // stride), -(-width // stride)
        pad_h = max((out_h - 1) * stride + f_h - height, 0)
        pad_w = max((out_w - 1) * stride + f_w - width, 0)
        images = np.pad(images, ((0, 0), (pad_h // 2, pad_h - pad_h // 2),
                                 (pad_w // 2, pad_w - pad_w // 2), (0, 0)))
    else:
        out_h, out_w = (height - f_h) // stride + 1, (width - f_w) // stride + 1
    result = np.zeros((batch, out_h, out_w, channels_out))
    for i in range(out_h):
        for j in range(out_w):
            window = images[:, i:i + f_h, j:j + f_w, :]
            result[:, i, j, :] = np.tensordot(window, kernels, axes=([1, 2, 3], [0, 1, 2]))
    return result + bias
''',
        ),
        (
            "the bias is left out",
            '''def conv2d_numpy(images, kernels, bias, stride=1, padding="valid"):
    """Forward pass of a Conv2D layer (no activation) in NumPy."""
    images = np.asarray(images, dtype=np.float64)
    kernels = np.asarray(kernels, dtype=np.float64)
    batch, height, width, _ = images.shape
    f_h, f_w, _, channels_out = kernels.shape
    if padding == "same":
        out_h, out_w = -(-height // stride), -(-width // stride)
        pad_h = max((out_h - 1) * stride + f_h - height, 0)
        pad_w = max((out_w - 1) * stride + f_w - width, 0)
        images = np.pad(images, ((0, 0), (pad_h // 2, pad_h - pad_h // 2),
                                 (pad_w // 2, pad_w - pad_w // 2), (0, 0)))
    else:
        out_h, out_w = (height - f_h) // stride + 1, (width - f_w) // stride + 1
    result = np.zeros((batch, out_h, out_w, channels_out))
    for i in range(out_h):
        for j in range(out_w):
            window = images[:, i * stride:i * stride + f_h, j * stride:j * stride + f_w, :]
            result[:, i, j, :] = np.tensordot(window, kernels, axes=([1, 2, 3], [0, 1, 2]))
    return result
''',
        ),
        (
            "TensorFlow called inside the function instead of writing the convolution in NumPy",
            '''def conv2d_numpy(images, kernels, bias, stride=1, padding="valid"):
    """Forward pass of a Conv2D layer (no activation) in NumPy."""
    images = np.asarray(images, dtype=np.float32)
    kernels = np.asarray(kernels, dtype=np.float32)
    out = tf.nn.conv2d(images, kernels, strides=stride, padding=padding.upper())
    return out.numpy() + np.asarray(bias, dtype=np.float32)
''',
        ),
    ],
    "ex3_pool": [
        (
            "stride=None taken as a stride of 1, so the windows overlap",
            '''def pool2d_numpy(images, size=2, stride=None, mode="max"):
    """Max or average pooling with 'valid' padding, in NumPy."""
    images = np.asarray(images, dtype=np.float64)
    stride = 1 if stride is None else stride
    batch, height, width, channels = images.shape
    out_h, out_w = (height - size) // stride + 1, (width - size) // stride + 1
    reduce = np.max if mode == "max" else np.mean
    result = np.zeros((batch, out_h, out_w, channels))
    for i in range(out_h):
        for j in range(out_w):
            window = images[:, i * stride:i * stride + size, j * stride:j * stride + size, :]
            result[:, i, j, :] = reduce(window, axis=(1, 2))
    return result
''',
        ),
        (
            "the maximum is taken over the channels too, so every channel gets the same value",
            '''def pool2d_numpy(images, size=2, stride=None, mode="max"):
    """Max or average pooling with 'valid' padding, in NumPy."""
    images = np.asarray(images, dtype=np.float64)
    stride = size if stride is None else stride
    batch, height, width, channels = images.shape
    out_h, out_w = (height - size) // stride + 1, (width - size) // stride + 1
    reduce = np.max if mode == "max" else np.mean
    result = np.zeros((batch, out_h, out_w, channels))
    for i in range(out_h):
        for j in range(out_w):
            window = images[:, i * stride:i * stride + size, j * stride:j * stride + size, :]
            result[:, i, j, :] = reduce(window, axis=(1, 2, 3))[:, None]
    return result
''',
        ),
        (
            "the output size rounded up, so a partial window at the edge is kept (right only for even sizes)",
            '''def pool2d_numpy(images, size=2, stride=None, mode="max"):
    """Max or average pooling with 'valid' padding, in NumPy."""
    images = np.asarray(images, dtype=np.float64)
    stride = size if stride is None else stride
    batch, height, width, channels = images.shape
    out_h, out_w = -(-(height - size) // stride) + 1, -(-(width - size) // stride) + 1
    reduce = np.max if mode == "max" else np.mean
    result = np.zeros((batch, out_h, out_w, channels))
    for i in range(out_h):
        for j in range(out_w):
            window = images[:, i * stride:i * stride + size, j * stride:j * stride + size, :]
            result[:, i, j, :] = reduce(window, axis=(1, 2))
    return result
''',
        ),
    ],
    "ex4_lenet": [
        (
            "the original sigmoid activations instead of ReLU",
            '''class LeNet5(keras.Model):
    """LeNet-5 with ReLU for 28x28x1 images."""

    def __init__(self, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.c1 = keras.layers.Conv2D(6, 5, padding="same", activation="sigmoid", name="c1")
        self.s2 = keras.layers.AveragePooling2D(2, name="s2")
        self.c3 = keras.layers.Conv2D(16, 5, activation="sigmoid", name="c3")
        self.s4 = keras.layers.AveragePooling2D(2, name="s4")
        self.c5 = keras.layers.Conv2D(120, 5, activation="sigmoid", name="c5")
        self.flatten = keras.layers.Flatten(name="flatten")
        self.f6 = keras.layers.Dense(84, activation="sigmoid", name="f6")
        self.classifier = keras.layers.Dense(n_classes, activation="softmax", name="classifier")

    def call(self, inputs):
        x = self.s2(self.c1(inputs))
        x = self.s4(self.c3(x))
        x = self.flatten(self.c5(x))
        return self.classifier(self.f6(x))
''',
        ),
        (
            "c1 without padding='same', so the maps shrink to 4x4 before c5's 5x5 kernel and the model cannot be built",
            '''class LeNet5(keras.Model):
    """LeNet-5 with ReLU for 28x28x1 images."""

    def __init__(self, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.c1 = keras.layers.Conv2D(6, 5, activation="relu", name="c1")
        self.s2 = keras.layers.AveragePooling2D(2, name="s2")
        self.c3 = keras.layers.Conv2D(16, 5, activation="relu", name="c3")
        self.s4 = keras.layers.AveragePooling2D(2, name="s4")
        self.c5 = keras.layers.Conv2D(120, 5, activation="relu", name="c5")
        self.flatten = keras.layers.Flatten(name="flatten")
        self.f6 = keras.layers.Dense(84, activation="relu", name="f6")
        self.classifier = keras.layers.Dense(n_classes, activation="softmax", name="classifier")

    def call(self, inputs):
        x = self.s2(self.c1(inputs))
        x = self.s4(self.c3(x))
        x = self.flatten(self.c5(x))
        return self.classifier(self.f6(x))
''',
        ),
        (
            "the classifier has a fixed 10 units, ignoring n_classes",
            '''class LeNet5(keras.Model):
    """LeNet-5 with ReLU for 28x28x1 images."""

    def __init__(self, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.c1 = keras.layers.Conv2D(6, 5, padding="same", activation="relu", name="c1")
        self.s2 = keras.layers.AveragePooling2D(2, name="s2")
        self.c3 = keras.layers.Conv2D(16, 5, activation="relu", name="c3")
        self.s4 = keras.layers.AveragePooling2D(2, name="s4")
        self.c5 = keras.layers.Conv2D(120, 5, activation="relu", name="c5")
        self.flatten = keras.layers.Flatten(name="flatten")
        self.f6 = keras.layers.Dense(84, activation="relu", name="f6")
        self.classifier = keras.layers.Dense(10, activation="softmax", name="classifier")

    def call(self, inputs):
        x = self.s2(self.c1(inputs))
        x = self.s4(self.c3(x))
        x = self.flatten(self.c5(x))
        return self.classifier(self.f6(x))
''',
        ),
        (
            "max pooling in place of LeNet-5's average pooling, and kwargs not passed on to keras.Model",
            '''class LeNet5(keras.Model):
    """LeNet-5 with ReLU for 28x28x1 images."""

    def __init__(self, n_classes=10, **kwargs):
        super().__init__()
        self.c1 = keras.layers.Conv2D(6, 5, padding="same", activation="relu", name="c1")
        self.s2 = keras.layers.MaxPooling2D(2, name="s2")
        self.c3 = keras.layers.Conv2D(16, 5, activation="relu", name="c3")
        self.s4 = keras.layers.MaxPooling2D(2, name="s4")
        self.c5 = keras.layers.Conv2D(120, 5, activation="relu", name="c5")
        self.flatten = keras.layers.Flatten(name="flatten")
        self.f6 = keras.layers.Dense(84, activation="relu", name="f6")
        self.classifier = keras.layers.Dense(n_classes, activation="softmax", name="classifier")

    def call(self, inputs):
        x = self.s2(self.c1(inputs))
        x = self.s4(self.c3(x))
        x = self.flatten(self.c5(x))
        return self.classifier(self.f6(x))
''',
        ),
    ],
    "ex5_cnn": [
        (
            "raw pixels from 0 to 255 and plain SGD with momentum: the first layer's gradients are about "
            "255 times too large and training diverges",
            '''def build_and_train_cnn(x_train, y_train):
    """Build, compile and train a small CNN for raw 28x28 uint8 images; return the model."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "categorical_crossentropy with integer labels (fit fails on the shapes)",
            '''def build_and_train_cnn(x_train, y_train):
    """Build, compile and train a small CNN for raw 28x28 uint8 images; return the model."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "a linear output layer with the default loss, which expects probabilities (no softmax)",
            '''def build_and_train_cnn(x_train, y_train):
    """Build, compile and train a small CNN for raw 28x28 uint8 images; return the model."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "no channel axis: the (28, 28) images go straight into Conv2D, which needs (28, 28, 1)",
            '''def build_and_train_cnn(x_train, y_train):
    """Build, compile and train a small CNN for raw 28x28 uint8 images; return the model."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    return model
''',
        ),
    ],
}
