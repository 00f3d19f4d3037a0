package io.o2pool.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the version from the jar's manifest (or "development" when run from classes). */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"o2pool " + (v == null ? "development" : v)};
    }
}
