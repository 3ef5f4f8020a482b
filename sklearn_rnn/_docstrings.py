"""The documentation of the estimators' parameters and attributes, written once.

Each entry is a numpydoc item; :func:`documented` builds an estimator's
docstring from its summary, the entries of the parameters of its
``__init__`` (in their order) and of the attributes it names, and its own
sections.
"""

# SPDX-License-Identifier: BSD-3-Clause

import inspect
import textwrap
from types import FunctionType

from sklearn.utils.metaestimators import available_if

PARAMETERS = {
    "hidden_layer_sizes": """\
hidden_layer_sizes : int or tuple of int, default=(32,)
    Number of units of each recurrent layer, bottom first; layer k reads
    the sequence of hidden states of layer k-1.""",
    "activation": """\
activation : {"tanh", "relu"}, default="tanh"
    Nonlinearity of the vanilla cell's state update. The gated cells use
    PyTorch's fixed sigmoid gates and tanh, and accept only "tanh".""",
    "cell": """\
cell : {"rnn", "gru", "lstm"}, default="gru"
    Recurrent cell of every layer, with the equations and gate order of
    ``torch.nn.RNN`` (the vanilla Elman cell), ``torch.nn.GRU`` and
    ``torch.nn.LSTM``. The gated cells learn dependencies over long
    sequences far better than the vanilla cell, at two to four times its
    cost per epoch; try "rnn" on short sequences. See
    :doc:`/cells_and_solvers`.""",
    "bidirectional": """\
bidirectional : bool, default=False
    Whether every layer also reads each sequence backwards and passes
    both directions' states up side by side.""",
    "readout": """\
readout : {"last", "mean", "max"} or tuple of them, \
        default=("last", "mean", "max")
    What the output layer reads of the top layer: "last", the state at
    each sequence's last present step (and, if bidirectional, the
    backward state at its first); "mean" and "max", the mean and the
    maximum of the states over the present steps. Several are read side
    by side. The last state alone is the classic model, and can stay near
    chance for long on long series.""",
    "standardize_inputs": """\
standardize_inputs : bool, default=True
    Whether the network reads each feature standardised with its
    weighted mean and standard deviation over the present training steps
    (``input_mean_``, ``input_scale_``); raw features of large scale
    saturate the units. ``weights_`` fold it in, so that PyTorch reads
    raw inputs. A continuation (``warm_start``, ``partial_fit``) keeps
    the statistics of the first fit.""",
    "standardize_targets": """\
standardize_targets : bool, default=True
    Whether the network is trained on each target standardised with its
    weighted mean and standard deviation (``target_mean_``,
    ``target_scale_``) and its outputs are mapped back. ``loss_`` is then
    that of the standardised targets; ``weights_`` fold the mapping in,
    so that PyTorch predicts in the units of ``y``.""",
    "solver": """\
solver : {"adam", "sgd", "lbfgs"}, default="adam"
    Optimizer: "adam" and "sgd" train on minibatches and usually
    generalise better; "lbfgs", scipy's L-BFGS-B on the whole data set,
    fits small data sets faster and more tightly. "adam" and "sgd"
    compute in float32 whatever the dtype of ``X`` (unless its
    standardised values reach 1e15), "lbfgs" in that dtype; the fitted
    weights and the predictions are in the dtype of ``X`` (float32 for
    float32, else float64).""",
    "alpha": """\
alpha : float, default=1e-4
    Strength of the L2 penalty ``alpha / 2 * ||W||^2`` on the weights
    (not the biases), added to the mean loss over the samples.""",
    "input_noise": """\
input_noise : float, default=0.2
    Standard deviation of the Gaussian noise that "adam" and "sgd" add to
    the training inputs at every present step, drawn afresh for each
    minibatch, in units of each feature's standard deviation under
    ``standardize_inputs``; prediction, validation and "lbfgs" see none.
    A regulariser for a few long series; set 0 where small differences
    between exact values decide. See :ref:`input-noise` in the user
    guide.""",
    "ema_momentum": """\
ema_momentum : float in [0, 1) or None, default=0.9
    "adam" and "sgd" predict with an exponential moving average of the
    weights over the epochs, of this momentum; training goes on from the
    last weights. It smooths out the wander that ``input_noise`` causes.
    None predicts with the last weights. Unused with early stopping,
    which keeps the best epoch's weights, and by "lbfgs".""",
    "batch_size": """\
batch_size : int or "auto", default="auto"
    Largest minibatch of "adam" and "sgd"; "auto" is ``min(32,
    n_samples)``. Each epoch splits the samples into the fewest
    minibatches of at most this size, of equal sizes (36 samples in two
    of 18). Unused by "lbfgs".""",
    "learning_rate": """\
learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
    Step-size schedule of "sgd", with ``MLPClassifier``'s meanings:
    "constant" keeps ``learning_rate_init``; "invscaling" sets it to
    ``learning_rate_init / (t + 1) ** power_t`` after each epoch, ``t``
    being the number of samples seen; "adaptive" keeps it while
    training improves and divides it by 5 each time it stalls for
    ``n_iter_no_change`` epochs, stopping only once it is below 1e-6.""",
    "learning_rate_init": """\
learning_rate_init : float, default=1e-2
    Step size of "adam" and "sgd". Ten times ``MLPClassifier``'s default:
    with gradient clipping, it trains recurrent networks faster.""",
    "power_t": """\
power_t : float, default=0.5
    Exponent of the "invscaling" schedule.""",
    "max_iter": """\
max_iter : int, default=1000
    Maximum number of iterations of "lbfgs", or of epochs of "adam" and
    "sgd". Under input noise the stop on the loss without noise usually
    ends training far sooner (see :ref:`input-noise`).""",
    "tol": """\
tol : float, default=1e-4
    Tolerance: "lbfgs" stops when the largest gradient component falls
    below it; "adam" and "sgd" stop when the loss has not decreased by
    ``tol`` for ``n_iter_no_change`` epochs.""",
    "shuffle": """\
shuffle : bool, default=True
    Whether "adam" and "sgd" shuffle the samples every epoch.""",
    "random_state": """\
random_state : int, RandomState instance or None, default=None
    Seed of the weight initialisation, the validation split, the
    shuffling and the input noise. Pass an int for a ``fit`` that is
    reproducible on one machine.""",
    "verbose": """\
verbose : int, default=0
    Progress printed while training, a line per epoch (or L-BFGS
    iteration) with the losses and the time: with 1, at most about one
    line a second; with 2 or more, every one.""",
    "warm_start": """\
warm_start : bool, default=False
    Whether ``fit`` starts from the weights of the previous call, which
    needs the same architecture and, for classifiers, classes.""",
    "momentum": """\
momentum : float, default=0.9
    Momentum of "sgd".""",
    "nesterovs_momentum": """\
nesterovs_momentum : bool, default=True
    Whether "sgd" uses Nesterov's momentum.""",
    "early_stopping": """\
early_stopping : bool, default=False
    Whether "adam" and "sgd" hold out ``validation_fraction`` of the
    training data (stratified for classifiers), stop when its loss has
    not decreased by ``tol`` for ``n_iter_no_change`` epochs, and keep
    the weights of the epoch with the lowest validation loss. Unlike
    ``MLPClassifier``, the loss decides, not the score. Unused by
    "lbfgs" and ``partial_fit``.""",
    "validation_fraction": """\
validation_fraction : float, default=0.1
    Share of the training data held out for early stopping (at least two
    samples).""",
    "beta_1": """\
beta_1 : float, default=0.9
    Decay rate of Adam's first moment estimates.""",
    "beta_2": """\
beta_2 : float, default=0.999
    Decay rate of Adam's second moment estimates.""",
    "epsilon": """\
epsilon : float, default=1e-8
    Adam's numerical stabiliser.""",
    "n_iter_no_change": """\
n_iter_no_change : int or inf, default=100
    Epochs without an improvement of ``tol`` after which "adam" and "sgd"
    stop (or "adaptive" lowers the step size). Without early stopping,
    they count only once the training loss is below a tenth of a constant
    output's, so that training does not stop on the initial plateau. See
    :ref:`input-noise` for the stop under ``input_noise``.""",
    "max_grad_norm": """\
max_grad_norm : float or None, default=5.0
    "adam" and "sgd" rescale each minibatch gradient whose Euclidean norm
    exceeds this, against exploding gradients; None turns clipping off.
    "lbfgs" does not clip.""",
    "max_fun": """\
max_fun : int, default=15000
    Maximum number of loss evaluations of "lbfgs".""",
    "class_weight": """\
class_weight : dict, "balanced" or None, default=None
    Weights of the classes, multiplying ``sample_weight``: a dict
    ``{class: weight}``, or "balanced" for ``n_samples / (n_classes *
    count)``. "balanced" is not available in ``partial_fit``.""",
    "fill_value": """\
fill_value : int, float or str, default=-1
    The value of ``y`` at steps without a class (after each sequence's
    end, or a step that has no label): such steps get no loss and no
    score. Use a value no class has, of the labels' kind: -1 for
    integer classes, "" for strings (as :func:`~sklearn_rnn.pad_targets`
    pads). A fill value of another kind than the labels would equal no
    step and become a class, so it is refused (a number among string
    labels, a string among numbers), as are labels that mix strings and
    numbers, and None or NaN (NaN equals nothing, and scikit-learn's
    cross-validation cannot handle None or NaN in a label array).""",
}


