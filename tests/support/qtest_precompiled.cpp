// The owner of the Qt test binaries' precompiled header (QtTest and QtWidgets): compiled once, reused by each.
