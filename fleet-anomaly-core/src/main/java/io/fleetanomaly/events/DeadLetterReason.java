package io.fleetanomaly.events;

/** Why a record went to the dead-letter output. The names appear in metrics and dead-letter JSON. */
public enum DeadLetterReason {
    EMPTY,
    /** Larger than {@code validation.max_record_bytes}, or nested or a number longer than the parser accepts. */
    TOO_LARGE,
    NOT_JSON,
    NOT_AN_OBJECT,
    /** Something other than whitespace follows the JSON object (a second value, or garbage). */
    TRAILING_DATA,
    /** A field of the contract, or a reading of one of the model's features, appears twice. */
    DUPLICATE_FIELD,
    MISSING_DEVICE_ID,
    INVALID_DEVICE_ID,
    MISSING_TIMESTAMP,
    INVALID_TIMESTAMP,
    TIMESTAMP_OUT_OF_RANGE,
    MISSING_READINGS,
    NON_NUMERIC_READING,
    NON_FINITE_READING,
    INVALID_LABEL,
    /** The parser failed in a way it does not foresee (a bug to report); the record is kept, the job goes on. */
    PARSER_FAILURE,
    /** Valid, but behind the watermark: later than the configured out-of-orderness bound allows. */
    LATE_EVENT
}
