"""Unit tests of jobs/train_lstm.py (stdlib unittest; a few seconds).

Run from the repository root with the system interpreter, which has PyTorch:
    /usr/bin/python3 -m unittest jobs/test_train_lstm.py
"""

import contextlib
import hashlib
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import train_lstm as tl  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

BUNDLES = os.path.join(REPO, "fleet-anomaly-core", "src", "main", "resources", "bundles")


def lcg(n, seed, scale, power):
    """The generator of the Java reference program below, in exact integer/IEEE arithmetic."""
    xs = []
    v = seed
    for _ in range(n):
        v = (1103515245 * v + 12345) % 2147483648
        u = v / 2147483648.0
        x = u
        for _ in range(1, power):
            x = x * u
        xs.append(x * scale)
    return xs


# Expected values produced by running the Java implementation once: a throw-away program
# (CalibrationReference.java, compiled against target/classes of this repository at commit 27d197c)
# called io.fleetanomaly.detectors.calibration.ScoreCalibration.fit on the inputs below and printed
# rawKnots(), logTailKnots(), tailScale(), samples() and calibrate(p) for the probes with
# Double.toString (which round-trips). Inputs:
#   A: lcg(5000, seed 1, scale 10, power 3)      (skewed, all 15 usable knots)
#   B: lcg(25, seed 7, scale 4, power 1)         (few knots, fewer than 5 exceedances)
#   C: 30 x 2.5                                  (constant)
#   D: i % 4 for i < 200, then NaN and +Infinity (ties; non-finite scores dropped)
#   E: max(0, u - 0.95) * 100 for u in lcg(1000, seed 3, scale 1, power 1)  (mostly zeros)
#   F: 40 x 0.0                                  (constant zero)
PROBES = (-1.0, 0.0, 0.5, 1.0, 2.0, 3.5, 7.0, 10.0, 100.0)
LOG_TAIL = [0.0, -0.10536051565782628, -0.2231435513142097, -0.35667494393873245, -0.5108256237659907,
            -0.6931471805599453, -0.916290731874155, -1.2039728043259361, -1.6094379124341003,
            -2.3025850929940455, -2.995732273553991, -3.912023005428146, -4.605170185988091,
            -5.298317366548036, -6.214608098422191]
JAVA_REFERENCE = {
    "A": {
        "input": lambda: lcg(5000, 1, 10.0, 3),
        "raw": [3.064604583743435E-10, 0.011598661962850114, 0.07871355807797573, 0.27568643391332726,
                0.6427747574168371, 1.28622904931597, 2.215055592094107, 3.5015925655574986,
                5.131476160126231, 7.218270144672378, 8.613514609574162, 9.379713621822402,
                9.697878378671943, 9.871478962724625, 9.94376387234383],
        "log_tail": LOG_TAIL,
        "tail_scale": 0.03589837394434152, "samples": 5000,
        "calibrate": [0.0, 0.0, 0.45087049986576977, 0.6120447207147915, 0.8646252525411405,
                      1.2036166913112722, 2.2300847232879413, 7.781145004616364, 50.0],
    },
    "B": {
        "input": lambda: lcg(25, 7, 4.0, 1),
        "raw": [0.030808359384536743, 0.2192351892590521, 0.8525401212275026, 1.2229872010648253,
                1.3541399627923967, 2.2048087045550346, 2.3579194955527782],
        "log_tail": LOG_TAIL[:7],
        "tail_scale": 0.9718804284930229, "samples": 25,
        "calibrate": [0.0, 0.0, 0.1575775915801187, 0.27629695443290003, 0.6492510785566508,
                      2.091415233782386, 5.692681292228512, 8.779480770896619, 50.0],
    },
    "C": {
        "input": lambda: [2.5] * 30,
        "raw": [2.5, 2.5000025], "log_tail": [0.0, -3.4011973816621555],
        "tail_scale": 5.0000025E-6, "samples": 30,
        "calibrate": [0.0, 0.0, 0.0, 0.0, 0.0, 50.0, 50.0, 50.0, 50.0],
    },
    "D": {
        "input": lambda: [float(i % 4) for i in range(200)] + [math.nan, math.inf],
        "raw": [0.0, 1.0, 1.5, 2.0, 3.0],
        "log_tail": [0.0, -0.35667494393873245, -0.6931471805599453, -0.916290731874155, -1.6094379124341003],
        "tail_scale": 1.4426950408889634, "samples": 200,
        "calibrate": [0.0, 0.0, 0.17833747196936622, 0.35667494393873245, 0.916290731874155,
                      1.956011502714073, 4.382026634673881, 6.461468176353717, 50.0],
    },
    "E": {
        "input": lambda: [max(0.0, u - 0.95) * 100.0 for u in lcg(1000, 3, 1.0, 1)],
        "raw": [0.0, 0.8864152384921944, 3.0713913775980464, 4.118387611117217],
        "log_tail": [0.0, -2.995732273553991, -3.912023005428146, -4.605170185988091],
        "tail_scale": 0.5679639610461908, "samples": 1000,
        "calibrate": [0.0, 0.0, 1.689801880352247, 3.0433651343386074, 3.4627247399080874,
                      4.195776517303751, 9.67875334710072, 14.960778626440618, 50.0],
    },
    "F": {
        "input": lambda: [0.0] * 40,
        "raw": [0.0, 1.0E-9], "log_tail": [0.0, -3.6888794541139363],
        "tail_scale": 2.7108503068181683E-10, "samples": 40,
        "calibrate": [0.0, 0.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0],
    },
}


