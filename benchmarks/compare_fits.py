"""Fits at two git revisions, compared bit for bit.

A change of structure must not change what the estimators compute: this
script fits the estimators of two revisions (or the working tree) side by
side in one process, over every solver, cell, direction and training option,
on data with variable lengths and missing steps, and compares the fitted
weights, loss curves, iteration and sample counts, validation curves and
predictions for exact equality. Only the public API is used, so any two
revisions can be compared.

    python benchmarks/compare_fits.py HEAD~1 WORKTREE
    python benchmarks/compare_fits.py 1f1e9b2 HEAD --quick

It prints one line per configuration and exits with status 1 if any differs.
"""

import argparse
import itertools
import sys
import tempfile
import warnings

import numpy as np

from revisions import load_package


def data(seed=0, n_samples=60, n_steps=9, n_features=3):
    """Variable lengths (padded at the end and at the start), missing steps,
    no duplicate samples."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, n_steps, n_features))
    lengths = rng.randint(2, n_steps + 1, size=n_samples)
    X[np.arange(n_steps) >= lengths[:, None]] = np.nan
    X[::7, 0] = np.nan
    X[3::5, 4] = np.nan
    y_class = np.array(["a", "b", "c"])[X[:, 0, 0].argsort().argsort() % 3]
    y_reg = np.nan_to_num(X[:, :, 0]).sum(axis=1)
    return X, y_class, y_reg, rng.uniform(0.5, 2.0, size=n_samples)


def configurations(quick):
    """(name, estimator kind, parameters, how to fit)."""
    cells = ["rnn", "gru", "lstm"]
    for kind, solver, cell, bidirectional in itertools.product(
        ["classifier", "regressor"], ["adam", "sgd", "lbfgs"], cells, [False, True]
    ):
        if quick and (bidirectional or kind == "regressor" and cell != "gru"):
            continue
        params = dict(solver=solver, cell=cell, bidirectional=bidirectional,
                      hidden_layer_sizes=(5, 4), max_iter=4)
        yield f"{kind} {solver} {cell} bi={bidirectional}", kind, params, "fit"
    options = [
        ("classifier", dict(early_stopping=True, validation_fraction=0.2), "fit"),
        ("regressor", dict(early_stopping=True, solver="sgd", cell="gru"), "fit"),
        ("classifier", dict(cell="rnn", activation="relu", solver="sgd",
                            learning_rate="invscaling",
                            power_t=0.3, nesterovs_momentum=False), "fit"),
        ("regressor", dict(solver="sgd", learning_rate="adaptive", tol=10.0,
                           n_iter_no_change=1, max_iter=30), "fit"),
        ("classifier", dict(class_weight="balanced", cell="lstm"), "fit"),
        ("classifier", dict(class_weight={"a": 2.0, "b": 1.0, "c": 0.5}), "fit"),
        ("classifier", dict(cell="gru"), "sample_weight"),
        ("regressor", dict(solver="lbfgs", cell="lstm"), "sample_weight"),
        ("classifier", dict(cell="gru", batch_size=7, shuffle=False,
                            max_grad_norm=None, alpha=0.0), "fit"),
        ("classifier", dict(cell="lstm", bidirectional=True), "float32"),
        ("regressor", dict(cell="rnn"), "two_outputs"),
        ("classifier", dict(cell="gru"), "two_d"),
        ("regressor", dict(cell="gru"), "one_feature"),
        ("classifier", dict(cell="lstm", solver="lbfgs", bidirectional=True), "one_feature"),
        ("classifier", dict(cell="gru", warm_start=True), "warm_start"),
        ("regressor", dict(cell="lstm", solver="sgd"), "partial_fit"),
        ("classifier", dict(cell="rnn", bidirectional=True), "partial_fit"),
        ("regressor", dict(cell="rnn", activation="relu", solver="sgd", learning_rate_init=10.0,
                           momentum=0.99, max_grad_norm=None, max_iter=30), "diverge"),
        ("classifier", dict(n_iter_no_change=2, tol=0.5, max_iter=50), "fit"),
        ("step_classifier", dict(cell="gru", early_stopping=True), "fit"),
        ("step_regressor", dict(cell="lstm", bidirectional=True), "fit"),
        ("step_regressor", dict(cell="gru", solver="sgd"), "partial_fit"),
    ]
    for i, (kind, params, how) in enumerate(options):
        if quick and i % 3:
            continue
        params = {"hidden_layer_sizes": (6,), "max_iter": 6, **params}
        yield f"{kind} {how} {params}", kind, params, how


def run(package, kind, params, how):
    """Fit as ``how`` says; the fitted quantities to compare."""
    X, y_class, y_reg, weight = data()
    Estimator = {"classifier": package.RNNClassifier, "regressor": package.RNNRegressor,
                 "step_classifier": package.RNNStepClassifier,
                 "step_regressor": package.RNNStepRegressor}[kind]
    y = y_class if kind == "classifier" else y_reg
    if kind.startswith("step"):
        # A target at every step: the running sign (classes) or sum (values)
        # of the first feature, none at absent steps.
        running = np.cumsum(np.nan_to_num(X[:, :, 0]), axis=1)
        absent = np.isnan(X).all(axis=2)
        y = np.where(absent, -1, (running > 0).astype(int)) if kind == "step_classifier" \
            else np.where(absent, np.nan, running)
    est = Estimator(random_state=0, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if how == "sample_weight":
            est.fit(X, y, sample_weight=weight)
        elif how == "float32":
            est.fit(X.astype(np.float32), y)
        elif how == "two_outputs":
            y = np.stack([y, -2 * y], axis=1)
            est.fit(X, y)
        elif how == "two_d":
            X = np.nan_to_num(X[:, :, 0])
            est.fit(X, y)
        elif how == "one_feature":
            X = X[:, :, :1]
            est.fit(X, y)
        elif how == "warm_start":
            est.fit(X, y).fit(X[::-1], y[::-1])
        elif how == "partial_fit":
            kwargs = {"classes": np.unique(y)} if kind == "classifier" else {}
            for chunk in np.array_split(np.arange(len(X)), 3):
                est.partial_fit(X[chunk], y[chunk], **kwargs)
                kwargs = {}
        elif how == "diverge":
            est.fit(100 * X, 1000 * y)
        else:
            est.fit(X, y)
        outputs = (est.decision_function(X) if kind.endswith("classifier")
                   else est.predict(X))
    fitted = {name: getattr(est, name) for name in (
        "loss_", "loss_curve_", "best_loss_", "n_iter_", "t_", "validation_scores_",
        "validation_loss_curve_", "best_validation_loss_", "best_validation_score_",
    ) if hasattr(est, name)}
    fitted["weights_"] = {k: v.tobytes() for k, v in est.weights_.items()}
    fitted["outputs"] = np.asarray(outputs).tobytes()
    return fitted


def differences(a, b):
    """Names of the fitted quantities that are not exactly equal."""
    names = sorted(set(a) | set(b))
    return [n for n in names if n not in a or n not in b or repr(a[n]) != repr(b[n])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="git revision, or WORKTREE")
    parser.add_argument("b", help="git revision, or WORKTREE")
    parser.add_argument("--quick", action="store_true", help="a few configurations")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        packages = [load_package(args.a, "sklearn_rnn_a", directory),
                    load_package(args.b, "sklearn_rnn_b", directory)]
        n_different = n_total = 0
        for name, kind, params, how in configurations(args.quick):
            a, b = (run(package, kind, params, how) for package in packages)
            different = differences(a, b)
            n_total += 1
            n_different += bool(different)
            print(f"{'DIFFERENT ' + ','.join(different) if different else 'identical'}"
                  f" | {name}", flush=True)
    print(f"{n_total - n_different} of {n_total} configurations identical "
          f"({args.a} against {args.b}).")
    sys.exit(1 if n_different else 0)


if __name__ == "__main__":
    main()