def _with_default(name, default):
    """The shared entry of the parameter ``name`` with another default."""
    head, body = PARAMETERS[name].split("\n", 1)
    return f"{head.rsplit('default=', 1)[0]}default={default}\n{body}"


# The defaults of the estimators that add no input noise, where they differ
# from RNNClassifier's.
NOISELESS_PARAMETERS = {
    name: _with_default(name, default)
    for name, default in [("input_noise", "0.0"), ("ema_momentum", "None"),
                          ("n_iter_no_change", "50"), ("max_iter", "500")]
}

# The regressor's own defaults, where they differ from the classifier's.
REGRESSOR_PARAMETERS = {
    **NOISELESS_PARAMETERS,
    "readout": """\
readout : {"last", "mean", "max"} or tuple of them, default=("last",)
    What the output layer reads of the top layer: "last", the state at
    each sequence's last present step (and, if bidirectional, the
    backward state at its first); "mean" and "max", the mean and the
    maximum of the states over the present steps. Several are read side
    by side. For forecasting, the last state did as well as all three,
    in less time.""",
    "early_stopping": """\
early_stopping : bool, default=True
    Whether "adam" and "sgd" hold out ``validation_fraction`` of the
    training data, stop when its loss has not decreased by ``tol`` for
    ``n_iter_no_change`` epochs, and keep the weights of the epoch with
    the lowest validation loss. On by default, unlike ``MLPRegressor``:
    trained to the end, a recurrent regressor overfits small data sets.
    Unused by "lbfgs" and ``partial_fit``; a fit on fewer than three
    distinct samples trains without it, with a warning.""",
    "normalize_sequences": """\
normalize_sequences : bool or "auto", default="auto"
    Whether each sequence's level, the last present value of each
    feature, is taken off its inputs and targets and added back to the
    prediction (reversible instance normalisation; see
    ``normalizes_sequences_``): the network then learns the change from
    the last value, and can forecast a trending series beyond the levels
    it was trained on. Output ``j`` gets back the level of feature
    ``j % n_features``, so True needs a multiple of the number of
    features as outputs. "auto" normalises when the last value predicts
    the training targets with a mean squared error of at most half their
    variance. See :doc:`/forecasting`.""",
    "linear_steps": """\
linear_steps : int or None, default=None
    How many of the last present input steps of each sequence the output
    also reads linearly, beside the recurrent layers (an autoregressive
    path, ``weights_["highway.weight"]``, newest step first); None: every
    step of the first fit's sequences; 0: none. The path starts at the
    ridge regression of the targets on those steps, so that training
    starts from the best linear model of the recent past. See
    :doc:`/forecasting`.""",
    "learning_rate_init_regressor": """\
learning_rate_init : float, default=1e-3
    Step size of "adam" and "sgd"; lower than the classifier's, so that
    the first epochs do not carry a small data set away from the linear
    path's ridge start.""",
    "max_iter_regressor": """\
max_iter : int, default=300
    Maximum number of iterations of "lbfgs", or of epochs of the
    stochastic solvers; early stopping usually ends training sooner.""",
    "batch_size_regressor": """\
batch_size : int or "auto", default="auto"
    Largest minibatch of "adam" and "sgd"; "auto" is ``min(32,
    n_samples)`` up to 1024 samples, then a 32nd of them, at most 128
    (larger minibatches run faster per sample). Each epoch splits the
    samples into the fewest minibatches of at most this size, of equal
    sizes. Unused by "lbfgs".""",
    "n_iter_no_change_regressor": """\
n_iter_no_change : int, default=20
    Maximum number of epochs without an improvement of ``tol`` in the
    validation loss (the training loss without early stopping) before the
    stochastic solvers stop. With early stopping, the fit waits a third
    of the epochs up to the best validation loss, at least half of
    ``n_iter_no_change`` and at most all of it: a fit whose best epoch came
    first gives up sooner.""",
}

