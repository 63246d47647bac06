"""Builds the small ONNX models and the parity fixture used by the lstm tests.

Run from this directory with a Python that has PyTorch (Debian's python3-torch 1.13 works):

    /usr/bin/python3 make_test_model.py                 # writes the committed test files here
    /usr/bin/python3 make_test_model.py --hidden 32 --out /tmp/lstm_ae_h32.onnx   # a benchmark model only

Committed outputs (the Java tests need no Python):
  lstm_ae_w32_f8.onnx        the test model: LSTM autoencoder, W=32, F=8, hidden 8
  parity_w32_f8.json         {"windows", "reconstructions", "errors"} for 4 random windows, from PyTorch
  bad_input_name.onnx        input named 'x' instead of 'window'
  bad_output_name.onnx       output named 'output' instead of 'reconstruction'
  bad_window_w16_f8.onnx     window 16 instead of 32
  bad_features_w32_f5.onnx   5 features instead of 8
  bad_rank2.onnx             input [batch, F] (rank 2)
The bad models use hidden size 2 to stay tiny.
"""
import argparse
import json

import torch
from torch import nn

WINDOW = 32
FEATURES = 8
SEED = 20261123


class LstmAutoencoder(nn.Module):
    """Encoder LSTM, last hidden state repeated W times, decoder LSTM, linear head back to F."""

    def __init__(self, window, features, hidden):
        super().__init__()
        self.window = window
        self.hidden = hidden
        self.encoder = nn.LSTM(features, hidden, batch_first=True)
        self.decoder = nn.LSTM(hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, features)

    def forward(self, x):
        # Initial states from x keep the batch dimension dynamic in the exported graph.
        h0 = x.new_zeros(1, x.shape[0], self.hidden)
        c0 = x.new_zeros(1, x.shape[0], self.hidden)
        _, (h, _) = self.encoder(x, (h0, c0))
        repeated = h[-1].unsqueeze(1).repeat(1, self.window, 1)
        decoded, _ = self.decoder(repeated, (h0, c0))
        return self.head(decoded)


class RankTwoModel(nn.Module):
    """Input [batch, F]: a model of the wrong rank."""

    def __init__(self, features):
        super().__init__()
        self.head = nn.Linear(features, features)

    def forward(self, x):
        return self.head(x)


def export(model, example, path, input_name="window", output_name="reconstruction"):
    model.eval()
    torch.onnx.export(
        model,
        example,
        path,
        opset_version=14,
        input_names=[input_name],
        output_names=[output_name],
        dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}},
    )


def write_parity_fixture(model, path, count=4):
    windows = torch.randn(count, WINDOW, FEATURES)
    with torch.no_grad():
        reconstructions = model(windows)
    errors = ((windows.double() - reconstructions.double()) ** 2).mean(dim=(1, 2))
    fixture = {
        # float32 values written as the doubles they convert to exactly
        "windows": windows.double().tolist(),
        "reconstructions": reconstructions.double().tolist(),
        "errors": errors.tolist(),
    }
    with open(path, "w") as out:
        json.dump(fixture, out)


def write_committed_files():
    torch.manual_seed(SEED)
    model = LstmAutoencoder(WINDOW, FEATURES, hidden=8)
    export(model, torch.randn(2, WINDOW, FEATURES), "lstm_ae_w32_f8.onnx")
    write_parity_fixture(model, "parity_w32_f8.json")

    tiny = LstmAutoencoder(WINDOW, FEATURES, hidden=2)
    export(tiny, torch.randn(2, WINDOW, FEATURES), "bad_input_name.onnx", input_name="x")
    export(tiny, torch.randn(2, WINDOW, FEATURES), "bad_output_name.onnx", output_name="output")
    export(LstmAutoencoder(16, FEATURES, hidden=2), torch.randn(2, 16, FEATURES), "bad_window_w16_f8.onnx")
    export(LstmAutoencoder(WINDOW, 5, hidden=2), torch.randn(2, WINDOW, 5), "bad_features_w32_f5.onnx")
    export(RankTwoModel(FEATURES), torch.randn(2, FEATURES), "bad_rank2.onnx")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hidden", type=int, help="write only one W=32, F=8 model of this hidden size")
    parser.add_argument("--out", help="where to write the --hidden model")
    args = parser.parse_args()
    if args.hidden is None:
        write_committed_files()
    else:
        if not args.out:
            parser.error("--hidden needs --out")
        torch.manual_seed(SEED)
        export(LstmAutoencoder(WINDOW, FEATURES, args.hidden), torch.randn(2, WINDOW, FEATURES), args.out)


if __name__ == "__main__":
    main()
