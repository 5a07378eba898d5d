package io.streamrank.objectstore.s3;

import io.streamrank.contract.registry.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} in an S3-compatible bucket. Credentials come from the AWS SDK's default chain
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles, instance roles); OSS and MinIO are reached with
 * an endpoint override. A single PUT replaces an object atomically on S3, which is what {@link #write} promises.
 *
 * <p>Tested against S3Proxy, a real S3 API server, in {@code S3ObjectStoreIT} (ADR 61); not against AWS, OSS or MinIO
 * themselves, which no build machine reaches.
 */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;
    private final S3Location location;

    public S3ObjectStore(S3Client s3, S3Location location) {
        this.s3 = s3;
        this.location = location;
    }

    /** A store for an {@code s3://…} location string, with the SDK's default credentials. */
    public static S3ObjectStore connect(String location) {
        S3Location l = S3Location.parse(location);
        return new S3ObjectStore(client(l, DefaultCredentialsProvider.builder().build()), l);
    }

    /**
     * The client a store at {@code location} uses. Checksums are sent and checked only where an operation requires
     * them (ADR 61): since AWS SDK 2.30 every PUT carries a CRC32 in a header or a streamed trailer by default, which
     * S3-compatible stores that predate it refuse (S3Proxy answers 501 NotImplemented, as Cloudflare R2 and OVH
     * did). Integrity does not rest on them: every artifact is checked against the version's SHA-256 list when it is
     * promoted and after it is fetched (ModelRepository).
     */
    public static S3Client client(S3Location location, AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(location.region())).forcePathStyle(location.pathStyle())
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (location.endpoint() != null) {
            b.endpointOverride(URI.create(location.endpoint()));
        }
        return b.build();
    }

    private String full(String key) {
        return location.prefix() + key;
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(full(key)));
            return Optional.of(r.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(location.bucket()).key(full(key)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(location.display() + key);
        } catch (SdkException e) {
            throw failure("open", key, e);
        }
    }

    @Override
    public void write(String key, byte[] data) throws IOException {
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(full(key)), RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void upload(Path file, String key) throws IOException {
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(full(key)), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("upload", key, e);
        }
    }

    @Override
    public void download(String key, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (InputStream in = open(key)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(location.bucket()).prefix(full(prefix)).build())) {
                for (S3Object o : page.contents()) {
                    // "dir/" objects are folder markers (consoles create them, some servers list directories so):
                    // nothing a caller can read as a file.
                    if (!o.key().endsWith("/")) {
                        out.add(o.key().substring(location.prefix().length()));
                    }
                }
            }
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public List<String> folders(String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        String base = full(prefix);
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(location.bucket()).prefix(base).delimiter("/").build())) {
                for (CommonPrefix p : page.commonPrefixes()) {
                    String name = p.prefix().substring(base.length());
                    out.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
            }
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(location.bucket()).key(full(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("check", key, e);
        } catch (SdkException e) {
            throw failure("check", key, e);
        }
    }

    @Override
    public String location() {
        return location.display();
    }

    private IOException failure(String what, String key, SdkException e) {
        // An empty key (listing the whole prefix) is left out rather than printed as a double space.
        String target = key.isEmpty() ? "" : " " + key;
        return new IOException("cannot " + what + target + " in " + location.display() + ": " + e.getMessage(), e);
    }
}
