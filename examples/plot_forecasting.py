"""
=====================================================
Forecasting the next value of a series with windows
=====================================================

The most common sequence regression: from the recent past of a series,
predict its next value. :func:`~sklearn_rnn.sliding_windows` turns a long
series into samples, each a window of ``window`` consecutive steps with the
value after it as target; the first 80 % of the windows (in time order)
train and the last 20 % test, so that the model never sees the future it is
scored on. ``RNNRegressor()`` is compared with the two baselines a forecast
must beat: the last observed value, and ridge regression (cross-validated
alpha) on the same windows.

Two real series: the yearly sunspot numbers (a cycle of about 11 years,
stationary) and the weekly CO2 concentration at Mauna Loa (a trend and a
yearly season, with 59 weeks missing, which become absent steps of the
windows they fall in). On the trending series the level of the test years
lies above everything in the training years; ``RNNRegressor()`` takes each
window's last value off the window and the target and adds it back to the
prediction (``normalize_sequences="auto"``, which turns itself on where the
last value predicts the targets), so that it forecasts the change from the
last value, which the training years cover.

Run it as a script: ``python examples/plot_forecasting.py`` prints the
errors, shows the figure and writes ``forecasting.png`` to the current
directory.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import RidgeCV
from sklearn.metrics import root_mean_squared_error

from sklearn_rnn import RNNRegressor, sliding_windows
from sklearn_rnn.datasets import load_co2, load_sunspots
from sklearn_rnn.preprocessing import SequenceSummarizer


def chronological_split(series, window):
    """Windows of the past and the next value; the first 80 % train."""
    X, y, index = sliding_windows(series, window, return_index=True)
    split = int(0.8 * len(X))
    return (X[:split], y[:split], index[:split]), (X[split:], y[split:], index[split:])


def last_values(X):
    """The last observed value of each window."""
    return SequenceSummarizer(statistics=("last",)).fit_transform(X)[:, 0]


def filled(X):
    """The windows as table rows for ridge regression, which needs complete
    rows: each missing week carries the last observation forward."""
    rows = X[:, :, 0].copy()
    for t in range(1, rows.shape[1]):
        missing = np.isnan(rows[:, t])
        rows[missing, t] = rows[missing, t - 1]
    return np.where(np.isnan(rows), np.nanmean(rows, axis=1, keepdims=True), rows)


def ridge(X, y, X_test):
    return RidgeCV(alphas=np.logspace(-3, 5, 33)).fit(filled(X), y).predict(filled(X_test))


# %%
# Sunspots: 20 years to predict the next
# --------------------------------------

sunspots = load_sunspots()
(X, y, _), (X_test, y_test, index_test) = chronological_split(sunspots.series, 20)
print(f"sunspots: {len(X)} training and {len(X_test)} test windows of {X.shape[1]} years")

rnn = RNNRegressor(random_state=0).fit(X, y)
sunspot_forecasts = {
    "RNNRegressor()": rnn.predict(X_test),
    "ridge on the windows": ridge(X, y, X_test),
    "last value": last_values(X_test),
}
for name, forecast in sunspot_forecasts.items():
    print(f"  {name:>22}: test RMSE {root_mean_squared_error(y_test, forecast):5.1f}")
sunspot_years = sunspots.years[index_test]
sunspot_truth = y_test

# %%
# CO2: 52 weeks to predict the next
# ---------------------------------

co2 = load_co2()
(X, y, _), (X_test, y_test, index_test) = chronological_split(co2.series, 52)
print(f"co2: {len(X)} training and {len(X_test)} test windows of {X.shape[1]} weeks")

last_test = last_values(X_test)
rnn = RNNRegressor(random_state=0).fit(X, y)
print(f"  each window's last value removed and restored: {rnn.normalizes_sequences_}")
co2_forecasts = {
    "RNNRegressor()": rnn.predict(X_test),
    "ridge on the windows": ridge(X, y, X_test),
    "last value": last_test,
}
for name, forecast in co2_forecasts.items():
    print(f"  {name:>22}: test RMSE {root_mean_squared_error(y_test, forecast):5.3f}")

# %%
# The test years
# --------------
#
# Left, the sunspot cycles of the test years and the one-year-ahead
# forecasts; right, the last two test years of CO2, a week ahead. The
# last-value forecast is the series shifted by a step: it lags every turn.

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
left.plot(sunspot_years, sunspot_truth, "k", lw=2, label="observed")
for name, forecast in sunspot_forecasts.items():
    left.plot(sunspot_years, forecast, label=name)
left.set(title="Yearly sunspot numbers", xlabel="year", ylabel="sunspot number")
left.legend()
recent = slice(-104, None)
weeks = co2.dates[index_test][recent]
right.plot(weeks, y_test[recent], "k", lw=2, label="observed")
for name, forecast in co2_forecasts.items():
    right.plot(weeks, forecast[recent], label=name)
right.set(title="Weekly CO2 at Mauna Loa", ylabel="ppm")
right.tick_params(axis="x", labelrotation=30)
right.legend()
fig.tight_layout()
fig.savefig("forecasting.png", dpi=100)
plt.show()
