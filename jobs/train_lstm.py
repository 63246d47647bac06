#!/usr/bin/python3
"""Trains the LSTM autoencoder detector of a fleet-anomaly model bundle.

Reads an existing bundle (features, window W, scaler) and a CSV of normal data, cuts each
device's history into windows exactly as the Java job does (scale with the bundle scaler, impute
a missing reading with the sensor's last scaled value or 0.0 before its first one, W consecutive
events oldest first), trains an LSTM encoder-decoder on the training devices in PyTorch, exports
it to ONNX (input ``window`` float32 [batch, W, F], output ``reconstruction`` of the same shape),
calibrates its reconstruction error on the held-out devices with the same algorithm as
``io.fleetanomaly.detectors.calibration.ScoreCalibration.fit``, and writes into the bundle:

  lstm_ae.onnx          the model
  lstm_ae_parity.json   a few held-out windows with PyTorch's reconstructions and errors, so the
                        Java side can check that ONNX Runtime computes the same
  manifest.json         updated: detectors.lstm_ae and training.lstm_ae (replaced when retraining)

Run it with the system interpreter, which has PyTorch (``jobs/train-lstm`` does that). Needs only
the Python standard library, numpy and torch (no onnx or onnxruntime package).
"""

import argparse
import copy
import csv
import hashlib
import json
import math
import os
import random
import re
import sys
import tempfile
import time
import warnings

import numpy as np

try:
    import torch
    from torch import nn
except ImportError:  # reported by main(); the pure functions below work without torch
    torch = None
    nn = None

DETECTOR = "lstm_ae"
ONNX_FILE = "lstm_ae.onnx"
FIXTURE_FILE = "lstm_ae_parity.json"
MANIFEST = "manifest.json"
ONNX_INPUT = "window"
ONNX_OUTPUT = "reconstruction"
FIXTURE_FORMAT = "fleet-anomaly/lstm-parity"
FIXTURE_FORMAT_VERSION = 1
DEFAULT_OPSET = 17

# Same column names as io.fleetanomaly.training.CsvTrainingReader (matched case-insensitively).
DEVICE_COLUMNS = ("device_id",)
TIME_COLUMNS = ("ts", "timestamp", "datetime")
LABEL_COLUMNS = ("label", "anomaly")

QUICK_MAX_WINDOWS = 2000
QUICK_EPOCHS = 1
QUICK_HIDDEN = 8


class UserError(Exception):
    """A problem with the user's input: reported as one line, exit status 2."""


# ---------------------------------------------------------------------------------------------
# Calibration: a line-by-line port of io.fleetanomaly.detectors.calibration.ScoreCalibration
# ---------------------------------------------------------------------------------------------

TAIL_PROBABILITIES = (
    1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001)
MIN_SAMPLES_BEYOND_KNOT = 10
MAX_SCORE = 50.0


def _java_double_order(value):
    # Arrays.sort(double[]) puts -0.0 before 0.0; Python's sort treats them as equal.
    return (value, math.copysign(1.0, value))


def _quantile(sorted_scores, q):
    position = q * (len(sorted_scores) - 1)
    lower = int(math.floor(position))
    upper = min(lower + 1, len(sorted_scores) - 1)
    t = position - lower
    return sorted_scores[lower] + t * (sorted_scores[upper] - sorted_scores[lower])


def _fit_tail_scale(sorted_scores, raw, log_tail):
    """Exponential tail: the mean excess over the last knot is the MLE of its scale."""
    threshold = raw[-1]
    excess_sum = 0.0
    exceedances = 0
    i = len(sorted_scores) - 1
    while i >= 0 and sorted_scores[i] > threshold:
        excess_sum += sorted_scores[i] - threshold
        exceedances += 1
        i -= 1
    if len(raw) > 1:
        last_segment_scale = (raw[-1] - raw[-2]) / (log_tail[-2] - log_tail[-1])
    else:
        last_segment_scale = 0.0
    scale = excess_sum / exceedances if exceedances >= 5 else last_segment_scale
    floor = max(1e-12, 1e-6 * (abs(threshold) + abs(raw[0])))
    return max(scale, floor)


def fit_calibration(scores):
    """ScoreCalibration.fit: knots (raw, ln tail probability) and an exponential tail scale.

    Returns {"raw": [...], "log_tail": [...], "tail_scale": x, "samples": n}. Higher raw scores
    are more anomalous. Raises ValueError with fewer than 20 finite scores, like the Java code.
    """
    sorted_scores = sorted((float(s) for s in scores if math.isfinite(float(s))), key=_java_double_order)
    n = len(sorted_scores)
    if n < 2 * MIN_SAMPLES_BEYOND_KNOT:
        raise ValueError("calibration needs at least %d finite scores, got %d" % (2 * MIN_SAMPLES_BEYOND_KNOT, n))
    knots = []
    for p in TAIL_PROBABILITIES:
        if p < 1.0 and p * n < MIN_SAMPLES_BEYOND_KNOT:
            break
        raw = sorted_scores[0] if p == 1.0 else _quantile(sorted_scores, 1.0 - p)
        log_p = math.log(p)
        if knots and raw <= knots[-1][0]:
            # ties (discrete scores): P(X >= raw) is the largest tail probability at that value, the first
            continue
        knots.append((raw, log_p))
    if len(knots) < 2:
        # a (nearly) constant score: anything above it is as surprising as the data allows
        spread = max(1e-9, abs(sorted_scores[0]) * 1e-6)
        knots.append((sorted_scores[n - 1] + spread, math.log(1.0 / n)))
    raw = [k[0] for k in knots]
    log_tail = [k[1] for k in knots]
    return {"raw": raw, "log_tail": log_tail,
            "tail_scale": _fit_tail_scale(sorted_scores, raw, log_tail), "samples": n}