class CalibrationPortTest(unittest.TestCase):
    def test_matches_java_exactly(self):
        for name, case in JAVA_REFERENCE.items():
            with self.subTest(case=name):
                fitted = tl.fit_calibration(case["input"]())
                self.assertEqual(fitted["raw"], case["raw"])
                self.assertEqual(fitted["log_tail"], case["log_tail"])
                self.assertEqual(fitted["tail_scale"], case["tail_scale"])
                self.assertEqual(fitted["samples"], case["samples"])
                self.assertEqual([tl.calibrate(fitted, p) for p in PROBES], case["calibrate"])

    def test_hand_worked_uniform(self):
        # 0..99: knots at p = 1, 0.9, ..., 0.1 (p * 100 >= 10), raw = quantile(1 - p) = 99 (1 - p);
        # p = 0.05 has 5 < 10 samples beyond it. Exceedances over 89.1: 90..99, mean excess 5.4.
        fitted = tl.fit_calibration([float(i) for i in range(100)])
        expected_raw = [99 * (1 - p) for p in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1)]
        self.assertEqual(len(fitted["raw"]), 10)
        for got, want in zip(fitted["raw"], expected_raw):
            self.assertAlmostEqual(got, want, places=9)
        self.assertEqual(fitted["log_tail"][0], 0.0)
        self.assertAlmostEqual(fitted["log_tail"][-1], math.log(0.1), places=15)
        self.assertAlmostEqual(fitted["tail_scale"], 5.4, places=9)
        self.assertEqual(fitted["samples"], 100)
        # calibrate: at a knot, -ln p; half way between knots, interpolated in log space
        self.assertAlmostEqual(tl.calibrate(fitted, 49.5), math.log(2), places=9)
        self.assertAlmostEqual(tl.calibrate(fitted, 89.1 + 5.4), -math.log(0.1) + 1, places=9)
        self.assertEqual(tl.calibrate(fitted, -5.0), 0.0)

    def test_hand_worked_ties_keep_the_largest_tail_probability(self):
        # 60 zeros then 40 ones: the quantiles for p = 0.9 .. 0.5 are 0, a tie with the first knot
        # (p = 1), so skipped; p = 0.4: position 0.6 * 99 = 59.4 between a 0 and a 1 -> 0.4;
        # p = 0.3: position 69.3 -> 1; p = 0.2 and 0.1 tie at 1 (skipped); p = 0.05 has 5 < 10 beyond.
        # No score exceeds 1, so the tail scale is the last segment's: (1 - 0.4) / (ln 0.4 - ln 0.3).
        fitted = tl.fit_calibration([0.0] * 60 + [1.0] * 40)
        self.assertEqual(len(fitted["raw"]), 3)
        self.assertEqual(fitted["raw"][0], 0.0)
        self.assertAlmostEqual(fitted["raw"][1], 0.4, places=12)
        self.assertEqual(fitted["raw"][2], 1.0)
        self.assertEqual(fitted["log_tail"], [0.0, math.log(0.4), math.log(0.3)])
        self.assertAlmostEqual(fitted["tail_scale"], 0.6 / (math.log(0.4) - math.log(0.3)), places=9)

    def test_hand_worked_constant(self):
        fitted = tl.fit_calibration([3.0] * 20)
        self.assertEqual(fitted["raw"], [3.0, 3.0 + 3e-6])
        self.assertEqual(fitted["log_tail"], [0.0, math.log(1.0 / 20)])
        # no exceedances: last segment 3e-6 / ln 20, below the floor 1e-6 * (|3.000003| + |3|)
        self.assertEqual(fitted["tail_scale"], 1e-6 * (3.0 + 3e-6 + 3.0))

    def test_too_few_scores(self):
        with self.assertRaises(ValueError):
            tl.fit_calibration([1.0] * 19 + [math.nan] * 5)

    def test_calibration_of_held_out_is_about_exp1(self):
        rng = np.random.default_rng(1)
        fitted = tl.fit_calibration(rng.gamma(2.0, 1.0, 20000).tolist())
        fresh = rng.gamma(2.0, 1.0, 20000)
        mean = np.mean([tl.calibrate(fitted, x) for x in fresh])
        self.assertAlmostEqual(mean, 1.0, delta=0.05)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class CsvAndPreprocessingTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="train-lstm-test-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_devices_time_order_labels_and_missing_cells(self):
        path = write(os.path.join(self.dir, "data.csv"),
                     "device_id,ts,a,b,label,anomaly_type\n"
                     "d2,10,5,6,0,\n"
                     "d1,10,1,,0,\n"
                     "d1,9,,2,0,\n"           # earlier in time than the row above
                     "d1,11,3,4,1,spike\n"    # labeled anomalous: skipped
                     "\n"
                     "d2,9,7,8,,\n"           # empty label = normal
                     "d1,12, 4 ,5,0,\n")
        data = tl.read_csv(path, ["a", "b"])
        self.assertEqual(list(data), ["d2", "d1"])  # order of first appearance
        np.testing.assert_array_equal(data["d2"], [[7, 8], [5, 6]])
        np.testing.assert_array_equal(data["d1"], [[np.nan, 2], [1, np.nan], [4, 5]])

    def test_semicolons_no_device_no_time_column(self):
        path = write(os.path.join(self.dir, "pump.csv"), "b;a\n1;2\n3;4\n")
        data = tl.read_csv(path, ["a", "b"])
        self.assertEqual(list(data), ["pump"])
        np.testing.assert_array_equal(data["pump"], [[2, 1], [4, 3]])

    def test_numeric_and_text_times(self):
        path = write(os.path.join(self.dir, "t.csv"), "ts,a\n10,1\n9,2\n100,3\n")
        np.testing.assert_array_equal(tl.read_csv(path, ["a"])["t"][:, 0], [2, 1, 3])
        path = write(os.path.join(self.dir, "u.csv"),
                     "timestamp,a\n2026-01-01T00:00:02Z,1\n2026-01-01T00:00:01Z,2\n")
        np.testing.assert_array_equal(tl.read_csv(path, ["a"])["u"][:, 0], [2, 1])

    def test_scale_and_impute(self):
        rows = np.array([[np.nan, 3.0], [2.0, np.nan], [np.nan, np.nan], [6.0, 7.0], [np.nan, 1.0]])
        scaled = tl.scale_and_impute(rows, mean=[1.0, 3.0], std=[2.0, 4.0])
        expected = [[0.0, 0.0],    # a: missing before its first reading -> 0.0 (the scaled mean)
                    [0.5, 0.0],    # b: last scaled value (3 - 3) / 4
                    [0.5, 0.0],
                    [2.5, 1.0],
                    [2.5, -0.5]]
        np.testing.assert_array_equal(scaled, expected)

    def test_windows_oldest_first_with_stride(self):
        sequence = np.arange(12, dtype=np.float64).reshape(6, 2)  # row t = [2t, 2t + 1]
        windows = tl.cut_windows(sequence, 3)
        self.assertEqual(windows.dtype, np.float32)
        self.assertEqual(windows.shape, (4, 3, 2))
        np.testing.assert_array_equal(windows[0], [[0, 1], [2, 3], [4, 5]])
        np.testing.assert_array_equal(windows[3], [[6, 7], [8, 9], [10, 11]])
        np.testing.assert_array_equal(tl.cut_windows(sequence, 3, stride=2)[:, 0, 0], [0, 4])
        self.assertEqual(tl.cut_windows(sequence[:2], 3).shape, (0, 3, 2))

    def test_windows_never_span_two_devices_and_impute_per_device(self):
        d1 = np.array([[1.0], [2.0], [3.0]])
        d2 = np.array([[np.nan], [20.0], [30.0]])
        windows = tl.windows_of([d1, d2], mean=[0.0], std=[1.0], window=2, stride=1)
        np.testing.assert_array_equal(windows[:, :, 0], [[1, 2], [2, 3], [0, 20], [20, 30]])

    def test_sampled_windows_equal_the_even_sample_of_all_windows(self):
        rng = np.random.default_rng(2)
        sequences = [rng.standard_normal((n, 2)) for n in (10, 3, 7, 12)]
        for stride in (1, 2):
            every = tl.windows_of(sequences, [0.5, -1.0], [2.0, 0.5], 4, stride)
            for cap in (0, 5, len(every), 100):
                with self.subTest(stride=stride, cap=cap):
                    sampled, total = tl.sampled_windows(sequences, [0.5, -1.0], [2.0, 0.5], 4, stride, cap)
                    self.assertEqual(total, len(every))
                    np.testing.assert_array_equal(sampled, every[tl.even_sample(len(every), cap)])

    def test_split_every_fifth_device_or_last_fifth(self):
        devices = {"d%d" % i: np.full((10, 1), float(i)) for i in range(10)}
        training, held_out = tl.split_devices(devices, 0.2)
        self.assertEqual([int(r[0, 0]) for r in held_out], [4, 9])
        self.assertEqual(len(training), 8)
        few = {"a": np.arange(10.0).reshape(10, 1), "b": np.arange(7.0).reshape(7, 1)}
        training, held_out = tl.split_devices(few, 0.2)
        self.assertEqual([len(r) for r in training], [8, 6])  # round(5.6) = 6 (half up)
        np.testing.assert_array_equal(held_out[0][:, 0], [8, 9])

    def test_even_sample_and_fixture_indices(self):
        self.assertEqual(tl.even_sample(5, 10).tolist(), [0, 1, 2, 3, 4])
        self.assertEqual(tl.even_sample(10, 0).tolist(), list(range(10)))
        picked = tl.even_sample(1000, 7).tolist()
        self.assertEqual(len(set(picked)), 7)
        self.assertEqual(picked, sorted(picked))
        indices = tl.fixture_indices(101, 4)
        self.assertEqual(len(indices), 4)
        self.assertIn(50, indices)
        self.assertIn(100, indices)
        self.assertEqual(tl.fixture_indices(3, 10), [0, 1, 2])
        self.assertEqual(tl.fixture_indices(10, 2), [5, 9])
        self.assertEqual(tl.fixture_indices(10, 1), [9])

    def test_jackson_style_json_reproduces_the_shipped_manifests(self):
        for profile in ("industrial", "telemetry"):
            with open(os.path.join(BUNDLES, profile, "manifest.json"), encoding="utf-8") as f:
                text = f.read()
            self.assertEqual(tl.jackson_json(json.loads(text)), text)


