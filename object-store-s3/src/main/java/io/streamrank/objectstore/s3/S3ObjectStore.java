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
import software.amazon.awssdk.core.ResponseBytes;
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
 * <p>Not tested against a live service here (no S3 server is available on the build machines): only location parsing
 * is unit-tested. Test it against MinIO before relying on it.
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
        S3ClientBuilder b = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(l.region())).forcePathStyle(l.pathStyle());
        if (l.endpoint() != null) {
            b.endpointOverride(URI.create(l.endpoint()));
        }
        return new S3ObjectStore(b.build(), l);
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
                    out.add(o.key().substring(location.prefix().length()));
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
        return new IOException("cannot " + what + " " + key + " in " + location.display() + ": " + e.getMessage(), e);
    }
}
