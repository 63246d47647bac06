package io.fleetanomaly.job;

import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.state.DeviceWindowState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;

/**
 * Event-time order: a device's events held until they can be scored in timestamp order. Kept in
 * the map state {@value #NAME}, timestamp → the events with that timestamp in arrival order; the
 * sorted list of its keys lives in the device's hot state ({@link DeviceWindowState#pendingTimestamps}),
 * so holding an event costs one map write and releasing one a map read and a removal — no scan or
 * rewrite of everything held.
 */
final class HeldEvents {
    static final String NAME = "pending-events";

    private final MapState<Long, List<SensorEvent>> events;

    HeldEvents(RuntimeContext context) {
        this.events = context.getMapState(new MapStateDescriptor<>(NAME, Types.LONG, new ListTypeInfo<>(SensorEvent.class)));
    }

    /** Holds the event (after those of equal timestamp already held). */
    void hold(DeviceWindowState state, SensorEvent event) throws Exception {
        long[] held = state.pendingTimestamps == null ? new long[0] : state.pendingTimestamps;
        int at = Arrays.binarySearch(held, event.ts);
        List<SensorEvent> sameTime;
        if (at >= 0) {
            sameTime = events.get(event.ts);
        } else {
            int insert = -at - 1;
            long[] grown = new long[held.length + 1];
            System.arraycopy(held, 0, grown, 0, insert);
            grown[insert] = event.ts;
            System.arraycopy(held, insert, grown, insert + 1, held.length - insert);
            state.pendingTimestamps = grown;
            sameTime = new ArrayList<>(1);
        }
        sameTime.add(event);
        events.put(event.ts, sameTime);
    }

    /** Earliest held timestamp, or MAX_VALUE when none is held. */
    static long earliest(DeviceWindowState state) {
        long[] held = state.pendingTimestamps;
        return held == null || held.length == 0 ? Long.MAX_VALUE : held[0];
    }

    /**
     * Removes and returns the held events with timestamps up to {@code upTo}, oldest first (equal
     * timestamps in arrival order).
     */
    List<SensorEvent> release(DeviceWindowState state, long upTo) throws Exception {
        long[] held = state.pendingTimestamps;
        if (earliest(state) > upTo) {
            return List.of();
        }
        int due = 0;
        while (due < held.length && held[due] <= upTo) {
            due++;
        }
        List<SensorEvent> released = new ArrayList<>(due);
        for (int i = 0; i < due; i++) {
            released.addAll(events.get(held[i]));
            events.remove(held[i]);
        }
        state.pendingTimestamps = due == held.length ? null : Arrays.copyOfRange(held, due, held.length);
        return released;
    }

    void clear(DeviceWindowState state) {
        events.clear();
        if (state != null) {
            state.pendingTimestamps = null;
        }
    }
}
