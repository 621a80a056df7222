package org.ecgbench.eval.ec57;

/**
 * The five AAMI heartbeat classes of ANSI/AAMI EC57 (as tabulated by de Chazal, O'Dwyer &amp; Reilly, IEEE
 * Trans. Biomed. Eng. 51(7):1196-1206, 2004, Table I): N (normal and bundle branch block beats, atrial and
 * nodal escape beats), S (supraventricular ectopic), V (ventricular ectopic), F (fusion of ventricular and
 * normal) and Q (paced, fusion of paced and normal, unclassifiable).
 */
public enum BeatClass {
    N, S, V, F, Q;

    /**
     * The AAMI class of a MIT-BIH / WFDB beat annotation symbol, or {@code null} when the symbol is not a beat.
     * N: {@code N L R B e j}; S: {@code A a J S n}; V: {@code V E r}; F: {@code F}; Q: {@code / f Q ?}.
     * (EC57 and de Chazal put the escape beats {@code e j} in N; WFDB's {@code bxb} counts them as S.)
     */
    public static BeatClass fromMitSymbol(String symbol) {
        if (symbol == null) return null;
        return switch (symbol) {
            case "N", "L", "R", "B", "e", "j" -> N;
            case "A", "a", "J", "S", "n" -> S;
            case "V", "E", "r" -> V;
            case "F" -> F;
            case "/", "f", "Q", "?" -> Q;
            default -> null;
        };
    }
}
