package io.o2pool.cluster.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The noisy neighbour of the false-death benchmark: one spinning thread per core and one thread churning
 * garbage (large short-lived arrays plus a slowly replaced old generation) so the machine's cores and the
 * memory system stay busy. Runs until killed.
 */
final class GcHog {
    private GcHog() {
    }

    static void run() throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < cores; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (true) {
                    x += System.identityHashCode(new Object());
                    if (x == 42) {
                        System.out.print("");
                    }
                }
            }, "spin-" + i);
            t.setDaemon(true);
            t.start();
        }
        List<byte[]> old = new ArrayList<>();
        long n = 0;
        while (true) {
            byte[] young = new byte[1 << 20];
            young[(int) (n % young.length)] = 1;
            if (n++ % 8 == 0) {
                old.add(new byte[1 << 20]);
                if (old.size() > 256) {
                    old.subList(0, 128).clear();
                }
            }
        }
    }
}
