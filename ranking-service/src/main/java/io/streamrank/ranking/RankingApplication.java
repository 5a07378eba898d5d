package io.streamrank.ranking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RankingApplication {

    private static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        // Netty's leak detector samples one of every 128 buffers Lettuce allocates and records a stack trace for each:
        // ~1 % of the service's CPU under load (profiled). Off in the service unless set explicitly; tests, which do
        // not start through main, keep Netty's default so that they still catch leaks.
        if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
            System.setProperty(NETTY_LEAK_DETECTION, "disabled");
        }
        SpringApplication.run(RankingApplication.class, args);
    }
}