ATTRIBUTES = {
    "normalizes_sequences_": """\
normalizes_sequences_ : bool
    Whether the fit removed each sequence's level from its inputs and
    targets (``normalize_sequences``); the prediction restores it.""",
    "classes_": """\
classes_ : ndarray of shape (n_classes,)
    Class labels.""",
    "loss_": """\
loss_ : float
    Training loss (penalty included) of the weights kept at the end of
    ``fit``; after ``partial_fit``, the mean loss over its epoch's batches,
    as ``loss_curve_[-1]``.""",
    "loss_curve_": """\
loss_curve_ : list of float
    Training loss after each iteration (lbfgs) or epoch; ``partial_fit``
    appends to it.""",
    "clean_loss_curve_": """\
clean_loss_curve_ : list of float
    Under ``input_noise`` and without early stopping, the model's loss on
    the training data without noise, penalty aside: the loss that decides
    when training has fit the data. Read after every 4th epoch (NaN after
    the others). Not set otherwise.""",
    "best_loss_": """\
best_loss_ : float or None
    Lowest value of ``loss_curve_``; None under early stopping.""",
    "validation_scores_": """\
validation_scores_ : list of float
    Score (accuracy for classifiers, R^2 for regressors) on the held-out
    data after each epoch, with ``early_stopping``.""",
    "validation_loss_curve_": """\
validation_loss_curve_ : list of float
    Loss (penalty included) on the held-out data after each epoch, with
    ``early_stopping``.""",
    "best_validation_loss_": """\
best_validation_loss_ : float
    Lowest value of ``validation_loss_curve_``: that of the weights kept.""",
    "best_validation_score_": """\
best_validation_score_ : float
    Validation score of the weights kept (those of the epoch with the
    lowest validation loss).""",
    "t_": """\
t_ : int
    Number of training samples seen by "adam" and "sgd", duplicates
    included, those of weight zero or held out for validation not;
    absent after "lbfgs".""",
    "n_iter_": """\
n_iter_ : int
    Number of iterations or epochs run by ``fit``, or of calls to
    ``partial_fit``.""",
    "n_features_in_": """\
n_features_in_ : int
    Number of features per time step for 3-D input; for 2-D input the
    number of columns, i.e. time steps, as in scikit-learn.""",
    "feature_names_in_": """\
feature_names_in_ : ndarray of shape (`n_features_in_`,)
    Column names of a DataFrame ``X``, when it had string names.""",
    "input_mean_": """\
input_mean_ : ndarray of shape (n_sequence_features,) or None
    Weighted mean of each feature over the present training steps (one
    feature for 2-D input); None when ``standardize_inputs=False``.""",
    "input_scale_": """\
input_scale_ : ndarray of shape (n_sequence_features,) or None
    Weighted standard deviation of each feature over the present training
    steps (1 for a constant feature); None when
    ``standardize_inputs=False``.""",
    "target_mean_": """\
target_mean_ : ndarray of shape (n_outputs,) or None
    Weighted mean of each target over the training samples; None when
    ``standardize_targets=False``.""",
    "target_scale_": """\
target_scale_ : ndarray of shape (n_outputs,) or None
    Weighted standard deviation of each target over the training samples
    (1 for a constant target); None when ``standardize_targets=False``.""",
    "n_outputs_": """\
n_outputs_ : int
    Number of output units.""",
    "weights_": """\
weights_ : dict of str to ndarray
    The learned parameters the estimator predicts with (under
    ``ema_momentum``, the moving average of the weights), with the
    standardisation of the inputs (and targets) folded in, named and
    shaped as the ``state_dict`` of a PyTorch module of a
    ``torch.nn.RNN``, ``GRU`` or ``LSTM`` named ``rnn`` and a
    ``torch.nn.Linear`` named ``linear``: ``rnn.weight_ih_l0``, ...,
    ``linear.weight``, ``linear.bias``. See :doc:`/deploy`.""",
}

