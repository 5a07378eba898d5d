package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.streamrank.ranking.StartupRefusedFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class DevicePreflightTest {

    @Test
    void cpuIsUsedWithoutAskingTensorFlowForItsDevices() {
        // Asking would start TensorFlow's eager context on every CPU pod for nothing.
        assertThat(DevicePreflight.device("cpu", () -> {
            throw new AssertionError("asked for devices");
        })).isEqualTo(Device.cpu());
    }

    @Test
    void gpuIsUsedWhenTensorFlowListsOne() {
        assertThat(DevicePreflight.device("gpu", () -> true)).isEqualTo(Device.gpu());
    }

    @Test
    void gpuThatTensorFlowDoesNotListRefusesToStartNamingTheSettingAndTheNatives() {
        assertThatThrownBy(() -> DevicePreflight.device("gpu", () -> false))
                .isInstanceOf(GpuUnavailableException.class)
                .hasMessageContaining("streamrank.model.device=gpu")
                .hasMessageContaining("TensorFlow lists no GPU device")
                .hasMessageContaining("TENSORFLOW_LIBRARY_PATH=");
    }

    @Test
    void startUpFailureSaysWhatIsWrongAndWhatToDo() {
        GpuUnavailableException cause = new GpuUnavailableException("no GPU here");
        FailureAnalysis analysis = new StartupRefusedFailureAnalyzer()
                .analyze(new IllegalStateException("bean creation failed", cause));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("no GPU here");
        assertThat(analysis.getAction()).contains("linux-x86_64-gpu", "streamrank.model.device=cpu");
    }
}
