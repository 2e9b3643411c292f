/**
 * How the package's command lines end: the exit code is set, never forced, so pending output and every `finally`
 * (scratch folders) complete first; an unexpected error prints its stack under the command's name and exits 1.
 */
export function runMain(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    },
  );
}