# The attributes every recurrent estimator has, in the order documented.
COMMON_ATTRIBUTES = [
    "loss_", "loss_curve_", "clean_loss_curve_", "best_loss_", "validation_scores_",
    "validation_loss_curve_", "best_validation_loss_", "best_validation_score_",
    "t_", "n_iter_", "n_features_in_", "feature_names_in_", "n_outputs_",
    "input_mean_", "input_scale_", "weights_",
]


# The methods whose parameters mean something else for targets at every
# step; documented() gives the step estimators copies of them with these
# docstrings, built from the parts below (indented as method docstrings).
_X_FIT = """
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            Sequences, NaN-padded: a time step whose features are all NaN is
            absent. 2-D input is a batch of univariate sequences.
"""
_X_PARTIAL_FIT = """
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.
"""
_STEP_WEIGHT = """
        sample_weight : array-like of shape (n_samples,) or \
                (n_samples, n_timesteps), default=None
            Weights of the sequences, or of each step, in the loss.
"""
_PARTIAL_FIT_SUMMARY = """Train for one epoch on the given data, keeping the weights and the
        optimizer's state between calls (solvers "adam" and "sgd").
"""


def _method_doc(summary, x, y, *more, returns="The fitted estimator."):
    """A step estimator's fit or partial_fit docstring from its parts."""
    parameters = "".join([x, y, _STEP_WEIGHT, *more])
    return (
        f"{summary}\n        Parameters\n        ----------{parameters}\n"
        f"        Returns\n        -------\n        self : object\n"
        f"            {returns}\n        "
    )


