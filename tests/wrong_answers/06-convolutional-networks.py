"""Known-wrong answers to the chapter 06 assignment (convolutional networks).

tests/test_grading.py takes the instructor notebook
solutions/06-convolutional-networks/06-convolutional-networks-assignment.ipynb, replaces
the source of ONE solution cell (keyed below by its nbgrader grade_id) with one of these
answers, keeps every other answer correct, and autogrades the result with nbgrader.  Each
answer must cost points on its own exercise's test cells and nowhere else, and the notebook
must still earn some points.  Every answer defines exactly the names its solution cell
defines (predicted_shapes and predicted_params, conv2d_numpy, pool2d_numpy,
receptive_field, build_and_train_cnn), so answers for different exercises can be combined
in one submission.

Every entry is (description, complete source of the solution cell); each is a mistake a
learner could plausibly make.  Some fail a visible test, others pass the visible tests and
are caught only by the hidden ones.
"""

WRONG_ANSWERS = {
    "ex1_predict": [
        (
            "'same' with stride 2 rounded down (7 rows give 3), so Flatten's length and the dense layer's "
            "count are off",
            '''# One entry per layer, in the order of the layers: the output shape for one image (a tuple,
# without the batch axis) and the number of parameters (an int). Predict them before running.
predicted_shapes = [(30, 30, 16), (15, 15, 16), (7, 7, 32), (7, 7, 32), (7, 7, 32), (3, 3, 32), (288,), (10,)]
predicted_params = [1216, 0, 4608, 128, 0, 9248, 0, 2890]
''',
        ),
        (
            "batch normalisation counted with its 2 trained numbers per channel only (count_params also "
            "counts the moving mean and variance)",
            '''# One entry per layer, in the order of the layers: the output shape for one image (a tuple,
# without the batch axis) and the number of parameters (an int). Predict them before running.
predicted_shapes = [(30, 30, 16), (15, 15, 16), (7, 7, 32), (7, 7, 32), (7, 7, 32), (4, 4, 32), (512,), (10,)]
predicted_params = [1216, 0, 4608, 64, 0, 9248, 0, 5130]
''',
        ),
        (
            "the shapes written with the batch axis, and the bias counted in the convolution that has "
            "use_bias=False",
            '''# One entry per layer, in the order of the layers: the output shape for one image (a tuple,
# without the batch axis) and the number of parameters (an int). Predict them before running.
predicted_shapes = [(None, 30, 30, 16), (None, 15, 15, 16), (None, 7, 7, 32), (None, 7, 7, 32),
                    (None, 7, 7, 32), (None, 4, 4, 32), (None, 512), (None, 10)]
predicted_params = [1216, 0, 4640, 128, 0, 9248, 0, 5130]
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
            "'same' puts the extra row and column of zeros at the top and left instead of the bottom and "
            "right (right for odd kernels with stride 1, wrong for even kernels or strides)",
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
    "ex4_field": [
        (
            "padding ignored: every layer placed as if it were 'valid', so fields of 'same' and zero-padded "
            "networks sit too low and too far right",
            '''def receptive_field(model, row, col):
    """Input rows and columns (first_row, last_row, first_col, last_col), both ends included,
    that can influence unit (row, col) of the last layer of a Sequential model."""
    blocks = [[row, row], [col, col]]
    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.Conv2D):
            window, strides = layer.kernel_size, layer.strides
        elif isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            window, strides = layer.pool_size, layer.strides
        else:
            continue
        for axis in (0, 1):
            k, s = window[axis], strides[axis]
            first, last = blocks[axis]
            blocks[axis] = [first * s, last * s + k - 1]
    height, width = model.input_shape[1:3]
    (first_row, last_row), (first_col, last_col) = blocks
    return (int(max(first_row, 0)), int(min(last_row, height - 1)),
            int(max(first_col, 0)), int(min(last_col, width - 1)))
''',
        ),
        (
            "the block is not cut to the image, so units near the border reach into the padding zeros "
            "(negative rows, or rows past the last one)",
            '''def receptive_field(model, row, col):
    """Input rows and columns (first_row, last_row, first_col, last_col), both ends included,
    that can influence unit (row, col) of the last layer of a Sequential model."""
    blocks = [[row, row], [col, col]]
    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.Conv2D):
            window, strides, padding = layer.kernel_size, layer.strides, layer.padding
        elif isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            window, strides, padding = layer.pool_size, layer.strides, layer.padding
        elif isinstance(layer, keras.layers.ZeroPadding2D):
            window, strides, padding = (1, 1), (1, 1), layer.padding
        else:
            continue
        for axis in (0, 1):
            k, s = window[axis], strides[axis]
            if padding == "valid":
                above = 0
            elif padding == "same":
                n = layer.input.shape[1 + axis]
                n_out = -(-n // s)
                above = max((n_out - 1) * s + k - n, 0) // 2
            else:
                above = padding[axis][0]
            first, last = blocks[axis]
            blocks[axis] = [first * s - above, last * s + k - 1 - above]
    (first_row, last_row), (first_col, last_col) = blocks
    return int(first_row), int(last_row), int(first_col), int(last_col)
''',
        ),
        (
            "'same' puts the extra zero row at the top (rounds P / 2 up): right whenever P is even, as for "
            "odd kernels with stride 1",
            '''def receptive_field(model, row, col):
    """Input rows and columns (first_row, last_row, first_col, last_col), both ends included,
    that can influence unit (row, col) of the last layer of a Sequential model."""
    blocks = [[row, row], [col, col]]
    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.Conv2D):
            window, strides, padding = layer.kernel_size, layer.strides, layer.padding
        elif isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            window, strides, padding = layer.pool_size, layer.strides, layer.padding
        elif isinstance(layer, keras.layers.ZeroPadding2D):
            window, strides, padding = (1, 1), (1, 1), layer.padding
        else:
            continue
        for axis in (0, 1):
            k, s = window[axis], strides[axis]
            if padding == "valid":
                above = 0
            elif padding == "same":
                n = layer.input.shape[1 + axis]
                n_out = -(-n // s)
                above = -(-max((n_out - 1) * s + k - n, 0) // 2)
            else:
                above = padding[axis][0]
            first, last = blocks[axis]
            blocks[axis] = [first * s - above, last * s + k - 1 - above]
    height, width = model.input_shape[1:3]
    (first_row, last_row), (first_col, last_col) = blocks
    return (int(max(first_row, 0)), int(min(last_row, height - 1)),
            int(max(first_col, 0)), int(min(last_col, width - 1)))
''',
        ),
        (
            "ZeroPadding2D layers skipped as if they worked pixel by pixel",
            '''def receptive_field(model, row, col):
    """Input rows and columns (first_row, last_row, first_col, last_col), both ends included,
    that can influence unit (row, col) of the last layer of a Sequential model."""
    blocks = [[row, row], [col, col]]
    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.Conv2D):
            window, strides, padding = layer.kernel_size, layer.strides, layer.padding
        elif isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            window, strides, padding = layer.pool_size, layer.strides, layer.padding
        else:
            continue
        for axis in (0, 1):
            k, s = window[axis], strides[axis]
            if padding == "valid":
                above = 0
            elif padding == "same":
                n = layer.input.shape[1 + axis]
                n_out = -(-n // s)
                above = max((n_out - 1) * s + k - n, 0) // 2
            else:
                above = padding[axis][0]
            first, last = blocks[axis]
            blocks[axis] = [first * s - above, last * s + k - 1 - above]
    height, width = model.input_shape[1:3]
    (first_row, last_row), (first_col, last_col) = blocks
    return (int(max(first_row, 0)), int(min(last_row, height - 1)),
            int(max(first_col, 0)), int(min(last_col, width - 1)))
''',
        ),
    ],
    "ex5_cnn": [
        (
            "a convolution followed by Flatten without any pooling: 54,170 parameters, over the budget",
            '''def build_and_train_cnn(x_train, y_train):
    """Build, compile and train a small CNN for (n, 28, 28, 1) images in [0, 1]; return the model."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "a good network trained for 6 epochs, one more than the budget",
            '''def build_and_train_cnn(x_train, y_train):
    """Build, compile and train a small CNN for (n, 28, 28, 1) images in [0, 1]; return the model."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=6, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "strided convolutions instead of pooling: within the budget, but the dense layer still sees each "
            "position apart and the moved images fall under the bar",
            '''def build_and_train_cnn(x_train, y_train):
    """Build, compile and train a small CNN for (n, 28, 28, 1) images in [0, 1]; return the model."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(8, 3, strides=2, activation="relu"),
        keras.layers.Conv2D(16, 3, strides=2, activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    return model
''',
        ),
        (
            "a linear output layer trained with from_logits=True: the accuracy is fine, but predict does not "
            "give probabilities",
            '''def build_and_train_cnn(x_train, y_train):
    """Build, compile and train a small CNN for (n, 28, 28, 1) images in [0, 1]; return the model."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    return model
''',
        ),
    ],
}