def calibrate(calibration, raw_score):
    """ScoreCalibration.calibrate: the calibrated score -ln P(X >= raw) in [0, 50]."""
    raw_knots = calibration["raw"]
    log_knots = calibration["log_tail"]
    if math.isnan(raw_score):
        return 0.0
    last = len(raw_knots) - 1
    if raw_score <= raw_knots[0]:
        return 0.0
    if raw_score >= raw_knots[last]:
        log_tail = log_knots[last] - (raw_score - raw_knots[last]) / calibration["tail_scale"]
    else:
        upper = next(i for i, k in enumerate(raw_knots) if k >= raw_score)
        if raw_knots[upper] == raw_score:
            log_tail = log_knots[upper]
        else:
            lower = upper - 1
            t = (raw_score - raw_knots[lower]) / (raw_knots[upper] - raw_knots[lower])
            log_tail = log_knots[lower] + t * (log_knots[upper] - log_knots[lower])
    return min(MAX_SCORE, max(0.0, -log_tail))


# ---------------------------------------------------------------------------------------------
# Bundle and CSV input
# ---------------------------------------------------------------------------------------------

def read_manifest(bundle_dir):
    """The bundle's manifest as an ordered dict, checked for what this script needs."""
    if not os.path.isdir(bundle_dir):
        raise UserError("bundle directory %s does not exist" % bundle_dir)
    path = os.path.join(bundle_dir, MANIFEST)
    if not os.path.isfile(path):
        raise UserError("bundle %s has no %s" % (bundle_dir, MANIFEST))
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (ValueError, OSError) as e:
        raise UserError("%s is not valid JSON: %s" % (path, e))
    if not isinstance(manifest, dict):
        raise UserError("%s is not a JSON object" % path)
    features = manifest.get("features")
    if (not isinstance(features, list) or not features
            or not all(isinstance(x, str) and x for x in features)):
        raise UserError("%s: 'features' must be a non-empty list of names" % path)
    if len(set(features)) != len(features):
        raise UserError("%s: feature names are not unique: %s" % (path, ", ".join(features)))
    window = manifest.get("window")
    if not isinstance(window, int) or isinstance(window, bool) or window < 2:
        raise UserError("%s: 'window' must be an integer >= 2, got %r" % (path, window))
    scaler = manifest.get("scaler")
    if not isinstance(scaler, dict):
        raise UserError("%s has no 'scaler'" % path)
    for key in ("mean", "std"):
        values = scaler.get(key)
        if (not isinstance(values, list) or len(values) != len(features)
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                           for v in values)):
            raise UserError("%s: scaler.%s must have %d finite numbers (one per feature)"
                            % (path, key, len(features)))
    if not all(v > 0 for v in scaler["std"]):
        raise UserError("%s: scaler.std must be positive" % path)
    if "detectors" in manifest and not isinstance(manifest["detectors"], dict):
        raise UserError("%s: 'detectors' must be an object" % path)
    return manifest


def _find_column(header, names):
    for i, column in enumerate(header):
        if column.lower() in names:
            return i
    return -1


def _time_sort_key(text):
    # CsvTrainingReader.TimedRow.sortKey: integers sort numerically (zero-padded), other text as text.
    if re.fullmatch(r"-?\d+", text):
        return "%020d" % int(text)
    return text


def _parse_number(text, path, line, column):
    """A cell as a float; empty = missing (NaN). Anything else that is not a finite number is an error."""
    if text == "":
        return math.nan
    try:
        if "_" in text:
            raise ValueError(text)
        value = float(text)
    except ValueError:
        raise UserError("%s line %d, column %s: '%s' is not a number" % (path, line, column, text))
    if not math.isfinite(value):
        raise UserError("%s line %d, column %s: '%s' is not a finite number" % (path, line, column, text))
    return value


def read_csv(path, features):
    """Normal data per device in time order: {device: float64 array [rows, F], NaN = missing}.

    Mirrors io.fleetanomaly.training.CsvTrainingReader: header row; comma- or (when the header has
    semicolons and no comma) semicolon-separated; optional device_id column (else one device named
    after the file), time column ts/timestamp/datetime (rows are sorted by it within a device,
    integers numerically, ties in file order), label/anomaly column (rows labeled >= 0.5 skipped).
    Devices keep the order of their first row in the file.
    """
    if not os.path.isfile(path):
        raise UserError("CSV file %s does not exist" % path)
    with open(path, newline="", encoding="utf-8") as f:
        first = f.readline()
        if not first.strip():
            raise UserError("%s is empty" % path)
        separator = ";" if ";" in first and "," not in first else ","
        f.seek(0)
        reader = csv.reader(f, delimiter=separator)
        header = [c.strip() for c in next(reader)]
        device_col = _find_column(header, DEVICE_COLUMNS)
        time_col = _find_column(header, TIME_COLUMNS)
        label_col = _find_column(header, LABEL_COLUMNS)
        feature_cols = []
        for name in features:
            if name not in header:
                raise UserError("%s has no column '%s' (a feature of the bundle); its columns are %s"
                                % (path, name, ", ".join(header)))
            feature_cols.append(header.index(name))
        default_device = os.path.basename(path)
        if default_device.endswith(".csv"):
            default_device = default_device[:-4]
        by_device = {}
        for cells in reader:
            line = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue

            def cell(index):
                return cells[index].strip() if 0 <= index < len(cells) else ""

            if label_col >= 0:
                label = cell(label_col)
                if label:
                    try:
                        anomalous = float(label) >= 0.5
                    except ValueError:
                        raise UserError("%s line %d, column %s: label '%s' is not a number"
                                        % (path, line, header[label_col], label))
                    if anomalous:
                        continue
            values = [_parse_number(cell(c), path, line, name) for c, name in zip(feature_cols, features)]
            device = cell(device_col) if device_col >= 0 else default_device
            time_key = _time_sort_key(cell(time_col)) if time_col >= 0 else ""
            by_device.setdefault(device, []).append((time_key, line, values))
    result = {}
    for device, rows in by_device.items():
        rows.sort(key=lambda r: (r[0], r[1]))
        result[device] = np.array([r[2] for r in rows], dtype=np.float64).reshape(len(rows), len(features))
    return result


