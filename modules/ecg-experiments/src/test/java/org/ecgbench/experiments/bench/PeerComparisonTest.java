package org.ecgbench.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV writing and the skip logic of the peer benchmark, with stub timings (no model is built, nothing is timed). */
class PeerComparisonTest {
    private static final List<PeerBenchmark.Case> CASES = List.of(
            new PeerBenchmark.Case("resnet1d", 1, 360, 5, 64, 45301), new PeerBenchmark.Case("ecgencode_m1", 12, 5000, 2, 16, 8242));
    private static final PeerComparison.Side FIXED = (c, s) -> c.model().equals("resnet1d") ? new double[] {100, 400} : new double[] {10, 50};

    @Test
    void withoutPytorchTheCsvHasEmptyPeerCells() {
        PeerComparison.Result r = PeerComparison.run(CASES, FIXED, null, "python3: No module named 'torch'", 0, 1);
        assertEquals("python3: No module named 'torch'", r.skipped());
        assertEquals("""
                model,phase,ecgbench_per_s,pytorch_per_s,ratio
                resnet1d,train,100.00,,
                resnet1d,infer,400.00,,
                ecgencode_m1,train,10.00,,
                ecgencode_m1,infer,50.00,,
                """, PeerBenchmark.table(r.rows()).toString());
    }

    @Test
    void ratiosAreEcgbenchOverPytorchBestRoundPerSide() throws IOException {
        ObjectMapper m = new ObjectMapper();
        int[] call = {0};
        PeerComparison.Side rising = (c, s) -> new double[] {100 + call[0], 400};
        PeerComparison.Peer peer = (c, s) -> {
            call[0]++;
            return m.readTree("{\"train_per_s\": " + (c.model().equals("resnet1d") ? 200 : 20) + ", \"infer_per_s\": 400, \"params\": 1}");
        };
        PeerComparison.Result r = PeerComparison.run(CASES.subList(0, 1), rising, peer, null, 0, 2);
        assertNull(r.skipped());
        // round 1: ecgbench 100, round 2: 101 -> best 101; ratio 101/200
        assertEquals("""
                model,phase,ecgbench_per_s,pytorch_per_s,ratio
                resnet1d,train,101.00,200.00,0.505
                resnet1d,infer,400.00,400.00,1.000
                """, PeerBenchmark.table(r.rows()).toString());
        assertEquals(2, ((List<?>) r.details().get(0).get("pytorch_rounds_train_infer_per_s_then_per_cpu_s")).size());
    }

    @Test
    void aFailingPeerLeavesItsCellsEmptyAndSaysWhy() {
        PeerComparison.Peer broken = (c, s) -> {
            throw new IOException("torch_peer.py resnet1d exited 3: parameter count 1 differs");
        };
        PeerComparison.Result r = PeerComparison.run(CASES.subList(0, 1), FIXED, broken, null, 0, 1);
        assertEquals("resnet1d,train,100.00,,", PeerBenchmark.table(r.rows()).toString().split("\n")[1]);
        assertTrue(((String) r.details().get(0).get("pytorch_error")).contains("parameter count"));
    }

    @Test
    void aMissingInterpreterOrScriptIsReportedNotThrown(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("torch_peer.py"), "print('{}')\n");
        PeerBenchmark noPython = PeerBenchmark.find(dir.resolve("no-such-python").toString(), script);
        assertNotNull(noPython.unavailable());
        assertTrue(noPython.unavailable().contains("no-such-python"), noPython.unavailable());
        PeerBenchmark noScript = PeerBenchmark.find("python3", dir.resolve("missing.py"));
        assertTrue(noScript.unavailable().contains("missing.py"), noScript.unavailable());
    }

    @Test
    void theLastJsonLineOfTheScriptIsParsed() throws IOException {
        var n = PeerBenchmark.parseLastJson("torch 1.13\n{\"a\": 1}\nnoise\n{\"train_per_s\": 5.5}\n");
        assertEquals(5.5, n.get("train_per_s").asDouble());
        assertNull(PeerBenchmark.parseLastJson("no json here\n"));
    }
}
