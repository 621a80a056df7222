package org.ecgbench.databases.cinc;

import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;
import org.ecgbench.signal.preprocess.NanPolicy;
import org.ecgbench.signal.wfdb.WfdbFormatException;
import org.ecgbench.signal.wfdb.WfdbSignalFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
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
 *
 * <p>Symbolic links (to folders or files) under the root are followed. Headers are parsed by
 * {@link org.ecgbench.signal.wfdb.WfdbHeader} through {@link CincHeader}; WFDB signal files by
 * {@link WfdbSignalFile}. Invalid samples (int16 -32768 in {@code .mat}, the WFDB marker of the format in
 * {@code .dat}) become NaN; {@link Ecg12Record#invalidCause()} says so and {@link Ecg12Record#warnings()} counts
 * them per lead, so that the caller's NaN policy ({@link NanPolicy}) can stop or repair. A record without a
 * usable {@code #Dx} is reported by {@link #labelProblem}/{@link #unlabelable}.
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
        try (Stream<Path> s = Files.walk(this.root, FileVisitOption.FOLLOW_LINKS)) {
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
    public List<Path> files(String id) {
        CincHeader h = header(id);
        List<Path> out = new ArrayList<>(List.of(h.file()));
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (CincHeader.Signal sig : h.signals()) names.add(sig.fileName());
        Path dir = h.file().getParent();
        for (String n : names) out.add(dir == null ? Path.of(n) : dir.resolve(n));
        return out;
    }

    @Override
    public Ecg12Record read(String id) {
        CincHeader h = header(id);
        Decoded d = decode(h, correctGains ? database(id) : null);
        List<String> warnings = new ArrayList<>(h.warnings());
        warnings.addAll(d.warnings());
        return new Ecg12Record(id, database(id), h.fs(), h.leadNames(), d.mv(), h.age(), h.sex(), h.dx(), null,
                d.invalidCause(), warnings);
    }

    /**
     * Why record {@code id} cannot be labelled, or null when its header has at least one {@code #Dx} code: unknown id,
     * malformed/unreadable header (the parser's message), no {@code #Dx} line, or an empty one; each names the file.
     */
    @Override
    public String labelProblem(String id) {
        if (!headers.containsKey(id)) return "no CinC record '" + id + "' under " + root;
        try {
            String p = header(id).dxProblem();
            return p == null ? null : "record " + id + ": " + p;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return "record " + id + ": " + e.getMessage();
        }
    }

    /**
     * Decoded signals: millivolts (NaN where the source holds its invalid-sample marker), what that NaN stands for,
     * and one warning per lead with invalid samples.
     */
    public record Decoded(float[][] mv, String invalidCause, List<String> warnings) {}

    /**
     * Decodes the signals of a header to millivolts. Signal files ending in {@code .mat} are read as MATLAB v4
     * (matrix {@code val}, leads x samples); others as WFDB format 16, 212 or 80 ({@link WfdbSignalFile}).
     * {@code database} selects the known gain corrections ({@link #correctedGain}); null applies none.
     * Invalid samples (WFDB marker of the format, or int16 -32768 in a MAT file) become NaN.
     */
    public static float[][] readMillivolts(CincHeader h, String database) {
        return decode(h, database).mv();
    }

    /** As {@link #readMillivolts}, also saying what NaN stands for and where it occurs. */
    public static Decoded decode(CincHeader h, String database) {
        List<CincHeader.Signal> sigs = h.signals();
        if (sigs.isEmpty()) return new Decoded(new float[0][], null, List.of());
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
        double invalid;
        String cause;
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".mat")) {
            Mat4Reader.Matrix m = Mat4Reader.read(sigFile, "val");
            if (m.rows() != n) {
                throw new IllegalArgumentException("MAT file " + sigFile + ": 'val' has " + m.rows() + " rows but header "
                        + h.file() + " declares " + n + " signals" + (m.cols() == n ? " (the matrix looks transposed: it must be leads x samples)" : ""));
            }
            if (h.nSamples() >= 0 && m.cols() != h.nSamples()) {
                throw new IllegalArgumentException("MAT file " + sigFile + ": 'val' has " + m.cols() + " samples but header "
                        + h.file() + " declares " + h.nSamples());
            }
            adu = m.data();
            invalid = m.precision() == Mat4Reader.INT16 ? -32768 : Double.NaN;
            cause = m.precision() == Mat4Reader.INT16 ? "MAT int16 -32768" : null;
        } else {
            int format = sigs.get(0).format();
            for (CincHeader.Signal s : sigs) {
                if (s.format() != format) {
                    throw new IllegalArgumentException("header " + h.file() + ": signals in " + fileName + " use different formats ("
                            + format + " and " + s.format() + "); unsupported");
                }
            }
            if (!WfdbSignalFile.supported(format)) {
                throw new IllegalArgumentException("header " + h.file() + ": WFDB format " + format
                        + " is not supported (only 16, 212, 80 or MATLAB v4 .mat)");
            }
            int[][] raw;
            try {
                raw = WfdbSignalFile.read(sigFile, format, n, h.nSamples(), sigs.get(0).byteOffset());
            } catch (WfdbFormatException e) {
                throw new IllegalArgumentException(e.getMessage() + " (signal file of header " + h.file() + ")", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read signal file " + sigFile + " of header " + h.file() + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < n; i++) {
                adu[i] = new double[raw[i].length];
                for (int j = 0; j < raw[i].length; j++) adu[i][j] = raw[i][j];
            }
            invalid = WfdbSignalFile.invalidValue(format);
            cause = "WFDB " + (int) invalid;
        }
        float[][] mv = new float[n][];
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CincHeader.Signal s = sigs.get(i);
            double gain = correctedGain(s.gain(), database);
            double scale = unitsToMillivolts(s.units(), h.file());
            double base = s.baseline();
            double[] a = adu[i];
            float[] out = new float[a.length];
            int bad = 0;
            for (int j = 0; j < a.length; j++) {
                if (a[j] == invalid || Double.isNaN(a[j])) {
                    out[j] = Float.NaN;
                    bad++;
                } else {
                    out[j] = (float) ((a[j] - base) / gain * scale);
                }
            }
            if (bad > 0) {
                warnings.add(NanPolicy.message(h.recordName() + " (" + sigFile + ")", s.leadName(), a.length, NanPolicy.runs(out),
                        cause) + ", read as NaN");
            }
            mv[i] = out;
        }
        return new Decoded(mv, cause, warnings);
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

    /** "500" for 500.0, else the plain double. */
    public static String trim(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
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