# ---------------------------------------------------------------------------------------------
# Preprocessing and windows (what io.fleetanomaly.scoring.DeviceWindow does per event)
# ---------------------------------------------------------------------------------------------

def scale_and_impute(rows, mean, std):
    """Scaled readings [n, F] (float64): (value - mean) / std; a missing reading takes the
    sensor's last scaled value in this sequence, or 0.0 (the scaled mean) before its first one."""
    rows = np.asarray(rows, dtype=np.float64)
    scaled = (rows - np.asarray(mean, dtype=np.float64)) / np.asarray(std, dtype=np.float64)
    out = np.empty_like(scaled)
    for j in range(scaled.shape[1]):
        column = scaled[:, j]
        present = ~np.isnan(column)
        # index of the last present reading at or before each row (-1 before the first)
        last = np.where(present, np.arange(len(column)), -1)
        np.maximum.accumulate(last, out=last)
        out[:, j] = np.where(last >= 0, column[np.maximum(last, 0)], 0.0)
    return out


def cut_windows(sequence, window, stride=1):
    """Windows of `window` consecutive rows, oldest first, starting at rows 0, stride, 2*stride,
    ...: float32 [k, W, F]. With stride 1 there is one window per event from the W-th on: the
    window the Java job scores at that event."""
    sequence = np.asarray(sequence)
    n, features = sequence.shape
    if n < window:
        return np.zeros((0, window, features), dtype=np.float32)
    view = np.lib.stride_tricks.sliding_window_view(sequence, window, axis=0)  # [n-W+1, F, W]
    view = view[::stride].transpose(0, 2, 1)
    return np.ascontiguousarray(view, dtype=np.float32)


def split_devices(by_device, val_fraction):
    """(training sequences, held-out sequences) of raw rows, as BundleTrainer.split does: with at
    least k = round(1 / val_fraction) devices, every k-th device (in order of first appearance) is
    held out; otherwise the last val_fraction of each device (rounded half up) is held out."""
    k = max(2, int(math.floor(1.0 / val_fraction + 0.5)))
    devices = list(by_device.values())
    training, held_out = [], []
    if len(devices) >= k:
        for i, rows in enumerate(devices):
            (held_out if i % k == k - 1 else training).append(rows)
    else:
        for rows in devices:
            cut = int(math.floor(len(rows) * (1.0 - val_fraction) + 0.5))
            training.append(rows[:cut])
            held_out.append(rows[cut:])
    return training, held_out


def windows_of(sequences, mean, std, window, stride):
    """Scales and imputes each sequence on its own (a fresh device state) and cuts its windows."""
    parts = [cut_windows(scale_and_impute(rows, mean, std), window, stride) for rows in sequences if len(rows)]
    if not parts:
        return np.zeros((0, window, len(mean)), dtype=np.float32)
    return np.concatenate(parts, axis=0)


