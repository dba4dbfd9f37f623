package dev.imagemoderation.asl;

import java.nio.file.Path;

/** The process {@link DurabilityTest} kills: starts executions until it dies, printing each answered start. */
public final class KilledRunnerStarter {

    static final String DEFINITION = """
            {"QueryLanguage":"JSONata","StartAt":"Pause","States":{
              "Pause":{"Type":"Wait","Seconds":600,"End":true}}}
            """;

    private KilledRunnerStarter() {}

    public static void main(String[] args) {
        var runner = LocalStepFunctions.builder("m", DEFINITION)
                .maxConcurrent(4)
                .store(new H2ExecutionStore(Path.of(args[0])))
                .build();
        for (int i = 0; ; i++) {
            String name = "T1-Ev" + i;
            runner.start(name, "{\"i\":" + i + "}");
            System.out.println("started " + name);
            System.out.flush();
        }
    }
}
