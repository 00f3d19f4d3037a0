package io.o2pool.packaging.man;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip as {@code gzip -9n} writes it: best compression flagged in the header (XFL 2), no file name and no time
 * stamp, so the same page gives the same bytes (Debian policy 12.1 asks for {@code gzip -9n} for man pages and
 * changelogs; lintian checks the header). {@link java.util.zip.GZIPOutputStream} writes XFL 0.
 */
final class GzipMax {
    private GzipMax() {
    }

    static byte[] compress(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
        // magic, deflate, no flags, mtime 0, XFL 2 (maximum compression), OS 3 (Unix)
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc.getValue()).putInt(data.length);
        out.writeBytes(trailer.array());
        return out.toByteArray();
    }
}