def sampled_windows(sequences, mean, std, window, stride, cap):
    """(the windows of windows_of(...) at the indices even_sample(total, cap), total): the same
    windows, without materialising those that are not kept."""
    scaled = [scale_and_impute(rows, mean, std) for rows in sequences if len(rows) >= window]
    counts = np.array([(len(seq) - window) // stride + 1 for seq in scaled], dtype=np.int64)
    total = int(counts.sum())
    out = np.zeros((0, window, len(mean)), dtype=np.float32)
    if total == 0:
        return out, 0
    chosen = even_sample(total, cap)
    starts = np.concatenate([[0], np.cumsum(counts)])
    parts = []
    for i, seq in enumerate(scaled):
        local = chosen[(chosen >= starts[i]) & (chosen < starts[i + 1])] - starts[i]
        if len(local):
            view = np.lib.stride_tricks.sliding_window_view(seq, window, axis=0)  # [n-W+1, F, W]
            parts.append(view[local * stride].transpose(0, 2, 1).astype(np.float32))
    return np.ascontiguousarray(np.concatenate(parts, axis=0)), total


def even_sample(count, cap):
    """Indices of `cap` of `count` items spread evenly (all of them when count <= cap)."""
    if cap <= 0 or count <= cap:
        return np.arange(count)
    return (np.arange(cap, dtype=np.int64) * count) // cap


def fixture_indices(count, n):
    """n distinct window indices spread evenly over [0, count), including the middle one (count // 2)
    and the last one (and the first when n >= 3)."""
    n = min(n, count)
    if n <= 0:
        return []
    if n == 1:
        return [count - 1]
    if n == 2:
        return sorted({count // 2, count - 1})
    indices = [int(round(i * (count - 1) / (n - 1))) for i in range(n)]
    middle = count // 2
    if middle not in indices and n >= 3:
        closest = min(range(1, n - 1), key=lambda i: abs(indices[i] - middle))
        indices[closest] = middle
    return sorted(set(indices))


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------

if nn is not None:
    class LstmAutoencoder(nn.Module):
        """LSTM encoder-decoder: the encoder's last-layer final hidden state, repeated W times,
        is decoded by a second LSTM and mapped back to F features at every step."""

        def __init__(self, features, hidden, layers, window):
            super().__init__()
            self.features = features
            self.hidden = hidden
            self.layers = layers
            self.window = window
            self.encoder = nn.LSTM(features, hidden, layers, batch_first=True)
            self.decoder = nn.LSTM(hidden, hidden, layers, batch_first=True)
            self.output = nn.Linear(hidden, features)

        def forward(self, x):
            # Initial states sized from the input, so the exported graph's batch dimension is dynamic.
            h0 = x.new_zeros(self.layers, x.shape[0], self.hidden)
            c0 = x.new_zeros(self.layers, x.shape[0], self.hidden)
            _, (h, _) = self.encoder(x, (h0, c0))
            code = h[-1]                                           # [batch, hidden]
            repeated = code.unsqueeze(1).repeat(1, self.window, 1)  # [batch, W, hidden]
            decoded, _ = self.decoder(repeated, (h0, c0))
            return self.output(decoded)                            # [batch, W, F]

        def forward_fast(self, x):
            """The same function as forward() with the same parameters, for training only: the LSTM
            recurrences written out step by step with every matrix product as a 1x1 convolution,
            which torch runs with oneDNN, several times faster than nn.LSTM on CPUs where torch is
            linked to the reference BLAS (as Debian's python3-torch is). The decoder's input is the
            same code at every step, so its input projection is computed once."""
            batch = x.shape[0]
            zeros = x.new_zeros(batch, self.hidden)
            sequence = x.transpose(1, 2)  # [batch, F, W]
            h = zeros
            for layer in range(self.layers):
                sequence, h = _lstm_layer_fast(self.encoder, layer, sequence, zeros, self.window)
            sequence = h.unsqueeze(-1)  # [batch, hidden, 1]: the code, the decoder's input at every step
            for layer in range(self.layers):
                sequence, _ = _lstm_layer_fast(self.decoder, layer, sequence, zeros, self.window)
            out = nn.functional.conv1d(sequence, self.output.weight.unsqueeze(-1), self.output.bias)
            return out.transpose(1, 2)  # [batch, W, F]

    def _lstm_layer_fast(lstm, layer, sequence, zeros, steps):
        """One layer of an nn.LSTM (gate order i, f, g, o) over sequence [batch, in, W or 1]:
        returns (outputs [batch, hidden, W], final hidden state)."""
        conv1d = nn.functional.conv1d
        w_ih = getattr(lstm, "weight_ih_l%d" % layer).unsqueeze(-1)
        w_hh = getattr(lstm, "weight_hh_l%d" % layer).unsqueeze(-1)
        bias = getattr(lstm, "bias_ih_l%d" % layer) + getattr(lstm, "bias_hh_l%d" % layer)
        projected = conv1d(sequence, w_ih, bias)  # [batch, 4 hidden, W or 1]
        if projected.shape[2] == 1:
            inputs = [projected.squeeze(-1)] * steps
        else:
            inputs = projected.permute(2, 0, 1).unbind(0)
        h, c = zeros, zeros
        outputs = []
        for step in range(steps):
            gates = inputs[step] + conv1d(h.unsqueeze(-1), w_hh).squeeze(-1)
            i, f, g, o = gates.chunk(4, 1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outputs.append(h)
        return torch.stack(outputs, 2), h


def fast_forward_matches(model, windows, tolerance=1e-5):
    """Max difference between forward_fast and forward on a few windows, and whether it is small."""
    with torch.no_grad():
        x = torch.from_numpy(windows[:16])
        worst = float((model.forward_fast(x) - model(x)).abs().max())
    return worst, worst <= tolerance


def window_errors(windows, reconstructions):
    """Reconstruction error per window: mean over W x F of the squared error, in float64."""
    diff = np.asarray(reconstructions, dtype=np.float64) - np.asarray(windows, dtype=np.float64)
    return (diff * diff).reshape(diff.shape[0], -1).mean(axis=1)


def reconstruct(model, windows, batch_size=1024):
    """The model's float32 reconstructions of float32 windows, in eval mode."""
    model.eval()
    out = np.empty_like(windows, dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(windows), batch_size):
            batch = torch.from_numpy(windows[start:start + batch_size])
            out[start:start + batch_size] = model(batch).numpy()
    return out


def train_model(model, train_windows, val_windows, epochs, batch_size, lr, patience, rng, log, fast=True):
    """Adam on MSE; early stopping on the validation loss (mean window error, computed with the
    nn.LSTM forward); the best state is kept. Returns (epochs run, best epoch, best validation loss)."""
    forward = model.forward_fast if fast else model
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    train_tensor = torch.from_numpy(train_windows)
    best_loss, best_epoch, best_state, stale = math.inf, 0, None, 0
    epochs_run = 0
    for epoch in range(1, epochs + 1):
        started = time.monotonic()
        model.train()
        order = torch.from_numpy(rng.permutation(len(train_tensor)))
        total, seen = 0.0, 0
        for start in range(0, len(order), batch_size):
            batch = train_tensor[order[start:start + batch_size]]
            optimiser.zero_grad()
            loss = loss_fn(forward(batch), batch)
            loss.backward()
            optimiser.step()
            total += loss.item() * len(batch)
            seen += len(batch)
        val_loss = float(window_errors(val_windows, reconstruct(model, val_windows)).mean())
        epochs_run = epoch
        improved = val_loss < best_loss
        if improved:
            best_loss, best_epoch, best_state, stale = val_loss, epoch, copy.deepcopy(model.state_dict()), 0
        else:
            stale += 1
        log("epoch %d/%d  train loss %.6f  val loss %.6f%s  (%.1f s)"
            % (epoch, epochs, total / max(seen, 1), val_loss, "  *" if improved else "", time.monotonic() - started))
        if not math.isfinite(val_loss):
            raise UserError("training diverged (validation loss %s at epoch %d); try a smaller --lr" % (val_loss, epoch))
        if patience > 0 and stale >= patience:
            log("early stop: no improvement for %d epochs" % patience)
            break
    model.load_state_dict(best_state)
    model.eval()
    return epochs_run, best_epoch, best_loss


# ---------------------------------------------------------------------------------------------
# ONNX export and a structural check of the file (protobuf read by hand: no onnx package here)
# ---------------------------------------------------------------------------------------------

def _varint(buf, pos):
    result, shift = 0, 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _proto_fields(buf):
    """(field number, value) of a protobuf message: int for varints, bytes for the rest."""
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = bytes(buf[pos:pos + 8]), pos + 8
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = bytes(buf[pos:pos + length]), pos + length
        elif wire == 5:
            value, pos = bytes(buf[pos:pos + 4]), pos + 4
        else:
            raise ValueError("unsupported protobuf wire type %d" % wire)
        if pos > end:
            raise ValueError("truncated protobuf message")
        yield number, value


def _value_info(buf):
    """(name, elem_type, [dim_value int or dim_param str]) of an ONNX ValueInfoProto."""
    name, elem_type, dims = None, None, []
    for number, value in _proto_fields(buf):
        if number == 1:
            name = value.decode("utf-8")
        elif number == 2:  # TypeProto
            for n2, v2 in _proto_fields(value):
                if n2 == 1:  # TypeProto.Tensor
                    for n3, v3 in _proto_fields(v2):
                        if n3 == 1:
                            elem_type = v3
                        elif n3 == 2:  # TensorShapeProto
                            for n4, v4 in _proto_fields(v3):
                                if n4 == 1:  # Dimension
                                    dim = None
                                    for n5, v5 in _proto_fields(v4):
                                        if n5 == 1:
                                            dim = v5
                                        elif n5 == 2:
                                            dim = v5.decode("utf-8")
                                    dims.append(dim)
    return name, elem_type, dims


def inspect_onnx(path):
    """Parses an ONNX ModelProto: {ir_version, opset, inputs, outputs, ops, initializers}."""
    with open(path, "rb") as f:
        data = f.read()
    info = {"ir_version": None, "opset": None, "inputs": [], "outputs": [], "ops": {}, "initializers": set(),
            "nodes": []}
    graph = None
    for number, value in _proto_fields(data):
        if number == 1:
            info["ir_version"] = value
        elif number == 7:
            graph = value
        elif number == 8:  # OperatorSetIdProto
            domain, version = "", None
            for n2, v2 in _proto_fields(value):
                if n2 == 1:
                    domain = v2.decode("utf-8")
                elif n2 == 2:
                    version = v2
            if domain in ("", "ai.onnx"):
                info["opset"] = version
    if graph is None:
        raise ValueError("no graph")
    for number, value in _proto_fields(graph):
        if number == 1:  # NodeProto
            op, inputs = None, []
            for n2, v2 in _proto_fields(value):
                if n2 == 1:
                    inputs.append(v2.decode("utf-8"))
                elif n2 == 4:
                    op = v2.decode("utf-8")
            info["ops"][op] = info["ops"].get(op, 0) + 1
            info["nodes"].append((op, inputs))
        elif number == 5:  # TensorProto initializer
            for n2, v2 in _proto_fields(value):
                if n2 == 8:
                    info["initializers"].add(v2.decode("utf-8"))
        elif number == 11:
            info["inputs"].append(_value_info(value))
        elif number == 12:
            info["outputs"].append(_value_info(value))
    info["inputs"] = [i for i in info["inputs"] if i[0] not in info["initializers"]]
    return info


def verify_onnx(path, window, features, opset, layers):
    """Checks the exported file: one float32 input `window` and one output `reconstruction`, both
    [batch, W, F] with a symbolic batch dimension, the expected opset and LSTM nodes."""
    try:
        info = inspect_onnx(path)
    except (ValueError, IndexError, UnicodeDecodeError) as e:
        raise RuntimeError("exported ONNX file %s cannot be parsed: %s" % (path, e))
    expected = {"inputs": (ONNX_INPUT,), "outputs": (ONNX_OUTPUT,)}
    for key, names in expected.items():
        got = info[key]
        if tuple(i[0] for i in got) != names:
            raise RuntimeError("ONNX %s are %s, expected %s" % (key, [i[0] for i in got], list(names)))
        name, elem_type, dims = got[0]
        if elem_type != 1:
            raise RuntimeError("ONNX %s has element type %s, expected 1 (float32)" % (name, elem_type))
        if len(dims) != 3 or not isinstance(dims[0], str) or dims[1:] != [window, features]:
            raise RuntimeError("ONNX %s has shape %s, expected [batch, %d, %d]" % (name, dims, window, features))
    if info["opset"] != opset:
        raise RuntimeError("ONNX opset is %s, expected %d" % (info["opset"], opset))
    if info["ops"].get("LSTM", 0) != 2 * layers:
        raise RuntimeError("ONNX graph has %d LSTM nodes, expected %d" % (info["ops"].get("LSTM", 0), 2 * layers))
    for op, inputs in info["nodes"]:
        # LSTM inputs: X, W, R, B, sequence_lens, initial_h, initial_c; constant initial states
        # would have the export example's batch size baked in
        if op == "LSTM" and (len(inputs) < 7 or inputs[5] in info["initializers"] or inputs[6] in info["initializers"]):
            raise RuntimeError("an ONNX LSTM node has constant or no initial states %s: the batch size "
                               "would be fixed" % inputs[5:7])
    return info


def export_onnx(model, example, path, opset):
    model.eval()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.onnx.export(
            model, (example,), path,
            export_params=True,
            opset_version=opset,
            do_constant_folding=True,
            input_names=[ONNX_INPUT],
            output_names=[ONNX_OUTPUT],
            dynamic_axes={ONNX_INPUT: {0: "batch"}, ONNX_OUTPUT: {0: "batch"}})
    return _unexpected_warnings(caught)


# Warnings torch 1.13 emits on every export of this model, all harmless here:
# - on every LSTM, that the batch size may be baked in unless h0/c0 are defined: ours are sized from
#   the input, and verify_onnx checks that the LSTM nodes' initial states are computed in the graph;
# - tracer warnings from nn.LSTM's own argument checks (torch/nn/modules/rnn.py);
# - missing shape inference for prim::Constant (the shapes are checked by verify_onnx).
_KNOWN_EXPORT_WARNINGS = ("batch_size other than 1", "shape inference of prim::Constant")


def _unexpected_warnings(caught):
    messages = []
    for w in caught:
        text = str(w.message).splitlines()[0] if str(w.message) else w.category.__name__
        if any(k in text for k in _KNOWN_EXPORT_WARNINGS):
            continue
        if w.category.__name__ == "TracerWarning" and w.filename.replace(os.sep, "/").endswith("nn/modules/rnn.py"):
            continue
        if text not in messages:
            messages.append(text)
    return messages


def check_batch_independence(model, windows, tolerance=1e-5):
    """Reconstructions of a batch of up to 7 windows equal those of each window alone."""
    batch = windows[:7]
    with torch.no_grad():
        together = model(torch.from_numpy(batch)).numpy()
        alone = np.concatenate([model(torch.from_numpy(batch[i:i + 1])).numpy() for i in range(len(batch))])
    worst = float(np.max(np.abs(together - alone))) if len(batch) else 0.0
    if worst > tolerance:
        raise RuntimeError("reconstructions depend on the batch size (max difference %g)" % worst)
    return worst


# ---------------------------------------------------------------------------------------------
# Manifest writing, Jackson-style (the format the Java BundleWriter produces)
# ---------------------------------------------------------------------------------------------

def _json_scalar(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("cannot write %r to JSON" % value)
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError("cannot write %r to JSON" % (value,))


def jackson_json(value, level=0):
    """JSON as Jackson's default pretty printer writes it: objects one key per line with
    two-space indentation and `"key" : value`, arrays on one line as `[ a, b ]`."""
    if isinstance(value, dict):
        if not value:
            return "{ }"
        inner = "  " * (level + 1)
        items = ["%s%s : %s" % (inner, json.dumps(str(k), ensure_ascii=False), jackson_json(v, level + 1))
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(jackson_json(v, level) for v in value) + " ]"
    return _json_scalar(value)


def sha256_hex(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _temp_path(directory, name):
    fd, path = tempfile.mkstemp(prefix="." + name + ".", suffix=".tmp", dir=directory)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)  # as a plainly created file, not mkstemp's 0600
    return path


def updated_manifest(manifest, entry, training_info):
    """A copy of the manifest with detectors.lstm_ae and training.lstm_ae set (replaced if present)."""
    manifest = copy.deepcopy(manifest)
    detectors = manifest.setdefault("detectors", {})
    detectors[DETECTOR] = entry
    training = manifest.get("training")
    if not isinstance(training, dict):
        training = {}
        manifest["training"] = training
    training[DETECTOR] = training_info
    return manifest


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="train-lstm",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Train the LSTM autoencoder detector of a fleet-anomaly model bundle on normal data, "
                    "export it to ONNX and calibrate it.",
        epilog="""
Writes into the bundle directory: lstm_ae.onnx (input 'window' float32 [batch, W, F], output
'reconstruction' of the same shape), lstm_ae_parity.json (held-out windows with PyTorch's
reconstructions and errors, for a parity test of the Java scorer), and manifest.json with
detectors.lstm_ae (file, sha256, weight, calibration, ONNX names, sizes, fixture) and
training.lstm_ae. An existing lstm_ae entry is replaced; every other key is kept.

The CSV has a header row, comma-separated (or semicolon-separated when the header has no comma);
columns: device_id (optional, else one device named after the file), ts / timestamp / datetime
(optional: rows are sorted by it within a device, integers numerically), every feature of the
bundle, label or anomaly (optional: rows labeled 1 are skipped); other columns are ignored. An
empty cell is a missing reading. Preprocessing is the Java job's: scale with the bundle's scaler,
impute a missing reading with the sensor's last scaled value (0.0 before its first reading),
windows of W consecutive events of one device, oldest first.

Held-out data: with at least k = round(1 / --val-fraction) devices, every k-th device in order of
first appearance (the 5th, 10th, ... for 0.2) is held out, else the last --val-fraction of each
device. Held-out windows (stride 1: one per event, as the job scores them) drive early stopping
and the calibration.

Score of a window = mean over W x F of the squared reconstruction error (float64).

Exit status: 0 done, 2 bad input or option (one line on stderr naming the file, line, column or key).

Example (about 3 minutes on two shared cores for 60,000 rows):
  jobs/train-lstm --bundle /tmp/my-bundle --csv normal.csv \\
      --epochs 30 --max-train-windows 16000 --batch-size 256 --lr 3e-3
""")
    parser.add_argument("--bundle", required=True, metavar="DIR",
                        help="existing model bundle directory (manifest.json gives features, window, scaler); "
                             "the model, fixture and updated manifest are written into it")
    parser.add_argument("--csv", required=True, metavar="FILE", help="CSV of normal data (see below)")
    parser.add_argument("--hidden", type=int, default=32, help="LSTM hidden size (default %(default)s)")
    parser.add_argument("--layers", type=int, default=1, help="LSTM layers of encoder and decoder (default %(default)s)")
    parser.add_argument("--epochs", type=int, default=30, help="maximum training epochs (default %(default)s)")
    parser.add_argument("--batch-size", type=int, default=128, help="training batch size (default %(default)s)")
    parser.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate (default %(default)s)")
    parser.add_argument("--seed", type=int, default=42,
                        help="seed of initialisation and shuffling; runs with the same inputs, options "
                             "and --threads give the same model (default %(default)s)")
    parser.add_argument("--patience", type=int, default=5,
                        help="stop after this many epochs without a lower validation loss; 0 = never "
                             "(default %(default)s). The best epoch's weights are kept.")
    parser.add_argument("--val-fraction", type=float, default=0.2,
                        help="share of the data held out for validation and calibration (default %(default)s)")
    parser.add_argument("--stride", type=int, default=1,
                        help="stride between training windows of a device (default %(default)s)")
    parser.add_argument("--max-train-windows", type=int, default=50000,
                        help="at most this many training windows, sampled evenly; 0 = no cap (default %(default)s)")
    parser.add_argument("--weight", type=float, default=1.0,
                        help="fusion weight of this detector in the manifest (default %(default)s)")
    parser.add_argument("--fixture-windows", type=int, default=4,
                        help="held-out windows in the parity fixture (default %(default)s)")
    parser.add_argument("--opset", type=int, default=DEFAULT_OPSET,
                        help="ONNX opset version, 14 to 17 with torch 1.13 (default %(default)s)")
    parser.add_argument("--val-loss-windows", type=int, default=4000,
                        help="the validation loss (early stopping) of each epoch is computed on at most this "
                             "many held-out windows, spread evenly; 0 = all. The calibration always uses all "
                             "held-out windows (default %(default)s)")
    parser.add_argument("--fast-lstm", action=argparse.BooleanOptionalAction, default=True,
                        help="train with a step-by-step implementation of the same LSTMs whose matrix products "
                             "run on oneDNN (about 3x faster where torch uses the reference BLAS); evaluation, "
                             "export and the fixture always use nn.LSTM. Checked against nn.LSTM before "
                             "training (default on)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch CPU threads; results are reproducible for the same thread count "
                             "(default %(default)s)")
    parser.add_argument("--scaled-csv", action="store_true",
                        help="the CSV holds the job's LSTM inputs already (each device on its own scale after its "
                             "warm-up, from 'fleet-anomaly train --device-inputs-csv'): not scaled again; needed by "
                             "bundles trained on device-scaled inputs")
    parser.add_argument("--quick", action="store_true",
                        help="smoke mode for CI: at most %d training and %d held-out windows, %d epoch, hidden %d"
                             % (QUICK_MAX_WINDOWS, QUICK_MAX_WINDOWS, QUICK_EPOCHS, QUICK_HIDDEN))
    args = parser.parse_args(argv)
    checks = [
        (args.hidden >= 1, "--hidden must be >= 1"),
        (args.layers >= 1, "--layers must be >= 1"),
        (args.epochs >= 1, "--epochs must be >= 1"),
        (args.batch_size >= 1, "--batch-size must be >= 1"),
        (args.lr > 0 and math.isfinite(args.lr), "--lr must be a positive number"),
        (args.patience >= 0, "--patience must be >= 0"),
        (0 < args.val_fraction < 1, "--val-fraction must be between 0 and 1"),
        (args.stride >= 1, "--stride must be >= 1"),
        (args.max_train_windows >= 0, "--max-train-windows must be >= 0"),
        (args.weight >= 0 and math.isfinite(args.weight), "--weight must be a finite number >= 0"),
        (args.fixture_windows >= 1, "--fixture-windows must be >= 1"),
        (14 <= args.opset <= 17, "--opset must be between 14 and 17"),
        (args.threads >= 1, "--threads must be >= 1"),
        (args.val_loss_windows >= 0, "--val-loss-windows must be >= 0"),
    ]
    for ok, message in checks:
        if not ok:
            parser.error(message)
    if args.quick:
        args.epochs = QUICK_EPOCHS
        args.hidden = QUICK_HIDDEN
        args.max_train_windows = min(args.max_train_windows or QUICK_MAX_WINDOWS, QUICK_MAX_WINDOWS)
    return args


def _size(path):
    size = os.path.getsize(path)
    return "%.1f KiB" % (size / 1024.0) if size >= 1024 else "%d B" % size


def _print(message):
    print(message, flush=True)


def run(args, log=_print):
    started = time.monotonic()
    if torch is None:
        raise UserError("PyTorch is not installed for %s (apt-get install -y python3-torch)" % sys.executable)
    manifest = read_manifest(args.bundle)
    features, window = manifest["features"], manifest["window"]
    mean, std = manifest["scaler"]["mean"], manifest["scaler"]["std"]
    device_scaled = bool(manifest.get("detectors", {}).get("mahalanobis", {}).get("device_scaled_inputs"))
    if device_scaled and not args.scaled_csv:
        raise UserError("%s was trained on device-scaled inputs (each device on its own scale): give its LSTM inputs, "
                        "written by 'fleet-anomaly train --device-inputs-csv', with --scaled-csv" % args.bundle)
    if args.scaled_csv and not device_scaled:
        raise UserError("--scaled-csv needs a bundle trained on device-scaled inputs (train --mahalanobis-mode device)")
    if args.scaled_csv:
        # the rows are the job's LSTM inputs already: no second scaling
        mean, std = [0.0] * len(features), [1.0] * len(features)
    by_device = read_csv(args.csv, features)
    rows = sum(len(r) for r in by_device.values())
    longest = max((len(r) for r in by_device.values()), default=0)
    if longest < window:
        raise UserError("%s has too few normal rows for one window: the longest device has %d, the window is %d"
                        % (args.csv, longest, window))

    training_rows, held_out_rows = split_devices(by_device, args.val_fraction)
    train_windows, train_total = sampled_windows(
        training_rows, mean, std, window, args.stride, args.max_train_windows)
    val_windows, val_total = sampled_windows(
        held_out_rows, mean, std, window, 1, QUICK_MAX_WINDOWS if args.quick else 0)
    if len(train_windows) == 0:
        raise UserError("%s gives no training windows of %d events (too few rows per training device)"
                        % (args.csv, window))
    minimum = 2 * MIN_SAMPLES_BEYOND_KNOT
    if len(val_windows) < minimum:
        raise UserError("%s gives %d held-out windows; the calibration needs at least %d "
                        "(more rows or devices, or a larger --val-fraction)" % (args.csv, len(val_windows), minimum))
    log("data: %d rows of %d devices; windows of %d x %d: train %d (of %d, stride %d), held out %d (of %d)"
        % (rows, len(by_device), window, len(features), len(train_windows), train_total, args.stride,
           len(val_windows), val_total))

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(args.seed)
    model = LstmAutoencoder(len(features), args.hidden, args.layers, window)
    fast = args.fast_lstm
    if fast:
        difference, fast = fast_forward_matches(model, val_windows)
        if not fast:
            log("fast LSTM differs from nn.LSTM by %g: training with nn.LSTM" % difference)
    loss_windows = val_windows[even_sample(len(val_windows), args.val_loss_windows)]
    train_started = time.monotonic()
    epochs_run, best_epoch, best_loss = train_model(
        model, train_windows, loss_windows, args.epochs, args.batch_size, args.lr, args.patience, rng, log,
        fast=fast)
    train_seconds = time.monotonic() - train_started

    worst = check_batch_independence(model, val_windows)
    val_reconstructions = reconstruct(model, val_windows)
    val_errors = window_errors(val_windows, val_reconstructions)
    calibration = fit_calibration(val_errors.tolist())

    onnx_tmp = _temp_path(args.bundle, ONNX_FILE)
    fixture_tmp = _temp_path(args.bundle, FIXTURE_FILE)
    manifest_tmp = _temp_path(args.bundle, MANIFEST)
    try:
        export_warnings = export_onnx(model, torch.from_numpy(val_windows[:2].copy()), onnx_tmp, args.opset)
        info = verify_onnx(onnx_tmp, window, len(features), args.opset, args.layers)

        chosen = fixture_indices(len(val_windows), args.fixture_windows)
        fixture_windows = val_windows[chosen]
        fixture_reconstructions = reconstruct(model, fixture_windows)
        fixture = {
            "format": FIXTURE_FORMAT,
            "format_version": FIXTURE_FORMAT_VERSION,
            "windows": fixture_windows.tolist(),
            "reconstructions": fixture_reconstructions.tolist(),
            "errors": window_errors(fixture_windows, fixture_reconstructions).tolist(),
        }
        with open(fixture_tmp, "w", encoding="utf-8") as f:
            json.dump(fixture, f)
            f.write("\n")

        entry = {
            "file": ONNX_FILE,
            "sha256": sha256_hex(onnx_tmp),
            "weight": float(args.weight),
            "calibration": calibration,
            "onnx_input": ONNX_INPUT,
            "onnx_output": ONNX_OUTPUT,
            "hidden_size": args.hidden,
            "layers": args.layers,
            "parity_fixture": FIXTURE_FILE,
        }
        training_info = {
            "source": args.csv,
            "train_windows": int(len(train_windows)),
            "val_windows": int(len(val_windows)),
            "epochs": epochs_run,
            "best_epoch": best_epoch,
            "best_val_loss": best_loss,
            "seed": args.seed,
            "torch_version": torch.__version__,
        }
        with open(manifest_tmp, "w", encoding="utf-8") as f:
            f.write(jackson_json(updated_manifest(manifest, entry, training_info)))
        os.replace(onnx_tmp, os.path.join(args.bundle, ONNX_FILE))
        os.replace(fixture_tmp, os.path.join(args.bundle, FIXTURE_FILE))
        os.replace(manifest_tmp, os.path.join(args.bundle, MANIFEST))
    finally:
        for path in (onnx_tmp, fixture_tmp, manifest_tmp):
            if os.path.exists(path):
                os.remove(path)

    for w in export_warnings:
        log("export warning: " + w)
    log("== lstm_ae trained into %s" % args.bundle)
    log("windows      train %d, held out %d (W=%d, F=%d)" % (len(train_windows), len(val_windows), window, len(features)))
    log("model        hidden %d, layers %d, %d parameters" % (args.hidden, args.layers,
                                                               sum(p.numel() for p in model.parameters())))
    log("epochs       %d run, best %d, best val loss %.6f" % (epochs_run, best_epoch, best_loss))
    log("calibration  %d samples, %d knots, tail_scale %.6g (held-out error median %.6g, max %.6g)"
        % (calibration["samples"], len(calibration["raw"]), calibration["tail_scale"],
           float(np.median(val_errors)), float(val_errors.max())))
    log("onnx         opset %d, ir %d, ops %s; batch-size check max diff %.2g"
        % (info["opset"], info["ir_version"], ", ".join("%s %d" % kv for kv in sorted(info["ops"].items())), worst))
    log("files        %s %s, %s %s, %s updated"
        % (ONNX_FILE, _size(os.path.join(args.bundle, ONNX_FILE)), FIXTURE_FILE,
           _size(os.path.join(args.bundle, FIXTURE_FILE)), MANIFEST))
    log("time         %.1f s (training %.1f s)" % (time.monotonic() - started, train_seconds))
    return {"entry": entry, "training": training_info, "val_errors": val_errors, "model": model}


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        run(args)
    except UserError as e:
        print("train-lstm: " + str(e), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
