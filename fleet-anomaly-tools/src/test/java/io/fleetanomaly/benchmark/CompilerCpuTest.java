package io.fleetanomaly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerCpuTest {
    // a real /proc/<pid>/task/<tid>/stat line of a C2 compiler thread (utime 1234, stime 56 ticks)
    private static final String C2_STAT = "3512 (C2 CompilerThre) S 3479 3480 3480 0 -1 4194560 3133 46857 0 120 1234 56"
            + " 28 24 20 0 1 0 6259197 5124096 1002 18446744073709551615 0 0 0 0 0 0 65536 4 1132560123 1 0 0 17 0 0 0 0";

    @Test
    void readsTheNameAndUserPlusSystemTicksOfAStatLine() {
        assertThat(CompilerCpu.statName(C2_STAT)).isEqualTo("C2 CompilerThre");
        assertThat(CompilerCpu.statCpuNanos(C2_STAT)).isEqualTo((1234 + 56) * 10_000_000L);
    }

    @Test
    void aNameWithParenthesesAndSpacesDoesNotShiftTheFields() {
        String stat = C2_STAT.replace("(C2 CompilerThre)", "(odd) name (x) )");
        assertThat(CompilerCpu.statName(stat)).isEqualTo("odd) name (x) ");
        assertThat(CompilerCpu.statCpuNanos(stat)).isEqualTo((1234 + 56) * 10_000_000L);
    }

    @Test
    void readsNanosecondsOnTheCpuFromSchedstat() {
        assertThat(CompilerCpu.schedstatNanos("28165745 10372303 108\n")).isEqualTo(28_165_745L);
    }

    @Test
    void onlyHotSpotsCompilerThreadsCount() {
        assertThat(CompilerCpu.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(CompilerCpu.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(CompilerCpu.isCompilerThread("GC Thread#0")).isFalse();
        assertThat(CompilerCpu.isCompilerThread("Sweeper thread")).isFalse();
        assertThat(CompilerCpu.isCompilerThread("device-window-s")).isFalse();
    }

    @Test
    void countsNewThreadsWhollyAndLosesOnlyWhatAnExitedThreadUsedAfterTheFirstSnapshot() {
        Map<String, Long> earlier = Map.of("11", 100L, "12", 500L, "13", 40L);
        Map<String, Long> later = Map.of("11", 160L, "12", 500L, "14", 25L); // 13 exited, 14 started
        assertThat(CompilerCpu.since(earlier, later)).isEqualTo(60 + 0 + 25);
    }

    @Test
    void aThreadThatExitedReadsAsNothingAndAMissingFileOfALiveThreadStillFails(@TempDir Path tasks) throws Exception {
        Path live = Files.createDirectories(tasks.resolve("42"));
        Files.writeString(live.resolve("stat"), C2_STAT);
        assertThat(CompilerCpu.readTaskFile(live, "stat")).isEqualTo(C2_STAT);
        assertThat(CompilerCpu.readTaskFile(tasks.resolve("43"), "stat")).isNull(); // exited
        assertThatThrownBy(() -> CompilerCpu.readTaskFile(live, "schedstat")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void findsThisJvmsCompilerThreadsThroughProcOrSaysItFellBack() {
        CompilerCpu compilers = CompilerCpu.detect();
        if (Files.isDirectory(Path.of("/proc/self/task"))) {
            assertThat(compilers.source()).contains("/proc/self/task");
            Map<String, Long> snapshot = compilers.snapshot();
            assertThat(snapshot).isNotEmpty(); // HotSpot keeps at least one C1 and one C2 thread
            assertThat(snapshot.values()).allSatisfy(nanos -> assertThat(nanos).isNotNegative());
        } else {
            assertThat(compilers.source()).contains("CompilationMXBean");
        }
    }
}
