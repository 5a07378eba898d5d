package io.streamrank.ranking;

import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Trains a real model with the real trainer on a small generated clickstream (category-loyal sessions). */
public final class TestModels {

    private TestModels() {
    }

    /** Item ids are {@code category * 1000 + n}. */
    public static Path train(Path dir) throws IOException {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        long t = 1_511_661_600L;
        for (int user = 1; user <= 150; user++) {
            long category = 11 + random.nextInt(10);
            for (int i = 0; i < 25; i++) {
                if (random.nextDouble() < 0.15) {
                    category = 11 + random.nextInt(10);
                }
                long item = category * 1000 + (int) Math.min(29, Math.abs(random.nextGaussian()) * 6);
                lines.add(user + "," + item + "," + category + ",pv," + (t + user * 7L + i * 60L));
            }
        }
        Path csv = Files.write(dir.resolve("train.csv"), lines);
        Path models = dir.resolve("models");
        Trainer.train(TrainOptions.defaults(List.of(csv), models), line -> { });
        return models;
    }
}
