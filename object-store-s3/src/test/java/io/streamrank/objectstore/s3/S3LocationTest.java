package io.streamrank.objectstore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void bucketPrefixAndEndpointSettingsAreParsed() {
        S3Location l = S3Location.parse("s3://models/streamrank/prod?endpoint=http%3A%2F%2Flocalhost%3A9000"
                + "&region=cn-hangzhou&path-style=true");

        assertThat(l).isEqualTo(new S3Location("models", "streamrank/prod/", "http://localhost:9000", "cn-hangzhou",
                true));
    }

    @Test
    void aBareBucketHasNoPrefixAndDefaultsForAws() {
        assertThat(S3Location.parse("s3://models")).isEqualTo(new S3Location("models", "", null, "us-east-1", false));
    }

    @Test
    void unknownParametersAndOtherSchemesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> S3Location.parse("s3://models?endpiont=x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpiont");
        assertThatThrownBy(() -> S3Location.parse("gs://models"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3://bucket");
    }
}
