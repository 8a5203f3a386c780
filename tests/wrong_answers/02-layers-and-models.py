"""Known-wrong answers to the chapter 02 assignment (layers and models).

tests/test_grading.py takes the instructor notebook
solutions/02-layers-and-models/02-layers-and-models-assignment.ipynb, replaces
the source of ONE solution cell (keyed below by its nbgrader grade_id) with
one of these answers, keeps every other answer correct, and autogrades the
result with nbgrader.  Each answer must cost points on its own exercise's
test cells and nowhere else, and the notebook must still earn some points.

Every entry is (description, complete source of the solution cell); each is a
mistake a learner could plausibly make.  Some fail a visible test, others
pass the visible tests and are caught only by the hidden ones.
"""

WRONG_ANSWERS = {
    "ex1_classifier": [
        (
            "no Flatten layer: Dense is applied to every row of the image",
            '''def build_classifier(input_shape, hidden_units, n_classes):
    """A Sequential MLP classifier: Flatten, ReLU hidden layers, softmax output."""
    model = keras.Sequential(name="classifier")
    model.add(keras.Input(shape=input_shape))
    for number, units in enumerate(hidden_units, start=1):
        model.add(keras.layers.Dense(units, activation="relu", name=f"hidden{number}"))
    model.add(keras.layers.Dense(n_classes, activation="softmax", name="output"))
    return model
''',
        ),
        (
            "hidden layers hard-coded to 300 and 100 units (passes the visible example only)",
            '''def build_classifier(input_shape, hidden_units, n_classes):
    """A Sequential MLP classifier: Flatten, ReLU hidden layers, softmax output."""
    return keras.Sequential([
        keras.Input(shape=input_shape),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(300, activation="relu", name="hidden1"),
        keras.layers.Dense(100, activation="relu", name="hidden2"),
        keras.layers.Dense(n_classes, activation="softmax", name="output"),
    ], name="classifier")
''',
        ),
        (
            "output layer without softmax (raw scores)",
            '''def build_classifier(input_shape, hidden_units, n_classes):
    """A Sequential MLP classifier: Flatten, ReLU hidden layers, softmax output."""
    layers = [keras.Input(shape=input_shape), keras.layers.Flatten(name="flatten")]
    for number, units in enumerate(hidden_units, start=1):
        layers.append(keras.layers.Dense(units, activation="relu", name=f"hidden{number}"))
    layers.append(keras.layers.Dense(n_classes, name="output"))
    return keras.Sequential(layers, name="classifier")
''',
        ),
    ],
    "ex2_regressor": [
        (
            "default (Glorot) initializer instead of he_normal",
            '''def build_regressor(n_features):
    """A Sequential regressor: Dense + Activation blocks with He initialisation."""
    model = keras.Sequential(name="regressor")
    model.add(keras.Input(shape=(n_features,)))
    model.add(keras.layers.Dense(64, name="dense1"))
    model.add(keras.layers.Activation("relu", name="relu1"))
    model.add(keras.layers.Dense(32, name="dense2"))
    model.add(keras.layers.Activation("relu", name="relu2"))
    model.add(keras.layers.Dense(1, name="prediction"))
    return model
''',
        ),
        (
            "ReLU put inside the Dense layers instead of separate Activation layers",
            '''def build_regressor(n_features):
    """A Sequential regressor: Dense + Activation blocks with He initialisation."""
    model = keras.Sequential(name="regressor")
    model.add(keras.Input(shape=(n_features,)))
    model.add(keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal", name="dense1"))
    model.add(keras.layers.Dense(32, activation="relu", kernel_initializer="he_normal", name="dense2"))
    model.add(keras.layers.Dense(1, name="prediction"))
    return model
''',
        ),
        (
            "input size fixed at 8 features instead of n_features",
            '''def build_regressor(n_features):
    """A Sequential regressor: Dense + Activation blocks with He initialisation."""
    model = keras.Sequential(name="regressor")
    model.add(keras.Input(shape=(8,)))
    model.add(keras.layers.Dense(64, kernel_initializer="he_normal", name="dense1"))
    model.add(keras.layers.Activation("relu", name="relu1"))
    model.add(keras.layers.Dense(32, kernel_initializer="he_normal", name="dense2"))
    model.add(keras.layers.Activation("relu", name="relu2"))
    model.add(keras.layers.Dense(1, name="prediction"))
    return model
''',
        ),
    ],
    "ex3_two_inputs": [
        (
            "auxiliary output attached to concat instead of deep2",
            '''def build_two_branch(n_wide, n_deep):
    """A wide-and-deep functional model with a main and an auxiliary sigmoid output."""
    wide_input = keras.Input(shape=(n_wide,), name="wide_input")
    deep_input = keras.Input(shape=(n_deep,), name="deep_input")
    deep1 = keras.layers.Dense(32, activation="relu", name="deep1")(deep_input)
    deep2 = keras.layers.Dense(16, activation="relu", name="deep2")(deep1)
    concat = keras.layers.Concatenate(name="concat")([wide_input, deep2])
    main_output = keras.layers.Dense(1, activation="sigmoid", name="main_output")(concat)
    aux_output = keras.layers.Dense(1, activation="sigmoid", name="aux_output")(concat)
    return keras.Model(inputs=[wide_input, deep_input], outputs=[main_output, aux_output],
                       name="two_branch")
''',
        ),
        (
            "outputs listed in the wrong order [aux, main]",
            '''def build_two_branch(n_wide, n_deep):
    """A wide-and-deep functional model with a main and an auxiliary sigmoid output."""
    wide_input = keras.Input(shape=(n_wide,), name="wide_input")
    deep_input = keras.Input(shape=(n_deep,), name="deep_input")
    deep1 = keras.layers.Dense(32, activation="relu", name="deep1")(deep_input)
    deep2 = keras.layers.Dense(16, activation="relu", name="deep2")(deep1)
    concat = keras.layers.Concatenate(name="concat")([wide_input, deep2])
    main_output = keras.layers.Dense(1, activation="sigmoid", name="main_output")(concat)
    aux_output = keras.layers.Dense(1, activation="sigmoid", name="aux_output")(deep2)
    return keras.Model(inputs=[wide_input, deep_input], outputs=[aux_output, main_output],
                       name="two_branch")
''',
        ),
        (
            "wide input concatenated with deep1 instead of deep2",
            '''def build_two_branch(n_wide, n_deep):
    """A wide-and-deep functional model with a main and an auxiliary sigmoid output."""
    wide_input = keras.Input(shape=(n_wide,), name="wide_input")
    deep_input = keras.Input(shape=(n_deep,), name="deep_input")
    deep1 = keras.layers.Dense(32, activation="relu", name="deep1")(deep_input)
    deep2 = keras.layers.Dense(16, activation="relu", name="deep2")(deep1)
    concat = keras.layers.Concatenate(name="concat")([wide_input, deep1])
    main_output = keras.layers.Dense(1, activation="sigmoid", name="main_output")(concat)
    aux_output = keras.layers.Dense(1, activation="sigmoid", name="aux_output")(deep2)
    return keras.Model(inputs=[wide_input, deep_input], outputs=[main_output, aux_output],
                       name="two_branch")
''',
        ),
        (
            "linear outputs (no sigmoid), as in the lesson's regression model",
            '''def build_two_branch(n_wide, n_deep):
    """A wide-and-deep functional model with a main and an auxiliary sigmoid output."""
    wide_input = keras.Input(shape=(n_wide,), name="wide_input")
    deep_input = keras.Input(shape=(n_deep,), name="deep_input")
    deep1 = keras.layers.Dense(32, activation="relu", name="deep1")(deep_input)
    deep2 = keras.layers.Dense(16, activation="relu", name="deep2")(deep1)
    concat = keras.layers.Concatenate(name="concat")([wide_input, deep2])
    main_output = keras.layers.Dense(1, name="main_output")(concat)
    aux_output = keras.layers.Dense(1, name="aux_output")(deep2)
    return keras.Model(inputs=[wide_input, deep_input], outputs=[main_output, aux_output],
                       name="two_branch")
''',
        ),
    ],
    "ex4_subclass": [
        (
            "no shortcut: the output layer reads hidden2 only",
            '''class SkipClassifier(keras.Model):
    """An MLP classifier whose output layer reads both hidden layers."""

    def __init__(self, hidden_units=64, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.flatten = keras.layers.Flatten(name="flatten")
        self.hidden1 = keras.layers.Dense(hidden_units, activation="relu", name="hidden1")
        self.hidden2 = keras.layers.Dense(hidden_units, activation="relu", name="hidden2")
        self.concat = keras.layers.Concatenate(name="concat")
        self.classifier = keras.layers.Dense(n_classes, activation="softmax", name="output")

    def call(self, inputs):
        flat = self.flatten(inputs)
        h1 = self.hidden1(flat)
        h2 = self.hidden2(h1)
        return self.classifier(h2)
''',
        ),
        (
            "n_classes and hidden_units ignored (always 64 units and 10 classes)",
            '''class SkipClassifier(keras.Model):
    """An MLP classifier whose output layer reads both hidden layers."""

    def __init__(self, hidden_units=64, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.flatten = keras.layers.Flatten(name="flatten")
        self.hidden1 = keras.layers.Dense(64, activation="relu", name="hidden1")
        self.hidden2 = keras.layers.Dense(64, activation="relu", name="hidden2")
        self.concat = keras.layers.Concatenate(name="concat")
        self.classifier = keras.layers.Dense(10, activation="softmax", name="output")

    def call(self, inputs):
        flat = self.flatten(inputs)
        h1 = self.hidden1(flat)
        h2 = self.hidden2(h1)
        return self.classifier(self.concat([h1, h2]))
''',
        ),
        (
            "the shortcut concatenates the flattened input instead of hidden1",
            '''class SkipClassifier(keras.Model):
    """An MLP classifier whose output layer reads both hidden layers."""

    def __init__(self, hidden_units=64, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.flatten = keras.layers.Flatten(name="flatten")
        self.hidden1 = keras.layers.Dense(hidden_units, activation="relu", name="hidden1")
        self.hidden2 = keras.layers.Dense(hidden_units, activation="relu", name="hidden2")
        self.concat = keras.layers.Concatenate(name="concat")
        self.classifier = keras.layers.Dense(n_classes, activation="softmax", name="output")

    def call(self, inputs):
        flat = self.flatten(inputs)
        h2 = self.hidden2(self.hidden1(flat))
        return self.classifier(self.concat([flat, h2]))
''',
        ),
    ],
    "ex5_param_counts": [
        (
            "one bias per input instead of one per unit",
            '''def dense_params(n_in, n_out, use_bias=True):
    """Parameters of a Dense layer with n_in inputs and n_out units."""
    return n_in * n_out + (n_in if use_bias else 0)


def mlp_params(layer_sizes):
    """Parameters of a stack of Dense layers: layer_sizes = [n_inputs, units1, units2, ...]."""
    sizes = list(layer_sizes)
    return sum(dense_params(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
''',
        ),
        (
            "use_bias ignored: the bias is always counted",
            '''def dense_params(n_in, n_out, use_bias=True):
    """Parameters of a Dense layer with n_in inputs and n_out units."""
    return (n_in + 1) * n_out


def mlp_params(layer_sizes):
    """Parameters of a stack of Dense layers: layer_sizes = [n_inputs, units1, units2, ...]."""
    sizes = list(layer_sizes)
    return sum(dense_params(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
''',
        ),
        (
            "mlp_params skips the first layer (starts the pairs at the first hidden layer)",
            '''def dense_params(n_in, n_out, use_bias=True):
    """Parameters of a Dense layer with n_in inputs and n_out units."""
    return n_in * n_out + (n_out if use_bias else 0)


def mlp_params(layer_sizes):
    """Parameters of a stack of Dense layers: layer_sizes = [n_inputs, units1, units2, ...]."""
    total = 0
    for i in range(1, len(layer_sizes) - 1):
        total += dense_params(layer_sizes[i], layer_sizes[i + 1])
    return total
''',
        ),
        (
            "one bias per layer instead of one per unit in mlp_params",
            '''def dense_params(n_in, n_out, use_bias=True):
    """Parameters of a Dense layer with n_in inputs and n_out units."""
    return n_in * n_out + (n_out if use_bias else 0)


def mlp_params(layer_sizes):
    """Parameters of a stack of Dense layers: layer_sizes = [n_inputs, units1, units2, ...]."""
    sizes = list(layer_sizes)
    return sum(n_in * n_out + 1 for n_in, n_out in zip(sizes[:-1], sizes[1:]))
''',
        ),
    ],
}
