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

# The parts of a GatedDense answer that most exercise 5 mistakes leave right.
GATED_HEAD = '''@keras.saving.register_keras_serializable(package="assignment02")
class GatedDense(keras.layers.Layer):
    """Dense with a learnable gate per unit: activation(x @ W + b) * sigmoid(x @ V + c)."""

    def __init__(self, units, activation=None, gate_bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)
        self.gate_bias_initializer = keras.initializers.get(gate_bias_initializer)
'''

GATED_BUILD = '''
    def build(self, input_shape):
        n_in = input_shape[-1]
        self.kernel = self.add_weight(shape=(n_in, self.units), initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")
        self.gate_kernel = self.add_weight(shape=(n_in, self.units), initializer="glorot_uniform",
                                           name="gate_kernel")
        self.gate_bias = self.add_weight(shape=(self.units,), initializer=self.gate_bias_initializer,
                                         name="gate_bias")
'''

GATED_CALL = '''
    def call(self, inputs):
        value = self.activation(keras.ops.matmul(inputs, self.kernel) + self.bias)
        return value * keras.ops.sigmoid(keras.ops.matmul(inputs, self.gate_kernel) + self.gate_bias)
'''

GATED_CONFIG = '''
    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units,
                       "activation": keras.activations.serialize(self.activation),
                       "gate_bias_initializer": keras.initializers.serialize(self.gate_bias_initializer)})
        return config
'''

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
    "ex2_predict": [
        (
            "model C: the shared layer counted once per call",
            '''predicted_params = {"A": 333, "B": 24, "C": 73, "D": 702}
predicted_shapes = {"A": (32, 3), "B": (32, 6, 4), "C": (32, 1), "D": (32, 2)}
''',
        ),
        (
            "model B: Dense taken to read all 6 x 5 numbers, as if flattened",
            '''predicted_params = {"A": 333, "B": 124, "C": 43, "D": 702}
predicted_shapes = {"A": (32, 3), "B": (32, 4), "C": (32, 1), "D": (32, 2)}
''',
        ),
        (
            "model A: a bias counted for the layer made with use_bias=False",
            '''predicted_params = {"A": 343, "B": 24, "C": 43, "D": 702}
predicted_shapes = {"A": (32, 3), "B": (32, 6, 4), "C": (32, 1), "D": (32, 2)}
''',
        ),
        (
            "shapes copied from summary(), with None for the batch axis",
            '''predicted_params = {"A": 333, "B": 24, "C": 43, "D": 702}
predicted_shapes = {"A": (None, 3), "B": (None, 6, 4), "C": (None, 1), "D": (None, 2)}
''',
        ),
    ],
    "ex3_debug": [
        (
            "Concatenate still joins along axis 0, the batch axis",
            '''def build_listing_model(n_text, n_meta):
    """The listing model of the design: two towers, joined, a hidden layer, price and sold."""
    text_input = keras.Input(shape=(n_text,), name="text_input")
    meta_input = keras.Input(shape=(n_meta,), name="meta_input")
    text_features = keras.layers.Dense(16, activation="relu", name="text_dense2")(
        keras.layers.Dense(32, activation="relu", name="text_dense1")(text_input))
    meta_features = keras.layers.Dense(16, activation="relu", name="meta_dense2")(
        keras.layers.Dense(32, activation="relu", name="meta_dense1")(meta_input))
    joined = keras.layers.Concatenate(axis=0, name="joined")([text_features, meta_features])
    hidden = keras.layers.Dense(16, activation="relu", name="hidden")(joined)
    price = keras.layers.Dense(1, name="price")(hidden)
    sold = keras.layers.Dense(1, activation="sigmoid", name="sold")(hidden)
    return keras.Model(inputs=[text_input, meta_input], outputs=[price, sold], name="listing_model")
''',
        ),
        (
            "the meta features still go through the text tower's text_dense2",
            '''def build_listing_model(n_text, n_meta):
    """The listing model of the design: two towers, joined, a hidden layer, price and sold."""
    text_input = keras.Input(shape=(n_text,), name="text_input")
    meta_input = keras.Input(shape=(n_meta,), name="meta_input")
    text_dense1 = keras.layers.Dense(32, activation="relu", name="text_dense1")
    text_dense2 = keras.layers.Dense(16, activation="relu", name="text_dense2")
    meta_dense1 = keras.layers.Dense(32, activation="relu", name="meta_dense1")
    meta_dense2 = keras.layers.Dense(16, activation="relu", name="meta_dense2")
    text_features = text_dense2(text_dense1(text_input))
    meta_features = text_dense2(meta_dense1(meta_input))
    joined = keras.layers.Concatenate(name="joined")([text_features, meta_features])
    hidden = keras.layers.Dense(16, activation="relu", name="hidden")(joined)
    price = keras.layers.Dense(1, name="price")(hidden)
    sold = keras.layers.Dense(1, activation="sigmoid", name="sold")(hidden)
    return keras.Model(inputs=[text_input, meta_input], outputs=[price, sold], name="listing_model")
''',
        ),
        (
            "the softmax replaced by a sigmoid on both outputs, price included",
            '''def build_listing_model(n_text, n_meta):
    """The listing model of the design: two towers, joined, a hidden layer, price and sold."""
    text_input = keras.Input(shape=(n_text,), name="text_input")
    meta_input = keras.Input(shape=(n_meta,), name="meta_input")
    text_dense1 = keras.layers.Dense(32, activation="relu", name="text_dense1")
    text_dense2 = keras.layers.Dense(16, activation="relu", name="text_dense2")
    meta_dense1 = keras.layers.Dense(32, activation="relu", name="meta_dense1")
    meta_dense2 = keras.layers.Dense(16, activation="relu", name="meta_dense2")
    text_features = text_dense2(text_dense1(text_input))
    meta_features = meta_dense2(meta_dense1(meta_input))
    joined = keras.layers.Concatenate(axis=-1, name="joined")([text_features, meta_features])
    hidden = keras.layers.Dense(16, activation="relu", name="hidden")(joined)
    price = keras.layers.Dense(1, activation="sigmoid", name="price")(hidden)
    sold = keras.layers.Dense(1, activation="sigmoid", name="sold")(hidden)
    return keras.Model(inputs=[text_input, meta_input], outputs=[price, sold], name="listing_model")
''',
        ),
        (
            "input sizes fixed at the example's 20 and 6 instead of n_text and n_meta",
            '''def build_listing_model(n_text, n_meta):
    """The listing model of the design: two towers, joined, a hidden layer, price and sold."""
    text_input = keras.Input(shape=(20,), name="text_input")
    meta_input = keras.Input(shape=(6,), name="meta_input")
    text_dense1 = keras.layers.Dense(32, activation="relu", name="text_dense1")
    text_dense2 = keras.layers.Dense(16, activation="relu", name="text_dense2")
    meta_dense1 = keras.layers.Dense(32, activation="relu", name="meta_dense1")
    meta_dense2 = keras.layers.Dense(16, activation="relu", name="meta_dense2")
    text_features = text_dense2(text_dense1(text_input))
    meta_features = meta_dense2(meta_dense1(meta_input))
    joined = keras.layers.Concatenate(name="joined")([text_features, meta_features])
    hidden = keras.layers.Dense(16, activation="relu", name="hidden")(joined)
    price = keras.layers.Dense(1, name="price")(hidden)
    sold = keras.layers.Dense(1, activation="sigmoid", name="sold")(hidden)
    return keras.Model(inputs=[text_input, meta_input], outputs=[price, sold], name="listing_model")
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
    "ex5_gated": [
        (
            "no get_config: Keras cannot record the initializer object by itself",
            GATED_HEAD + GATED_BUILD + GATED_CALL,
        ),
        (
            "get_config leaves out gate_bias_initializer (saving works, rebuilding from the config does not)",
            GATED_HEAD + GATED_BUILD + GATED_CALL + '''
    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units,
                       "activation": keras.activations.serialize(self.activation)})
        return config
''',
        ),
        (
            "the activation applied after the gate, to the product",
            GATED_HEAD + GATED_BUILD + '''
    def call(self, inputs):
        value = keras.ops.matmul(inputs, self.kernel) + self.bias
        gate = keras.ops.sigmoid(keras.ops.matmul(inputs, self.gate_kernel) + self.gate_bias)
        return self.activation(value * gate)
''' + GATED_CONFIG,
        ),
        (
            "one kernel and bias for both: the gate is the sigmoid of the value's own weighted sum",
            GATED_HEAD + '''
    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        weighted_sum = keras.ops.matmul(inputs, self.kernel) + self.bias
        return self.activation(weighted_sum) * keras.ops.sigmoid(weighted_sum)
''' + GATED_CONFIG,
        ),
    ],
}
