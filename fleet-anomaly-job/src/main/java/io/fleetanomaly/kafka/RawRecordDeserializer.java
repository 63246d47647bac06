package io.fleetanomaly.kafka;

import io.fleetanomaly.events.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Takes a Kafka record's value as it is, with its topic, partition and offset: parsing and
 * validation happen in the job (one path with the simulator), and a bad record keeps its position.
 * A record without a value (a tombstone) is kept too: it becomes an EMPTY dead letter.
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(new RawRecord(record.value() == null ? new byte[0] : record.value(), record.topic(),
                record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
