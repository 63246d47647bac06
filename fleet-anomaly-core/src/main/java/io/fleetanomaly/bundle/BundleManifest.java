package io.fleetanomaly.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of a model bundle, as written and read by Jackson (snake_case keys).
 * Validation lives in {@link BundleLoader}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BundleManifest {
    public static final String FORMAT = "fleet-anomaly/bundle";
    public static final int FORMAT_VERSION = 1;

    public String format;
    public Integer formatVersion;
    /** Shown in every alert, e.g. {@code industrial-5@2026-11-23}. */
    public String version;
    public String createdAt;
    /** Feature names; their order is the order of every vector in the bundle. */
    public List<String> features;
    /** Window length W of the per-device ring buffer. */
    public Integer window;
    public Scaler scaler;
    /** Per feature, the plausible range of a reading, learned from the training data (absent in older bundles). */
    public PlausibleRange plausibleRange;
    /** By detector name: {@code iforest}, {@code mahalanobis}. */
    public Map<String, Detector> detectors = new LinkedHashMap<>();
    /** How calibrated scores are fused: weighted_mean (absent) or max. */
    public String fusion;
    /** CUSUM and alert lifecycle parameters; absent keys take their defaults. */
    public AlertingParameters alerting;
    /** How the bundle was trained (informational). */
    public Map<String, Object> training;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Scaler {
        public double[] mean;
        public double[] std;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class PlausibleRange {
        public double[] low;
        public double[] high;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Detector {
        public String file;
        public String sha256;
        public Double weight;
        public Calibration calibration;
        /** Mahalanobis only: "fleet" or "device". */
        public String mode;
        /** Mahalanobis only: events a device learns from in device mode. */
        public Integer deviceWarmupEvents;
        /** Mahalanobis only: shrinkage of the device covariance. */
        public Double deviceShrinkage;
        /** Mahalanobis only: device mode also scores the mean of this many last readings (given a long enough warm-up). */
        public Integer deviceSmoothingEvents;
        /**
         * Mahalanobis only: device mode feeds every detector device-scaled inputs (the Isolation
         * Forest and LSTM were trained on them); absent = false.
         */
        public Boolean deviceScaledInputs;
        /** Mahalanobis only, device-scaled inputs: the device season's period in ms (absent or 0 = none). */
        public Long deviceSeasonPeriodMs;
        /** Mahalanobis only, device-scaled inputs: harmonics of the device season. */
        public Integer deviceSeasonHarmonics;
        /** Mahalanobis only, device-scaled inputs: events over which a device's level follows it (absent or 0 = none). */
        public Integer deviceLevelEvents;
        /** Mahalanobis only, device-scaled inputs: events of the device reference level's window (absent or 0 = none). */
        public Integer deviceReferenceEvents;
        /**
         * Mahalanobis only, device-scaled inputs: the fleet's weekly gains learned at training
         * ({@code train --device-weekly-prior}; absent = none, see WeeklyPrior).
         */
        public WeeklyPriorSpec deviceWeeklyPrior;
        /** Mahalanobis only, device-scaled inputs with a reference level: the missing-peak hold (absent = off). */
        public Boolean deviceMissingPeakHold;
        /**
         * Mahalanobis only, device-scaled inputs with a season and a reference level: memory in events of
         * each device's online season correction (absent or 0 = none, see SeasonCorrection).
         */
        public Integer deviceSeasonCorrectionEvents;
        /**
         * Mahalanobis only, device-scaled inputs: memory in events of each device's variance statistic
         * (absent or 0 = none, see VarianceChange).
         */
        public Integer deviceVarianceEvents;
        /** Mahalanobis only, device-scaled inputs with a season and a reference level: the missing-peak score (absent = off). */
        public Boolean deviceMissingPeakScore;
        /**
         * Mahalanobis only, with the missing-peak score: it scores only sensors whose lag-one autocorrelation,
         * estimated from the device's warm-up, is at most this (absent = every sensor, as before there was one).
         */
        public Double deviceMissingPeakMaxAutocorrelation;
        /**
         * Mahalanobis only, device-scaled inputs: what the device's reading model divides each reading by,
         * "long_run" (absent = long_run), "plain" or "predictive" (see ReadingSpread).
         */
        public String deviceReadingSpread;
        /** Mahalanobis only, device-scaled inputs: "long_run" (absent = long_run) or "robust" (see DeviceSpread). */
        public String deviceSpread;
        /** Mahalanobis only: calibration of device-mode distances. */
        public Calibration deviceCalibration;
        /** LSTM autoencoder only: the ONNX graph's input and output names. */
        public String onnxInput;
        public String onnxOutput;
        /** LSTM autoencoder only: informational shape of the network. */
        public Integer hiddenSize;
        public Integer layers;
        /** LSTM autoencoder only: windows and PyTorch's reconstructions, for the parity check. */
        public String parityFixture;
    }

    /** The fleet's weekly gains (WeeklyPrior): per sensor, one gain per bin of the week (UTC, from Thursday 00:00). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class WeeklyPriorSpec {
        public long binMs;
        /** Per feature, the fleet-scaled value of a raw reading of 0. */
        public double[] zero;
        /** Per feature, its gains, one per bin. */
        public double[][] gains;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Calibration {
        public double[] raw;
        public double[] logTail;
        public double tailScale;
        public long samples;
    }
}
