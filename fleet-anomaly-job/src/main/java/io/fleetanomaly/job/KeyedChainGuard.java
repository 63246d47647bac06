package io.fleetanomaly.job;

import java.util.List;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;

/**
 * The CUSUM operator reads the device-keyed stream of the device window operator without a second
 * shuffle ({@code reinterpretAsKeyedStream}, through the LSTM operator when the bundle has one).
 * That is only correct while every edge from the keyed operator to the CUSUM operator is a forward
 * edge between operators of equal parallelism and max parallelism: otherwise records reach a
 * subtask that does not own their key group, and keyed state is read and written under the wrong
 * key group (wrong alerts, state lost on the next rescale). Flink itself turns an edge between
 * operators of different parallelism into a rebalance without a word (device window to LSTM), so
 * the job checks the chain when it is built and fails naming the operators.
 */
public final class KeyedChainGuard {
    static final String KEYED_OPERATOR = "device-window-scoring";
    static final String ALERT_OPERATOR = "cusum-alerts";

    private KeyedChainGuard() {}

    /** @param alerts the CUSUM operator's output stream */
    public static void check(DataStream<?> alerts) {
        Transformation<?> cusum = alerts.getTransformation();
        if (!ALERT_OPERATOR.equals(cusum.getUid())) {
            throw new IllegalStateException("expected the stream of " + ALERT_OPERATOR + ", got " + name(cusum));
        }
        Transformation<?> node = cusum;
        while (!KEYED_OPERATOR.equals(node.getUid())) {
            List<Transformation<?>> inputs = node.getInputs();
            if (inputs.size() != 1) {
                throw fail(node, "has " + inputs.size() + " inputs; it must read one stream from " + KEYED_OPERATOR);
            }
            Transformation<?> upstream = inputs.get(0);
            if (upstream instanceof PartitionTransformation<?> partition) {
                if (!(partition.getPartitioner() instanceof ForwardPartitioner)) {
                    throw fail(node, "reads its input through a " + partition.getPartitioner() + " edge instead of a forward edge");
                }
                upstream = partition.getInputs().get(0);
            }
            if (upstream.getParallelism() != cusum.getParallelism() || upstream.getMaxParallelism() != cusum.getMaxParallelism()) {
                throw fail(node, "has parallelism " + node.getParallelism() + maxText(node) + " but its input "
                        + name(upstream) + " has " + upstream.getParallelism() + maxText(upstream));
            }
            node = upstream;
        }
    }

    private static String maxText(Transformation<?> t) {
        return t.getMaxParallelism() > 0 ? " (max " + t.getMaxParallelism() + ")" : "";
    }

    private static String name(Transformation<?> t) {
        return t.getUid() != null ? t.getUid() : t.getName();
    }

    private static IllegalStateException fail(Transformation<?> node, String problem) {
        return new IllegalStateException("job graph: " + name(node) + " " + problem + ". " + ALERT_OPERATOR
                + " reinterprets the stream keyed by device_id in " + KEYED_OPERATOR + " without a shuffle, which is"
                + " only correct over forward edges at equal parallelism and max parallelism: give "
                + KEYED_OPERATOR + ", lstm-autoencoder-scoring and " + ALERT_OPERATOR + " the same parallelism.");
    }
}
