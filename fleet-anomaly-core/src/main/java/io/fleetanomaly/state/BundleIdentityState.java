package io.fleetanomaly.state;

/**
 * The bundle a window operator subtask ran with when it took a checkpoint or savepoint (union
 * operator state {@code bundle-identity} of {@code device-window-scoring}): on restore, the job
 * compares it with the bundle it now runs, and {@code job.on_bundle_change} decides.
 */
public class BundleIdentityState {
    /** The bundle's version, as alerts name it. */
    public String version;
    /** SHA-256 content hash, 64 hex digits. */
    public String contentHash;

    public BundleIdentityState() {}

    public BundleIdentityState(String version, String contentHash) {
        this.version = version;
        this.contentHash = contentHash;
    }
}
