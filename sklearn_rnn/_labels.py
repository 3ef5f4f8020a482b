"""Labels at every step, and the fill value that marks a step without one.

The steps without a class are found by comparing the labels with the fill
value element by element. A fill value of another kind than the labels
(the number -1 among strings, ``""`` among integers) equals no label: the
steps it should mark would keep their value as a class, and the padding of
:func:`~sklearn_rnn.pad_targets` would become one (the string ``'-1'``).
So the labels must be of one kind, strings or numbers, and the fill value
a scalar of that kind.
"""

# SPDX-License-Identifier: BSD-3-Clause

from numbers import Real

import numpy as np


def _kind(value):
    """'string', 'number', or the type name of anything else."""
    if isinstance(value, (str, bytes)):
        return "string"
    if isinstance(value, (Real, np.number, np.bool_)):
        return "number"
    return type(value).__name__


def label_kind(labels, name="y"):
    """'string' or 'number': the kind of all the values of ``labels`` (None
    if there is none). Refuses values of both kinds, and of any other.

    A list is read as the objects it holds: numpy would make strings of
    all the values of ``[0, "a"]``."""
    if not isinstance(labels, np.ndarray):
        labels = np.asarray(labels, dtype=object)
    if labels.dtype.kind in "US":
        return "string"
    if labels.dtype.kind in "biuf":
        return "number"
    if labels.dtype.kind != "O":
        raise TypeError(
            f"{name} is of dtype {labels.dtype}; labels must be strings or numbers."
        )
    first = {}
    for value in labels.ravel():
        first.setdefault(_kind(value), value)
    others = sorted(set(first) - {"string", "number"})
    if others:
        raise TypeError(
            f"{name} holds {first[others[0]]!r}, of type {others[0]}; labels must "
            "be strings or numbers."
        )
    if len(first) > 1:
        raise ValueError(
            f"{name} mixes strings and numbers (for example {first['string']!r} and "
            f"{first['number']!r}), which have no common order; convert the labels "
            "to one kind, for example with y.astype(str)."
        )
    return next(iter(first), None)


def same_labels(a, b):
    """Whether two arrays of labels are equal; False for strings against
    numbers, which numpy 1.x compares with a FutureWarning."""
    return _comparable(a, b) and np.array_equal(a, b)


def labels_not_in(a, b):
    """The labels of array ``a`` that are not in array ``b`` (all of them
    for strings against numbers, as :func:`same_labels`)."""
    return a[~np.isin(a, b)] if _comparable(a, b) else a


def _comparable(a, b):
    return (a.dtype.kind in "US") == (b.dtype.kind in "US")


def check_fill_value(fill_value, *, allow_nan):
    """Refuse a ``fill_value`` that is not one number or string (None, a
    list), or that is NaN unless ``allow_nan``; returns its kind."""
    if np.ndim(fill_value) != 0 or _kind(fill_value) not in ("string", "number"):
        raise TypeError(
            "fill_value must be a number or a string, of the kind of the labels "
            f"(-1 for numbers, '' for strings), got {fill_value!r}."
        )
    if not allow_nan and _kind(fill_value) == "number" and np.isnan(fill_value):
        raise ValueError(
            "fill_value=nan marks no step: NaN equals nothing, not even NaN. Mark "
            "the steps without a class with a value no class has, such as -1 for "
            "numbers, as pad_targets(..., fill_value=-1) pads."
        )
    return _kind(fill_value)


def check_fill_kind(fill_value, fill_kind, kind, labels):
    """Refuse a fill value of ``fill_kind`` among labels of ``kind``
    (None: no label, any fill value), called ``labels`` in the message."""
    if kind is None or fill_kind == kind:
        return
    fix = "a string, such as fill_value=''" if kind == "string" else (
        "a number no class has, such as fill_value=-1"
    )
    raise TypeError(
        f"fill_value={fill_value!r} is a {fill_kind}, but {labels} {kind}s: it would "
        "equal no label, and the steps it should mark would become a class. Use "
        f"{fix}, the same in pad_targets and in RNNStepClassifier."
    )


def _is_nan(value):
    return isinstance(value, (float, np.floating)) and np.isnan(value)


def check_step_labels(y, fill_value, original=None):
    """Refuse per-step class labels ``y`` (an array) with None or NaN,
    labels of mixed kinds (in ``original``, the ``y`` given, if it is not
    an array), and a ``fill_value`` that cannot mark their steps."""
    fill_kind = check_fill_value(fill_value, allow_nan=False)
    flat = y.ravel()
    if y.dtype == object and any(value is None for value in flat):
        raise ValueError(
            "y holds None; mark the steps without a class with fill_value "
            f"(here {fill_value!r}), for example -1 or ''."
        )
    if (y.dtype.kind == "f" and np.isnan(y).any()) or (
        y.dtype == object and any(_is_nan(value) for value in flat)
    ):
        raise ValueError(
            "y holds NaN; mark the steps without a class with fill_value "
            f"(here {fill_value!r}), for example -1 or '', as pad_targets does."
        )
    given = y if original is None or isinstance(original, np.ndarray) else original
    check_fill_kind(fill_value, fill_kind, label_kind(given), "y holds")
