package io.streamrank.objectstore.s3;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed {@code s3://bucket/prefix?endpoint=URL&region=R&path-style=true} location.
 *
 * @param bucket    bucket name
 * @param prefix    key prefix inside the bucket, empty or ending in {@code /}
 * @param endpoint  endpoint override for S3-compatible stores (OSS, MinIO), or {@code null} for AWS
 * @param region    signing region ({@code us-east-1} when not given)
 * @param pathStyle path-style addressing (MinIO usually needs it)
 */
public record S3Location(String bucket, String prefix, String endpoint, String region, boolean pathStyle) {

    /** @throws IllegalArgumentException naming what is wrong with the location */
    public static S3Location parse(String location) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid s3:// location: " + location, e);
        }
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("want s3://bucket[/prefix][?endpoint=…&region=…&path-style=true], got "
                    + location);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "");
        if (!path.isEmpty() && !path.endsWith("/")) {
            path = path + "/";
        }
        Map<String, String> q = query(uri.getRawQuery());
        for (String key : q.keySet()) {
            if (!key.equals("endpoint") && !key.equals("region") && !key.equals("path-style")) {
                throw new IllegalArgumentException("unknown s3 location parameter '" + key
                        + "': want endpoint, region or path-style");
            }
        }
        return new S3Location(uri.getHost(), path, q.get("endpoint"), q.getOrDefault("region", "us-east-1"),
                Boolean.parseBoolean(q.getOrDefault("path-style", "false")));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The location without credentials or query, for messages. */
    public String display() {
        return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " (endpoint " + endpoint + ")");
    }
}
