package speculo.core.area;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Linux pid namespaces, read from {@code /proc}: which one this process is in, and which process
 * of this process's view is a given pid of another namespace.
 *
 * <p>A container that shares {@code /dev/shm} with its host sees its own pids: its writer may be
 * pid 1 there and some unrelated process, or none, on the host. A pid is therefore recorded with
 * its namespace, and judged only where it means something: in that namespace, or from an ancestor
 * namespace, whose {@code /proc} shows the descendant's processes with their pid in each namespace
 * ({@code NSpid} of {@code /proc/PID/status}, Linux 4.1+).
 */
final class PidNamespaces {

    /** The namespace id of a system without pid namespaces (no {@code /proc/self/ns/pid}): pids are global. */
    static final long GLOBAL = 0;
    /** The namespace id recorded where {@code /proc/self/ns/pid} exists but cannot be read: nobody can judge the pid. */
    static final long UNREADABLE = 0xFFFF_FFFFL;

    private static final Path PROC = Path.of("/proc");
    private static final long SELF = read(PROC.resolve("self"));

    private PidNamespaces() {
    }

    /** {@return the id (inode number) of this process's pid namespace, {@link #GLOBAL} or {@link #UNREADABLE}} */
    static long self() {
        return SELF;
    }

    /**
     * Judges the process that is {@code pid} in namespace {@code namespace}, among those this
     * process can see.
     *
     * @param recordedStart the start-time bits recorded with the pid (see {@link Ownership})
     * @return {@link Liveness#ALIVE} or {@link Liveness#DEAD} as {@link Ownership#judgeProcess}
     *         tells of the process found; {@link Liveness#DEAD} if the namespace has visible
     *         processes but none with that pid; {@link Liveness#UNKNOWN} if no process of the
     *         namespace is visible (the namespace is gone, or it is not a descendant of this one:
     *         nothing can be told)
     */
    static Liveness judge(long namespace, long pid, long recordedStart) {
        boolean namespaceSeen = false;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, PidNamespaces::isProcessDirectory)) {
            for (Path process : processes) {
                if (read(process) != namespace) {
                    continue;
                }
                namespaceSeen = true;
                if (innermostPid(process) == pid) {
                    return Ownership.judgeProcess(ProcessHandle.of(Long.parseLong(process.getFileName().toString())),
                            recordedStart);
                }
            }
        } catch (IOException | RuntimeException cannotList) {
            return Liveness.UNKNOWN;
        }
        return namespaceSeen ? Liveness.DEAD : Liveness.UNKNOWN;
    }

    private static boolean isProcessDirectory(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** {@return the pid namespace id of a process, GLOBAL if the system has none, UNREADABLE if it cannot be read} */
    private static long read(Path process) {
        Path link = process.resolve("ns").resolve("pid");
        try {
            // "pid:[4026531836]"
            String target = Files.readSymbolicLink(link).toString();
            int open = target.indexOf('[');
            int close = target.indexOf(']');
            if (!target.startsWith("pid:") || open < 0 || close <= open + 1) {
                return UNREADABLE;
            }
            long id = Long.parseLong(target.substring(open + 1, close));
            return id > 0 && id < UNREADABLE ? id : UNREADABLE;
        } catch (IOException | NumberFormatException | UnsupportedOperationException | SecurityException e) {
            return Files.exists(PROC.resolve("self").resolve("ns")) ? UNREADABLE : GLOBAL;
        }
    }

    /** {@return a process's pid in its own (innermost) namespace, the last field of {@code NSpid}, or -1} */
    private static long innermostPid(Path process) {
        try {
            List<String> status = Files.readAllLines(process.resolve("status"));
            for (String line : status) {
                if (line.startsWith("NSpid:")) {
                    String[] pids = line.substring("NSpid:".length()).trim().split("\\s+");
                    return Long.parseLong(pids[pids.length - 1]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended while being read, or its status cannot be read
        }
        return -1;
    }
}
