package com.crm.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point: {@code java -jar bench.jar <scenario> [--option=value ...]}. */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println(
                    "usage: bench import [--customers=N] [--threads=T] [--gateway=URL] ... (see bench/README.md)");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("options are --name=value, got " + arg);
                System.exit(2);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        switch (args[0]) {
            case "import" -> new ImportBenchmark(options).run();
            case "segmentation" -> new SegmentationBenchmark(options).run();
            case "gateway-overhead" -> new GatewayOverheadBenchmark(options).run();
            case "offers" -> new OffersBenchmark(options).run();
            case "agent-matching" -> new AgentMatchingBenchmark(options).run();
            case "overview" -> new OverviewBenchmark(options).run();
            case "pipeline" -> new PipelineBenchmark(options).run();
            case "relay" -> new RelayBenchmark(options).run();
            case "consumers" -> new ConsumerBenchmark(options).run();
            case "fraud" -> new FraudBenchmark(options).run();
            case "decode" -> new DecodeBenchmark(options).run();
            default -> {
                System.err.println("unknown scenario " + args[0]
                        + "; known: import, segmentation, gateway-overhead, offers, agent-matching, overview, pipeline, relay,"
                        + " consumers, fraud, decode");
                System.exit(2);
            }
        }
    }
}
