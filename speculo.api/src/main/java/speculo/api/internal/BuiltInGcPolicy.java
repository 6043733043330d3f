package speculo.api.internal;

import java.util.List;
import speculo.api.AreaStats;
import speculo.api.GcPolicy;

/**
 * The built-in {@link GcPolicy GC policies}, in a form the writer can ask without building an
 * {@link AreaStats} (an allocation per change): {@link #shouldCollect(long, long, long, long)}
 * takes the few numbers they look at. Not API: applications get these from {@link GcPolicy}'s
 * factories and see plain policies.
 */
public final class BuiltInGcPolicy implements GcPolicy {

    private enum Kind { WHEN_FULL, DEAD_RATIO, EVERY, ANY_OF }

    /** The one instance of {@link GcPolicy#whenFull()}. */
    public static final BuiltInGcPolicy WHEN_FULL = new BuiltInGcPolicy(Kind.WHEN_FULL, 0, 0, List.of());

    private final Kind kind;
    private final double ratio;
    private final long intervalMillis;
    /** An array, not a list: the writer walks it after every change, and must not allocate an iterator. */
    private final GcPolicy[] members;
    private final boolean decidesOnCounts;
    private final boolean neverCollects;

    private BuiltInGcPolicy(Kind kind, double ratio, long intervalMillis, List<GcPolicy> members) {
        this.kind = kind;
        this.ratio = ratio;
        this.intervalMillis = intervalMillis;
        this.members = members.toArray(GcPolicy[]::new);
        boolean counts = true;
        boolean never = kind == Kind.WHEN_FULL || kind == Kind.ANY_OF;
        for (GcPolicy member : this.members) {
            boolean builtIn = member instanceof BuiltInGcPolicy;
            counts &= builtIn && ((BuiltInGcPolicy) member).decidesOnCounts;
            never &= builtIn && ((BuiltInGcPolicy) member).neverCollects;
        }
        this.decidesOnCounts = counts;
        this.neverCollects = never;
    }

    /**
     * {@return a policy that collects when at least {@code ratio} of the used bytes are dead}
     *
     * @param ratio the dead ratio, checked by the caller
     */
    public static BuiltInGcPolicy deadRatioAtLeast(double ratio) {
        return new BuiltInGcPolicy(Kind.DEAD_RATIO, ratio, 0, List.of());
    }

    /**
     * {@return a policy that collects once {@code intervalMillis} passed since the last collection}
     *
     * @param intervalMillis the interval, checked by the caller
     */
    public static BuiltInGcPolicy every(long intervalMillis) {
        return new BuiltInGcPolicy(Kind.EVERY, 0, intervalMillis, List.of());
    }

    /**
     * {@return a policy that collects when any of {@code members} says so}
     *
     * @param members the policies, checked by the caller
     */
    public static BuiltInGcPolicy anyOf(List<GcPolicy> members) {
        return new BuiltInGcPolicy(Kind.ANY_OF, 0, 0, List.copyOf(members));
    }

    /**
     * {@return whether the writer can ask this policy with {@link #shouldCollect(long, long, long,
     * long)}} Not if it combines a policy of the application's, which needs the whole statistics.
     */
    public boolean decidesOnCounts() {
        return decidesOnCounts;
    }

    /** {@return whether this policy never collects ahead of need: the writer then keeps no statistics between changes} */
    public boolean neverCollects() {
        return neverCollects;
    }

    /**
     * Decides on the numbers the built-in policies look at; only where {@link #decidesOnCounts()}.
     *
     * @param used           record bytes used in the current generation
     * @param deadBytes      of those, the dead ones
     * @param lastGcAtMillis when the last collection ended (or the writer opened), epoch ms
     * @param nowMillis      now, by the writer's clock, epoch ms
     * @return {@code true} to collect now
     */
    public boolean shouldCollect(long used, long deadBytes, long lastGcAtMillis, long nowMillis) {
        return switch (kind) {
            case WHEN_FULL -> false;
            case DEAD_RATIO -> deadBytes > 0 && (used == 0 ? 0.0 : (double) deadBytes / used) >= ratio;
            case EVERY -> nowMillis - lastGcAtMillis >= intervalMillis;
            case ANY_OF -> anyMember(used, deadBytes, lastGcAtMillis, nowMillis);
        };
    }

    private boolean anyMember(long used, long deadBytes, long lastGcAtMillis, long nowMillis) {
        for (GcPolicy member : members) {
            if (((BuiltInGcPolicy) member).shouldCollect(used, deadBytes, lastGcAtMillis, nowMillis)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean shouldCollect(AreaStats stats) {
        if (kind == Kind.ANY_OF) {
            for (GcPolicy member : members) {
                if (member.shouldCollect(stats)) {
                    return true;
                }
            }
            return false;
        }
        return shouldCollect(stats.used(), stats.deadBytes(), stats.lastGcAt().toEpochMilli(), stats.takenAt().toEpochMilli());
    }

    @Override
    public String toString() {
        return switch (kind) {
            case WHEN_FULL -> "GcPolicy.whenFull()";
            case DEAD_RATIO -> "GcPolicy.deadRatioAtLeast(" + ratio + ")";
            case EVERY -> "GcPolicy.every(" + intervalMillis + " ms)";
            case ANY_OF -> "GcPolicy.anyOf" + List.of(members);
        };
    }
}
