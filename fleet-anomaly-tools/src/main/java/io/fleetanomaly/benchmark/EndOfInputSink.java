package io.fleetanomaly.benchmark;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Counts and discards its input, and tells the run's probe the count when its input ends. */
final class EndOfInputSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final RunProbe.Handle probe;
    private final String label;

    EndOfInputSink(RunProbe.Handle probe, String label) {
        this.probe = probe;
        this.label = label;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private long elements;

            @Override
            public void write(T element, Context context) {
                elements++;
            }

            @Override
            public void flush(boolean endOfInput) {
                if (endOfInput) {
                    probe.endOfInput(label, elements);
                    elements = 0;
                }
            }

            @Override
            public void close() {}
        };
    }
}
