package io.fleetanomaly.evaluation.tuning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic split of a fleet's devices into a tuning part (where weights and alert settings
 * are chosen) and a validation part (where the choice is judged).
 *
 * <p>Devices, not time, are split: the CUSUM standardises each device by a baseline from its own
 * first scored events, so cutting a device's series in time would either hand the validation part
 * devices without a baseline or leak the tuning part's events into it.
 *
 * <p>How: the device ids are sorted, divided into devices with at least one counted anomalous event
 * and devices without, and each group is shuffled by {@link Collections#shuffle(List, Random)} with
 * one {@code new Random(seed)} (anomalous group first). From each group the first
 * {@code round(validationFraction × size)} devices go to validation — at least one when the
 * fraction is positive and the group has two or more devices, never the whole group; a group of one
 * device stays in tuning — and the rest to tuning. So the same fleet and seed always give the same
 * split, whatever the input order, and both parts get anomalies whenever two or more devices have any.
 */
public record DeviceSplit(List<String> tuning, List<String> validation, double validationFraction, long seed) {

    public DeviceSplit {
        tuning = List.copyOf(tuning);
        validation = List.copyOf(validation);
        Set<String> overlap = new HashSet<>(tuning);
        overlap.retainAll(validation);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("devices in both parts: " + overlap);
        }
    }

    /** Splits the devices as described above. */
    public static DeviceSplit stratified(List<DeviceSeries> devices, double validationFraction, long seed) {
        return stratified(devices.stream().map(DeviceSeries::deviceId).toList(),
                devices.stream().map(series -> series.countedPositives() > 0).toList(), validationFraction, seed);
    }

    /**
     * The same split for devices given by id, {@code anomalous.get(i)} telling whether device
     * {@code deviceIds.get(i)} has a counted anomalous event.
     */
    public static DeviceSplit stratified(List<String> deviceIds, List<Boolean> anomalousDevice, double validationFraction,
            long seed) {
        if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (deviceIds.size() != anomalousDevice.size()) {
            throw new IllegalArgumentException(deviceIds.size() + " devices but " + anomalousDevice.size() + " anomaly flags");
        }
        List<String> anomalous = new ArrayList<>();
        List<String> normal = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < deviceIds.size(); i++) {
            String id = deviceIds.get(i);
            if (!seen.add(id)) {
                throw new IllegalArgumentException("device " + id + " appears twice");
            }
            (anomalousDevice.get(i) ? anomalous : normal).add(id);
        }
        Collections.sort(anomalous);
        Collections.sort(normal);
        Random random = new Random(seed);
        Collections.shuffle(anomalous, random);
        Collections.shuffle(normal, random);
        List<String> tuning = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        for (List<String> group : List.of(anomalous, normal)) {
            int take = validationCount(group.size(), validationFraction);
            validation.addAll(group.subList(0, take));
            tuning.addAll(group.subList(take, group.size()));
        }
        Collections.sort(tuning);
        Collections.sort(validation);
        return new DeviceSplit(tuning, validation, validationFraction, seed);
    }

    /** The devices of the tuning part, in the order given. */
    public List<DeviceSeries> tuningPart(List<DeviceSeries> devices) {
        return select(devices, tuning);
    }

    /** The devices of the validation part, in the order given. */
    public List<DeviceSeries> validationPart(List<DeviceSeries> devices) {
        return select(devices, validation);
    }

    private static List<DeviceSeries> select(List<DeviceSeries> devices, List<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        return devices.stream().filter(d -> wanted.contains(d.deviceId())).toList();
    }

    private static int validationCount(int size, double fraction) {
        if (fraction == 0.0 || size <= 1) {
            return 0; // a lone device stays in tuning, where choices are made
        }
        int take = (int) Math.round(fraction * size);
        if (size >= 2) {
            take = Math.max(1, Math.min(size - 1, take));
        }
        return take;
    }
}