def make_bundle(directory, features=("a", "b", "c"), window=8, device_scaled=False, mean=0.0, std=1.0):
    os.makedirs(directory)
    manifest = {"format": "fleet-anomaly/bundle", "format_version": 1, "version": "test-1",
                "features": list(features), "window": window,
                "scaler": {"mean": [mean] * len(features), "std": [std] * len(features)},
                "detectors": {"iforest": {"file": "iforest.json", "sha256": "0" * 64, "weight": 0.5}},
                "training": {"source": "test"}}
    if device_scaled:
        manifest["detectors"]["mahalanobis"] = {"file": "mahalanobis.json", "sha256": "0" * 64, "weight": 0.5,
                                                "mode": "device", "device_scaled_inputs": True}
    write(os.path.join(directory, "manifest.json"), tl.jackson_json(manifest))
    return manifest


def make_csv(path, devices=10, rows=60, features=("a", "b", "c")):
    rng = np.random.default_rng(5)
    lines = ["device_id,ts," + ",".join(features) + ",label"]
    for t in range(rows):
        for d in range(devices):
            values = [math.sin(0.3 * t + d + j) + 0.1 * rng.standard_normal() for j in range(len(features))]
            cells = ["" if rng.random() < 0.05 else "%.4f" % v for v in values]
            lines.append("dev-%02d,%d,%s,0" % (d, 1000 * t + d, ",".join(cells)))
    return write(path, "\n".join(lines) + "\n")


