// A worker that dies as it starts (like one whose native module fails to load): for supervisor tests.
process.exit(3);
