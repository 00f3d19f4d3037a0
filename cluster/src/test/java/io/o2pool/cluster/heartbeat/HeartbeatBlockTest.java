package io.o2pool.cluster.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.testkit.O2hbCaptures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The block codec against blocks the real kernel wrote (o2hb-capture). */
class HeartbeatBlockTest {

    @Test
    void decodesTheKernelsLiveBlocksExactly() {
        byte[] region = O2hbCaptures.bytes(O2hbCaptures.LIVE);
        HeartbeatBlock n0 = HeartbeatBlock.decode(region, 0);
        HeartbeatBlock n1 = HeartbeatBlock.decode(region, 512);
        assertThat(n0).isEqualTo(new HeartbeatBlock(0x6b06fafcL, 0, 0xe6f7a6cf, 0x055269204d493ae8L, 62000));
        assertThat(n1).isEqualTo(new HeartbeatBlock(0x6b06fafbL, 1, 0xb3304267, 0xae5a6147873d2e1cL, 62000));
        assertThat(HeartbeatBlock.checksumValid(region, 0, 512)).isTrue();
        assertThat(HeartbeatBlock.checksumValid(region, 512, 512)).isTrue();
    }

    @Test
    void everyUsedBlockOfEveryCaptureChecksumsAndReencodesByteForByte() {
        for (String name : new String[] {O2hbCaptures.LIVE, O2hbCaptures.LIVE_4S_LATER,
                O2hbCaptures.AFTER_CLEAN_STOP}) {
            byte[] region = O2hbCaptures.bytes(name);
            for (int slot = 0; slot < 2; slot++) {
                int off = slot * 512;
                HeartbeatBlock b = HeartbeatBlock.decode(region, off);
                assertThat(HeartbeatBlock.checksumValid(region, off, 512)).as(name + " slot " + slot).isTrue();
                assertThat(b.encode(512)).as(name + " slot " + slot).isEqualTo(Arrays.copyOfRange(region, off, off + 512));
                HeartbeatBlock again = HeartbeatBlock.prepare(b.seq(), b.node(), b.generation(), b.deadMs(), 512);
                assertThat(again).as("prepare computes the kernel's checksum").isEqualTo(b);
            }
            for (int slot = 2; slot < region.length / 512; slot++) {
                assertThat(HeartbeatBlock.decode(region, slot * 512).isEmpty()).isTrue();
            }
        }
    }

    @Test
    void cleanStopBlocksCarryGenerationZero() {
        byte[] region = O2hbCaptures.bytes(O2hbCaptures.AFTER_CLEAN_STOP);
        assertThat(HeartbeatBlock.decode(region, 0)).isEqualTo(new HeartbeatBlock(0x6b06fb0cL, 0, 0x3b752292, 0, 62000));
        assertThat(HeartbeatBlock.decode(region, 512)).isEqualTo(new HeartbeatBlock(0x6b06fb05L, 1, 0xa4a1d5e7, 0, 62000));
    }

    @Test
    void laterCaptureAdvancedBySecondsOfWallClock() {
        HeartbeatBlock before = HeartbeatBlock.decode(O2hbCaptures.bytes(O2hbCaptures.LIVE), 0);
        HeartbeatBlock after = HeartbeatBlock.decode(O2hbCaptures.bytes(O2hbCaptures.LIVE_4S_LATER), 0);
        assertThat(after.seq() - before.seq()).isBetween(3L, 6L);
        assertThat(after.generation()).isEqualTo(before.generation());
    }

    @Test
    void aFlippedBitBreaksTheChecksum() {
        byte[] region = O2hbCaptures.bytes(O2hbCaptures.LIVE);
        region[300] ^= 1;
        assertThat(HeartbeatBlock.checksumValid(region, 0, 512)).isFalse();
    }

    @Test
    void anEmptySlotHasAValidZeroChecksumAsTheKernelComputesIt() {
        assertThat(Crc32Le.of(new byte[512], 0, 512)).isZero();
        assertThat(HeartbeatBlock.checksumValid(new byte[512], 0, 512)).isTrue();
    }

    @Test
    void sequenceZeroIsWrittenAsOne() {
        assertThat(HeartbeatBlock.prepare(0, 3, 7, 62000, 512).seq()).isEqualTo(1);
    }

    @Test
    void dumpMatchesDebugfsHbOnTheSameRegions() {
        assertThat(RegionDump.format(O2hbCaptures.bytes(O2hbCaptures.LIVE), 512))
                .isEqualTo(O2hbCaptures.text("live-debugfs-hb.txt"));
        assertThat(RegionDump.format(O2hbCaptures.bytes(O2hbCaptures.AFTER_CLEAN_STOP), 512))
                .isEqualTo(O2hbCaptures.text("after-clean-stop-debugfs-hb.txt"));
    }
}
