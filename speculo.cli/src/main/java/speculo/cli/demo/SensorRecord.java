package speculo.cli.demo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * The demo's payload: a timestamped sensor reading of variable size, closed by a checksum so a
 * reader can verify every chunk it reads.
 *
 * <pre>
 *   0  timestamp  System.nanoTime() of the writer (CLOCK_MONOTONIC: comparable across processes)
 *   8  sensor     sensor number, or block number for shared blocks
 *  16  counter    per-sensor counter, or block version
 *  24  values     random doubles ...
 *  n-8 checksum   CRC32C of bytes [0, n-8), as a long
 * </pre>
 */
final class SensorRecord {

    static final long TIMESTAMP = 0;
    static final long SENSOR = 8;
    static final long COUNTER = 16;
    static final long VALUES = 24;
    /** Smallest record: the fields and the checksum. */
    static final int MIN_SIZE = (int) VALUES + Long.BYTES;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private SensorRecord() {
    }

    /** Fills {@code target} with a reading and its checksum. */
    static void fill(MemorySegment target, long sensor, long counter) {
        long size = target.byteSize();
        target.set(LONG, SENSOR, sensor);
        target.set(LONG, COUNTER, counter);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long at = VALUES; at + Long.BYTES <= size - Long.BYTES; at += Long.BYTES) {
            target.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, at, random.nextGaussian());
        }
        target.set(LONG, TIMESTAMP, System.nanoTime());
        target.set(LONG, size - Long.BYTES, checksum(target));
    }

    /** {@return whether the record's checksum matches its bytes} */
    static boolean verify(MemorySegment data) {
        long size = data.byteSize();
        return size >= MIN_SIZE && data.get(LONG, size - Long.BYTES) == checksum(data);
    }

    static long timestamp(MemorySegment data) {
        return data.get(LONG, TIMESTAMP);
    }

    static long counter(MemorySegment data) {
        return data.get(LONG, COUNTER);
    }

    private static long checksum(MemorySegment data) {
        CRC32C crc = new CRC32C();
        crc.update(data.asSlice(0, data.byteSize() - Long.BYTES).asByteBuffer());
        return crc.getValue();
    }
}