STEP_CLASSIFIER_FIT = _method_doc(
    "Fit the model to sequences ``X`` and the classes of their steps ``y``.\n",
    _X_FIT,
    """
        y : array-like of shape (n_samples, n_timesteps) or (n_samples,)
            The class of every step, ``fill_value`` at steps without one; or
            the class of every sequence. Steps of ``y`` after the last of
            ``X`` are dropped if they are all ``fill_value`` (as when
            :class:`~sklearn_rnn.preprocessing.SequencePadder` pads a fold
            to fewer steps than ``y`` was padded to), refused otherwise.
""",
)

STEP_CLASSIFIER_PARTIAL_FIT = _method_doc(
    _PARTIAL_FIT_SUMMARY,
    _X_PARTIAL_FIT,
    """
        y : array-like of shape (n_samples, n_timesteps) or (n_samples,)
            Classes, all among ``classes``, as in ``fit``; of the same kind
            (per step or per sequence) on every call.
""",
    """
        classes : array-like of shape (n_classes,), default=None
            All the classes that ``y`` may hold over all calls, without
            ``fill_value``; required on the first call.
""",
    returns="The estimator.",
)

STEP_REGRESSOR_FIT = _method_doc(
    "Fit the model to sequences ``X`` and the targets of their steps ``y``.\n",
    _X_FIT,
    """
        y : array-like of shape (n_samples, n_timesteps) or (n_samples,)
            The target of every step, NaN at steps without one; or the
            target of every sequence. Steps of ``y`` after the last of
            ``X`` are dropped if they are all NaN (as when
            :class:`~sklearn_rnn.preprocessing.SequencePadder` pads a fold
            to fewer steps than ``y`` was padded to), refused otherwise.
""",
)