def run_main(argv):
    """main() in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = tl.main(argv)
        except SystemExit as e:  # argparse
            status = e.code
    return status, out.getvalue(), err.getvalue()


class InputErrorTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="train-lstm-test-")
        self.bundle = os.path.join(self.dir, "bundle")
        make_bundle(self.bundle)
        self.csv = make_csv(os.path.join(self.dir, "normal.csv"), devices=5, rows=20)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def assertFails(self, argv, *fragments):
        status, _, err = run_main(argv)
        self.assertEqual(status, 2, err)
        lines = err.strip().splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("train-lstm: "), err)
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
        return lines[0]

    def test_missing_bundle_and_manifest(self):
        self.assertFails(["--bundle", os.path.join(self.dir, "nope"), "--csv", self.csv], "does not exist")
        empty = os.path.join(self.dir, "empty")
        os.makedirs(empty)
        self.assertFails(["--bundle", empty, "--csv", self.csv], "has no manifest.json")

    def test_csv_without_a_feature_column(self):
        path = write(os.path.join(self.dir, "x.csv"), "device_id,ts,a,c\nd,1,1,2\n")
        self.assertFails(["--bundle", self.bundle, "--csv", path], "x.csv", "no column 'b'")

    def test_too_few_rows_for_one_window(self):
        path = write(os.path.join(self.dir, "short.csv"), "a,b,c\n" + "1,2,3\n" * 7)
        self.assertFails(["--bundle", self.bundle, "--csv", path], "too few", "window is 8")

    def test_non_numeric_cell(self):
        path = write(os.path.join(self.dir, "bad.csv"), "device_id,a,b,c\nd,1,2,3\nd,1,hot,3\n")
        self.assertFails(["--bundle", self.bundle, "--csv", path], "bad.csv line 3, column b", "'hot'")

    def test_not_enough_held_out_windows(self):
        self.assertFails(["--bundle", self.bundle, "--csv", self.csv], "held-out windows", "at least 20")

    def test_device_scaled_bundle_needs_scaled_csv(self):
        device = os.path.join(self.dir, "device")
        make_bundle(device, device_scaled=True)
        self.assertFails(["--bundle", device, "--csv", self.csv], "device-scaled inputs", "--scaled-csv")

    def test_scaled_csv_needs_a_device_scaled_bundle(self):
        self.assertFails(["--bundle", self.bundle, "--csv", self.csv, "--scaled-csv"], "--scaled-csv needs")

    def test_bad_option(self):
        status, _, err = run_main(["--bundle", self.bundle, "--csv", self.csv, "--val-fraction", "1.5"])
        self.assertEqual(status, 2)
        self.assertIn("--val-fraction", err)


@unittest.skipIf(torch is None, "PyTorch is not installed for this interpreter")
class ModelTest(unittest.TestCase):
    def test_fast_training_forward_equals_nn_lstm(self):
        torch.manual_seed(3)
        for layers in (1, 2):
            model = tl.LstmAutoencoder(3, 6, layers, 5)
            windows = np.random.default_rng(0).standard_normal((9, 5, 3)).astype(np.float32)
            worst, ok = tl.fast_forward_matches(model, windows)
            self.assertTrue(ok, worst)

    def test_window_errors(self):
        windows = np.zeros((2, 2, 2), dtype=np.float32)
        recon = np.array([[[1, 1], [1, 1]], [[0, 0], [0, 2]]], dtype=np.float32)
        np.testing.assert_array_equal(tl.window_errors(windows, recon), [1.0, 1.0])


@unittest.skipIf(torch is None, "PyTorch is not installed for this interpreter")
class ScaledCsvTest(unittest.TestCase):
    """--scaled-csv: the rows are the job's device-scaled LSTM inputs and are not scaled again."""

    def test_windows_are_the_csv_rows_unscaled(self):
        directory = tempfile.mkdtemp(prefix="train-lstm-scaled-")
        try:
            bundle = os.path.join(directory, "bundle")
            make_bundle(bundle, device_scaled=True, mean=100.0, std=10.0)
            csv = make_csv(os.path.join(directory, "inputs.csv"), devices=10, rows=60)
            status, _, err = run_main(["--bundle", bundle, "--csv", csv, "--scaled-csv", "--quick"])
            self.assertEqual(status, 0, err)
            with open(os.path.join(bundle, "lstm_ae_parity.json"), encoding="utf-8") as f:
                windows = np.array(json.load(f)["windows"])
            data = tl.read_csv(csv, ["a", "b", "c"])
            unscaled = tl.windows_of([data["dev-04"], data["dev-09"]], [0.0] * 3, [1.0] * 3, 8, 1)
            np.testing.assert_array_equal(windows[0], unscaled[0])
            np.testing.assert_array_equal(windows[-1], unscaled[-1])
        finally:
            shutil.rmtree(directory)


