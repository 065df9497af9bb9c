/**
 * A command-line program's end: its exit code, or 2 with the reason on stderr. Shared by the
 * script itself (run through tsx) and by its app-bundle launcher (`node dist/<name>.js`).
 */
export type Program = { main(): Promise<number>; PROGRAM: string };

export function runProgram({ main, PROGRAM }: Program): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${PROGRAM} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
