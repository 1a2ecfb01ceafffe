// Runs once before all tests: says plainly which databases the tests use.
export default function setup(): void {
  if (!process.env.TEST_DATABASE_URL) {
    process.stderr.write('\n[pasker tests] TEST_DATABASE_URL is not set: the PostgreSQL runs of the database tests are SKIPPED (only SQLite runs). .ci/run sets it.\n\n');
  }
}