STEP_REGRESSOR_PARTIAL_FIT = _method_doc(
    _PARTIAL_FIT_SUMMARY,
    _X_PARTIAL_FIT,
    """
        y : array-like of shape (n_samples, n_timesteps) or (n_samples,)
            Targets as in ``fit``, of the same kind on every call.
""",
    returns="The estimator.",
)


def _section(title, entries):
    body = "\n\n".join(entries)
    return f"{title}\n{'-' * len(title)}\n{body}\n"


def compose(summary, parameters, attributes, *sections, own=None):
    """A numpydoc docstring: ``summary``, then the entries of
    ``parameters`` and ``attributes`` (lists of names), then ``sections``
    (whole numpydoc sections, such as "See Also" and "Examples"). ``own``
    maps names of parameters to entries that replace the shared ones."""
    entries = {**PARAMETERS, **(own or {})}
    parts = [
        textwrap.dedent(summary).strip() + "\n",
        _section("Parameters", [entries[name] for name in parameters]),
        _section("Attributes", [ATTRIBUTES[name] for name in attributes]),
        *(textwrap.dedent(section).strip() + "\n" for section in sections),
    ]
    return textwrap.indent("\n".join(parts), "    ").lstrip()


def documented(summary, attributes, *sections, own=None, methods=None):
    """Class decorator: the docstring of :func:`compose` for the parameters
    of the class's ``__init__``; ``own`` as there, for the parameters whose
    default or meaning is the estimator's own. ``methods`` maps names of
    inherited methods to the docstrings of the class's copies of them."""

    def decorate(cls):
        names = list(inspect.signature(cls.__init__).parameters)[1:]
        cls.__doc__ = compose(summary, names, attributes, *sections, own=own)
        for name, doc in (methods or {}).items():
            setattr(cls, name, _redocumented(_inherited(cls, name), doc))
        return cls

    return decorate


def _inherited(cls, name):
    """The attribute ``name`` as the nearest base class of ``cls`` defines it."""
    return next(vars(base)[name] for base in cls.__mro__[1:] if name in vars(base))


def _redocumented(method, doc):
    """A copy of the function ``method`` with the docstring ``doc``; of the
    function behind it, for a method of ``available_if``."""
    if not isinstance(method, FunctionType):
        return available_if(method.check)(_redocumented(method.fn, doc))
    copy = FunctionType(method.__code__, method.__globals__, method.__name__,
                        method.__defaults__, method.__closure__)
    copy.__dict__.update(method.__dict__)
    copy.__kwdefaults__, copy.__qualname__ = method.__kwdefaults__, method.__qualname__
    copy.__doc__ = doc
    return copy
