// Placeholder until the scan pipeline lands: prints usage.
process.stdout.write('usage: tierwise scan [paths…] [--format table|json|markdown] [--usage FILE] [--calls-per-day N]\n');
