package io.fleetanomaly.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of Prometheus endpoints (text exposition format), e.g. every process of a Flink cluster. */
final class PrometheusScrape {
    /** {@code name{labels} value} or {@code name value}. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    record Sample(String name, String labels, double value) {}

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** Scrapes every endpoint that answers (a port of the range nobody took does not). */
    static PrometheusScrape of(List<URI> endpoints) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Sample> samples = new ArrayList<>();
        for (URI endpoint : endpoints) {
            String body;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    continue;
                }
                body = response.body();
            } catch (IOException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            for (String line : body.split("\n")) {
                Matcher m = SAMPLE.matcher(line);
                if (!line.startsWith("#") && m.find()) {
                    samples.add(new Sample(m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
                }
            }
        }
        return new PrometheusScrape(samples);
    }

    /** Sum of the samples of a metric over every process, subtask and label. */
    double sum(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    /** Sum of the samples of a metric whose labels contain {@code label}, e.g. {@code severity="high"}. */
    double sum(String name, String label) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().contains(label)).mapToDouble(Sample::value).sum();
    }

    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }
}