@unittest.skipIf(torch is None, "PyTorch is not installed for this interpreter")
class QuickEndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="train-lstm-e2e-")
        cls.bundle = os.path.join(cls.dir, "bundle")
        shutil.copytree(os.path.join(BUNDLES, "telemetry"), cls.bundle)
        with open(os.path.join(cls.bundle, "manifest.json"), encoding="utf-8") as f:
            cls.original = json.load(f)
        cls.features = cls.original["features"]
        cls.window = cls.original["window"]
        cls.csv = make_csv(os.path.join(cls.dir, "normal.csv"), devices=10, rows=120, features=cls.features)
        cls.status, cls.out, cls.err = run_main(
            ["--bundle", cls.bundle, "--csv", cls.csv, "--quick", "--weight", "0.4", "--fixture-windows", "5"])
        with open(os.path.join(cls.bundle, "manifest.json"), encoding="utf-8") as f:
            cls.manifest = json.load(f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_exit_status_and_summary(self):
        self.assertEqual(self.status, 0, self.err)
        self.assertIn("lstm_ae trained into", self.out)

    def test_manifest_entry(self):
        entry = self.manifest["detectors"]["lstm_ae"]
        self.assertEqual(list(entry), ["file", "sha256", "weight", "calibration", "onnx_input", "onnx_output",
                                       "hidden_size", "layers", "parity_fixture"])
        self.assertEqual(entry["file"], "lstm_ae.onnx")
        with open(os.path.join(self.bundle, "lstm_ae.onnx"), "rb") as f:
            self.assertEqual(entry["sha256"], hashlib.sha256(f.read()).hexdigest())
        self.assertEqual(entry["weight"], 0.4)
        self.assertEqual((entry["onnx_input"], entry["onnx_output"]), ("window", "reconstruction"))
        self.assertEqual((entry["hidden_size"], entry["layers"]), (8, 1))  # --quick: hidden 8
        self.assertEqual(entry["parity_fixture"], "lstm_ae_parity.json")
        calibration = entry["calibration"]
        self.assertEqual(list(calibration), ["raw", "log_tail", "tail_scale", "samples"])
        # 2 of 10 devices held out, 120 rows each: 2 x (120 - W + 1) windows
        self.assertEqual(calibration["samples"], 2 * (120 - self.window + 1))
        self.assertEqual(len(calibration["raw"]), len(calibration["log_tail"]))
        self.assertGreater(calibration["tail_scale"], 0)

    def test_other_keys_unchanged(self):
        expected = dict(self.original)
        actual = dict(self.manifest)
        self.assertEqual(list(actual), list(expected))
        detectors = dict(actual.pop("detectors"))
        training = dict(actual.pop("training"))
        del detectors["lstm_ae"]
        lstm_training = training.pop("lstm_ae")
        # the bundle may already have had an LSTM (retraining replaces it): compare everything else
        expected_detectors = dict(expected.pop("detectors"))
        expected_detectors.pop("lstm_ae", None)
        expected_training = dict(expected.pop("training"))
        expected_training.pop("lstm_ae", None)
        self.assertEqual(detectors, expected_detectors)
        self.assertEqual(training, expected_training)
        self.assertEqual(actual, expected)
        self.assertEqual(list(lstm_training), ["source", "train_windows", "val_windows", "epochs", "best_epoch",
                                               "best_val_loss", "seed", "torch_version"])
        self.assertEqual(lstm_training["source"], self.csv)
        self.assertEqual(lstm_training["epochs"], 1)
        self.assertEqual(lstm_training["torch_version"], torch.__version__)

    def test_onnx_file(self):
        info = tl.inspect_onnx(os.path.join(self.bundle, "lstm_ae.onnx"))
        self.assertEqual(info["inputs"], [("window", 1, ["batch", self.window, len(self.features)])])
        self.assertEqual(info["outputs"], [("reconstruction", 1, ["batch", self.window, len(self.features)])])
        self.assertEqual(info["opset"], tl.DEFAULT_OPSET)
        self.assertEqual(info["ops"]["LSTM"], 2)

    def test_parity_fixture(self):
        with open(os.path.join(self.bundle, "lstm_ae_parity.json"), encoding="utf-8") as f:
            fixture = json.load(f)
        self.assertEqual(fixture["format"], "fleet-anomaly/lstm-parity")
        self.assertEqual(fixture["format_version"], 1)
        windows = np.array(fixture["windows"])
        recon = np.array(fixture["reconstructions"])
        self.assertEqual(windows.shape, (5, self.window, len(self.features)))
        self.assertEqual(recon.shape, windows.shape)
        # float32 values, written so that they round-trip
        np.testing.assert_array_equal(windows.astype(np.float32).astype(np.float64), windows)
        np.testing.assert_array_equal(recon.astype(np.float32).astype(np.float64), recon)
        np.testing.assert_allclose(fixture["errors"], tl.window_errors(windows, recon), rtol=1e-12)
        # the first and last fixture windows are the first and last held-out windows, as preprocessed
        # by the script (held-out devices dev-04 and dev-09)
        data = tl.read_csv(self.csv, self.features)
        scaler = self.original["scaler"]
        held_out = tl.windows_of([data["dev-04"], data["dev-09"]], scaler["mean"], scaler["std"], self.window, 1)
        np.testing.assert_array_equal(windows[0], held_out[0])
        np.testing.assert_array_equal(windows[-1], held_out[-1])

    def test_retraining_replaces_the_entry_and_is_deterministic(self):
        before = dict(self.manifest["detectors"]["lstm_ae"])
        status, _, err = run_main(
            ["--bundle", self.bundle, "--csv", self.csv, "--quick", "--weight", "0.4", "--fixture-windows", "5"])
        self.assertEqual(status, 0, err)
        with open(os.path.join(self.bundle, "manifest.json"), encoding="utf-8") as f:
            text = f.read()
        manifest = json.loads(text)
        self.assertEqual(text.count('"lstm_ae"'), 2)  # detectors and training, once each
        self.assertEqual(manifest["detectors"]["lstm_ae"], before)  # same seed: same model and calibration
        self.assertEqual(tl.jackson_json(manifest), text)


class LauncherTest(unittest.TestCase):
    def test_help(self):
        result = subprocess.run([os.path.join(HERE, "train-lstm"), "--help"], capture_output=True, text=True,
                                timeout=120)
        if result.returncode == 3:
            self.skipTest(result.stderr.strip())
        self.assertEqual(result.returncode, 0, result.stderr)
        for option in ("--bundle", "--csv", "--quick", "--max-train-windows", "--fixture-windows", "--weight"):
            self.assertIn(option, result.stdout)


if __name__ == "__main__":
    unittest.main()
