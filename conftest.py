import os

# scikit-learn's array-API estimator check runs only when scipy was imported
# with its array-API support switched on; without this it is skipped.
os.environ.setdefault("SCIPY_ARRAY_API", "1")
