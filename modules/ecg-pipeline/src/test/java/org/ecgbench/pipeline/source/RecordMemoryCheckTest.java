package org.ecgbench.pipeline.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordMemoryCheckTest {
    @Test
    void fullCode15SizedLoadIsRefusedWithTheNumbers() {
        float[][] one = new float[12][4096];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RecordSource.checkMemory(345_779, one));
        assertTrue(e.getMessage().contains("345,779 records of 12 leads x 4,096 samples"), e.getMessage());
        assertTrue(e.getMessage().contains("max_records"), e.getMessage());
    }

    @Test
    void subsetSizedLoadPasses() {
        assertDoesNotThrow(() -> RecordSource.checkMemory(250, new float[12][5000]));
    }
}
