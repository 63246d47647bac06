package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceSplitTest {

    /** 20 devices, of which the even ones have an anomaly. */
    private static List<DeviceSeries> fleet() {
        List<DeviceSeries> fleet = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            TuningData.Device device = new TuningData.Device(String.format("dev-%02d", d), 1.0).repeat(5, 0, 1.0);
            if (d % 2 == 0) {
                device.repeat(2, 1, 5.0);
            }
            fleet.add(device.series());
        }
        return fleet;
    }

    @Test
    void sameFleetAndSeedGiveTheSameSplitWhateverTheOrder() {
        List<DeviceSeries> fleet = fleet();
        List<DeviceSeries> shuffled = new ArrayList<>(fleet);
        Collections.shuffle(shuffled, new java.util.Random(3));
        DeviceSplit a = DeviceSplit.stratified(fleet, 0.3, 7);
        DeviceSplit b = DeviceSplit.stratified(shuffled, 0.3, 7);
        assertThat(b).isEqualTo(a);
        assertThat(DeviceSplit.stratified(fleet, 0.3, 8).validation()).isNotEqualTo(a.validation());
    }

    @Test
    void partsAreDisjointCoverTheFleetAndAreStratified() {
        List<DeviceSeries> fleet = fleet();
        DeviceSplit split = DeviceSplit.stratified(fleet, 0.3, 7);
        assertThat(split.validation()).hasSize(6); // 3 of 10 anomalous, 3 of 10 normal
        assertThat(split.tuning()).hasSize(14).doesNotContainAnyElementsOf(split.validation());
        assertThat(split.validationPart(fleet)).filteredOn(d -> d.countedPositives() > 0).hasSize(3);
        assertThat(split.tuningPart(fleet)).filteredOn(d -> d.countedPositives() > 0).hasSize(7);
        assertThat(split.tuningPart(fleet).size() + split.validationPart(fleet).size()).isEqualTo(20);
    }

    @Test
    void smallGroupsKeepDevicesOnBothSidesAndALoneAnomalousDeviceTunes() {
        List<DeviceSeries> fleet = fleet().subList(0, 3); // dev-00 and dev-02 anomalous, dev-01 normal
        DeviceSplit split = DeviceSplit.stratified(fleet, 0.1, 1);
        assertThat(split.validation()).hasSize(1); // at least one of the two anomalous devices
        assertThat(split.tuning()).contains("dev-01");

        DeviceSplit lone = DeviceSplit.stratified(fleet().subList(0, 2), 0.9, 1); // one anomalous, one normal
        assertThat(lone.tuning()).containsExactly("dev-00", "dev-01");
        assertThat(DeviceSplit.stratified(fleet(), 0.0, 1).validation()).isEmpty();
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> DeviceSplit.stratified(fleet(), 1.0, 1)).hasMessageContaining("[0, 1)");
        List<DeviceSeries> twice = new ArrayList<>(fleet());
        twice.add(twice.get(0));
        assertThatThrownBy(() -> DeviceSplit.stratified(twice, 0.3, 1)).hasMessageContaining("appears twice");
    }
}
