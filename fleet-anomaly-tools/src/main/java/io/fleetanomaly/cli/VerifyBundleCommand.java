package io.fleetanomaly.cli;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.LstmParityCheck;
import io.fleetanomaly.bundle.ModelBundle;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code verify-bundle}: every start-up check of a bundle, plus the ONNX Runtime vs PyTorch parity check. */
@Command(
        name = "verify-bundle",
        mixinStandardHelpOptions = true,
        description = {
            "Loads a model bundle with every start-up check (manifest, checksums, shapes, ONNX names, W and F)",
            "and, when it has an LSTM autoencoder, checks that ONNX Runtime reproduces PyTorch's reconstructions",
            "of the bundle's parity fixture within " + LstmParityCheck.TOLERANCE + ". Exit code 2 names the problem."
        })
public final class VerifyBundleCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Bundle directory or classpath:bundles/<profile>.")
    String location;

    @Override
    public Integer call() {
        BundleLoader.Verification verification = BundleLoader.verify(location);
        ModelBundle bundle = verification.bundle();
        LstmParityCheck.Result parity = verification.parity();
        System.out.printf(Locale.ROOT, "bundle %s: %s, %d features, window %d, detectors %s%n", location,
                bundle.version(), bundle.featureCount(), bundle.window(), String.join(", ", bundle.detectorNames()));
        if (parity == null) {
            System.out.println("no LSTM parity fixture to check");
        } else {
            System.out.printf(Locale.ROOT, "LSTM parity: %d windows, max reconstruction difference %.2e, max relative error difference %.2e: ok%n",
                    parity.windows(), parity.maxReconstructionDifference(), parity.maxRelativeErrorDifference());
        }
        return 0;
    }
}
