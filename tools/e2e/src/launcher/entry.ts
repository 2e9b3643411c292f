/**
 * How the namespace launchers start: `node <launcher>.js <spec.json>`. Exit 0 once the run was carried out (the
 * harness judges it), 64 without a spec file, 70 when the launcher itself failed (its stack on stderr).
 */
export function runLauncher(name: string, main: (specFile: string) => Promise<void>): void {
  const specFile = process.argv[2];
  if (!specFile) {
    process.stderr.write(`usage: ${name}.js <spec.json>\n`);
    process.exit(64);
  }
  main(specFile).then(
    () => process.exit(0),
    (error: unknown) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`e2e ${name} failed: ${detail}\n`);
      process.exit(70);
    },
  );
}
