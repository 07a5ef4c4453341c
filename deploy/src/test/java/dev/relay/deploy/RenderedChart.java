package dev.relay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The chart rendered by Helm's own library (as {@code helm template}), parsed into its Kubernetes objects. */
final class RenderedChart {

    static final String RELEASE = "relay";
    static final Path CHART = Path.of(System.getProperty("relay.root", ".."), "deploy", "helm", "relay");
    static final List<String> SERVICES = List.of("gateway", "auth", "billing", "router", "task", "settlement");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final List<JsonNode> objects;

    private RenderedChart(List<JsonNode> objects) {
        this.objects = objects;
    }

    /** Renders with the chart's defaults overridden by {@code values} ({@code --set} syntax). */
    static RenderedChart render(Map<String, String> values) {
        TemplateCommand template = template(CHART);
        values.forEach(template::set);
        return new RenderedChart(parse(template.call()));
    }

    static RenderedChart render() {
        return render(Map.of());
    }

    /**
     * Renders a copy of the chart whose values.yaml has {@code original} replaced by {@code replacement}: what an
     * operator's values file gives, where Helm reads every number as a float ({@code --set} keeps integers).
     */
    static RenderedChart renderWithValuesFile(String original, String replacement) throws IOException {
        Path copy = copyOfChart();
        Path values = copy.resolve("values.yaml");
        String text = Files.readString(values);
        if (!text.contains(original)) {
            throw new IllegalArgumentException("values.yaml has no " + original);
        }
        Files.writeString(values, text.replaceFirst(Pattern.quote(original), Matcher.quoteReplacement(replacement)));
        return new RenderedChart(parse(template(copy).call()));
    }

    /**
     * Renders the chart's hooks too: Helm's template leaves out every object annotated as a hook, so a copy of the
     * chart without the {@code helm.sh/hook} annotations is rendered (which objects are hooks, a test reads from
     * the templates).
     */
    static RenderedChart renderWithHooks(Map<String, String> values) throws IOException {
        Path copy = copyOfChart();
        try (Stream<Path> templates = Files.list(copy.resolve("templates"))) {
            for (Path template : templates.toList()) {
                Files.write(template, Files.readAllLines(template).stream()
                        .filter(line -> !line.trim().startsWith("helm.sh/hook")).toList());
            }
        }
        TemplateCommand template = template(copy);
        values.forEach(template::set);
        return new RenderedChart(parse(template.call()));
    }

    private static Path copyOfChart() throws IOException {
        Path copy = Files.createTempDirectory("relay-chart");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static TemplateCommand template(Path chart) {
        return new Helm(chart).template().withName(RELEASE).withNamespace("relay");
    }

    private static List<JsonNode> parse(String manifest) {
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(manifest)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode object = documents.next();
                if (object != null && object.has("kind")) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the rendered chart is not YAML:\n" + manifest, e);
        }
        return objects;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    JsonNode named(String kind, String name) {
        return ofKind(kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + kind + " named " + name));
    }

    /** The one container of a service's Deployment. */
    JsonNode container(String service) {
        return named("Deployment", RELEASE + "-" + service).at("/spec/template/spec/containers/0");
    }

    /** A container's environment variable, or a missing node. */
    static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        return MissingNode.getInstance();
    }
}
