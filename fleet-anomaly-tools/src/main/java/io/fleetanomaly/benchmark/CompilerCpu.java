package io.fleetanomaly.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU the JIT compiler threads have used so far. HotSpot's C1/C2 compiler threads are JVM-internal,
 * so {@code ThreadMXBean} does not list them; on Linux their CPU is read from
 * {@code /proc/self/task/<tid>/schedstat} (nanoseconds on the CPU; {@code stat}'s utime + stime
 * ticks where schedstat is missing), the threads found by their name in {@code stat}. Without
 * {@code /proc} it falls back to {@link CompilationMXBean#getTotalCompilationTime()}, the
 * compilers' elapsed time (an approximation of their CPU), and says so in {@link #source()}.
 */
abstract class CompilerCpu {
    /** Linux's fixed unit of utime and stime in /proc (USER_HZ). */
    private static final long NANOS_PER_TICK = 10_000_000;

    /** Cumulative compiler-thread CPU, per thread where it is known (a compiler thread can exit; see {@link #since}). */
    abstract Map<String, Long> snapshot();

    /** Where the figures come from, for the benchmark's output. */
    abstract String source();

    /**
     * Compiler CPU nanoseconds between two snapshots. A thread present only in {@code later} started
     * in between (all of its CPU counts); one present only in {@code earlier} exited in between (HotSpot
     * retires idle compiler threads), and what it used after {@code earlier} is lost: an undercount.
     */
    static long since(Map<String, Long> earlier, Map<String, Long> later) {
        long nanos = 0;
        for (Map.Entry<String, Long> thread : later.entrySet()) {
            nanos += Math.max(0, thread.getValue() - earlier.getOrDefault(thread.getKey(), 0L));
        }
        return nanos;
    }

    /** The /proc reader where {@code /proc/self/task} is readable, else the CompilationMXBean, else nothing. */
    static CompilerCpu detect() {
        Path tasks = Path.of("/proc/self/task");
        if (Files.isDirectory(tasks)) {
            ProcTasks proc = new ProcTasks(tasks);
            try {
                proc.snapshot();
                return proc;
            } catch (UncheckedIOException e) {
                // fall through to the MXBean
            }
        }
        CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
            return new CompilationTime(compilation);
        }
        return new Unavailable();
    }

    /** Whether a thread's name (as in /proc, cut to 15 characters) is one of HotSpot's JIT compiler threads. */
    static boolean isCompilerThread(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** The thread name in a /proc stat line: between the first '(' and the last ')' (a name may hold either). */
    static String statName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime of a /proc stat line, in nanoseconds (fields 14 and 15, counted after the name). */
    static long statCpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field 14 (utime) is fields[11] and field 15 (stime) fields[12]
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    /** Nanoseconds on the CPU, the first field of a /proc schedstat line. */
    static long schedstatNanos(String schedstat) {
        return Long.parseLong(schedstat.trim().split(" ")[0]);
    }

    /**
     * A file of one thread's /proc task directory, or null when the thread has exited: reading a file
     * of a thread that is gone fails with ENOENT or, once its directory was opened, ESRCH ("No such process").
     */
    static String readTaskFile(Path thread, String file) throws IOException {
        try {
            return Files.readString(thread.resolve(file));
        } catch (IOException e) {
            boolean exited = "No such process".equals(e.getMessage()) || !Files.exists(thread);
            if (!exited) {
                throw e;
            }
            return null;
        }
    }

    private static final class ProcTasks extends CompilerCpu {
        private final Path tasks;
        private volatile boolean schedstat = true;

        ProcTasks(Path tasks) {
            this.tasks = tasks;
        }

        @Override
        Map<String, Long> snapshot() {
            Map<String, Long> compilers = new HashMap<>();
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    String stat = readTaskFile(thread, "stat");
                    if (stat != null && isCompilerThread(statName(stat))) {
                        Long nanos = cpuNanos(thread, stat);
                        if (nanos != null) {
                            compilers.put(thread.getFileName().toString(), nanos);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return compilers;
        }

        /** The thread's CPU nanoseconds, or null when it exited after its stat was read. */
        private Long cpuNanos(Path thread, String stat) throws IOException {
            if (schedstat) {
                try {
                    String line = readTaskFile(thread, "schedstat");
                    return line == null ? null : schedstatNanos(line);
                } catch (NoSuchFileException missing) {
                    schedstat = false; // the thread is there, its schedstat is not: a kernel without schedstats
                }
            }
            return statCpuNanos(stat);
        }

        @Override
        String source() {
            return schedstat
                    ? "the C1/C2 compiler threads' CPU from /proc/self/task/*/schedstat"
                    : "the C1/C2 compiler threads' CPU from /proc/self/task/*/stat (10 ms ticks)";
        }
    }

    private static final class CompilationTime extends CompilerCpu {
        private final CompilationMXBean compilation;

        CompilationTime(CompilationMXBean compilation) {
            this.compilation = compilation;
        }

        @Override
        Map<String, Long> snapshot() {
            return Map.of("all", compilation.getTotalCompilationTime() * 1_000_000);
        }

        @Override
        String source() {
            return "no /proc: the CompilationMXBean's total compilation time (the compilers' elapsed time, an"
                    + " approximation of their CPU; 1 ms resolution)";
        }
    }

    private static final class Unavailable extends CompilerCpu {
        @Override
        Map<String, Long> snapshot() {
            return Map.of();
        }

        @Override
        String source() {
            return "unavailable (no /proc and no compilation time monitoring): the compiler share reads 0";
        }
    }
}
