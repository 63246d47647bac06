package io.fleetanomaly.control;

import java.util.Objects;

/** A control message that is not applied: the reason and a detail naming the problem. */
public class ControlRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ControlRefusal reason;

    public ControlRefusedException(ControlRefusal reason, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ControlRefusal reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
