package com.crm.loyalty;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CPU time of the benchmark's two processes: this JVM (service, broker, producer) and the PostgreSQL server it talks
 * to (the postmaster, its live processes and those it has reaped), from {@code /proc}. CPU spent per event depends
 * far less on what else runs on a shared machine than events per second do. PostgreSQL's share is unknown (null)
 * where its processes are not visible from here (a Testcontainers database).
 */
final class CpuMeter {

    /** Linux's USER_HZ: what {@code /proc/<pid>/stat} counts CPU time in, 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Long postmaster;

    CpuMeter(DataSource dataSource) {
        long backend = JdbcClient.create(dataSource)
                .sql("select pg_backend_pid()")
                .query(Long.class)
                .single();
        this.postmaster = ProcessHandle.of(backend)
                .flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid)
                .orElse(null);
    }

    /** CPU seconds so far: the JVM's and PostgreSQL's (null when not visible). */
    record Sample(double jvm, Double postgres) {

        /** CPU seconds from {@code earlier} to this sample, JVM and PostgreSQL together (JVM alone if unknown). */
        double since(Sample earlier) {
            return jvmSince(earlier)
                    + Optional.ofNullable(postgresSince(earlier)).orElse(0.0);
        }

        double jvmSince(Sample earlier) {
            return jvm - earlier.jvm;
        }

        Double postgresSince(Sample earlier) {
            return postgres == null || earlier.postgres == null ? null : postgres - earlier.postgres;
        }
    }

    Sample sample() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Sample(os.getProcessCpuTime() / 1e9, postgres());
    }

    private Double postgres() {
        if (postmaster == null) {
            return null;
        }
        // the postmaster's own time and its reaped children's (cutime, cstime), plus what its live children used
        Long own = ticks(postmaster, true);
        if (own == null) {
            return null;
        }
        long total = own;
        for (ProcessHandle child : ProcessHandle.of(postmaster).stream()
                .flatMap(ProcessHandle::children)
                .toList()) {
            Long ticks = ticks(child.pid(), false);
            total += ticks == null ? 0 : ticks;
        }
        return total / TICKS_PER_SECOND;
    }

    /** utime + stime (+ cutime + cstime when {@code reaped}) of a process, in ticks; null when it is gone. */
    private static Long ticks(long pid, boolean reaped) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
        // the command name (2nd field) may hold spaces: fields are counted after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14-17 of proc(5) (utime, stime, cutime, cstime) are 11-14 here (0-based, after pid and comm)
        long sum = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (reaped) {
            sum += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return sum;
    }
}
