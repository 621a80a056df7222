package org.ecgbench.databases;
/** Marker for the 12-lead databases module. */
public final class DatabasesModule { private DatabasesModule() {} }
