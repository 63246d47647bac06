/**
 * The job's keyed state: what it keeps per device, as small Flink POJOs that hold data only.
 *
 * <p>These classes are the savepoint format. Detector and model classes (Mahalanobis device
 * baselines and models, ...) never live in keyed state; mappers ({@link DeviceBaselineMapper},
 * {@link DeviceModelMapper}) convert between them and their state, so a refactor of a detector
 * cannot silently change what a savepoint holds. Every class here is a Flink POJO (public no-arg
 * constructor, public fields of primitive, array, String or other POJO types of this package), so
 * Flink writes it with its POJO serializer, never Kryo, and a savepoint accepts fields added or
 * removed later. A class here keeps its name and package for good (a renamed class cannot be
 * restored); {@code docs/state.md} lists which operator keeps which state under which name and
 * what a future change may and may not do.
 *
 * <p>Per device, the window operator keeps a small hot state written on every event
 * ({@link DeviceWindowState}) apart from state that changes rarely (the device-mode warm-up,
 * {@link DeviceWarmupState}, and the fitted device models, {@link DeviceModelsState}); the alert
 * operator keeps a {@link CusumState}.
 */
package io.fleetanomaly.state;
