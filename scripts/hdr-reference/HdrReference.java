// The Java HdrHistogram reference (Debian's libhdrhistogram-java) for scripts/check-hdr-formats and for
// regenerating the golden data in Tests/HdrHistogramTests. Run as a single-file program:
//   java -cp /usr/share/java/hdrhistogram.jar HdrReference.java hgrm VALUES RATIO   -> .hgrm text
//   java -cp ... HdrReference.java encode VALUES                                    -> base64 compressed histogram
//   java -cp ... HdrReference.java hlog FILE                                        -> one summary line per interval
// VALUES holds one value (integer nanoseconds) per line; histograms are 1 ns .. 3.6e12 ns, 3 digits, like ours.
import org.HdrHistogram.*;
import java.io.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;

public class HdrReference {
    static Histogram load(String path) throws IOException {
        Histogram h = new Histogram(1, 3_600_000_000_000L, 3);
        for (String line : Files.readAllLines(Paths.get(path))) {
            if (!line.isBlank()) h.recordValue(Long.parseLong(line.trim()));
        }
        return h;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "hgrm" -> load(args[1]).outputPercentileDistribution(System.out, Double.parseDouble(args[2]));
            case "encode" -> {
                Histogram h = load(args[1]);
                ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                int length = h.encodeIntoCompressedByteBuffer(buffer);
                System.out.println(Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
            }
            case "hlog" -> {
                HistogramLogReader reader = new HistogramLogReader(args[1]);
                EncodableHistogram e;
                while ((e = reader.nextIntervalHistogram()) != null) {
                    Histogram h = (Histogram) e;
                    System.out.printf(Locale.US, "%s %.3f %.3f %d %d %d %d %d %d%n", h.getTag(),
                        h.getStartTimeStamp() / 1000.0, (h.getEndTimeStamp() - h.getStartTimeStamp()) / 1000.0,
                        h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
