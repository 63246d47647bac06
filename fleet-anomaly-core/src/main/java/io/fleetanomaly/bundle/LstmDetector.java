package io.fleetanomaly.bundle;

import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderModel;
import java.io.Serializable;

/** The LSTM autoencoder part of a bundle: the checked ONNX model and its calibration. */
public record LstmDetector(LstmAutoencoderModel model, ScoreCalibration calibration, int hiddenSize, int layers)
        implements Serializable {}
