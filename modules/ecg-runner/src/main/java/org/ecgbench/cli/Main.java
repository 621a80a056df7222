package org.ecgbench.cli;

public final class Main {
    public static void main(String[] args) {
        org.ecgbench.models.Backend.init();
        System.out.println(org.ecgbench.models.Backend.describe());
    }
}
