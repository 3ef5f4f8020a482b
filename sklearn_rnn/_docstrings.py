"""The documentation of the estimators' parameters and attributes, written once.

Each entry is a numpydoc item; :func:`documented` builds an estimator's
docstring from its summary, the entries of the parameters of its
``__init__`` (in their order) and of the attributes it names, and its own
sections.
"""

# SPDX-License-Identifier: BSD-3-Clause

import inspect
import textwrap

PARAMETERS = {
    "hidden_layer_sizes": """\
hidden_layer_sizes : int or tuple of int, default=(32,)
    Number of units of each recurrent layer, bottom first; layer k reads
    the sequence of hidden states of layer k-1.""",
    "activation": """\
activation : {"tanh", "relu"}, default="tanh"
    Nonlinearity ``f`` of the vanilla cell's state update
    ``h_t = f(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)``. The gated
    cells have PyTorch's fixed sigmoid gates and tanh, and accept only
    "tanh".""",
    "cell": """\
cell : {"rnn", "gru", "lstm"}, default="gru"
    Recurrent cell of every layer, with the equations and gate order of
    ``torch.nn.RNN`` (the vanilla cell, the classic Elman network),
    ``torch.nn.GRU`` (gates r, z, n; the reset gate scales ``h_{t-1}
    W_hn^T + b_hn``) and ``torch.nn.LSTM`` (gates i, f, g, o). The gated
    cells learn dependencies over hundreds of steps better than the
    vanilla cell (on real series of 100 to 275 steps it was less accurate
    on every set we measured, near chance on one), at two to four times
    its cost per epoch; the GRU learned better than the LSTM on two of
    the five sets and as well on the others.""",
    "bidirectional": """\
bidirectional : bool, default=False
    Whether every layer also runs backwards over each sequence, from its
    last present step to its first, and passes both directions' states
    up side by side; the output layer then reads the forward state at
    the last present step and the backward state at the first.""",
    "readout": """\
readout : {"last", "mean", "max"} or tuple of them, \
        default=("last", "mean", "max")
    What the output layer reads of the top layer: "last", the state at
    each sequence's last present step (and, if bidirectional, the
    backward state at its first); "mean" and "max", the mean and the
    maximum of the states over the present steps, which let the output
    layer see every step directly. Several are read side by side, in the
    order given. All three learned best on the real data sets we
    measured: on long series (GunPoint, Trace, ArrowHead) the last state
    alone often stays near chance for hundreds of epochs.""",
    "standardize_inputs": """\
standardize_inputs : bool, default=True
    Whether the network reads each feature standardised, ``(x - mean) /
    scale``, with the weighted mean and standard deviation of the feature
    over the present steps of the training samples (``input_mean_``,
    ``input_scale_``): raw features of large or very different scales
    saturate the units otherwise. ``weights_`` fold the standardisation
    into the first layer, so that PyTorch reads raw inputs.
    :class:`~sklearn_rnn.preprocessing.SequenceScaler` does the same in a
    pipeline. A continuation (``warm_start``, ``partial_fit``) keeps the
    statistics of the first fit.""",
    "standardize_targets": """\
standardize_targets : bool, default=True
    Whether the network is trained on each target standardised with its
    weighted mean and standard deviation over the training samples
    (``target_mean_``, ``target_scale_``), and its outputs mapped back:
    targets far from unit scale are otherwise hard to reach from a small
    initialisation. The loss (``loss_``, ``loss_curve_``) is then that of
    the standardised targets, the squared error divided by
    ``target_scale_ ** 2``. ``weights_`` fold the mapping into the output
    layer, so that PyTorch predicts in the units of ``y``.""",
    "solver": """\
solver : {"adam", "sgd", "lbfgs"}, default="adam"
    Optimizer. "adam" and "sgd" train on minibatches; their gradient
    noise regularises, which on real data usually generalises better
    than "lbfgs", scipy's L-BFGS-B on the whole data set, which fits the
    training data faster and more precisely.""",
    "alpha": """\
alpha : float, default=1e-4
    Strength of the L2 penalty ``alpha / 2 * ||W||^2`` on the weights
    (not the biases), added to the mean loss over the samples.""",
    "input_noise": """\
input_noise : float, default=0.2
    Standard deviation of the Gaussian noise the stochastic solvers add
    to the inputs at every present step of each training minibatch, a
    fresh draw each time (as Keras's ``GaussianNoise`` layer): a
    regulariser against memorising few long series, in units of each
    feature's standard deviation when ``standardize_inputs`` (else in
    the units of ``X``). Prediction, the validation data of early
    stopping and "lbfgs" see no noise. On by default in
    :class:`~sklearn_rnn.RNNClassifier` only, with ``ema_momentum=0.9`` and
    ``n_iter_no_change=100``: over five seeds on the shared real sets
    they raised ArrowHead's (36 training series) worst and median test
    accuracy from 0.640 and 0.680 to 0.731 and 0.783, and Japanese
    Vowels' median from 0.973 to 0.981, in about a fifth of the fit time
    (benchmarks/results_accuracy.md). Set 0 where small differences
    between exact values decide: a synthetic task whose class is the
    largest of three features at the last step got 0.85 to 0.92 with it
    against 0.92 to 0.93 without (three seeds), and an LSTM did not
    learn a 100-step memory task in 80 epochs with it that it learns in
    20 without (the GRU learns it either way). It made yearly sunspot
    forecasts worse, and is off in the regressors.""",
    "ema_momentum": """\
ema_momentum : float in [0, 1) or None, default=0.9
    The stochastic solvers average the weights over the epochs, each
    epoch's weights entering an exponential moving average with weight
    ``1 - ema_momentum`` (as Keras's ``use_ema``, per epoch instead of per
    step), and the estimator predicts with that average (``weights_``);
    training, and ``partial_fit``, go on from the last weights. None
    predicts with the last weights. Unused with early stopping, which
    keeps the weights of the best epoch, and by "lbfgs". Under
    ``input_noise`` the last weights, and their test accuracy, wander
    from epoch to epoch; 0.9 (about the last ten epochs) smoothed that
    out (``input_noise=0.1``, the worst of five seeds on GunPoint: 0.933
    with the last weights, 0.973 with the average). The average lags
    behind the last weights by about ``1 / (1 - ema_momentum)`` epochs,
    which tells in a fit cut short by a small ``max_iter``.""",
    "batch_size": """\
batch_size : int or "auto", default="auto"
    Largest minibatch of the stochastic solvers; "auto" is
    ``min(32, n_samples)``. Each epoch splits the samples into the fewest
    minibatches of at most this size, of equal size within one sample
    (36 samples in two batches of 18, not 32 and 4: a small remainder
    batch would take as large a step as a full one on a far noisier
    gradient). Unused by "lbfgs".""",
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
    Step size of "adam" and "sgd". Higher than ``MLPClassifier``'s
    default: with gradient clipping, it trains recurrent networks faster
    and to better test scores on the data sets we measured.""",
    "power_t": """\
power_t : float, default=0.5
    Exponent of the "invscaling" schedule.""",
    "max_iter": """\
max_iter : int, default=500
    Maximum number of iterations of "lbfgs", or of epochs of the
    stochastic solvers.""",
    "tol": """\
tol : float, default=1e-4
    Tolerance. "lbfgs" stops when the largest gradient component falls
    below it; the stochastic solvers stop when the training loss (with
    ``early_stopping``, the validation loss) has not decreased by
    ``tol`` for ``n_iter_no_change`` consecutive epochs, as described
    there.""",
    "shuffle": """\
shuffle : bool, default=True
    Whether the stochastic solvers shuffle the samples every epoch.""",
    "random_state": """\
random_state : int, RandomState instance or None, default=None
    Seed of the weight initialisation, of the validation split and of
    the shuffling. An int makes ``fit`` reproducible to the bit on one
    machine; another CPU, whose BLAS sums products in another order, may
    end elsewhere.""",
    "verbose": """\
verbose : int, default=0
    Progress printed while training: a line per epoch (or L-BFGS
    iteration) with the training loss, the validation score under early
    stopping, and the seconds elapsed; with ``verbose=1``, at most about
    one line a second (and the last one always), with ``verbose=2`` or
    more, every one.""",
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
    training data (stratified for classifiers whenever every class can be
    represented), evaluate it after each epoch, stop when its loss has
    not decreased by ``tol`` for ``n_iter_no_change`` epochs, and keep
    the weights of the epoch with the lowest validation loss. Unlike
    ``MLPClassifier``, which decides on the validation score, the loss
    decides, as in Keras, skorch and
    ``HistGradientBoostingClassifier``: the score (accuracy, R^2) is
    recorded too, but on a small validation set it is coarse and
    saturates early. Unused by "lbfgs" and ``partial_fit``.""",
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
    Epochs without an improvement of ``tol`` after which the stochastic
    solvers stop (or "adaptive" lowers the step size). Without early
    stopping, unlike ``MLPClassifier``, epochs count only once the
    training loss has fallen below a tenth of the loss of a constant
    output (the class frequencies; the mean target): a recurrent network
    can sit near that loss for hundreds of epochs before it starts to
    learn, and stopping there leaves it at chance. A fit whose loss never
    gets that low runs for ``max_iter`` epochs. 100 in
    :class:`~sklearn_rnn.RNNClassifier`, 50 in the other estimators,
    which add no ``input_noise`` by default. Under ``input_noise`` the
    training loss is that of noisy inputs, whose best epoch is hard to
    beat: with 50, fits stopped while the test accuracy was still rising
    (ArrowHead with ``input_noise=0.1``,
    worst of five seeds 0.623 with 50, 0.731 with 100). Nor can it tell
    when the data are fit, so under ``input_noise`` (without early
    stopping) the model's loss on the training data without noise,
    penalty aside, is taken after each epoch (a forward pass), and
    training also stops once it is below 0.5 % of the loss of a constant
    output: Trace then stopped after 50 to 130 epochs instead of 300 to
    500, at the same test accuracy.""",
    "max_grad_norm": """\
max_grad_norm : float or None, default=5.0
    The stochastic solvers rescale each minibatch gradient whose
    Euclidean norm exceeds this, which keeps exploding gradients through
    time from wrecking training; None turns clipping off. L-BFGS needs
    the exact gradient and does not clip. Should the loss or a gradient
    still become infinite or NaN, training stops with a
    ``ConvergenceWarning`` and keeps the last finite weights.""",
    "max_fun": """\
max_fun : int, default=15000
    Maximum number of loss evaluations of "lbfgs".""",
    "class_weight": """\
class_weight : dict, "balanced" or None, default=None
    Weights of the classes, multiplying ``sample_weight``: a dict
    ``{class: weight}``, or "balanced" for weights inversely
    proportional to the (sample-weighted) class frequencies, as
    ``n_samples / (n_classes * count)``. "balanced" is not available in
    ``partial_fit``.""",
    "fill_value": """\
fill_value : scalar, default=-1
    The value of ``y`` at steps without a class (after each sequence's
    end, or a step that has no label): such steps get no loss and no
    score. Use a value no class has, of the labels' type: -1 for
    integer classes, "" for strings (as :func:`~sklearn_rnn.pad_targets`
    pads). Not None or NaN, which scikit-learn's cross-validation cannot
    handle in a label array.""",
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
                          ("n_iter_no_change", "50")]
}

# The regressor's own defaults, where they differ from the classifier's.
REGRESSOR_PARAMETERS = {
    **NOISELESS_PARAMETERS,
    "readout": """\
readout : {"last", "mean", "max"} or tuple of them, default=("last",)
    What the output layer reads of the top layer: "last", the state at
    each sequence's last present step (and, if bidirectional, the
    backward state at its first); "mean" and "max", the mean and the
    maximum of the states over the present steps, which let the output
    layer see every step directly. Several are read side by side, in the
    order given. For forecasting, the last state alone did as well as
    with the mean and the maximum beside it (yearly sunspots: median test
    RMSE 18.6 against 18.9 over five seeds), in three quarters of the time.""",
    "early_stopping": """\
