package org.ecgbench.databases.labels;

import org.ecgbench.databases.Metadata;

import java.util.List;

/**
 * A named rule turning the raw labels of a set of records into training targets. It sees the whole record
 * list at once because some rules are set-level (minimum positive counts) or patient-level (CODE-15% AFib).
 */
public interface LabelProtocol {
    /** Registry name, e.g. {@code cpsc9_first}. */
    String name();

    /** True when a record may carry several classes. */
    boolean multiLabel();

    /** Assigns targets; records the rule excludes are left out of the result. */
    LabelSet apply(List<Metadata> records);
}
