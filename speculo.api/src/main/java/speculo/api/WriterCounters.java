package speculo.api;

/**
 * Running totals of one writer, kept as it goes: {@link Writer#counters()} reads them in constant
 * time, however large the area, unlike {@link Writer#stats()}, which counts live and dead chunks.
 * For monitoring at any rate.
 *
 * @param chunksWritten chunks this writer published ({@code write}, {@code append}, {@code replace},
 *                      committed claims); not those of a writer it took the area over from
 * @param bytesWritten  the data bytes of those chunks (without headers)
 * @param removals      chunks this writer {@linkplain Writer#remove removed}: the removal notices it published
 * @param collections   garbage collections this writer ran
 * @param lastSequence  the sequence number of the last record published in the area ({@link Writer#lastSequence()})
 * @param generation    the area's current generation
 */
public record WriterCounters(long chunksWritten, long bytesWritten, long removals, long collections, long lastSequence,
                             long generation) {
}
