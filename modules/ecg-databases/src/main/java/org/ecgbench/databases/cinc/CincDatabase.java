package org.ecgbench.databases.cinc;

import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * PhysioNet/CinC Challenge 2020/2021 12-lead data: WFDB headers ({@code .hea}) with MATLAB v4 {@code .mat}
 * signal files ({@code val}, int16, leads x samples), found by scanning a root folder recursively.
 *
 * <p>Record id = header file name without {@code .hea}; ids must be unique under the root (point the
 * database at one release, e.g. {@code cinc2021_format/}, not at a folder holding both releases).
 * The source database is taken from the nearest ancestor folder with a known name
 * ({@link #KNOWN_DATABASES}, matched case-insensitively with {@code -}/{@code _} equivalent), else from the
 * record-name prefix (A = cpsc_2018, Q = cpsc_2018_extra, I = st_petersburg_incart, S = ptb, HR = ptb-xl,
 * E = georgia, JS = chapman_shaoxing up to JS10646 and ningbo above), else the parent folder name.
 *
 * <p>Signals are converted to millivolts with each lead's gain and baseline: mv = (adu - baseline) / gain
 * (units {@code uV} and {@code V} are rescaled to mV). The Georgia records of the 2020 release carry a wrong
 * gain of 4880 adu/mV; the 2021 release ships the byte-identical {@code .mat} with gain 1000/mV. This reader
 * therefore replaces gain 4880 by {@link #GEORGIA_2020_CORRECTED_GAIN} for Georgia records (see
 * {@link #correctedGain}); with the corrected gain R peaks come out at 0.3-2 mV like the other databases
 * (with 4880 they would be 0.06-0.4 mV). Likewise the two 2020-release PTB-XL headers in the subset say
 * 200 adu/mV while every 2021 PTB-XL header says 1000/mV and their adu amplitudes match the 2021 files at
 * 1000/mV (with 200 the lead-II R peaks would be 2.6-6.8 mV); PTB-XL gain 200 is therefore read as 1000.
 * This rests on amplitudes only (no byte-identical 2021 copy of those two files), so it can be switched off
 * with {@link #CincDatabase(Path, boolean)}.
 * There is no patient id in CinC data: {@code patientId} is null (record = patient).
 */
public final class CincDatabase implements EcgDatabase {
    /** Canonical source-database names produced by this reader. */
    public static final List<String> KNOWN_DATABASES = List.of("cpsc_2018", "cpsc_2018_extra", "st_petersburg_incart",
            "ptb", "ptb-xl", "georgia", "chapman_shaoxing", "ningbo");
    /** Gain that wrongly appears in CinC 2020 Georgia headers. */
    public static final double GEORGIA_2020_WRONG_GAIN = 4880.0;
    /** Gain the CinC 2021 release gives for the same Georgia files. */
    public static final double GEORGIA_2020_CORRECTED_GAIN = 1000.0;

    private final Path root;
    private final Map<String, Path> headers;     // id -> .hea
    private final Map<String, String> databases; // id -> source db
    private final Map<String, CincHeader> headerCache = new HashMap<>();

    /** Gain that wrongly appears in CinC 2020 PTB-XL headers. */
    public static final double PTBXL_2020_WRONG_GAIN = 200.0;

    private final boolean correctGains;

    /** Scans {@code root} recursively for {@code .hea} files, applying the known 2020 gain corrections. */
    public CincDatabase(Path root) {
        this(root, true);
    }

    /**
     * Scans {@code root} recursively for {@code .hea} files; {@code correctKnownGainErrors} enables the
     * Georgia 4880 -> 1000 and PTB-XL 200 -> 1000 gain corrections described in the class doc.
     */
    public CincDatabase(Path root, boolean correctKnownGainErrors) {
        this.correctGains = correctKnownGainErrors;
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) throw new IllegalArgumentException("CinC data folder " + this.root + " does not exist");
        Map<String, Path> found = new TreeMap<>();
        try (Stream<Path> s = Files.walk(this.root)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.getFileName().toString().endsWith(".hea") && Files.isRegularFile(f)).sorted()::iterator) {
                String id = p.getFileName().toString();
                id = id.substring(0, id.length() - 4);
                Path prev = found.put(id, p);
                if (prev != null) {
                    throw new IllegalArgumentException("duplicate CinC record id '" + id + "': " + prev + " and " + p
                            + " (point CincDatabase at one release folder, e.g. cinc2021_format/)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + this.root + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) throw new IllegalArgumentException("no .hea files under " + this.root);
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(found));
        Map<String, String> dbs = new HashMap<>();
        for (Map.Entry<String, Path> e : found.entrySet()) dbs.put(e.getKey(), sourceDatabase(this.root, e.getValue()));
        this.databases = dbs;
    }

    /** The scanned root folder. */
    public Path root() { return root; }

    @Override
    public List<String> recordIds() {
        return new ArrayList<>(headers.keySet());
    }

    /** The source database of a record (see class doc). */
    public String database(String id) {
        requireId(id);
        return databases.get(id);
    }

    /** The parsed header of a record (cached). */
    public synchronized CincHeader header(String id) {
        requireId(id);
        return headerCache.computeIfAbsent(id, k -> CincHeader.read(headers.get(k)));
    }

    @Override
    public Metadata metadata(String id) {
        CincHeader h = header(id);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("header", headers.get(id).toString());
        return new Metadata(id, database(id), h.fs(), h.nSamples(), h.age(), h.sex(), h.dx(), null, extra);
    }

    @Override
    public Ecg12Record read(String id) {
        CincHeader h = header(id);
        float[][] mv = readMillivolts(h, correctGains ? database(id) : null);
        return new Ecg12Record(id, database(id), h.fs(), h.leadNames(), mv, h.age(), h.sex(), h.dx(), null);
    }

    /**
     * Decodes the signals of a header to millivolts. Signal files ending in {@code .mat} are read as MATLAB v4
     * (matrix {@code val}, leads x samples); others must be WFDB format 16. {@code database} selects the
     * known gain corrections ({@link #correctedGain}); null applies none.
     */
    public static float[][] readMillivolts(CincHeader h, String database) {
        List<CincHeader.Signal> sigs = h.signals();
        if (sigs.isEmpty()) return new float[0][];
        String fileName = sigs.get(0).fileName();
        for (CincHeader.Signal s : sigs) {
            if (!s.fileName().equals(fileName)) {
                throw new IllegalArgumentException("header " + h.file() + ": signals stored in several files are not supported");
            }
        }
        Path dir = h.file().getParent();
        Path sigFile = dir == null ? Path.of(fileName) : dir.resolve(fileName);
        if (!Files.isRegularFile(sigFile)) {
            throw new IllegalArgumentException("signal file " + sigFile + " named in header " + h.file() + " does not exist");
        }
        int n = sigs.size();
        double[][] adu = new double[n][];
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".mat")) {
            Mat4Reader.Matrix m = Mat4Reader.read(sigFile, "val");
            if (m.rows() != n) {
                throw new IllegalArgumentException("MAT file " + sigFile + ": 'val' has " + m.rows() + " rows but header "
                        + h.file() + " declares " + n + " signals");
            }
            if (h.nSamples() >= 0 && m.cols() != h.nSamples()) {
                throw new IllegalArgumentException("MAT file " + sigFile + ": 'val' has " + m.cols() + " samples but header "
                        + h.file() + " declares " + h.nSamples());
            }
            adu = m.data();
        } else {
            for (CincHeader.Signal s : sigs) {
                if (s.format() != 16) {
                    throw new IllegalArgumentException("header " + h.file() + ": WFDB format " + s.format()
                            + " is not supported here (only 16 or MATLAB v4 .mat)");
                }
            }
            short[][] raw = Format16Reader.read(sigFile, n, h.nSamples(), sigs.get(0).byteOffset());
            for (int i = 0; i < n; i++) {
                adu[i] = new double[raw[i].length];
                for (int j = 0; j < raw[i].length; j++) adu[i][j] = raw[i][j];
            }
        }
        float[][] mv = new float[n][];
        for (int i = 0; i < n; i++) {
            CincHeader.Signal s = sigs.get(i);
            double gain = correctedGain(s.gain(), database);
            double scale = unitsToMillivolts(s.units(), h.file());
            double base = s.baseline();
            double[] a = adu[i];
            float[] out = new float[a.length];
            for (int j = 0; j < a.length; j++) out[j] = (float) ((a[j] - base) / gain * scale);
            mv[i] = out;
        }
        return mv;
    }

    /**
     * The gain actually used: the header gain, except 4880 on Georgia records and 200 on PTB-XL records
     * (CinC 2020 release) become 1000 adu/mV (see class doc).
     */
    public static double correctedGain(double headerGain, String database) {
        if ("georgia".equals(database) && headerGain == GEORGIA_2020_WRONG_GAIN) return GEORGIA_2020_CORRECTED_GAIN;
        if ("ptb-xl".equals(database) && headerGain == PTBXL_2020_WRONG_GAIN) return GEORGIA_2020_CORRECTED_GAIN;
        return headerGain;
    }

    private static double unitsToMillivolts(String units, Path file) {
        String u = units == null ? "mv" : units.strip().toLowerCase(Locale.ROOT);
        return switch (u) {
            case "mv", "" -> 1.0;
            case "uv", "µv", "μv" -> 1e-3;
            case "v" -> 1e3;
            default -> throw new IllegalArgumentException("header " + file + ": unsupported signal units '" + units + "' (need mV, uV or V)");
        };
    }

    /** Infers the source database of a header file under root (see class doc). */
    static String sourceDatabase(Path root, Path hea) {
        Path rel = root.relativize(hea);
        for (int i = rel.getNameCount() - 2; i >= 0; i--) {
            String k = canonical(rel.getName(i).toString());
            if (k != null) return k;
        }
        for (Path p = root; p != null && p.getFileName() != null; p = p.getParent()) {
            String k = canonical(p.getFileName().toString());
            if (k != null) return k;
        }
        String name = hea.getFileName().toString();
        name = name.substring(0, name.length() - 4);
        String byPrefix = byPrefix(name);
        if (byPrefix != null) return byPrefix;
        Path parent = hea.getParent();
        return parent == null || parent.getFileName() == null ? "unknown" : parent.getFileName().toString();
    }

    private static String canonical(String folder) {
        String f = folder.toLowerCase(Locale.ROOT).replace('-', '_');
        for (String k : KNOWN_DATABASES) if (k.replace('-', '_').equals(f)) return k;
        return switch (f) {
            case "cpsc2018", "cpsc" -> "cpsc_2018";
            case "cpsc2018_extra", "cpsc_extra" -> "cpsc_2018_extra";
            case "ptbxl" -> "ptb-xl";
            case "incart", "st_petersburg", "stpetersburg" -> "st_petersburg_incart";
            case "chapman", "chapman_shaoxing_ningbo" -> f.equals("chapman") ? "chapman_shaoxing" : null;
            default -> null;
        };
    }

    private static String byPrefix(String name) {
        if (name.matches("A\\d+")) return "cpsc_2018";
        if (name.matches("Q\\d+")) return "cpsc_2018_extra";
        if (name.matches("I\\d+")) return "st_petersburg_incart";
        if (name.matches("S\\d+")) return "ptb";
        if (name.matches("HR\\d+")) return "ptb-xl";
        if (name.matches("E\\d+")) return "georgia";
        if (name.matches("JS\\d+")) return Integer.parseInt(name.substring(2)) <= 10646 ? "chapman_shaoxing" : "ningbo";
        return null;
    }

    private void requireId(String id) {
        if (!headers.containsKey(id)) throw new IllegalArgumentException("no CinC record '" + id + "' under " + root);
    }
}
