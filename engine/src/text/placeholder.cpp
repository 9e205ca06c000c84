// Removed once this area has real sources.
