"""Demo: train RNNClassifier on the bundled Japanese Vowels data set.

Run with ``python -m sklearn_rnn``.
"""

import time

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels


def main():
    X_train, y_train = load_japanese_vowels(split="train", return_X_y=True)
    X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)
    print(
        f"Japanese Vowels: {len(X_train)} training and {len(X_test)} test "
        f"sequences of up to {X_train.shape[1]} steps of {X_train.shape[2]} features"
    )
    clf = RNNClassifier(random_state=0)
    print(clf)
    start = time.perf_counter()
    clf.fit(X_train, y_train)
    elapsed = time.perf_counter() - start
    print(f"fit: {elapsed:.1f} s, {clf.n_iter_} epochs, training loss {clf.loss_:.4f}")
    print(f"test accuracy: {clf.score(X_test, y_test):.3f}")


if __name__ == "__main__":
    main()
