/**
 * The LSTM autoencoder detector, scored with ONNX Runtime (Flink-free).
 *
 * <ul>
 *   <li>{@link io.fleetanomaly.detectors.lstm.LstmAutoencoderModel}: the bundle's ONNX bytes, checksum
 *       and expected signature ({@code window} float32 [batch, W, F] to {@code reconstruction}).
 *   <li>{@link io.fleetanomaly.detectors.lstm.SharedOrtSessions}: one ORT session per model and
 *       settings in the JVM, leased by the operator instances and closed with the last lease.
 *   <li>{@link io.fleetanomaly.detectors.lstm.LstmAutoencoderScorer}: one ORT call per batch of
 *       windows; per-window reconstruction error and per-channel errors.
 * </ul>
 *
 * <p>Integration notes. ONNX Runtime loads native libraries once per class loader; in a Flink
 * cluster put the onnxruntime jar in Flink's {@code lib/} and keep {@code ai.onnxruntime} out of the
 * job jar (or load it parent-first), else a job restart in the same TaskManager fails to load them
 * again. This package's own classes, {@code SharedOrtSessions} included, live in the job's class
 * loader, so each job (attempt) has its own sessions: operators must close their scorers in
 * {@code close()}. With the default one intra-op thread, ORT runs in the calling task thread and
 * starts no thread pool. Session memory is native (outside the JVM heap); each scorer also keeps two
 * direct buffers of its largest batch (batch × W × F floats each).
 */
package io.fleetanomaly.detectors.lstm;