early_stopping : bool, default=True
    Whether "adam" and "sgd" hold out ``validation_fraction`` of the
    training data, evaluate it after each epoch, stop when its loss has
    not decreased by ``tol`` for ``n_iter_no_change`` epochs, and keep
    the weights of the epoch with the lowest validation loss. On by
    default, unlike ``MLPRegressor``: trained to the end, a recurrent
    regressor overfits small real data sets (yearly sunspots over five
    seeds: test RMSE 22.5 to 26.8 without, 16.9 to 21.8 with). The loss decides, not the R^2,
    which is recorded too. Unused by "lbfgs" and ``partial_fit``; a fit
    on too few samples to hold out two raises an error, and needs
    ``early_stopping=False``.""",
    "normalize_sequences": """\
normalize_sequences : bool or "auto", default="auto"
    Whether each sequence's level, the last present value of each
    feature, is subtracted from its inputs and its targets, and added
    back to the prediction (reversible instance normalisation, RevIN,
    with the last value as level; ``normalizes_sequences_``): the network
    learns the change from the last value, and can forecast a trending
    series above every level it was trained on. The level of feature
    ``j % n_features`` is that of output ``j``, as for the targets of
    :func:`~sklearn_rnn.sliding_windows`; True with a number of outputs
    that is not a multiple of the number of features raises an error.
    "auto" normalises when it is a multiple and the last value predicts
    the training targets with a mean squared error of at most half their
    variance: targets that are the next values of the features and
    follow their level; not the targets of other quantities (Covid3Month's
    death rate from case counts) or seasonal ones that the last value
    predicts worse than their mean (wineind). Measured over five seeds
    (benchmarks/results_accuracy.md): weekly CO2 from test RMSE 1.07 to
    1.51 without to 0.38 to 0.39. Only the level is removed, not the
    scale. ``weights_`` are those of the network on the normalised
    sequences; the levels are outside it. Decided on the data of a new fit
    (the first call of ``partial_fit``) and kept while training goes on.""",
    "linear_steps": """\
