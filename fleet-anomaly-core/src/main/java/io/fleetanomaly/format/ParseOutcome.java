package io.fleetanomaly.format;

import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.SensorEvent;

/** Either a valid event or the reason it was rejected. */
public final class ParseOutcome {
    private final SensorEvent event;
    private final DeadLetterReason reason;
    private final String detail;

    private ParseOutcome(SensorEvent event, DeadLetterReason reason, String detail) {
        this.event = event;
        this.reason = reason;
        this.detail = detail;
    }

    static ParseOutcome accepted(SensorEvent event) {
        return new ParseOutcome(event, null, null);
    }

    static ParseOutcome rejected(DeadLetterReason reason, String detail) {
        return new ParseOutcome(null, reason, detail);
    }

    /** The parse step failed in a way the parser does not foresee: the record is a dead letter all the same. */
    public static ParseOutcome failure(String detail) {
        return new ParseOutcome(null, DeadLetterReason.PARSER_FAILURE, detail);
    }

    public boolean isAccepted() {
        return event != null;
    }

    public SensorEvent event() {
        return event;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
