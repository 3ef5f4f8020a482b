"""The benchmark scripts run and print their tables (no timings are checked:
speed is measured by the scripts themselves, not by the test suite)."""

import importlib.util
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

pytestmark = pytest.mark.slow


def run(script, *args):
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        cwd=BENCHMARKS.parent, capture_output=True, text=True, timeout=300,
        check=False,  # the assertion below shows the script's error
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def table_rows(output, first_cell):
    """Cells of the table rows that start with ``first_cell``."""
    rows = []
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_cell:
            rows.append(cells)
    return rows


def test_bench_training_quick():
    output = run(
        "bench_training.py", "--quick", "--repeats", "1", "--cells", "rnn",
        "--dtypes", "float32",
    )
    rows = [r for r in table_rows(output, "rnn") if r[1] == "float32" and len(r) == 11]
    assert [tuple(r[2:6]) for r in rows] == [("20", "8", "32", "32"), ("100", "32", "128", "256")]
    for row in rows:
        ours, gflops, peak = float(row[6]), float(row[9]), float(row[10])
        assert ours > 0 and gflops > 0 and peak > 0
    predict = [r for r in table_rows(output, "rnn") if len(r) == 3]
    assert len(predict) == 1 and float(predict[0][1]) > 0 and float(predict[0][2]) > 0


def test_bench_lstm_floor_quick():
    output = run("bench_lstm_floor.py", "--quick")
    (row,) = table_rows(output, "20")
    parts, floor = [float(x) for x in row[4:7]], float(row[7])
    assert all(p > 0 for p in parts)
    assert floor == pytest.approx(sum(parts), abs=2e-3)  # printed to 1 ms
    assert "floor / torch" in output or math.isnan(float(row[8]))


def test_compare_commits_worktree_against_itself():
    output = run("compare_commits.py", "WORKTREE", "WORKTREE", "--cells", "lstm",
                 "--rounds", "1")
    rows = table_rows(output, "lstm")
    assert len(rows) == 4
    for row in rows:
        a, b, ratio = float(row[5]), float(row[6]), float(row[7])
        assert a > 0 and b > 0 and ratio == pytest.approx(b / a, rel=3e-2)
    assert re.search(r"A = WORKTREE, B = WORKTREE", output)


def test_compare_fits_worktree_against_itself():
    output = run("compare_fits.py", "WORKTREE", "WORKTREE", "--quick")
    lines = output.splitlines()
    n = len(lines) - 1
    assert n >= 18 and lines[-1].startswith(f"{n} of {n} configurations identical")
    assert all(line.startswith("identical | ") for line in lines[:-1])


def test_compare_default_fits_worktree_against_itself():
    output = run("compare_default_fits.py", "WORKTREE", "WORKTREE",
                 "--sets", "basic_motions", "--seeds", "0,1")
    sides = re.findall(r"WORKTREE: s (.*) \| accuracy (.*) \| warnings (\d+)", output)
    assert len(sides) == 2
    # The same code fits the same models; only the seconds differ.
    assert sides[0][1:] == sides[1][1:] and len(sides[0][1].split()) == 2
    assert all(float(s) > 0 for s in sides[0][0].split())
    assert re.search(r"median seconds [\d.]+ -> [\d.]+ \(B/A [\d.]+\)", output)


def test_bench_accuracy_selects_every_variant_by_name():
    path = BENCHMARKS / "bench_accuracy.py"
    spec = importlib.util.spec_from_file_location("bench_accuracy", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.arguments([]).variants == list(bench.VARIANTS)
    names = [name for name in bench.VARIANTS if "," in name] + ["default"]
    assert bench.arguments(["--variants", ";".join(names)]).variants == names
    with pytest.raises(SystemExit):
        bench.arguments(["--variants", "default,vanilla"])


def test_bench_accuracy_quick():
    output = run("bench_accuracy.py", "--quick", "--no-torch")
    (default,) = table_rows(output, "default")[:1]
    assert 0 < float(default[2]) <= 1 and float(default[5]) > 0
    baselines = table_rows(output, "summary statistics + LogisticRegression")
    assert len(baselines) == 1 and float(baselines[0][1]) == 1.0  # basic_motions
    ridge = table_rows(output, "RidgeCV on the windows")
    assert len(ridge) == 1 and float(ridge[0][1]) > 0


def test_time_to_accuracy_against_pytorch():
    pytest.importorskip("torch")
    pytest.importorskip("sklearn.callback", reason="scikit-learn < 1.9")
    output = run("bench_time_to_accuracy.py", "--sets", "japanese_vowels", "--seeds", "0")
    (row,) = table_rows(output, "japanese_vowels")[:1]
    target, ours = float(row[2]), row[3]
    assert 0.9 < target <= 1 and re.fullmatch(r"\d+\.\d \(\d+\)", ours)
