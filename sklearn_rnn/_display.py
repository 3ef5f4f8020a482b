"""A picture of a fit: its loss curves over the epochs."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.utils.validation import check_is_fitted


class LossCurveDisplay:
    """Loss curves of a fitted recurrent estimator over its epochs.

    The training loss of each epoch (the mean over its minibatches, with
    the input noise if any), the loss without noise that decides when the
    data are fit (``clean_loss_curve_``, under ``input_noise``), the
    validation loss under early stopping and, on a second axis, the
    validation score; a vertical line marks the epoch whose weights the
    model kept. Create it with :meth:`from_estimator`; matplotlib is
    needed to plot, and is no dependency of sklearn-rnn.

    Parameters
    ----------
    loss_curve : list of float
        The training loss after each epoch (L-BFGS: iteration).

    clean_loss_curve : list of float, default=None
        The loss without input noise after each epoch, NaN where it was
        not read; drawn where it was.

    validation_loss_curve : list of float, default=None
        The validation loss after each epoch.

    validation_scores : list of float, default=None
        The validation score after each epoch.

    kept_epoch : int, default=None
        The epoch (counted from 1) whose weights the model kept; None: the
        last.

    estimator_name : str, default=None
        The name in the title.

    Attributes
    ----------
    ax_ : matplotlib Axes
        The axes of the losses.

    score_ax_ : matplotlib Axes or None
        The second axes, of the validation score.

    figure_ : matplotlib Figure
        The figure.

    lines_ : dict of str to matplotlib Line2D
        The lines, by name: "training", "without noise", "validation",
        "validation score" and "kept", those that are drawn.

    See Also
    --------
    sklearn.model_selection.LearningCurveDisplay : Scores against the
        number of training samples.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn_rnn import RNNClassifier
    >>> from sklearn_rnn.datasets import load_japanese_vowels
    >>> from sklearn_rnn.inspection import LossCurveDisplay
    >>> X, y = load_japanese_vowels(return_X_y=True)
    >>> clf = RNNClassifier(max_iter=10, random_state=0).fit(X, y)
    >>> display = LossCurveDisplay.from_estimator(clf)
    >>> sorted(display.lines_)
    ['kept', 'training', 'without noise']
    """

    def __init__(self, *, loss_curve, clean_loss_curve=None, validation_loss_curve=None,
                 validation_scores=None, kept_epoch=None, estimator_name=None):
        self.loss_curve = loss_curve
        self.clean_loss_curve = clean_loss_curve
        self.validation_loss_curve = validation_loss_curve
        self.validation_scores = validation_scores
        self.kept_epoch = kept_epoch
        self.estimator_name = estimator_name

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, log_scale=True):
        """Plot the loss curves of a fitted estimator.

        Parameters
        ----------
        estimator : RNNClassifier, RNNRegressor, RNNStepClassifier or \
                RNNStepRegressor
            A fitted estimator.

        ax : matplotlib Axes, default=None
            Where to draw; a new figure by default.

        log_scale : bool, default=True
            Whether the loss axis is logarithmic.

        Returns
        -------
        display : LossCurveDisplay
        """
        check_is_fitted(estimator, "loss_curve_")
        validation = getattr(estimator, "validation_loss_curve_", None)
        kept = None
        if validation:
            kept = int(np.argmin(validation)) + 1
        display = cls(
            loss_curve=estimator.loss_curve_,
            clean_loss_curve=getattr(estimator, "clean_loss_curve_", None),
            validation_loss_curve=validation,
            validation_scores=getattr(estimator, "validation_scores_", None),
            kept_epoch=kept,
            estimator_name=type(estimator).__name__,
        )
        return display.plot(ax=ax, log_scale=log_scale)

    def plot(self, ax=None, *, log_scale=True):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure by default.

        log_scale : bool, default=True
            Whether the loss axis is logarithmic.

        Returns
        -------
        display : LossCurveDisplay
            This display, with ``ax_``, ``score_ax_``, ``figure_`` and
            ``lines_``.
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        lines = {}
        curves = [("training", "training loss", self.loss_curve),
                  ("without noise", "loss without noise", self.clean_loss_curve),
                  ("validation", "validation loss", self.validation_loss_curve)]
        drawn = []
        for name, label, curve in curves:
            # The loss without noise is NaN at the epochs it was not read.
            curve = np.asarray([] if curve is None else curve, dtype=float)
            read = np.isfinite(curve)
            if not read.any():
                continue
            epochs = np.arange(1, len(curve) + 1)
            marked = {} if read.all() else {"marker": "o", "markersize": 3}
            lines[name] = ax.plot(epochs[read], curve[read], label=label, **marked)[0]
            drawn.append(curve[read])
        kept = len(self.loss_curve) if self.kept_epoch is None else self.kept_epoch
        lines["kept"] = ax.axvline(kept, color="grey", linestyle="--",
                                   label=f"kept: epoch {kept}")
        if log_scale and all(c.min() > 0 for c in drawn):
            ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        score_ax = None
        if self.validation_scores is not None and len(self.validation_scores):
            score_ax = ax.twinx()
            epochs = np.arange(1, len(self.validation_scores) + 1)
            lines["validation score"] = score_ax.plot(
                epochs, self.validation_scores, color="black", alpha=0.5,
                label="validation score")[0]
            score_ax.set_ylabel("validation score")
        ax.legend(handles=list(lines.values()), loc="best")
        if self.estimator_name:
            ax.set_title(f"{self.estimator_name}: loss over the epochs")
        self.ax_, self.score_ax_, self.figure_, self.lines_ = ax, score_ax, ax.figure, lines
        return self
