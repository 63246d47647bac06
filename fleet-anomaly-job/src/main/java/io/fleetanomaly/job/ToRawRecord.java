package io.fleetanomaly.job;

import io.fleetanomaly.events.RawRecord;
import org.apache.flink.api.common.functions.MapFunction;

/** Wraps bytes from a source without positions (files, sockets, collections) as raw records. */
public class ToRawRecord implements MapFunction<byte[], RawRecord> {
    private final String sourceName;

    public ToRawRecord(String sourceName) {
        this.sourceName = sourceName;
    }

    @Override
    public RawRecord map(byte[] value) {
        return RawRecord.of(value, sourceName);
    }
}