linear_steps : int or None, default=None
    How many of the last present input steps of each sequence the output
    also reads linearly, beside the recurrent layers (LSTNet's
    autoregressive highway, ``weights_["highway.weight"]``, newest step
    first); None: every step of the training sequences (of a new fit's:
    later sequences of another length are read over as many steps); 0:
    none. A sequence of fewer present
    steps repeats its earliest one. The path starts at the ridge
    regression of the targets on the steps it reads (penalty by
    generalised cross-validation, fitted on all training samples,
    validation ones included), so that training starts from the best
    linear model of the recent past; on small, noisy sets, where a few
    epochs of a randomly started network land anywhere, this kept fits
    near or below ridge regression on the windows (woolyrnq, seeds 0-2,
    a path of 24 steps: worst test RMSE 1.40 times ridge's started at
    zero, 1.06 times started at ridge).""",
    "learning_rate_init_regressor": """\
learning_rate_init : float, default=1e-3
    Step size of "adam" and "sgd". Lower than the classifier's: from the
    linear path's ridge start, larger steps moved small sets away from
    it within an epoch or two (CardanoSentiment, seeds 0-2: worst test
    RMSE 1.05 times the training mean's at 3e-3, 1.01 at 1e-3).""",
    "max_iter_regressor": """\
max_iter : int, default=80
    Maximum number of iterations of "lbfgs", or of epochs of the
    stochastic solvers. 80 keeps a fit of the 3,187 windows of 48 steps
    of the half-hourly electricity demand (taylor) under 30 seconds on a
    shared two-core machine; sets of a few hundred windows stop earlier,
    on the validation loss.""",
    "n_iter_no_change_regressor": """\
n_iter_no_change : int, default=20
    Maximum number of epochs without an improvement of ``tol`` in the
    loss (see ``tol``) before the stochastic solvers stop. From the
    linear path's ridge start, the best validation loss on the measured
    sets came within a few epochs or not for many; 20 gave the same or
    a lower test RMSE than 50 on the five small shared sets (seeds 0-2),
    in under half the time.""",
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
    Number of training samples seen by the stochastic solvers, counting
    identical samples as many times as they occur and leaving out those
    of weight zero and those held out for validation; absent after
    "lbfgs".""",
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
    Weighted mean of each feature over the present training steps, which
    the network subtracts; None when ``standardize_inputs=False``.
    ``n_sequence_features`` is the size of the last axis of 3-D input and
    1 for 2-D input.""",
    "input_scale_": """\
input_scale_ : ndarray of shape (n_sequence_features,) or None
    Weighted standard deviation of each feature over the present training
    steps (1 for a constant feature), which the network divides by; None
    when ``standardize_inputs=False``.""",
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
    ``ema_momentum``, the moving average of the weights over the epochs),
    with the standardisation of the inputs (and targets) folded in,
    named and shaped as the ``state_dict`` of a
    PyTorch module with members ``rnn = torch.nn.RNN(n_features, hidden,
    num_layers, nonlinearity=activation, batch_first=True,
    bidirectional=bidirectional)`` (``torch.nn.GRU`` or
    ``torch.nn.LSTM`` for the gated cells) and ``linear =
    torch.nn.Linear(n_directions * hidden, n_outputs)``:
    ``rnn.weight_ih_l0`` of shape (n_gates * hidden, n_features),
    ``rnn.weight_hh_l0``, ``rnn.bias_ih_l0``, ``rnn.bias_hh_l0``, then
    the same with ``_reverse`` for the backward direction, ..., and
    ``linear.weight``, ``linear.bias``; n_gates is 1, 3 and 4 for
    "rnn", "gru" and "lstm". PyTorch needs equal sizes in
    ``hidden_layer_sizes``.""",
}

# The attributes every recurrent estimator has, in the order documented.
COMMON_ATTRIBUTES = [
    "loss_", "loss_curve_", "best_loss_", "validation_scores_",
    "validation_loss_curve_", "best_validation_loss_", "best_validation_score_",
    "t_", "n_iter_", "n_features_in_", "feature_names_in_", "n_outputs_",
    "input_mean_", "input_scale_", "weights_",
]


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


def documented(summary, attributes, *sections, own=None):
    """Class decorator: the docstring of :func:`compose` for the parameters
    of the class's ``__init__``; ``own`` as there, for the parameters whose
    default or meaning is the estimator's own."""

    def decorate(cls):
        names = list(inspect.signature(cls.__init__).parameters)[1:]
        cls.__doc__ = compose(summary, names, attributes, *sections, own=own)
        return cls

    return decorate
